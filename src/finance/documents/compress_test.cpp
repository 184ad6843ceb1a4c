#include "finance/documents/compress.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "finance/documents/salience.hpp"
#include "finance/documents/summarize.hpp"

namespace finchat::documents {
namespace {

// True when every word of `part` occurs in `whole` in the same order (deletion only).
bool is_subsequence_of_words(const std::string& part, const std::string& whole) {
  auto words = [](const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '$' || c == '%' || c == '.') {
        cur += char(std::tolower(static_cast<unsigned char>(c)));
      } else if (!cur.empty()) {
        out.push_back(cur);
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(cur);
    for (auto& w : out) {
      while (!w.empty() && w.back() == '.') w.pop_back();
    }
    return out;
  };
  const auto p = words(part), w = words(whole);
  size_t j = 0;
  for (const auto& x : p) {
    while (j < w.size() && w[j] != x) ++j;
    if (j == w.size()) return false;
    ++j;
  }
  return true;
}

TEST(Compress, ClausesJoinBackToTheSentence) {
  const std::string s = "Revenue was $1,525 million, up 23%; margins improved - a record: yes.";
  const auto c = split_clauses(s);
  ASSERT_EQ(c.size(), 5u);
  std::string joined;
  for (const auto& x : c) joined += x;
  EXPECT_EQ(joined, s);
  EXPECT_EQ(c[0], "Revenue was $1,525 million, ");  // thousands separator is no boundary
}

TEST(Compress, FiguresSkipYearsAndLabels) {
  const auto f = figures("In Q3 2021 revenue rose 9.4% to $356.8 million and EPS was $1.37.");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0], "9.4%");
  EXPECT_EQ(f[1], "$356.8 million");
  EXPECT_EQ(f[2], "$1.37");
  EXPECT_EQ(figures("Sales grew 12 percent.")[0], "12%");
}

TEST(Compress, DropsPaddingAndTrailingExplanation) {
  EXPECT_EQ(compress_sentence("So, I'm pleased to report that revenue for the second quarter was "
                              "$1.525 billion, reflecting strong demand across our regions."),
            "Revenue for the second quarter was $1.525 billion.");
  const std::string eps =
      "As you can see on the slide, earnings per share were $2.53, an increase of 37.5% from "
      "$1.84, driven by pricing.";
  EXPECT_EQ(compress_sentence(eps),
            "Earnings per share were $2.53, an increase of 37.5% from $1.84.");
  CompressOptions one;
  one.max_figure_clauses = 1;
  EXPECT_EQ(compress_sentence(eps, one), "Earnings per share were $2.53.");
}

TEST(Compress, KeepsPeriodAnchorsAndSentencesWithoutFigures) {
  // The lead clause names the period the figure belongs to: never dropped.
  EXPECT_EQ(compress_sentence("For the full year, we expect revenue of $1.7 billion to $1.8 "
                              "billion, given the trends we see."),
            "For the full year, we expect revenue of $1.7 billion to $1.8 billion.");
  EXPECT_EQ(compress_sentence("And we remain confident in our strategy"),
            "We remain confident in our strategy.");
}

TEST(Compress, OnlyDeletesWords) {
  const std::vector<std::string> samples = {
      ("Well, as I mentioned, diluted EPS of $0.76 beat our outlook, which is great, and sales "
       "rose "
       "4% to $2.6 billion, while costs fell."),
      "We'd like to point out that Q2 adjusted EBITDA was $318 million - up 21% - on volume.",
      "Our board approved a dividend of $0.25 per share, payable in June, to holders of record."};
  for (const auto& s : samples) {
    const auto c = compress_sentence(s);
    EXPECT_TRUE(is_subsequence_of_words(c, s)) << c;
    for (const auto& f : figures(c)) EXPECT_NE(s.find(f.substr(f[0] == '$')), std::string::npos);
    EXPECT_LT(c.size(), s.size());
  }
}

TEST(Salience, HeadlineFiguresOutrankColour) {
  const double eps = key_point_score(
      "Adjusted diluted earnings per share were $1.37, compared "
      "to $0.98 in the first quarter of last year.");
  const double guidance = key_point_score(
      "For the full year, we now expect revenue in the range of $1.410 billion to $1.460 "
      "billion.");
  const double colour =
      key_point_score("Our teams in the field are energized and engaged, and I thank them.");
  const double question = key_point_score("What was the revenue growth in the quarter?");
  EXPECT_GT(eps, colour + 2);
  EXPECT_GT(guidance, colour + 2);
  EXPECT_LT(question, key_point_score("Revenue growth in the quarter was 4%."));
  EXPECT_LT(key_point_score("These forward-looking statements involve risks, and $1 is $1."),
            key_point_score("Revenue was $1 billion."));
}

