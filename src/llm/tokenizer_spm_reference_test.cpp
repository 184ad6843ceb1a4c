// Our SentencePiece-style tokenizer must produce the same ids as libsentencepiece for a
// BPE model trained here on a generated corpus.
#include <gtest/gtest.h>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <fstream>
#include <random>

#include "llm/test_util.hpp"
#include "llm/tokenizer.hpp"

namespace finchat::llm {
namespace {

std::string random_sentence(std::mt19937& rng) {
  static const std::vector<std::string> words = {"revenue",
                                                 "growth",
                                                 "the",
                                                 "bank",
                                                 "rate",
                                                 "stock",
                                                 "bond",
                                                 "yield",
                                                 "price",
                                                 "market",
                                                 "earnings",
                                                 "dividend",
                                                 "equity",
                                                 "debt",
                                                 "cash",
                                                 "flow",
                                                 "risk",
                                                 "fund",
                                                 "index",
                                                 "share",
                                                 "caf\xc3\xa9",
                                                 ("\xc3\xbc"
                                                  "ber"),
                                                 ("\xe2\x82\xac"
                                                  "100"),
                                                 "12.5%",
                                                 "Q3",
                                                 "2024",
                                                 "EBITDA",
                                                 "P/E"};
  std::string s;
  int n = 3 + static_cast<int>(rng() % 8);
  for (int i = 0; i < n; ++i) {
    if (i) s += (rng() % 10 == 0) ? "  " : " ";
    s += words[rng() % words.size()];
  }
  return s;
}

TEST(SpmReference, MatchesLibSentencePiece) {
  std::mt19937 rng(11);
  const std::string corpus = testing::temp_path("spm_corpus.txt");
  {
    std::ofstream out(corpus);
    for (int i = 0; i < 3000; ++i) out << random_sentence(rng) << "\n";
  }
  const std::string prefix = testing::temp_path("spm_model");
  auto status = sentencepiece::SentencePieceTrainer::Train(
      "--input=" + corpus + " --model_prefix=" + prefix +
      " --model_type=bpe --vocab_size=400 --byte_fallback=true --character_coverage=0.98"
      " --normalization_rule_name=identity --remove_extra_whitespaces=false"
      " --add_dummy_prefix=true --minloglevel=2");
  ASSERT_TRUE(status.ok()) << status.ToString();
  sentencepiece::SentencePieceProcessor sp;
  ASSERT_TRUE(sp.Load(prefix + ".model").ok());

  Vocab v;
  v.model = "llama";
  for (int i = 0; i < sp.GetPieceSize(); ++i) {
    v.tokens.push_back(sp.IdToPiece(i));
    v.index.emplace(v.tokens.back(), i);
    v.scores.push_back(sp.GetScore(i));
    TokenType t = sp.IsUnknown(i)   ? TokenType::unknown
                  : sp.IsControl(i) ? TokenType::control
                  : sp.IsByte(i)    ? TokenType::byte
                  : sp.IsUnused(i)  ? TokenType::unused
                                    : TokenType::normal;
    v.types.push_back(static_cast<int>(t));
  }
  v.unk = sp.unk_id();
  v.bos = sp.bos_id();
  v.eos = sp.eos_id();
  // Through GGUF metadata, as a real model would carry it.
  GgufWriter w;
  vocab_to_gguf(v, w);
  auto bytes = w.to_bytes();
  auto f = GgufFile::from_bytes(bytes.data(), bytes.size());
  ASSERT_TRUE(f.ok());
  auto vocab = vocab_from_gguf(**f);
  ASSERT_TRUE(vocab.ok()) << vocab.error().message;
  auto tok = Tokenizer::create(std::move(vocab).value());
  ASSERT_TRUE(tok.ok());

  std::vector<std::string> cases = {"hello world",
                                    "   leading spaces",
                                    "trailing  ",
                                    "a",
                                    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e text",
                                    "mixed caf\xc3\xa9 \xf0\x9f\x93\x88 up"};
  for (int i = 0; i < 500; ++i) cases.push_back(random_sentence(rng));
  int checked = 0;
  for (const auto& text : cases) {
    std::vector<int> want;
    ASSERT_TRUE(sp.Encode(text, &want).ok());
    auto got = (*tok)->encode(text, false, false);
    EXPECT_EQ(got, want) << "text: '" << text << "'";
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace finchat::llm
