// libFuzzer target: JWT parsing and verification.
#include "auth/fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return finchat::auth::fuzz_jwt_input(data, size);
}
