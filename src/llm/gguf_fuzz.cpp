// libFuzzer target: any byte string must parse or fail cleanly, never crash.
#include <cstddef>
#include <cstdint>

#include "llm/gguf.hpp"
#include "llm/model.hpp"
#include "llm/tokenizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto f = finchat::llm::GgufFile::from_bytes(data, size);
  if (f) {
    auto m = finchat::llm::Model::load(*f);
    auto v = finchat::llm::vocab_from_gguf(**f);
    (void)m;
    (void)v;
  }
  return 0;
}
