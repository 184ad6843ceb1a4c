#pragma once
// Entry points shared by the libFuzzer targets and the corpus regression test. Each must
// return normally for any input; invariant violations abort.
#include <cstddef>
#include <cstdint>

namespace finchat::auth {

// Treats the input as a compact JWT and verifies it against a fixed key set.
int fuzz_jwt_input(const uint8_t* data, size_t size);
// Byte 0 picks the Content-Type; the rest is "<Authorization header>\n<body>".
int fuzz_token_request_input(const uint8_t* data, size_t size);

}  // namespace finchat::auth
