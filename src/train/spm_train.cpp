#include "train/spm_train.hpp"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <algorithm>

#include "llm/gguf.hpp"

namespace finchat::train {

const std::vector<std::string>& finchat_special_tokens() {
  static const std::vector<std::string> k = {"<|finchat:system|>", "<|finchat:user|>",
                                             "<|finchat:assistant|>", "<|end|>"};
  return k;
}

Status train_sentencepiece(const std::string& corpus, const std::string& prefix,
                           const SpmOptions& opt) {
  std::string specials;
  for (const auto& s : finchat_special_tokens()) specials += (specials.empty() ? "" : ",") + s;
  // identity normalisation keeps text (and newlines) byte-exact; digits split so numbers
  // are copied digit by digit.
  const std::string args =
      "--input=" + corpus + " --model_prefix=" + prefix +
      " --model_type=bpe --vocab_size=" + std::to_string(opt.vocab_size) +
      " --byte_fallback=true --split_digits=true --character_coverage=" +
      std::to_string(opt.character_coverage) +
      " --normalization_rule_name=identity --remove_extra_whitespaces=false"
      " --add_dummy_prefix=true --allow_whitespace_only_pieces=true"
      " --input_sentence_size=" +
      std::to_string(opt.max_sentences) +
      " --shuffle_input_sentence=true --num_threads=" + std::to_string(opt.threads) +
      " --user_defined_symbols=" + specials + " --minloglevel=2";
  auto st = sentencepiece::SentencePieceTrainer::Train(args);
  if (!st.ok()) return Error::invalid("sentencepiece training failed: " + st.ToString(), "corpus");
  return {};
}

Result<llm::Vocab> vocab_from_spm(const std::string& model_path) {
  sentencepiece::SentencePieceProcessor sp;
  if (auto st = sp.Load(model_path); !st.ok()) {
    return Error::invalid("cannot load " + model_path + ": " + st.ToString(), "model");
  }
  llm::Vocab v;
  v.model = "llama";
  for (int i = 0; i < sp.GetPieceSize(); ++i) {
    v.tokens.push_back(sp.IdToPiece(i));
    v.index.emplace(v.tokens.back(), i);
    v.scores.push_back(sp.GetScore(i));
    // The processor API has no IsUserDefined; ours are exactly the finchat specials.
    const auto& sp_specials = finchat_special_tokens();
    const bool user =
        std::find(sp_specials.begin(), sp_specials.end(), v.tokens.back()) != sp_specials.end();
    llm::TokenType t = sp.IsUnknown(i)   ? llm::TokenType::unknown
                       : sp.IsControl(i) ? llm::TokenType::control
                       : sp.IsByte(i)    ? llm::TokenType::byte
                       : sp.IsUnused(i)  ? llm::TokenType::unused
                       : user            ? llm::TokenType::user_defined
                                         : llm::TokenType::normal;
    v.types.push_back(static_cast<int>(t));
  }
  v.unk = sp.unk_id();
  v.bos = sp.bos_id();
  v.eos = sp.eos_id();
  v.add_bos = true;
  v.add_space_prefix = true;
  return v;
}

Status write_tokenizer_gguf(const llm::Vocab& v, const std::string& path) {
  llm::GgufWriter w;
  w.set("general.architecture", llm::GgufValue::of_string("tokenizer"));
  llm::vocab_to_gguf(v, w);
  return w.write(path);
}

}  // namespace finchat::train
