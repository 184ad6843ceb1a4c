#pragma once
// Hierarchical risk parity (Lopez de Prado): cluster on correlation distance, order the
// assets by the dendrogram, then split weight by inverse cluster variance.
#include <Eigen/Dense>
#include <vector>

#include "core/result.hpp"

namespace finchat::portfolio {

enum class Linkage { single, complete, average, ward };

struct LinkageStep {       // one merge, SciPy layout: ids < n are assets, n + k is step k
  Eigen::Index left = 0;   // smaller id
  Eigen::Index right = 0;  // larger id
  double distance = 0;
  Eigen::Index size = 0;
};

// Agglomerative clustering of a condensed-free symmetric distance matrix.
std::vector<LinkageStep> hierarchical_linkage(const Eigen::MatrixXd& distance, Linkage method);
// Leaf order of the dendrogram, left subtree first (SciPy to_tree().pre_order()).
std::vector<Eigen::Index> quasi_diagonal_order(const std::vector<LinkageStep>& steps,
                                               Eigen::Index n);

// Variance of the inverse-variance portfolio of `members` under `cov`.
double cluster_variance(const Eigen::MatrixXd& cov, const std::vector<Eigen::Index>& members);

struct HrpResult {
  Eigen::VectorXd weights;
  std::vector<Eigen::Index> order;
  std::vector<LinkageStep> linkage;
};

// Distance sqrt(clip((1 - corr) / 2, 0, 1)); recursive bisection of the ordered assets.
Result<HrpResult> hierarchical_risk_parity(const Eigen::MatrixXd& cov, const Eigen::MatrixXd& corr,
                                           Linkage method = Linkage::single);

// HRP when only a covariance is known: correlation from it, rounded to 6 decimals the way
// PyPortfolioOpt does (the rounding can change which pairs tie and so the tree).
Result<HrpResult> hrp_from_covariance(const Eigen::MatrixXd& cov, Linkage method = Linkage::single);

}  // namespace finchat::portfolio
