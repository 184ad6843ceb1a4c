#include <gtest/gtest.h>

#include <fstream>

#include "kg/linker.hpp"
#include "kg/test_util.hpp"

namespace finchat::kg {
namespace {

// The finance demo plus the support fixture (a fixed copy, so KB edits do not move the eval).
const Graph& eval_graph() {
  static const Graph graph = [] {
    auto g = build_demo_graph(testing::companies_file(), testing::testdata("kb_fixture"));
    if (!g) throw std::runtime_error(g.error().message);
    return std::move(*g);
  }();
  return graph;
}

const EntityLinker& linker() {
  static const EntityLinker instance(eval_graph());
  return instance;
}

std::string top(const std::vector<Mention>& mentions, size_t i = 0) {
  return i < mentions.size() ? mentions[i].candidates.front().id : "";
}

TEST(Tokenize, KeepsCashtagsPossessivesAndJoiners) {
  auto t = EntityLinker::tokenize("$NOVA's S&P move; Novatek\xE2\x80\x99s CEO.");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_TRUE(t[0].cashtag);
  EXPECT_EQ(t[0].norm, "nova");
  EXPECT_EQ(t[1].norm, "s&p");
  EXPECT_EQ(t[3].norm, "novatek");
  EXPECT_EQ(t[4].norm, "ceo");
  EXPECT_TRUE(t[4].all_caps);
}

TEST(Tokenize, SeparatesOnUnicodePunctuationAndAlwaysAdvances) {
  auto t = EntityLinker::tokenize("Novatek\xE2\x80\x94Qubitron \xE2\x80\x99 x\xC2\xA0y \xE2\x80");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].norm, "novatek");
  EXPECT_EQ(t[1].norm, "qubitron");
  EXPECT_EQ(t[2].norm, "x");
  EXPECT_EQ(t[3].norm, "y");
  // Arbitrary bytes never hang or crash.
  std::string noise;
  for (int i = 0; i < 2000; ++i) noise += static_cast<char>((i * 37) % 256);
  EXPECT_NO_FATAL_FAILURE(linker().link(noise));
  EXPECT_TRUE(linker().link("$").empty());
  EXPECT_TRUE(linker().link("").empty());
}

TEST(Linker, NamesAliasesAndTickers) {
  auto m = linker().link("Compare Novatek Systems Inc. with $QBIT and LUMO");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(top(m, 0), "company:NOVA");
  EXPECT_EQ(m[0].text, "Novatek Systems Inc");
  EXPECT_EQ(m[0].candidates[0].match, MatchKind::name);
  EXPECT_EQ(top(m, 1), "company:QBIT");
  EXPECT_EQ(m[1].text, "$QBIT");
  EXPECT_EQ(top(m, 2), "company:LUMO");
  EXPECT_EQ(m[2].candidates[0].match, MatchKind::ticker);
}

TEST(Linker, LongestMatchWins) {
  auto m = linker().link("How is the Clean Energy Leaders Index doing?");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(top(m), "index:CELX");
  EXPECT_EQ(m[0].text, "Clean Energy Leaders Index");
}

TEST(Linker, ToleratesTyposButNotShortWords) {
  auto m = linker().link("Should I buy Qubitorn or Novatec?");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(top(m, 0), "company:QBIT");
  EXPECT_EQ(m[0].candidates[0].match, MatchKind::fuzzy);
  EXPECT_EQ(top(m, 1), "company:NOVA");
  EXPECT_TRUE(linker().link("nova star").empty());
}

TEST(Linker, AvoidsCommonWordFalsePositives) {
  for (const char* text :
       {"it is all a bit much", "Is it a good time to buy?", "I reached the summit",
        "lumen is a unit of light", "WHAT IS NOVA DOING TODAY AT ALL", "The CEO of a bank"}) {
    EXPECT_TRUE(linker().link(text).empty()) << text << " -> " << top(linker().link(text));
  }
}

TEST(Linker, ContextDisambiguatesCompanyFromProduct) {
  auto market = linker().link("What about Lumen?", LinkContext::market);
  ASSERT_EQ(market.size(), 1u);
  EXPECT_EQ(top(market), "company:LUMO");
  auto support = linker().link("What about Lumen?", LinkContext::support);
  ASSERT_EQ(support.size(), 1u);
  EXPECT_EQ(top(support), "product:lumen");
  ASSERT_EQ(support[0].candidates.size(), 2u);  // both stay as candidates
  // Without a hint, cue words decide.
  EXPECT_EQ(top(linker().link("Lumen stock price")), "company:LUMO");
  EXPECT_EQ(top(linker().link("Lumen app keeps asking for my password")), "product:lumen");
  EXPECT_EQ(parse_link_context("market"), LinkContext::market);
  EXPECT_EQ(parse_link_context("support"), LinkContext::support);
  EXPECT_EQ(parse_link_context(""), LinkContext::automatic);
}

struct EvalCounts {
  size_t predicted = 0, gold = 0, correct = 0;
};

std::string norm_span(std::string s) {
  if (!s.empty() && s.front() == '$') s.erase(0, 1);
  while (!s.empty() && (s.back() == '.' || s.back() == ',')) s.pop_back();
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(LinkingEval, PrecisionAtLeast95Percent) {
  std::ifstream in(testing::testdata("linking_eval.jsonl"));
  ASSERT_TRUE(in);
  EvalCounts counts;
  size_t sentences = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const Json item = Json::parse(line);
    ++sentences;
    std::vector<std::pair<std::string, std::string>> gold;
    for (const Json& e : item["entities"]) {
      gold.emplace_back(norm_span(e["span"].get<std::string>()), e["id"].get<std::string>());
    }
    counts.gold += gold.size();
    const auto mentions = linker().link(item["text"].get<std::string>(),
                                        parse_link_context(item["context"].get<std::string>()));
    for (const Mention& m : mentions) {
      ++counts.predicted;
      auto it = std::find(gold.begin(), gold.end(),
                          std::make_pair(norm_span(m.text), m.candidates.front().id));
      if (it != gold.end()) {
        ++counts.correct;
        gold.erase(it);
      } else {
        ADD_FAILURE_AT("linking_eval.jsonl", static_cast<int>(sentences))
            << "false positive: '" << m.text << "' -> " << m.candidates.front().id
            << " in: " << item["text"].get<std::string>();
      }
    }
    for (const auto& [span, id] : gold) {
      std::cout << "[ missed ] '" << span << "' (" << id
                << ") in: " << item["text"].get<std::string>() << "\n";
    }
  }
  ASSERT_GE(sentences, 200u);
  const double precision = counts.predicted ? double(counts.correct) / counts.predicted : 1.0;
  const double recall = counts.gold ? double(counts.correct) / counts.gold : 1.0;
  std::cout << "linking eval: " << sentences << " sentences, " << counts.gold << " gold, "
            << counts.predicted << " predicted, precision " << precision << ", recall " << recall
            << "\n";
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.80);
}

}  // namespace
}  // namespace finchat::kg
