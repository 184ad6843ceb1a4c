#include "finance/portfolio/price_matrix.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace finchat::portfolio {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (char c : line) {
    if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell.push_back(c);
    }
  }
  cells.push_back(cell);
  return cells;
}

bool parse_cell(const std::string& cell, double& out) {
  if (cell.empty() || cell == "NaN" || cell == "nan" || cell == "NA") {
    out = kNaN;
    return true;
  }
  const char* end = cell.data() + cell.size();
  auto [ptr, ec] = std::from_chars(cell.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out) && out > 0;  // closes are > 0
}

}  // namespace

PriceMatrix PriceMatrix::tail(Eigen::Index count) const {
  if (count <= 0 || count >= rows()) return *this;
  PriceMatrix out;
  out.tickers = tickers;
  out.dates.assign(dates.end() - count, dates.end());
  out.values = values.bottomRows(count);
  return out;
}

Eigen::Index PriceMatrix::column_of(const std::string& ticker) const {
  for (size_t i = 0; i < tickers.size(); ++i) {
    if (tickers[i] == ticker) return static_cast<Eigen::Index>(i);
  }
  return -1;
}

Result<PriceMatrix> parse_price_csv(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line)) return Error::invalid(source + ": empty file", "header");
  auto header = split_csv_line(line);
  if (header.size() < 2) return Error::invalid(source + ":1: need a date and a ticker", "header");
  PriceMatrix out;
  out.tickers.assign(header.begin() + 1, header.end());
  std::vector<std::vector<double>> rows;
  size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    auto cells = split_csv_line(line);
    if (cells.size() != header.size()) {
      return Error::invalid(source + ":" + std::to_string(line_no) + ": expected " +
                                std::to_string(header.size()) + " cells, got " +
                                std::to_string(cells.size()),
                            "line " + std::to_string(line_no));
    }
    if (!out.dates.empty() && cells[0] <= out.dates.back()) {
      return Error::invalid(source + ":" + std::to_string(line_no) + ": dates must ascend", "date");
    }
    std::vector<double> row(cells.size() - 1);
    for (size_t c = 1; c < cells.size(); ++c) {
      if (!parse_cell(cells[c], row[c - 1])) {
        return Error::invalid(source + ":" + std::to_string(line_no) + ": bad price '" + cells[c] +
                                  "' for " + header[c],
                              header[c]);
      }
    }
    out.dates.push_back(cells[0]);
    rows.push_back(std::move(row));
  }
  out.values.resize(static_cast<Eigen::Index>(rows.size()),
                    static_cast<Eigen::Index>(out.tickers.size()));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      out.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[r][c];
    }
  }
  return out;
}

Result<PriceMatrix> load_price_csv(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error::not_found("cannot open " + path);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return parse_price_csv(buffer.str(), path);
}

PriceMatrix returns_from_prices(const PriceMatrix& prices) {
  PriceMatrix out;
  out.tickers = prices.tickers;
  const Eigen::Index n = prices.cols();
  std::vector<Eigen::Index> kept;
  Eigen::MatrixXd all(std::max<Eigen::Index>(prices.rows() - 1, 0), n);
  for (Eigen::Index t = 1; t < prices.rows(); ++t) {
    bool any = false;
    for (Eigen::Index j = 0; j < n; ++j) {
      double r = prices.values(t, j) / prices.values(t - 1, j) - 1.0;  // NaN propagates
      all(t - 1, j) = r;
      any = any || !std::isnan(r);
    }
    if (any) kept.push_back(t - 1);
  }
  out.values.resize(static_cast<Eigen::Index>(kept.size()), n);
  for (size_t k = 0; k < kept.size(); ++k) {
    out.values.row(static_cast<Eigen::Index>(k)) = all.row(kept[k]);
    out.dates.push_back(prices.dates[static_cast<size_t>(kept[k]) + 1]);
  }
  return out;
}

Eigen::VectorXd latest_prices(const PriceMatrix& prices) {
  Eigen::VectorXd out = Eigen::VectorXd::Constant(prices.cols(), kNaN);
  for (Eigen::Index j = 0; j < prices.cols(); ++j) {
    for (Eigen::Index t = prices.rows() - 1; t >= 0; --t) {
      if (!std::isnan(prices.values(t, j))) {
        out(j) = prices.values(t, j);
        break;
      }
    }
  }
  return out;
}

}  // namespace finchat::portfolio
