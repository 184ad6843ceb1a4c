#pragma once
// A dates x assets matrix of daily closes; NaN marks a missing price (not yet listed).
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace finchat::portfolio {

struct PriceMatrix {
  std::vector<std::string> dates;    // ISO "YYYY-MM-DD", ascending
  std::vector<std::string> tickers;  // one per column
  Eigen::MatrixXd values;            // rows = dates, cols = tickers, NaN = missing

  Eigen::Index rows() const { return values.rows(); }
  Eigen::Index cols() const { return values.cols(); }
  // The last `count` rows (all rows when count <= 0 or larger than the data).
  PriceMatrix tail(Eigen::Index count) const;
  // Column index of a ticker, or -1.
  Eigen::Index column_of(const std::string& ticker) const;
};

// Parses "date,T1,T2,...\n2020-01-02,1.0,,2.5" (blank or NaN cell = missing; prices must be
// positive).
// Errors name the line and column.
Result<PriceMatrix> parse_price_csv(const std::string& text, const std::string& source = "csv");
Result<PriceMatrix> load_price_csv(const std::string& path);

// Simple returns r_t = P_t / P_{t-1} - 1 (NaN when either price is missing), then rows that
// are entirely NaN are dropped, like pandas pct_change(fill_method=None).dropna(how="all").
PriceMatrix returns_from_prices(const PriceMatrix& prices);

// The last non-missing price of every column (NaN if a column has none).
Eigen::VectorXd latest_prices(const PriceMatrix& prices);

}  // namespace finchat::portfolio
