#include "finance/portfolio/qp_solver.hpp"

#include <gtest/gtest.h>

namespace finchat::portfolio {
namespace {

TEST(QpSolver, UnconstrainedMinimum) {
  QpProblem p{Eigen::Matrix2d{{2, 0}, {0, 4}}, Eigen::Vector2d(-2, -8),
              Eigen::MatrixXd(0, 2),           Eigen::VectorXd(0),
              Eigen::MatrixXd(0, 2),           Eigen::VectorXd(0)};
  auto s = solve_qp(p);
  ASSERT_TRUE(s.ok());
  EXPECT_NEAR(s->x(0), 1.0, 1e-12);
  EXPECT_NEAR(s->x(1), 2.0, 1e-12);
}

TEST(QpSolver, EqualityAndBoundsHandChecked) {
  // min x^2 + y^2 s.t. x + y = 1, x <= 0.2  ->  (0.2, 0.8), multiplier of the bound 1.2.
  QpProblem p{2 * Eigen::Matrix2d::Identity(), Eigen::Vector2d::Zero(),
              Eigen::RowVector2d(1, 1),        Eigen::VectorXd::Ones(1),
              Eigen::RowVector2d(1, 0),        Eigen::VectorXd::Constant(1, 0.2)};
  auto s = solve_qp(p);
  ASSERT_TRUE(s.ok());
  EXPECT_NEAR(s->x(0), 0.2, 1e-12);
  EXPECT_NEAR(s->x(1), 0.8, 1e-12);
  EXPECT_NEAR(s->multipliers_in(0), 1.2, 1e-12);
}

TEST(QpSolver, ReportsInfeasible) {
  QpProblem p{Eigen::Matrix2d::Identity(), Eigen::Vector2d::Zero(),     Eigen::RowVector2d(1, 1),
              Eigen::VectorXd::Ones(1),    Eigen::Matrix2d::Identity(), Eigen::Vector2d(0.2, 0.2)};
  auto s = solve_qp(p);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::invalid_argument);
}

TEST(QpSolver, RejectsMismatchedShapes) {
  QpProblem p{Eigen::Matrix2d::Identity(), Eigen::Vector3d::Zero(), Eigen::MatrixXd(0, 2),
              Eigen::VectorXd(0),          Eigen::MatrixXd(0, 2),   Eigen::VectorXd(0)};
  EXPECT_FALSE(solve_qp(p).ok());
}

// Random problems: the result must satisfy the KKT conditions.
TEST(QpSolver, RandomProblemsSatisfyKkt) {
  std::srand(7);
  for (int trial = 0; trial < 30; ++trial) {
    const int n = 3 + trial % 12;
    Eigen::MatrixXd a = Eigen::MatrixXd::Random(n + 3, n);
    QpProblem p;
    p.P = a.transpose() * a + 0.1 * Eigen::MatrixXd::Identity(n, n);
    p.q = Eigen::VectorXd::Random(n);
    p.A_eq = Eigen::RowVectorXd::Ones(n);
    p.b_eq = Eigen::VectorXd::Ones(1);
    p.G.resize(2 * n, n);
    p.G << -Eigen::MatrixXd::Identity(n, n), Eigen::MatrixXd::Identity(n, n);
    p.h.resize(2 * n);
    p.h << Eigen::VectorXd::Zero(n), Eigen::VectorXd::Constant(n, 0.4);
    auto s = solve_qp(p);
    ASSERT_TRUE(s.ok()) << s.error().message;
    const Eigen::VectorXd& x = s->x;
    EXPECT_NEAR(x.sum(), 1.0, 1e-10);
    EXPECT_GE(x.minCoeff(), -1e-10);
    EXPECT_LE(x.maxCoeff(), 0.4 + 1e-10);
    ASSERT_TRUE((s->multipliers_in.array() >= -1e-12).all());
    // Stationarity: Px + q + G'lambda + 1 nu = 0 for some nu.
    Eigen::VectorXd g = p.P * x + p.q + p.G.transpose() * s->multipliers_in;
    const double nu = -g.mean();
    EXPECT_LT((g.array() + nu).abs().maxCoeff(), 1e-8) << "trial " << trial;
    // Complementary slackness.
    Eigen::VectorXd slack = p.h - p.G * x;
    EXPECT_LT(slack.cwiseProduct(s->multipliers_in).cwiseAbs().maxCoeff(), 1e-9);
  }
}

}  // namespace
}  // namespace finchat::portfolio
