#pragma once
// Top-k selection with a bounded heap; ties go to the smaller id so results are deterministic.
#include <algorithm>
#include <cstdint>
#include <queue>
#include <vector>

namespace finchat::retrieval {

struct ScoredId {
  uint32_t id = 0;
  double score = 0;
};

class TopK {
 public:
  explicit TopK(size_t k) : k_(k), heap_(better) {}

  void push(uint32_t id, double score) {
    if (k_ == 0) return;
    const ScoredId cand{id, score};
    if (heap_.size() < k_) {
      heap_.push(cand);
    } else if (better(cand, heap_.top())) {
      heap_.pop();
      heap_.push(cand);
    }
  }

  // Best first; empties the selector.
  std::vector<ScoredId> take() {
    std::vector<ScoredId> out;
    out.reserve(heap_.size());
    while (!heap_.empty()) {
      out.push_back(heap_.top());
      heap_.pop();
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

 private:
  // Used as the heap order, so the root is the weakest of the best k kept so far.
  static bool better(const ScoredId& a, const ScoredId& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  }
  size_t k_;
  std::priority_queue<ScoredId, std::vector<ScoredId>, bool (*)(const ScoredId&, const ScoredId&)>
      heap_;
};

}  // namespace finchat::retrieval
