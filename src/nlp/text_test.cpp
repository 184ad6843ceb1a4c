#include "nlp/text.hpp"

#include <gtest/gtest.h>

namespace finchat::nlp {
namespace {

TEST(Normalize, LowercasesAsciiAndCollapsesSpace) {
  EXPECT_EQ(normalize("  Hello\t\tWORLD \n"), "hello world");
}

TEST(Normalize, MapsTypographicPunctuationAndKeepsOtherUtf8) {
  EXPECT_EQ(normalize("It\xE2\x80\x99"
                      "s \xE2\x80\x9C"
                      "fine\xE2\x80\x9D"),
            "it's \"fine\"");
  EXPECT_EQ(normalize("CAF\xC3\xA9"), "caf\xC3\xA9");  // é passes through untouched
}

TEST(Normalize, ReplacesInvalidUtf8) {
  EXPECT_EQ(normalize("a\xFF"
                      "b"),
            "a?b");
}

TEST(Tokenize, SplitsWordsAndDropsPunctuation) {
  EXPECT_EQ(tokenize("Hello, world! How's it going?"),
            (std::vector<std::string>{"hello", "world", "how's", "it", "going"}));
}

TEST(Tokenize, KeepsFinancialTokens) {
  const auto tokens = tokenize_detailed("Send $20k to AAPL holders; yield 3.5% on $1,200.50");
  ASSERT_EQ(tokens.size(), 9u);
  EXPECT_EQ(tokens[1].text, "$20k");
  EXPECT_EQ(tokens[1].kind, TokenKind::amount);
  EXPECT_EQ(tokens[3].text, "aapl");
  EXPECT_EQ(tokens[6].text, "3.5%");
  EXPECT_EQ(tokens[6].kind, TokenKind::percent);
  EXPECT_EQ(tokens[8].text, "$1,200.50");
  EXPECT_EQ(tokens[8].kind, TokenKind::amount);
}

TEST(Tokenize, CashtagsMentionsUrlsAndNumbers) {
  const auto tokens = tokenize_detailed("$TSLA up 12 pts, 3bn deal @trader https://t.co/x 3rd");
  ASSERT_EQ(tokens.size(), 9u);
  EXPECT_EQ(tokens[0].text, "$tsla");
  EXPECT_EQ(tokens[0].kind, TokenKind::ticker);
  EXPECT_EQ(tokens[2].kind, TokenKind::number);
  EXPECT_EQ(tokens[4].text, "3bn");
  EXPECT_EQ(tokens[4].kind, TokenKind::number);
  EXPECT_EQ(tokens[6].kind, TokenKind::mention);
  EXPECT_EQ(tokens[7].text, "<url>");
  EXPECT_EQ(tokens[8].text, "3rd");
  EXPECT_EQ(tokens[8].kind, TokenKind::word);
}

TEST(Tokenize, KeepsCaseWhenAsked) {
  TokenizeOptions options;
  options.lowercase = false;
  options.keep_urls = false;
  EXPECT_EQ(tokenize("Buy AAPL www.x.com", options), (std::vector<std::string>{"Buy", "AAPL"}));
}

TEST(Tokenize, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(tokenize("").empty());
  EXPECT_TRUE(tokenize(" ?!... $ ").empty());
}

TEST(Stopwords, ListIsSortedAndKeepsNegations) {
  EXPECT_TRUE(is_stopword("the"));
  EXPECT_TRUE(is_stopword("yourselves"));
  EXPECT_FALSE(is_stopword("not"));
  EXPECT_FALSE(is_stopword("account"));
  EXPECT_TRUE(std::is_sorted(english_stopwords().begin(), english_stopwords().end()));
}

struct StemCase {
  const char* word;
  const char* stem;
};

TEST(Porter2, ReferenceStems) {
  // Expected values follow the Porter2 definition (Snowball English vocabulary).
  const StemCase cases[] = {
      {"caresses", "caress"},
      {"ponies", "poni"},
      {"ties", "tie"},
      {"cats", "cat"},
      {"gas", "gas"},
      {"kiwis", "kiwi"},
      {"running", "run"},
      {"hoping", "hope"},
      {"hopping", "hop"},
      {"agreed", "agre"},
      {"consign", "consign"},
      {"consigned", "consign"},
      {"consigning", "consign"},
      {"consignment", "consign"},
      {"generously", "generous"},
      {"knightly", "knight"},
      {"happiness", "happi"},
      {"relational", "relat"},
      {"conditional", "condit"},
      {"rational", "ration"},
      {"generalization", "general"},
      {"abilities", "abil"},
      {"absolutely", "absolut"},
      {"payments", "payment"},
      {"transferred", "transfer"},
      {"accounts", "account"},
      {"cried", "cri"},
      {"skies", "sky"},
      {"dying", "die"},
      {"news", "news"},
      {"succeeding", "succeed"},
      {"exceed", "exceed"},
      {"cry", "cri"},
      {"say", "say"},
      {"by", "by"},
      {"youth", "youth"},
      {"investing", "invest"},
      {"investment", "invest"},
      {"banking", "bank"},
      {"fees", "fee"},
      {"charged", "charg"},
      {"communication", "communic"},
      {"controlling", "control"},
      {"luxuriously", "luxuri"},
      {"fluently", "fluentli"},
  };
  for (const auto& c : cases) EXPECT_EQ(porter2_stem(c.word), c.stem) << c.word;
}

TEST(Porter2, LeavesNonWordsAlone) {
  EXPECT_EQ(porter2_stem("3.5%"), "3.5%");
  EXPECT_EQ(porter2_stem("$aapl"), "$aapl");
  EXPECT_EQ(porter2_stem("Running"), "Running");  // callers lowercase first
  EXPECT_EQ(porter2_stem(""), "");
}

}  // namespace
}  // namespace finchat::nlp
