#include "finance/documents/figure_bullets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "finance/documents/compress.hpp"
#include "finance/documents/summarize.hpp"

namespace finchat::documents {
namespace {

// Every number in `bullet` ("$356.8", "9.4", "2021") appears in `source`. Period labels q1..q4
// are the only digits allowed that are not copied: they name the quarter the text names.
void expect_numbers_copied(const std::string& bullet, const std::string& source) {
  std::string number;
  auto flush = [&](size_t end) {
    if (number.empty()) return;
    const bool quarter_label = number.size() == 1 && end >= 2 && bullet[end - 2] == 'q';
    if (!quarter_label) {
      EXPECT_NE(source.find(number), std::string::npos)
          << number << " of '" << bullet << "' not in '" << source << "'";
    }
    number.clear();
  };
  for (size_t i = 0; i < bullet.size(); ++i) {
    const char c = bullet[i];
    const bool inner = (c == '.' || c == ',') && !number.empty() && i + 1 < bullet.size() &&
                       std::isdigit(static_cast<unsigned char>(bullet[i + 1]));
    if (std::isdigit(static_cast<unsigned char>(c)) || inner) {
      number += c;
    } else {
      flush(i);
    }
  }
  flush(bullet.size());
}

const std::vector<std::string> kDoc = {
    "Good morning and welcome to our first quarter call.",
    "First quarter revenue rose 9.4% to $356.8 million.",
    "Non-GAAP earnings per share were $1.37 compared to $0.30 last year.",
    "Revenue increased by $9 million versus the first quarter of 2020.",
    "For the full year, we now expect revenue of between $1.410 billion and $1.460 billion.",
    "We will now open the line for questions."};

TEST(FigureBullets, NormalizesPeriods) {
  EXPECT_EQ(normalize_period("third quarter"), "q3");
  EXPECT_EQ(normalize_period("Q2"), "q2");
  EXPECT_EQ(normalize_period("full year"), "fy");
  EXPECT_EQ(normalize_period("fiscal 2024"), "fy 2024");
  EXPECT_EQ(normalize_period("2021"), "2021");
  EXPECT_EQ(normalize_period("three months"), "");  // the reported quarter
  EXPECT_EQ(normalize_period("nine months"), "ytd");
  EXPECT_EQ(document_quarter(kDoc), "q1");
}

TEST(FigureBullets, ReportedQuarterIgnoresOutlookAndComparisons) {
  // The outlook names q4 three times, the results q3 twice; "compared to the second quarter"
  // is a comparison inside a q3 sentence.
  const std::vector<std::string> doc = {
      "Third quarter sales were $1.7 billion, compared to the second quarter's $1.5 billion.",
      "We expect fourth quarter sales to grow.", "Our outlook for the fourth quarter is unchanged.",
      "Third quarter margins improved.", "We anticipate a strong fourth quarter."};
  EXPECT_EQ(document_quarter(doc), "q3");
  // "For the three months ended ..." states the reported quarter, not a year.
  const auto bullets = figure_bullets(
      std::vector<std::string>{"Third quarter results were strong.",
                               "For the three months ended September 30, 2020, revenues were "
                               "$463.5 million, compared to $421.9 million in 2019."},
      3);
  ASSERT_EQ(bullets.size(), 1u);
  EXPECT_EQ(bullets[0].text, "q3 revenue $463.5 million");
}

TEST(FigureBullets, RendersActualsAndGuidanceInReferenceStyle) {
  KeyFigure rev;
  rev.metric = "revenue";
  rev.value = "$2.6 billion";
  rev.direction = Direction::up;
  rev.local_change = "3.1%";
  rev.sentence = "Revenue rose 3.1% to $2.6 billion.";
  EXPECT_EQ(render_bullet(rev, "q3"), "q3 revenue rose 3.1 percent to $2.6 billion");
  rev.direction = Direction::down;
  EXPECT_EQ(render_bullet(rev, "q3"), "q3 revenue fell 3.1 percent to $2.6 billion");
  rev.local_change.clear();
  EXPECT_EQ(render_bullet(rev, "q3"), "q3 revenue $2.6 billion");
  KeyFigure eps;
  eps.metric = "eps";
  eps.qualifier = "adjusted";
  eps.value = "$2.10";
  eps.low = "$2.10";
  eps.high = "$2.20";
  eps.guidance = true;
  eps.period = "full year";
  EXPECT_EQ(render_bullet(eps, "q3"), "sees fy adjusted earnings per share $2.10 to $2.20");
  eps.guidance = false;
  eps.period = "second quarter";
  EXPECT_EQ(render_bullet(eps, "q3"), "q2 adjusted earnings per share $2.10");
  eps.loss = true;
  eps.qualifier.clear();
  eps.period.clear();
  EXPECT_EQ(render_bullet(eps, "q3"), "q3 loss per share $2.10");
  eps.guidance = true;
  eps.loss = false;
  eps.period = "2022";
  EXPECT_EQ(render_bullet(eps, "q3"), "sees fy 2022 earnings per share $2.10 to $2.20");
}

TEST(FigureBullets, PicksHeadlineFiguresInReferenceOrder) {
  const auto b = figure_bullets(kDoc, 3);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].text, "q1 non-gaap earnings per share $1.37");
  EXPECT_EQ(b[0].source, kDoc[2]);
  EXPECT_EQ(b[0].index, 2u);
  // "increased by $9 million" is a change, not revenue: the level is chosen.
  EXPECT_EQ(b[1].text, "q1 revenue rose 9.4 percent to $356.8 million");
  EXPECT_EQ(b[2].text, "sees fy revenue $1.410 billion to $1.460 billion");
  EXPECT_EQ(figure_bullets(kDoc, 1).size(), 1u);
  EXPECT_TRUE(figure_bullets(kDoc, 0).empty());
  for (const auto& x : b) expect_numbers_copied(x.text, x.source);
}

