#pragma once
// ROUGE-1/2/L F1 (Lin 2004), our own implementation; optional Porter2 stemming.
#include <string>
#include <vector>

namespace finchat::documents {

struct RougeScore {
  double precision = 0, recall = 0, f1 = 0;
};
struct RougeResult {
  RougeScore rouge1, rouge2, rougeL;
};

// Lowercase alphanumeric tokens (as the reference scorer does), optionally stemmed.
std::vector<std::string> rouge_tokens(const std::string& text, bool stem);
RougeScore rouge_n(const std::vector<std::string>& candidate,
                   const std::vector<std::string>& reference, int n);
// Summary-level: LCS over the whole token sequences (newlines ignored).
RougeScore rouge_l(const std::vector<std::string>& candidate,
                   const std::vector<std::string>& reference);
RougeResult rouge(const std::string& candidate, const std::string& reference, bool stem = true);

}  // namespace finchat::documents
