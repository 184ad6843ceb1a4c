#pragma once
// SentencePiece BPE training (byte fallback) and conversion of the result into GGUF
// tokenizer.ggml.* metadata, so the engine tokenizes without libsentencepiece.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "llm/tokenizer.hpp"

namespace finchat::train {

// Control texts of the finchat chat format; each becomes a single user-defined token.
const std::vector<std::string>& finchat_special_tokens();

struct SpmOptions {
  int vocab_size = 4000;
  double character_coverage = 0.9995;
  int threads = 2;
  uint64_t max_sentences = 2000000;
};

// Trains on a text file (one sentence per line) and writes <prefix>.model / .vocab.
Status train_sentencepiece(const std::string& corpus, const std::string& prefix,
                           const SpmOptions& opt);
// Reads a trained .model into an engine Vocab (ids, scores and token types unchanged).
Result<llm::Vocab> vocab_from_spm(const std::string& model_path);
// Writes a GGUF file holding only the tokenizer metadata.
Status write_tokenizer_gguf(const llm::Vocab& v, const std::string& path);

}  // namespace finchat::train
