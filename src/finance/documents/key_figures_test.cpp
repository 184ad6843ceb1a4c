#include "finance/documents/key_figures.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "finance/documents/bullet_scorer.hpp"
#include "finance/documents/figure_bullets.hpp"
#include "finance/documents/sentences.hpp"
#include "finance/documents/summarize.hpp"

namespace finchat::documents {
namespace {

std::vector<KeyFigure> of_metric(const std::vector<KeyFigure>& all, const std::string& metric) {
  std::vector<KeyFigure> out;
  for (const auto& f : all) {
    if (f.metric == metric) out.push_back(f);
  }
  return out;
}

TEST(KeyFigures, EachMentionKeepsItsOwnQualifier) {
  const auto eps = of_metric(extract_key_figures(std::vector<std::string>{
                                 "GAAP EPS was $0.46 for the quarter and adjusted EPS was $0.82."}),
                             "eps");
  ASSERT_EQ(eps.size(), 2u);
  EXPECT_EQ(eps[0].value, "$0.46");
  EXPECT_EQ(eps[0].qualifier, "gaap");
  EXPECT_EQ(eps[1].value, "$0.82");
  EXPECT_EQ(eps[1].qualifier, "adjusted");
}

TEST(KeyFigures, RevenueLevelsWrittenAroundChangesAndWithoutDollarSigns) {
  const auto revenue = of_metric(
      extract_key_figures(std::vector<std::string>{
          "Consolidated revenue in the first quarter increased $12.6 million to $131.7 million.",
          "We generated $5.3 billion of sales in the first quarter.",
          "Total revenue for the second quarter was 27.4 million, up 5%.",
          "Net sales were 3.1 million units."}),
      "revenue");
  ASSERT_EQ(revenue.size(), 3u) << "3.1 million units is no amount";
  EXPECT_EQ(revenue[0].value, "$131.7 million");
  EXPECT_TRUE(revenue[0].follows_metric);
  EXPECT_EQ(revenue[1].value, "$5.3 billion");
  EXPECT_TRUE(revenue[1].follows_metric);
  EXPECT_EQ(revenue[2].value, "27.4 million");
  EXPECT_TRUE(revenue[2].follows_metric);
}

TEST(KeyFigures, RevenueStatedBeforeItsMentionOrWithAHyphenatedQuarter) {
  const auto revenue = of_metric(
      extract_key_figures(std::vector<std::string>{
          "We reported $1.7 billion in first quarter revenue, a 4% decrease.",
          ("We generated approximately $2.9 billion in total revenue in the fourth quarter, with "
           "the services segment producing approximately $2 billion."),
          ("Second-quarter consolidated revenues were a record $712.4 million, up 34% compared to "
           "the fiscal 2020 period."),
          ("We delivered revenue above the high end of the range of the outlook we provided, with "
           "total revenue at $244.6 million.")}),
      "revenue");
  std::vector<std::string> got;
  for (const auto& f : revenue) {
    if (f.follows_metric && !f.guidance) got.push_back(f.value + " " + f.period);
  }
  EXPECT_EQ(got,
            (std::vector<std::string>{"$1.7 billion first quarter", "$2.9 billion fourth quarter",
                                      "$712.4 million second quarter", "$244.6 million "}));
}

TEST(KeyFigures, ComparedYearsAndResultsAgainstGuidanceAreNotPeriodsOrGuidance) {
  const auto f = extract_key_figures(std::vector<std::string>{
      "Overall sales were a record $1.58 billion, up 37% over the same period in 2020.",
      "In Q1 revenues of $618 million were above the midpoint of our guidance.",
      "Revenue for 2021 was $5.2 billion."});
  const auto revenue = of_metric(f, "revenue");
  ASSERT_EQ(revenue.size(), 3u);
  EXPECT_EQ(revenue[0].period, "");
  EXPECT_FALSE(revenue[1].guidance);
  EXPECT_EQ(revenue[1].period, "q1");
  EXPECT_EQ(revenue[2].period, "2021") << "a year the sentence reports on";
}

TEST(KeyFigures, GuidanceWrittenAgainstAnEarlierPlanOrAsAnEstimate) {
  const auto f = extract_key_figures(std::vector<std::string>{
      ("Our GAAP earnings per share guidance of $3.05 to $3.25 is $0.04 below our previous "
       "guidance."),
      "Q4 revenues are estimated to be in the range of $265 million to $280 million.",
      "Diluted earnings per share range is between $0.57 per share to $0.69 per share.",
      ("We raise the low end of our full year sales outlook by $400 million to a new range of "
       "$48.2 billion to $49.2 billion.")});
  ASSERT_EQ(f.size(), 4u);
  EXPECT_TRUE(f[0].guidance);
  EXPECT_EQ(f[0].low + " to " + f[0].high, "$3.05 to $3.25");
  EXPECT_TRUE(f[1].guidance);
  EXPECT_EQ(f[1].period, "q4");
  EXPECT_EQ(f[1].low + " to " + f[1].high, "$265 million to $280 million");
  EXPECT_EQ(f[2].low + " to " + f[2].high, "$0.57 to $0.69");
  EXPECT_EQ(f[3].value, "$48.2 billion") << "the new range, not the change";
  EXPECT_TRUE(f[3].follows_metric);
  EXPECT_EQ(f[3].high, "$49.2 billion");
}

TEST(KeyFigures, EarningsPerShareInTheWaysCallsSayIt) {
  const auto eps = of_metric(
      extract_key_figures(std::vector<std::string>{
          "Non-GAAP diluted earnings per share was $0.83, hurt by a higher-than-expected tax rate.",
          "Net loss for the quarter was $7 million or $0.06 per diluted share.",
          "Our net income per share for the fourth quarter was $0.44.",
          ("Second quarter net income increased $11.2 million to $42.9 million, or $1.12 per "
           "diluted share, from $31.7 million or $0.81 per diluted share last year."),
          "We achieved $1.94 in adjusted earnings per share.",
          "GAAP loss per share increased from $0.48 to $1.09.",
          "Net income for the quarter was $19.4 million or $0.16 a share.",
          "Diluted earnings per share for the quarter was $2.61 and $9.87 for the full year."}),
      "eps");
  std::vector<std::string> values;
  for (const auto& f : eps) {
    if (f.follows_metric && !f.guidance) values.push_back(f.value + (f.loss ? " loss" : ""));
  }
  EXPECT_EQ(values, (std::vector<std::string>{"$0.83", "$0.06 loss", "$0.44", "$1.12", "$1.94",
                                              "$1.09 loss", "$0.16", "$2.61"}));
  EXPECT_EQ(normalize_period(eps.back().period), "") << "the reported quarter, not the year";
}

TEST(KeyFigures, QuartersBeatYearsAndDividendsAreNotEarnings) {
  const auto f = extract_key_figures(std::vector<std::string>{
      "This morning we reported 2020 fourth quarter earnings of $0.46 per share.",
      "Our earnings per diluted common share were $1.12 for the quarter.",
      "Our non-GAAP earnings per fully diluted share for the 4th quarter increased 40% to $2.74.",
      ("GAAP net income was $41 million, or $0.27 per share, and the common stock dividend for "
       "the quarter was $0.31 per share."),
      "We exceeded our top line expectations, reporting adjusted earnings per share of $0.69.",
      "We recorded a net loss of $214 million or $1.52 net loss per diluted share."});
  const auto eps = of_metric(f, "eps");
  std::vector<std::string> got;
  for (const auto& e : eps) {
    if (!e.follows_metric) continue;
    got.push_back(e.value + " " + normalize_period(e.period) + (e.guidance ? " guidance" : ""));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"$0.46 q4", "$1.12 ", "$2.74 q4", "$0.27 ", "$0.69 ",
                                           "$1.52 "}));
}

