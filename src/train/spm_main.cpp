// finchat-train-tokenizer: trains a SentencePiece BPE tokenizer (byte fallback) and writes
// it as GGUF tokenizer metadata. Separate from finchat-train because libsentencepiece and
// libtorch bundle incompatible protobuf copies.
#include <cstdio>

#include "train/cli_args.hpp"
#include "train/spm_train.hpp"

int main(int argc, char** argv) {
  using namespace finchat::train;
  const Args a(argc, argv, 1);
  const std::string corpus = a.get("corpus"), out = a.get("out", "tokenizer.gguf");
  if (corpus.empty()) {
    std::fprintf(stderr,
                 "usage: finchat-train-tokenizer --corpus FILE [--vocab 4000] [--out F.gguf]\n");
    return 2;
  }
  SpmOptions o;
  o.vocab_size = a.get_int("vocab", o.vocab_size);
  o.threads = a.get_int("threads", o.threads);
  const std::string prefix = out + ".spm";
  auto fail = [](const finchat::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.message.c_str());
    return 1;
  };
  if (auto st = train_sentencepiece(corpus, prefix, o); !st) return fail(st.error());
  auto v = vocab_from_spm(prefix + ".model");
  if (!v) return fail(v.error());
  if (auto st = write_tokenizer_gguf(*v, out); !st) return fail(st.error());
  std::printf("tokenizer: %d tokens -> %s (sentencepiece model %s.model)\n", v->size(), out.c_str(),
              prefix.c_str());
  return 0;
}