TEST(FigureBullets, HeadlineRestatesTheFirstActualPerShareBullet) {
  const auto b = figure_bullets(kDoc, 3);
  const auto h = headline(b, "ACME");
  EXPECT_EQ(h.text, "ACME reports q1 non-gaap earnings per share of $1.37");
  EXPECT_EQ(h.source, kDoc[2]);
  // Revenue and guidance alone make no headline.
  const std::vector<FigureBullet> no_eps(b.begin() + 1, b.end());
  EXPECT_TRUE(headline(no_eps, "ACME").text.empty());
  auto options = figure_summary_options();
  options.headline_subject = "ACME";
  const auto s = summarize_sentences(kDoc, options);
  ASSERT_EQ(s.sentences.size(), figure_bullets(kDoc, options.max_figure_bullets).size() + 1);
  EXPECT_EQ(s.sentences[0].text, h.text);
  EXPECT_EQ(s.sentences[0].source, kDoc[2]);
}

TEST(FigureBullets, EpsFromContinuingOperationsKeepsItsScope) {
  KeyFigure eps;
  eps.metric = "eps";
  eps.value = "$0.87";
  eps.qualifier = "adjusted";
  eps.sentence = "Adjusted diluted net earnings per share from continuing operations were $0.87.";
  EXPECT_EQ(render_bullet(eps, "q3"),
            "q3 adjusted earnings per share $0.87 from continuing operations");
  const FigureBullet b{render_bullet(eps, "q3"), eps.sentence, 0, 0.9, "0epsa", eps.value};
  EXPECT_EQ(headline({b}, "ACME").text,
            "ACME reports q3 adjusted earnings per share of $0.87 from continuing operations");
}

TEST(FigureBullets, RevenueGrowthGuidanceAsAPercentRange) {
  const auto f = extract_key_figures(
      std::vector<std::string>{"For the full year 2022, we expect net sales to be up 8% to 10%.",
                               "We expect first quarter revenue to decline 14 to 17 percent.",
                               "Sales grew 12% to $3.4 billion."});
  std::vector<std::string> bullets;
  for (const auto& k : f) {
    if (k.metric == "revenue growth") bullets.push_back(render_bullet(k, "q4"));
  }
  EXPECT_EQ(bullets, (std::vector<std::string>{"sees fy 2022 sales up 8 to 10 percent",
                                               "sees q1 revenue down 14 to 17 percent"}))
      << "an actual's growth is no guidance";
}

TEST(FigureBullets, EpsNamedAfterItsFigure) {
  const auto f = extract_key_figures(std::vector<std::string>{
      "We reported third quarter 2021 earnings of $1.65 per share.",
      "We expect 2021 diluted earnings to be in the range of $3.65 to $3.85 per share."});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].metric, "eps");
  EXPECT_EQ(f[0].value, "$1.65");
  EXPECT_TRUE(f[1].guidance);
  EXPECT_EQ(f[1].low, "$3.65");
  EXPECT_EQ(f[1].high, "$3.85");
}

TEST(FigureBullets, SummaryPutsBulletsFirstAndKeepsSources) {
  const auto s = summarize_sentences(kDoc, figure_summary_options());
  ASSERT_GE(s.sentences.size(), 3u);
  EXPECT_EQ(s.sentences[0].text, "q1 non-gaap earnings per share $1.37");
  for (const auto& x : s.sentences) {
    ASSERT_LT(x.index, kDoc.size());
    EXPECT_EQ(x.source, kDoc[x.index]);
  }
  // With headline figures the bullets are the summary; without, one key point stands in.
  EXPECT_EQ(s.sentences.size(), figure_bullets(kDoc, 5).size());
  const std::vector<std::string> no_figures = {"Good morning and welcome.",
                                               "Our stores opened 12 new locations this year.",
                                               "Thank you all."};
  const auto k = summarize_sentences(no_figures, figure_summary_options());
  ASSERT_EQ(k.sentences.size(), 1u);
  EXPECT_EQ(k.sentences[0].source, no_figures[1]);
}

TEST(FigureBullets, EctsumBulletNumbersAppearInTheDocumentWhenPresent) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(FINCHAT_SHARED_DIR) / "data/ectsum/val/ects";
  if (!fs::exists(dir)) GTEST_SKIP() << "no " << dir;
  std::vector<fs::path> files(fs::directory_iterator(dir), fs::directory_iterator{});
  std::sort(files.begin(), files.end());
  files.resize(std::min<size_t>(files.size(), 60));
  size_t bullets = 0;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::vector<std::string> sentences;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) sentences.push_back(line);
    }
    for (const auto& b : figure_bullets(sentences, 3)) {
      ++bullets;
      ASSERT_LT(b.index, sentences.size());
      EXPECT_EQ(b.source, sentences[b.index]);
      expect_numbers_copied(b.text, b.source);
    }
  }
  EXPECT_GE(bullets, files.size());  // most transcripts state headline figures
}

}  // namespace
}  // namespace finchat::documents
