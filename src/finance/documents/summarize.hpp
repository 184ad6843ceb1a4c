#pragma once
// Faithful extractive summarization: TextRank centrality over TF-IDF sentence similarity,
// finance features (numbers, guidance, change language), MMR redundancy removal.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "finance/documents/compress.hpp"

namespace finchat::documents {

struct SummaryOptions {
  std::size_t sentences = 3;     // used when ratio == 0 (3 tuned on ECTSum train)
  double ratio = 0;              // fraction of sentences to keep (0 = use `sentences`)
  double mmr_lambda = 0.9;       // relevance vs. novelty
  double finance_weight = 0.95;  // share of the finance-feature score in relevance
  double damping = 0.85;
  double position_weight = 0;    // bonus for early sentences (prepared remarks come first)
  std::size_t word_budget = 0;   // > 0: add sentences until this many words (overrides counts)
  double number_bonus = 0.05;    // relevance added per numeric figure (up to 4); tuned on train
  std::size_t ideal_words = 25;  // > 0: longer sentences lose relevance ~ sqrt(ideal / words)
  std::size_t section_sentences = 150;  // long documents are ranked section by section
  // Key-point mode: each chosen sentence is cut to the clause(s) carrying its figures
  // (compress.hpp, deletion only), and lengths/budgets count the compressed words.
  bool compress = false;
  CompressOptions compression;
  // Skip a sentence at least half of whose figures ($1.2 billion, 12%) were already chosen.
  bool dedupe_figures = false;
  // > 0: up to this many key-figure bullets (figure_bullets.hpp) come first, and key points
  // that only repeat their figures are skipped. Bullets are rendered, not copied; their
  // `source` is the sentence their figures come from.
  std::size_t max_figure_bullets = 0;
  // Non-empty: a headline naming this subject comes first ("ACME reports q3 adjusted earnings
  // per share of $3.21", figure_bullets.hpp headline()) when a bullet states actual EPS.
  std::string headline_subject;
  // With bullets, `sentences` counts bullets and key points together; at least this many key
  // points are kept.
  std::size_t min_key_points = 1;
  // Relevance from key_point_score (salience.hpp) instead of finance_score.
  bool key_point_scoring = false;
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct ScoredSentence {
  std::size_t index = 0;  // position in the document
  std::string text;       // the sentence, or its compression in key-point mode
  std::string source;     // the sentence as written in the document
  double score = 0;
};

struct Summary {
  std::vector<ScoredSentence> sentences;  // figure bullets (if any), then document order
  std::string text() const;               // sentences joined by newlines
};

// The key-point configuration tuned on the ECTSum train split (README): salience scoring,
// compression to figure-bearing clauses, figure dedupe, 3 units.
SummaryOptions key_point_options();

// The ECTSum-style summary tuned on the train split (README): up to 5 key-figure bullets
// (figure_bullets.hpp); one compressed key point only when the document has no headline figure.
SummaryOptions figure_summary_options();

// Finance salience of one sentence in [0, 1]: numbers, %, guidance and change words.
double finance_score(const std::string& sentence);
Summary summarize_sentences(const std::vector<std::string>& sentences,
                            const SummaryOptions& options = {});
Summary summarize(const std::string& text, const SummaryOptions& options = {});

}  // namespace finchat::documents
