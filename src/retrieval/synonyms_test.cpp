#include "retrieval/synonyms.hpp"

#include <gtest/gtest.h>

#include "retrieval/analyzer.hpp"

namespace finchat::retrieval {
namespace {

TEST(Canonicalize, RewritesWordsAndPhrasesCaseInsensitively) {
  EXPECT_EQ(canonicalize("Nearest Cash Machine?"), "Nearest atm?");
  EXPECT_EQ(canonicalize("turn on two-factor"), "turn on 2fa");
  EXPECT_EQ(canonicalize("Two Step login"), "2fa login");
  EXPECT_EQ(canonicalize("can't log in to my acct"), "can't login to my account");
  EXPECT_EQ(canonicalize("deposit a cheque"), "deposit a check");
  // Related words expand instead of replacing.
  EXPECT_EQ(canonicalize("my paycheck is late"), "my paycheck direct deposit is late");
}

TEST(Canonicalize, LeavesOtherTextAlone) {
  EXPECT_EQ(canonicalize(""), "");
  EXPECT_EQ(canonicalize("Where is my 1099-INT form?"), "Where is my 1099-INT form?");
  // Punctuation between words blocks a phrase match; a word inside a longer one never matches.
  EXPECT_EQ(canonicalize("log. in"), "log. in");
  EXPECT_EQ(canonicalize("accountant"), "accountant");
  EXPECT_EQ(canonicalize("I'd like info"), "I'd like information");
}

TEST(Canonicalize, MakesVariantsMeetInTheAnalyzer) {
  EXPECT_EQ(analyze("cheque"), analyze("check"));
  EXPECT_EQ(analyze("cash machine fee"), analyze("ATM fee"));
  EXPECT_EQ(analyze("multi-factor"), analyze("2FA"));
  AnalyzerOptions raw;
  raw.synonyms = false;
  EXPECT_NE(analyze("cheque", raw), analyze("check", raw));
}

}  // namespace
}  // namespace finchat::retrieval
