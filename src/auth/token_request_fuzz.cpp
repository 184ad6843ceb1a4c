// libFuzzer target: /oauth/token and /oauth/revoke request parsing (form, JSON, Basic).
#include "auth/fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return finchat::auth::fuzz_token_request_input(data, size);
}
