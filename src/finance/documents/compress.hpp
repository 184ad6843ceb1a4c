#pragma once
// Sentence compression for key-point summaries: keeps the clause(s) that carry a figure and
// deletes spoken-language padding ("I'm pleased to report that", "So,", trailing "driven by ..."
// explanations). Compression only deletes: every kept word, and so every number, is copied
// from the source sentence.
#include <string>
#include <vector>

namespace finchat::documents {

struct CompressOptions {
  // Clauses after the last figure-bearing clause are dropped; so are leading clauses without a
  // figure, a period ("first quarter", "fiscal 2024") or a metric word, of at most this many
  // words (asides such as "As you can see on slide 5,").
  std::size_t max_lead_words = 8;
  // At most this many figure-bearing clauses are kept (0 = all).
  std::size_t max_figure_clauses = 2;
};

// Clauses of a sentence split at ", ", "; ", ": " and dashes; separators stay with the clause
// they end so that joining the clauses gives the sentence back.
std::vector<std::string> split_clauses(const std::string& sentence);

// Numeric figures of a text as written ("$1.2 billion", "12%", "$0.76"); years are skipped.
std::vector<std::string> figures(const std::string& text);

// The compressed sentence; the sentence itself when no safe compression exists.
std::string compress_sentence(const std::string& sentence, const CompressOptions& options = {});

}  // namespace finchat::documents
