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
  if (out == "dividends" || out == "div") return "dividend";
  if (out == "splits" || out == "splitratio" || out == "stocksplits") return "split";
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

// A split cell: empty, "0" or "1" = none; "2" or "2:1" or "2/1" = 2-for-1; "1:10" = reverse.
bool parse_split(const std::string& s, double& out) {
  out = 1.0;
  if (s.find_first_not_of(' ') == std::string::npos) return true;
  const auto sep = s.find_first_of(":/");
  if (sep == std::string::npos) {
    if (!parse_number(s, out) || out < 0) return false;
    if (out == 0) out = 1.0;
    return true;
  }
  double num = 0, den = 0;
  if (!parse_number(s.substr(0, sep), num) || !parse_number(s.substr(sep + 1), den)) return false;
  if (num <= 0 || den <= 0) return false;
  out = num / den;
  return true;
}

struct Action {
  double split = 1.0;
  double dividend = 0.0;
  std::size_t line = 0;
};

// Applies splits and cash dividends to the bars before each ex-date (bars oldest first), so
// the series is continuous: a split of r divides earlier prices by r and multiplies volume; a
// dividend d scales earlier prices by 1 - d / previous close.
Status apply_actions(std::vector<Bar>& bars, const std::vector<Action>& actions,
                     const std::string& name) {
  double factor = 1.0;
  for (std::size_t i = bars.size(); i-- > 0;) {
    const double raw_prev_close = i > 0 ? bars[i - 1].close : 0;
    Bar& b = bars[i];
    b.open *= factor;
    b.high *= factor;
    b.low *= factor;
    b.close *= factor;
    b.volume /= factor;
    const Action& a = actions[i];
    if (a.split != 1.0) factor /= a.split;
    if (a.dividend > 0 && i > 0) {
      if (a.dividend >= raw_prev_close) {
        return at(name, a.line, "dividend", "dividend is not below the previous close");
      }
      factor *= 1.0 - a.dividend / raw_prev_close;
    }
  }
  return {};
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
  const bool has_actions = col.count("split") > 0 || col.count("dividend") > 0;
  if (has_adj && has_actions && options.adjust) {
    return Error::invalid(name + ": use either an adjusted close or split/dividend columns",
                          "adj_close");
  }
  std::vector<std::pair<Bar, Action>> rows;
  for (std::size_t ln = 1; ln < lines.size(); ++ln) {
    if (lines[ln].find_first_not_of(" \r") == std::string::npos) continue;
    const auto cells = split_csv_line(lines[ln]);
    auto cell = [&](const char* key) -> const std::string& {
      static const std::string kEmpty;
      auto it = col.find(key);
      return it != col.end() && it->second < cells.size() ? cells[it->second] : kEmpty;
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
    Action action;
    action.line = ln + 1;
    if (!parse_split(cell("split"), action.split)) {
      return at(name, ln + 1, "split", "bad split '" + cell("split") + "'");
    }
    if (!cell("dividend").empty() &&
        (!parse_number(cell("dividend"), action.dividend) || action.dividend < 0)) {
      return at(name, ln + 1, "dividend", "bad dividend '" + cell("dividend") + "'");
    }
    Bar b;
    b.session = *day;
    b.start_ms = calendar.day_start_ms(*day);
    b.open = v[0] * ratio;
    b.high = v[1] * ratio;
    b.low = v[2] * ratio;
    b.close = v[3] * ratio;
    b.volume = v[4] / ratio;
    rows.emplace_back(b, action);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.first.session < b.first.session; });
  std::vector<Bar> bars;
  std::vector<Action> actions;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0 && rows[i].first.session == rows[i - 1].first.session) {
      return at(name, rows[i].second.line, "date",
                "duplicate date " + format_date(rows[i].first.session));
    }
    bars.push_back(rows[i].first);
    actions.push_back(rows[i].second);
  }
  if (has_actions && options.adjust) {
    if (auto st = apply_actions(bars, actions, name); !st) return st.error();
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
