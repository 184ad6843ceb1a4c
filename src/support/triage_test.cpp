#include "support/triage.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace finchat::support {
namespace {

// Trained once per test binary: training is the slow part.
struct Trained {
  Split split;
  TicketClassifier model;
};

const Trained& trained() {
  static const Trained t = [] {
    auto all = load_ticket_csv(std::string(FINCHAT_SOURCE_DIR) + "/data/tickets/tickets.csv");
    EXPECT_TRUE(all.ok()) << all.error().message;
    Trained out;
    out.split = split_held_out(all.value());
    auto m = TicketClassifier::train(out.split.train);
    EXPECT_TRUE(m.ok());
    out.model = std::move(m.value());
    return out;
  }();
  return t;
}

TEST(TriageSplit, DeterministicStratifiedAndDisjoint) {
  std::vector<LabelledTicket> all;
  all.reserve(100);
  for (int i = 0; i < 100; ++i) {
    all.push_back({"T" + std::to_string(i), "text", i % 2 ? "a" : "b", "normal"});
  }
  auto s1 = split_held_out(all), s2 = split_held_out(all);
  ASSERT_EQ(s1.test.size(), 20u);
  EXPECT_EQ(s1.train.size(), 80u);
  int a_in_test = 0;
  for (size_t i = 0; i < s1.test.size(); ++i) {
    EXPECT_EQ(s1.test[i].id, s2.test[i].id);
    a_in_test += s1.test[i].category == "a";
  }
  EXPECT_EQ(a_in_test, 10);
}

TEST(TriageCsv, BadRowNamesFileAndLine) {
  auto r = parse_ticket_csv("id,text,category,priority\nT1,,x,normal\n", "t.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("t.csv:2"), std::string::npos) << r.error().message;
  EXPECT_FALSE(parse_ticket_csv("id,text\nT1,x\n", "t.csv").ok());
}

TEST(TriageMetrics, MacroF1CountsEveryLabel) {
  auto m = score({"a", "a", "b", "c"}, {"a", "b", "b", "b"});
  EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
  // F1: a = 2/3, b = 2/4 (tp1 fp2), c = 0.
  EXPECT_NEAR(m.macro_f1, (2.0 / 3 + 0.5 + 0.0) / 3, 1e-9);
}

TEST(TriageSentiment, Lexicon) {
  EXPECT_EQ(lexicon_sentiment("This is ridiculous, worst bank ever"), Sentiment::negative);
  EXPECT_EQ(lexicon_sentiment("Thanks, that was helpful"), Sentiment::positive);
  EXPECT_EQ(lexicon_sentiment("What is my routing number?"), Sentiment::neutral);
  EXPECT_EQ(lexicon_sentiment("not good"), Sentiment::negative);
}

TEST(TicketClassifierTest, HeldOutAccuracyAndMacroF1) {
  const auto& t = trained();
  auto cat = t.model.evaluate_category(t.split.test);
  auto pri = t.model.evaluate_priority(t.split.test);
  std::printf("held-out n=%zu category acc=%.3f macroF1=%.3f | priority acc=%.3f macroF1=%.3f\n",
              cat.n, cat.accuracy, cat.macro_f1, pri.accuracy, pri.macro_f1);
  EXPECT_GT(cat.n, 400u);
  EXPECT_GE(cat.accuracy, 0.93);  // measured 0.972 (Debug, 2026-11-25)
  EXPECT_GE(cat.macro_f1, 0.93);  // measured 0.969
  EXPECT_GE(pri.accuracy, 0.93);  // measured 0.972
  EXPECT_GE(pri.macro_f1, 0.93);  // measured 0.975
}

TEST(TicketClassifierTest, ClassifiesObviousTickets) {
  const auto& m = trained().model;
  auto fraud = m.classify("Someone stole my card and made purchases I did not authorize!");
  EXPECT_TRUE(fraud.category == "fraud_dispute" || fraud.category == "card_lost_stolen")
      << fraud.category;
  EXPECT_GT(fraud.category_confidence, 0.0);
  EXPECT_FALSE(fraud.priority.empty());
}

std::string small_csv(const std::string& extra) {
  std::string csv = "id,text,category,priority\n";
  for (int i = 0; i < 12; ++i) {
    auto n = std::to_string(i);
    csv += fmt::format("F{0},someone stole my card and spent money {0},fraud_dispute,urgent\n", n);
    csv += fmt::format("L{0},cannot log in password reset fails {0},account_access,normal\n", n);
  }
  return csv + extra;
}

TEST(TriageCache, SecondLoadComesFromCacheAndDataChangeInvalidates) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("triage-cache-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const std::string& text) { std::ofstream(dir / "t.csv") << text; };
  write(small_csv(""));
  bool cached = true;
  auto first =
      load_or_train_triage((dir / "t.csv").string(), (dir / "cache").string(), {}, &cached);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(cached);
  auto second =
      load_or_train_triage((dir / "t.csv").string(), (dir / "cache").string(), {}, &cached);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(cached);
  EXPECT_EQ(second->classify("my card was stolen").category,
            first->classify("my card was stolen").category);
  write(small_csv("X1,the app crashes on start,app_bug,low\n"));
  auto third =
      load_or_train_triage((dir / "t.csv").string(), (dir / "cache").string(), {}, &cached);
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(cached);
  auto missing = load_or_train_triage((dir / "none.csv").string(), "", {}, &cached);
  EXPECT_FALSE(missing.ok());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace finchat::support