TEST(KeyFigures, GuidanceCuesBeyondExpect) {
  const auto f = extract_key_figures(std::vector<std::string>{
      "The revenue range for the full fiscal year is between $1.310 billion to $1.370 billion.",
      "We raised our full year core FFO range to be $5.15 to $5.30 per share.",
      ("We are establishing our full-year adjusted DEPS guidance to be in the range of $11.20 and "
       "$11.60."),
      ("On an adjusted basis we guide fully diluted earnings in the range of $0.64 to $0.81 per "
       "share for the first quarter."),
      ("Our increased expectation for full year diluted earnings per share is now between $2.45 "
       "and $2.79.")});
  std::vector<std::string> got;
  for (const auto& k : f) {
    if (k.guidance && k.follows_metric) got.push_back(k.metric + " " + k.low + "-" + k.high);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"revenue $1.310 billion-$1.370 billion",
                                           "ffo per share $5.15-$5.30", "eps $11.20-$11.60",
                                           "eps $0.64-$0.81", "eps $2.45-$2.79"}));
}

TEST(KeyFigures, MegabyteLongSentencesAreClippedNotFatal) {
  // A PDF table flattened into one "sentence": long digit runs once overflowed the stack of the
  // recursive regex engine.
  const std::string digits(300000, '7');
  const std::string line = "Revenue was $" + digits + " million and sales grew 12% to 15% " +
                           std::string(50000, 'x') + " per share $" + digits;
  const std::vector<std::string> doc = {"Third quarter results.", line};
  for (const auto& f : extract_key_figures(doc)) EXPECT_LE(f.sentence.size(), kMaxSentenceChars);
  const auto summary = summarize_sentences(doc, figure_summary_options());
  ASSERT_FALSE(summary.sentences.empty());
  for (const auto& s : summary.sentences) EXPECT_LE(s.source.size(), kMaxSentenceChars);
  const auto clipped = clip_sentences({std::string(600, 'a') + " " + std::string(900, 'b')});
  EXPECT_EQ(clipped[0], std::string(600, 'a')) << "cut at the space";
  std::vector<std::string> storage;
  const std::vector<std::string> short_doc = {"One.", "Two."};
  EXPECT_EQ(&documents::clipped(short_doc, storage), &short_doc) << "no copy when none is long";
  EXPECT_EQ(documents::clipped(doc, storage)[1].size(), kMaxSentenceChars)
      << "a long one is clipped";
  const auto pieces = split_sentences("Intro. " + std::string(2500, 'z') + " tail");
  ASSERT_GE(pieces.size(), 3u);
  std::size_t kept = 0;
  for (const auto& p : pieces) {
    EXPECT_LE(p.size(), kMaxSentenceChars + kMaxSentenceChars / 2);
    kept += std::count(p.begin(), p.end(), 'z');
  }
  EXPECT_EQ(kept, 2500u) << "splitting loses no text";
}

