#pragma once
// Refits the bullet scorer (bullet_scorer.hpp) from an ECTSum split, so its weights are
// reproducible from the repo: every figure_candidates() candidate of every transcript, labelled 1
// when a line of the reference summary states the candidate's figure together with its metric,
// then L2-regularised logistic regression. Used only offline (`documents_cli fit bullets DIR`);
// the product needs no data set.
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace finchat::documents {

struct BulletExample {
  std::string document;  // transcript file name
  std::string slot;      // bullet_slot()
  std::string value;     // the figure as written ("$356.8 million")
  std::vector<double> features;
  int label = 0;
};

// The labelling rule: some reference line states the number of `value` (digits, '.' and ',';
// not inside a longer number) and a word for the slot's metric ("share" for EPS, "revenue" or
// "sales" for revenue). `reference` holds the summary's non-blank lines.
bool reference_states(const std::vector<std::string>& reference, const std::string& value,
                      const std::string& slot);

// Candidates and labels of every transcript in DIR (ects/*.txt with gt_summaries/*.txt), in
// file-name order.
Result<std::vector<BulletExample>> bullet_examples(const std::string& dir);

struct BulletModel {
  std::vector<double> weights;
  double bias = 0;
};

// Minimises mean log loss + l2/2 * |weights|^2 (bias not penalised), by Newton's method.
BulletModel fit_bullet_model(const std::vector<BulletExample>& examples, double l2 = 1e-3);

double mean_log_loss(const std::vector<BulletExample>& examples, const BulletModel& model);

// `kBias` / `kWeights` as C++ ready to paste into bullet_scorer.cpp.
std::string cpp_initializer(const BulletModel& model);

// `fit bullets DIR [--l2 X]`: held-out log loss (every 5th document held out, models fitted on
// the rest) and the weights fitted on all documents.
int run_fit_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace finchat::documents
