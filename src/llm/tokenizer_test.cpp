#include "llm/tokenizer.hpp"

#include <gtest/gtest.h>

#include "llm/model_builder.hpp"

namespace finchat::llm {
namespace {

const std::string kSp = "\xe2\x96\x81";

Vocab small_spm() {
  Vocab v;
  v.model = "llama";
  auto add = [&](const std::string& s, float score, TokenType t = TokenType::normal) {
    v.index[s] = v.size();
    v.tokens.push_back(s);
    v.scores.push_back(score);
    v.types.push_back(static_cast<int>(t));
  };
  add("<unk>", 0, TokenType::unknown);
  add("<s>", 0, TokenType::control);
  add("</s>", 0, TokenType::control);
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof(name), "<0x%02X>", b);
    add(name, 0, TokenType::byte);
  }
  add(kSp + "ab", -1);  // 259
  add(kSp + "a", -2);   // 260
  add("ab", -3);        // 261
  add("bc", -4);        // 262
  add(kSp, -5);         // 263
  add("a", -6);         // 264
  add("b", -7);         // 265
  add("c", -8);         // 266
  v.bos = 1;
  v.eos = 2;
  v.unk = 0;
  return v;
}

std::unique_ptr<Tokenizer> make(Vocab v) {
  auto t = Tokenizer::create(std::move(v));
  EXPECT_TRUE(t.ok());
  return std::move(t).value();
}

TEST(SpmTokenizer, MergesByScoreLeftmostFirst) {
  auto tok = make(small_spm());
  // "▁ab▁abc": ▁a merges first (leftmost of the -2 pairs), then ▁ab, and so on.
  EXPECT_EQ(tok->encode("ab abc", false, false), (std::vector<int>{259, 259, 266}));
  EXPECT_EQ(tok->encode("ab abc", true, false).front(), 1);
  EXPECT_EQ(tok->decode(tok->encode("ab abc", true, false)), " ab abc");
}

TEST(SpmTokenizer, FallsBackToBytesForUnknownText) {
  auto tok = make(small_spm());
  // "é" = C3 A9 -> <0xC3> <0xA9> (ids 3 + byte value)
  auto ids = tok->encode("a\xc3\xa9", false, false);
  EXPECT_EQ(ids, (std::vector<int>{260, 3 + 0xC3, 3 + 0xA9}));
  EXPECT_EQ(tok->decode(ids), " a\xc3\xa9");
}

TEST(SpmTokenizer, ParsesSpecialTokensOnlyWhenAsked) {
  auto tok = make(small_spm());
  auto with = tok->encode("a</s>b", false, true);
  EXPECT_EQ(with, (std::vector<int>{260, 2, 265}));
  auto without = tok->encode("a</s>b", false, false);
  EXPECT_EQ(std::count(without.begin(), without.end(), 2), 0);
  EXPECT_EQ(tok->decode(without), " a</s>b");
}

TEST(SpmTokenizer, SimpleVocabRoundTripsArbitraryText) {
  auto tok = make(make_simple_spm_vocab(32000));
  for (std::string s : {"hello world", "Quarterly EPS rose 12.5% (y/y)!", "  two  spaces ",
                        "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x93\x88 emoji", "tab\tnew\nline"}) {
    auto ids = tok->encode(s, false, false);
    EXPECT_EQ(tok->decode(ids), " " + s) << s;
  }
  // Words merge into multi-letter pieces rather than single characters.
  EXPECT_LT(tok->encode("the rate", false, false).size(), 6u);
}

Vocab small_bpe() {
  Vocab v;
  v.model = "gpt2";
  // GPT-2 byte alphabet: printable bytes are themselves, others shift to U+0100...
  int extra = 0;
  for (int b = 0; b < 256; ++b) {
    bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    std::string s;
    utf8_append(s, printable ? b : 256 + extra++);
    v.index[s] = v.size();
    v.tokens.push_back(s);
  }
  for (std::string s : {"\xc4\xa0w", "he", "ll", "hell", "hello", "\xc4\xa0wo", "<|endoftext|>"}) {
    v.index[s] = v.size();
    v.tokens.push_back(s);
  }
  v.types.assign(v.tokens.size(), static_cast<int>(TokenType::normal));
  v.types.back() = static_cast<int>(TokenType::control);
  v.scores.assign(v.tokens.size(), 0.0f);
  v.merges = {"\xc4\xa0 w", "h e", "l l", "he ll", "hell o", "\xc4\xa0w o"};
  v.eos = v.size() - 1;
  v.add_bos = false;
  v.add_space_prefix = false;
  return v;
}

TEST(BpeTokenizer, AppliesMergesByRank) {
  auto v = small_bpe();
  auto tok = make(v);
  auto ids = tok->encode("hello world", false, false);
  std::vector<std::string> pieces;
  pieces.reserve(ids.size());
  for (int id : ids) pieces.push_back(v.tokens[id]);
  EXPECT_EQ(pieces, (std::vector<std::string>{"hello", "\xc4\xa0wo", "r", "l", "d"}));
  EXPECT_EQ(tok->decode(ids), "hello world");
  auto special = tok->encode("hi<|endoftext|>", false, true);
  EXPECT_EQ(special.back(), v.eos);
  // Bytes outside ASCII survive the byte <-> code point mapping.
  std::string s = "caf\xc3\xa9 \xe2\x82\xac 5\n\t";
  EXPECT_EQ(tok->decode(tok->encode(s, false, false)), s);
}

TEST(BpeTokenizer, Gpt2PreTokenizerSplits) {
  auto parts = bpe_pre_tokenize("I'm  fine, 123!\n", false);
  std::vector<std::string> got(parts.begin(), parts.end());
  EXPECT_EQ(got, (std::vector<std::string>{"I", "'m", " ", " fine", ",", " 123", "!", "\n"}));
}

TEST(BpeTokenizer, Llama3PreTokenizerSplits) {
  auto parts = bpe_pre_tokenize("Hello WORLD's 12345 ok?\n\nnext", true);
  std::vector<std::string> got(parts.begin(), parts.end());
  EXPECT_EQ(got, (std::vector<std::string>{"Hello", " WORLD", "'s", " ", "123", "45", " ok",
                                           "?\n\n", "next"}));
}

TEST(Utf8Stream, HoldsIncompleteSequences) {
  Utf8Stream s;
  const std::string euro = "\xe2\x82\xac";
  EXPECT_EQ(s.push("a" + euro.substr(0, 1)), "a");
  EXPECT_EQ(s.push(euro.substr(1, 1)), "");
  EXPECT_EQ(s.push(euro.substr(2) + "b"), euro + "b");
  EXPECT_EQ(s.push("\xf0\x9f"), "");
  EXPECT_EQ(s.flush(), "\xf0\x9f");
  EXPECT_EQ(utf8_complete_prefix("ok\xc3"), 2u);
  EXPECT_EQ(utf8_complete_prefix("ok\xc3\xa9"), 4u);
}

}  // namespace
}  // namespace finchat::llm