TEST(KeyFigures, ActualEpsInComparisonsAndAgainstPlansOrTheStreet) {
  const auto f = extract_key_figures(std::vector<std::string>{
      ("The year began well, earning $0.33 per share compared to $0.21 per share in the first "
       "quarter of 2019."),
      "In the fourth quarter, the bank earned 1.9 billion or $4.38 per diluted common share.",
      ("We reported a consolidated net loss of $0.22 per share compared to third quarter earnings "
       "per share of $0.36 in 2020."),
      ("Net income of $14.2 million or $1.31 per diluted share was down 13%, adjusted net income "
       "of "
       "$15.8 million or $1.46 per diluted share was down 8%."),
      ("Net income drove earnings per share of $0.33, beating the consensus estimate of $0.27 per "
       "share."),
      "Adjusted diluted earnings per share decreased 55% from $0.62 per share to $0.19 per share.",
      "DEPS came in at $2.96, which exceeded our Q3 DEPS guidance of $2.85 to $2.90."});
  std::vector<std::string> got;
  for (const auto& k : of_metric(f, "eps")) {
    if (!k.follows_metric) continue;
    got.push_back(k.value + (k.qualifier.empty() ? "" : " " + k.qualifier) +
                  (k.guidance ? " guidance" : ""));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"$0.33", "$4.38", "$0.22", "$1.31", "$1.46 adjusted",
                                           "$0.33", "$0.19 adjusted", "$2.96"}));
}

