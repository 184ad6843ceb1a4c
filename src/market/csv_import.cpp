#include "market/csv_import.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace finchat::market {

namespace {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted) {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

std::string normalize_header(std::string h) {
  const auto dot = h.rfind('.');
  if (dot != std::string::npos) h = h.substr(dot + 1);
  std::string out;
  for (char c : h) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (out == "adjclose" || out == "adjusted" || out == "adjustedclose") return "adj";
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) lines.push_back(line);
  return lines;
}

bool parse_number(const std::string& s, double& out) {
  const char* b = s.data();
  const char* e = b + s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(*b))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(e[-1]))) --e;
  auto [end, ec] = std::from_chars(b, e, out);
  return ec == std::errc{} && end == e && b != e && std::isfinite(out);
}

Error at(const std::string& name, std::size_t line, const std::string& field,
         const std::string& what) {
  return Error::invalid(name + ":" + std::to_string(line) + ": " + what, field);
}

}  // namespace

Result<std::vector<Bar>> parse_ohlcv_csv(const std::string& text, const MarketCalendar& calendar,
                                         CsvImportOptions options, const std::string& name) {
  const auto lines = lines_of(text);
  if (lines.empty()) return Error::invalid(name + ": empty file", "header");
  std::map<std::string, std::size_t> col;
  const auto header = split_csv_line(lines[0]);
  for (std::size_t i = 0; i < header.size(); ++i) col.emplace(normalize_header(header[i]), i);
  for (const char* required : {"date", "open", "high", "low", "close", "volume"}) {
    if (!col.count(required)) {
      return Error::invalid(name + ": missing column '" + required + "'", required);
    }
  }
  const bool has_adj = col.count("adj") > 0;
  std::vector<Bar> bars;
  for (std::size_t ln = 1; ln < lines.size(); ++ln) {
    if (lines[ln].find_first_not_of(" \r") == std::string::npos) continue;
    const auto cells = split_csv_line(lines[ln]);
    auto cell = [&](const char* key) -> const std::string& {
      static const std::string kEmpty;
      const std::size_t i = col.at(key);
      return i < cells.size() ? cells[i] : kEmpty;
    };
    auto day = parse_date(cell("date").substr(0, 10));
    if (!day) return at(name, ln + 1, "date", "bad date '" + cell("date") + "'");
    double v[5], adj = 0;
    const char* keys[5] = {"open", "high", "low", "close", "volume"};
    for (int k = 0; k < 5; ++k) {
      if (!parse_number(cell(keys[k]), v[k])) {
        return at(name, ln + 1, keys[k],
                  std::string("bad ") + keys[k] + " '" + cell(keys[k]) + "'");
      }
    }
    if (v[0] <= 0 || v[1] <= 0 || v[2] <= 0 || v[3] <= 0 || v[4] < 0) {
      return at(name, ln + 1, "close", "prices must be positive and volume non-negative");
    }
    if (v[1] < std::max({v[0], v[2], v[3]}) * (1 - 1e-9) ||
        v[2] > std::min({v[0], v[1], v[3]}) * (1 + 1e-9)) {
      return at(name, ln + 1, "high", "high/low do not bound open/close");
    }
    double ratio = 1.0;
    if (has_adj && options.adjust) {
      if (!parse_number(cell("adj"), adj) || adj <= 0) {
        return at(name, ln + 1, "adj_close", "bad adjusted close '" + cell("adj") + "'");
      }
      ratio = adj / v[3];
    }
    Bar b;
    b.session = *day;
    b.start_ms = calendar.day_start_ms(*day);
    b.open = v[0] * ratio;
    b.high = v[1] * ratio;
    b.low = v[2] * ratio;
    b.close = v[3] * ratio;
    b.volume = v[4] / ratio;
    bars.push_back(b);
  }
  std::stable_sort(bars.begin(), bars.end(),
                   [](const Bar& a, const Bar& b) { return a.session < b.session; });
  for (std::size_t i = 1; i < bars.size(); ++i) {
    if (bars[i].session == bars[i - 1].session) {
      return Error::invalid(name + ": duplicate date " + format_date(bars[i].session), "date");
    }
  }
  return bars;
}

Result<std::vector<Bar>> load_ohlcv_csv(const std::string& path, const MarketCalendar& calendar,
                                        CsvImportOptions options) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse_ohlcv_csv(*text, calendar, options, path);
}

Result<CloseMatrix> parse_close_matrix(const std::string& text, const std::string& name) {
  const auto lines = lines_of(text);
  if (lines.empty()) return Error::invalid(name + ": empty file", "header");
  const auto header = split_csv_line(lines[0]);
  std::size_t date_col = header.size();
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (normalize_header(header[i]) == "date") date_col = i;
  }
  if (date_col == header.size()) return Error::invalid(name + ": missing column 'Date'", "date");
  CloseMatrix m;
  std::vector<std::vector<double>*> cols(header.size(), nullptr);
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i != date_col) cols[i] = &m.closes[header[i]];
  }
  std::vector<std::pair<int64_t, std::vector<double>>> rows;
  for (std::size_t ln = 1; ln < lines.size(); ++ln) {
    if (lines[ln].find_first_not_of(" \r") == std::string::npos) continue;
    const auto cells = split_csv_line(lines[ln]);
    if (cells.size() != header.size()) {
      return at(name, ln + 1, "row", "expected " + std::to_string(header.size()) + " cells");
    }
    auto day = parse_date(cells[date_col].substr(0, 10));
    if (!day) return at(name, ln + 1, "date", "bad date '" + cells[date_col] + "'");
    std::vector<double> values(header.size(), 0.0);
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (i == date_col) continue;
      if (!parse_number(cells[i], values[i]) || values[i] <= 0) {
        return at(name, ln + 1, header[i], "bad close '" + cells[i] + "'");
      }
    }
    rows.emplace_back(*day, std::move(values));
  }
  std::stable_sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.first < b.first; });
  for (auto& [day, values] : rows) {
    m.days.push_back(day);
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (cols[i]) cols[i]->push_back(values[i]);
    }
  }
  return m;
}

Result<CloseMatrix> load_close_matrix(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse_close_matrix(*text, path);
}

std::vector<Bar> CloseMatrix::bars(const std::string& symbol,
                                   const MarketCalendar& calendar) const {
  std::vector<Bar> out;
  auto it = closes.find(symbol);
  if (it == closes.end()) return out;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const double c = it->second[i];
    out.push_back(Bar{calendar.day_start_ms(days[i]), days[i], c, c, c, c, 0, 0});
  }
  return out;
}

}  // namespace finchat::market
