// A tokenizer trained here, stored as GGUF metadata, must give the engine the same ids as
// libsentencepiece on a corpus of finance/support text.
#include <gtest/gtest.h>
#include <sentencepiece_processor.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "train/demo_data.hpp"
#include "train/spm_train.hpp"
#include "train/token_data.hpp"

namespace finchat::train {
namespace {

TEST(SpmTrain, EngineTokenizerMatchesLibSentencePiece) {
  auto dir = std::filesystem::temp_directory_path() / ("finchat_spm_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string corpus = (dir / "corpus.txt").string();
  std::vector<std::string> lines;
  for (uint64_t s = 1; s <= 1500; ++s) {
    TaskCase c = make_fact_case(s, -1);
    lines.push_back(c.prompt[0].content.substr(0, c.prompt[0].content.find('\n')));
    lines.push_back(c.expected);
  }
  lines.push_back(
      "Caf\xc3\xa9 cr\xc3\xa8me \xe2\x82\xac"
      "12 \xf0\x9f\x93\x88 \xe6\x97\xa5\xe6\x9c\xac");
  {
    std::ofstream out(corpus);
    for (const auto& l : lines) out << l << "\n";
  }
  SpmOptions o;
  o.vocab_size = 600;
  const std::string prefix = (dir / "tok").string();
  ASSERT_TRUE(train_sentencepiece(corpus, prefix, o).ok());
  auto v = vocab_from_spm(prefix + ".model");
  ASSERT_TRUE(v.ok()) << v.error().message;
  const std::string gguf = (dir / "tok.gguf").string();
  ASSERT_TRUE(write_tokenizer_gguf(*v, gguf).ok());
  auto tok = load_tokenizer(gguf);
  ASSERT_TRUE(tok.ok()) << tok.error().message;
  EXPECT_EQ((*tok)->vocab().size(), 600);
  sentencepiece::SentencePieceProcessor sp;
  ASSERT_TRUE(sp.Load(prefix + ".model").ok());
  lines.push_back("unseen w\xc3\xb6rds & symbols \xe2\x82\xbf 0.000123");
  lines.push_back("  two leading spaces, trailing  ");
  int checked = 0;
  for (const auto& l : lines) {
    std::vector<int> want;
    ASSERT_TRUE(sp.Encode(l, &want).ok());
    EXPECT_EQ((*tok)->encode(l, false, false), want) << l;
    ++checked;
  }
  EXPECT_GT(checked, 3000);
  // Chat control texts are single tokens for the engine.
  auto ids = (*tok)->encode("<|finchat:assistant|>\nhi<|end|>", false, true);
  EXPECT_EQ(ids.front(), (*tok)->vocab().index.at("<|finchat:assistant|>"));
  EXPECT_EQ(ids.back(), (*tok)->vocab().index.at("<|end|>"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace finchat::train