TEST(KeyFigures, PerShareFigureOfATotalAndLosses) {
  const auto f = extract_key_figures(std::vector<std::string>{
      "Adjusted operating income was $34 million or $0.45 per fully diluted share.",
      "Net loss per share was $0.12."});
  const auto eps = of_metric(f, "eps");
  ASSERT_EQ(eps.size(), 2u);
  EXPECT_EQ(eps[0].value, "$0.45");
  EXPECT_EQ(eps[0].qualifier, "adjusted operating");
  EXPECT_FALSE(eps[0].loss);
  EXPECT_EQ(eps[1].value, "$0.12");
  EXPECT_TRUE(eps[1].loss);
  const auto ffo = of_metric(
      extract_key_figures(std::vector<std::string>{
          "Total FFOM for the quarter was $50.9 million or $0.37 per fully diluted share."}),
      "ffo per share");
  ASSERT_EQ(ffo.size(), 1u);
  EXPECT_EQ(ffo[0].value, "$0.37");  // the per-share figure, not the total
}

TEST(KeyFigures, RaisedGuidanceKeepsTheNewRange) {
  const auto eps = of_metric(extract_key_figures(std::vector<std::string>{
                                 ("We are raising our EPS guidance from a range of $8.90 to $9.10, "
                                  "up to a range of $9.15 to $9.30.")}),
                             "eps");
  ASSERT_FALSE(eps.empty());
  EXPECT_TRUE(eps[0].guidance);
  EXPECT_EQ(eps[0].low, "$9.15");
  EXPECT_EQ(eps[0].high, "$9.30");
}

TEST(KeyFigures, ActualsMeasuredAgainstGuidanceAreNotGuidance) {
  const auto rev = of_metric(
      extract_key_figures(std::vector<std::string>{
          ("First quarter revenues increased 16% to $536 million compared to our guidance range of "
           "$490 million to $505 million.")}),
      "revenue");
  ASSERT_FALSE(rev.empty());
  EXPECT_FALSE(rev[0].guidance);
  EXPECT_EQ(rev[0].value, "$536 million");
}

TEST(KeyFigures, GuidanceTakesTheQuarterNamedJustBefore) {
  const std::vector<std::string> doc = {
      "First quarter revenue was $506 million.", "Turning to our outlook for the second quarter.",
      "We expect revenue to range from $515 million to $555 million."};
  const auto rev = of_metric(extract_key_figures(doc), "revenue");
  ASSERT_EQ(rev.size(), 2u);
  EXPECT_TRUE(rev[1].guidance);
  EXPECT_EQ(rev[1].period, "second quarter");
  EXPECT_EQ(render_bullet(rev[1], "q1"), "sees q2 revenue $515 million to $555 million");
  // Guidance for the reported quarter's own name or none reads as full year.
  EXPECT_EQ(render_bullet(rev[1], "q2"), "sees fy revenue $515 million to $555 million");
}

TEST(BulletScorer, SlotsAndProbabilities) {
  KeyFigure eps;
  eps.metric = "eps";
  eps.qualifier = "adjusted";
  EXPECT_NE(bullet_slot(eps, "q1"), [&] {
    KeyFigure gaap = eps;
    gaap.qualifier = "gaap";
    return bullet_slot(gaap, "q1");
  }());
  eps.value = "$1.37";
  eps.period = "first quarter";
  eps.sentence = "We reported first quarter adjusted EPS of $1.37.";
  BulletContext early{100, "q1", {{"$1.37", 3}}};
  const auto headline = bullet_features(eps, early, true);
  ASSERT_EQ(headline.size(), kBulletFeatures);
  KeyFigure late = eps;
  late.sentence_index = 90;
  late.period.clear();
  late.sentence = "That added about $1.37 per share, by the way, to something in a later year.";
  const auto aside = bullet_features(late, BulletContext{100, "q1", {}}, false);
  const double p = bullet_probability(headline), q = bullet_probability(aside);
  EXPECT_GT(p, 0.5);
  EXPECT_LT(q, p);
  EXPECT_GT(q, 0.0);
}

}  // namespace
}  // namespace finchat::documents