TEST(KeyPoints, ChoosesFiguresCompressesAndDedupes) {
  const std::vector<std::string> doc = {
      "Good morning, everyone, and thank you for joining us.",
      ("I'm pleased to report that first quarter revenue rose 9.4% to $356.8 million, driven by "
       "strong demand."),
      "Our people are proud of the culture we have built together.",
      "Non-GAAP earnings per share were $1.37, up from $0.87.",
      "To repeat, revenue rose 9.4% to $356.8 million.",
      ("For the full year, we now expect revenue of $1.410 billion to $1.460 billion, reflecting "
       "our confidence."),
      "We will now open the line for questions."};
  const auto s = summarize_sentences(doc, key_point_options());
  ASSERT_EQ(s.sentences.size(), 3u);
  EXPECT_EQ(s.sentences[0].index, 1u);
  EXPECT_EQ(s.sentences[0].text, "First quarter revenue rose 9.4% to $356.8 million.");
  EXPECT_EQ(s.sentences[0].source, doc[1]);
  EXPECT_EQ(s.sentences[1].index, 3u);
  EXPECT_EQ(s.sentences[2].index, 5u);  // sentence 4 repeats figures already chosen
  EXPECT_EQ(s.sentences[2].text,
            "For the full year, we now expect revenue of $1.410 billion to $1.460 billion.");
  SummaryOptions no_dedupe = key_point_options();
  no_dedupe.dedupe_figures = false;
  no_dedupe.sentences = 4;
  bool repeated = false;
  for (const auto& x : summarize_sentences(doc, no_dedupe).sentences) repeated |= x.index == 4;
  EXPECT_TRUE(repeated);
}

}  // namespace
}  // namespace finchat::documents

namespace finchat::documents {
namespace {

TEST(KeyPoints, RestatedFiguresAreSkipped) {
  // Each restates two of the other's three figures: only one may be kept.
  const std::vector<std::string> doc = {
      ("Adjusted diluted earnings per share of $3.40 increased 15.3% from last year and 56.7% from "
       "2019."),
      "Our adjusted diluted earnings per share increased 15.3% to $3.40 compared to $2.95.",
      "We expect full year net sales in the range of $10.6 billion to $10.8 billion."};
  SummaryOptions o = key_point_options();
  o.sentences = 3;
  std::vector<size_t> chosen;
  for (const auto& s : summarize_sentences(doc, o).sentences) chosen.push_back(s.index);
  ASSERT_EQ(chosen.size(), 2u);
  EXPECT_LE(chosen[0], 1u);
  EXPECT_EQ(chosen[1], 2u);
}

TEST(KeyPoints, EctsumSummariesStayFaithfulWhenPresent) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(FINCHAT_SHARED_DIR) / "data/ectsum/val/ects";
  if (!fs::exists(dir)) GTEST_SKIP() << "no " << dir;
  std::vector<fs::path> files(fs::directory_iterator(dir), fs::directory_iterator{});
  std::sort(files.begin(), files.end());
  files.resize(std::min<size_t>(files.size(), 40));
  size_t units = 0;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::vector<std::string> sentences;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) sentences.push_back(line);
    }
    for (const auto& s : summarize_sentences(sentences, key_point_options()).sentences) {
      ++units;
      ASSERT_LT(s.index, sentences.size());
      EXPECT_EQ(s.source, sentences[s.index]);
      EXPECT_TRUE(is_subsequence_of_words(s.text, s.source)) << s.text << "\n" << s.source;
      for (const auto& fig : figures(s.text)) {
        std::string number;  // "$356.8 million" -> "356.8"
        for (char c : fig) {
          if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',') number += c;
          if (c == ' ') break;
        }
        EXPECT_NE(s.source.find(number), std::string::npos) << fig << " not in " << s.source;
      }
    }
  }
  EXPECT_GE(units, files.size() * 2);
}

}  // namespace
}  // namespace finchat::documents
