#include "market/vendor.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "market/calendar.hpp"

namespace finchat::market {

using nlohmann::json;

namespace {

bool num(const json& o, const char* key, double& out) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return false;
  out = it->get<double>();
  return std::isfinite(out);
}

bool str(const json& o, const char* key, std::string& out) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

std::string message_of(const json& o, const char* key) {
  std::string s;
  str(o, key, s);
  return s;
}

void parse_alpaca_item(const json& o, ParsedFrame& f) {
  std::string type, symbol, ts;
  if (!str(o, "T", type)) {
    f.skipped.push_back("alpaca: item without 'T'");
    return;
  }
  if (type == "success") {
    const std::string msg = message_of(o, "msg");
    f.control.push_back({msg == "authenticated" ? "authenticated"
                         : msg == "connected"   ? "connected"
                                                : "status",
                         msg, 0});
    return;
  }
  if (type == "error") {
    double code = 0;
    num(o, "code", code);
    const std::string msg = message_of(o, "msg");
    f.control.push_back({code == 402 ? "auth_failed" : "error", msg, static_cast<int>(code)});
    return;
  }
  if (type == "subscription") {
    f.control.push_back({"subscribed", o.dump(), 0});
    return;
  }
  if (!str(o, "S", symbol) || !str(o, "t", ts)) {
    f.skipped.push_back("alpaca " + type + ": missing 'S' or 't'");
    return;
  }
  auto ms = parse_rfc3339_ms(ts);
  if (!ms) {
    f.skipped.push_back("alpaca " + type + ": bad timestamp '" + ts + "'");
    return;
  }
  if (type == "t") {
    double p = 0, s = 0;
    if (!num(o, "p", p) || !num(o, "s", s)) {
      f.skipped.push_back("alpaca t: missing 'p' or 's'");
      return;
    }
    f.trades.push_back(Tick{symbol, p, s, *ms, 0, "alpaca"});
  } else if (type == "q") {
    Quote q{symbol, 0, 0, 0, 0, *ms, 0, "alpaca"};
    if (!num(o, "bp", q.bid) || !num(o, "ap", q.ask) || !num(o, "bs", q.bid_size) ||
        !num(o, "as", q.ask_size)) {
      f.skipped.push_back("alpaca q: missing bid/ask fields");
      return;
    }
    f.quotes.push_back(q);
  } else if (type == "b" || type == "d" || type == "u") {
    Bar b;
    b.start_ms = *ms;
    double n = 0;
    if (!num(o, "o", b.open) || !num(o, "h", b.high) || !num(o, "l", b.low) ||
        !num(o, "c", b.close) || !num(o, "v", b.volume)) {
      f.skipped.push_back("alpaca bar: missing o/h/l/c/v");
      return;
    }
    if (num(o, "n", n)) b.trades = static_cast<uint32_t>(n);
    f.bars.push_back({symbol, b, "alpaca"});
  } else {
    f.skipped.push_back("alpaca: unhandled type '" + type + "'");
  }
}

void parse_polygon_item(const json& o, ParsedFrame& f) {
  std::string ev, symbol;
  if (!str(o, "ev", ev)) {
    f.skipped.push_back("polygon: item without 'ev'");
    return;
  }
  if (ev == "status") {
    const std::string status = message_of(o, "status");
    const std::string kind = status == "connected"      ? "connected"
                             : status == "auth_success" ? "authenticated"
                             : status == "auth_failed"  ? "auth_failed"
                             : status == "success"      ? "subscribed"
                             : status == "error"        ? "error"
                                                        : "status";
    f.control.push_back({kind, message_of(o, "message"), 0});
    return;
  }
  if (!str(o, "sym", symbol)) {
    f.skipped.push_back("polygon " + ev + ": missing 'sym'");
    return;
  }
  double t = 0, q = 0;
  if (ev == "T") {
    double p = 0, s = 0;
    if (!num(o, "p", p) || !num(o, "s", s) || !num(o, "t", t)) {
      f.skipped.push_back("polygon T: missing 'p', 's' or 't'");
      return;
    }
    num(o, "q", q);
    f.trades.push_back(
        Tick{symbol, p, s, static_cast<int64_t>(t), static_cast<uint64_t>(q), "polygon"});
  } else if (ev == "Q") {
    Quote qt{symbol, 0, 0, 0, 0, 0, 0, "polygon"};
    if (!num(o, "bp", qt.bid) || !num(o, "ap", qt.ask) || !num(o, "t", t)) {
      f.skipped.push_back("polygon Q: missing 'bp', 'ap' or 't'");
      return;
    }
    num(o, "bs", qt.bid_size);
    num(o, "as", qt.ask_size);
    num(o, "q", q);
    qt.ts_ms = static_cast<int64_t>(t);
    qt.sequence = static_cast<uint64_t>(q);
    f.quotes.push_back(qt);
  } else if (ev == "AM" || ev == "A") {
    Bar b;
    double s = 0;
    if (!num(o, "o", b.open) || !num(o, "h", b.high) || !num(o, "l", b.low) ||
        !num(o, "c", b.close) || !num(o, "v", b.volume) || !num(o, "s", s)) {
      f.skipped.push_back("polygon " + ev + ": missing o/h/l/c/v/s");
      return;
    }
    b.start_ms = static_cast<int64_t>(s);
    f.bars.push_back({symbol, b, "polygon"});
  } else {
    f.skipped.push_back("polygon: unhandled ev '" + ev + "'");
  }
}

void parse_finnhub(const json& o, ParsedFrame& f) {
  std::string type;
  if (!str(o, "type", type)) {
    f.skipped.push_back("finnhub: frame without 'type'");
    return;
  }
  if (type == "ping") {
    f.control.push_back({"ping", "", 0});
    return;
  }
  if (type == "error") {
    f.control.push_back({"error", message_of(o, "msg"), 0});
    return;
  }
  if (type != "trade") {
    f.skipped.push_back("finnhub: unhandled type '" + type + "'");
    return;
  }
  auto data = o.find("data");
  if (data == o.end() || !data->is_array()) {
    f.skipped.push_back("finnhub trade: missing 'data' array");
    return;
  }
  for (const auto& d : *data) {
    std::string symbol;
    double p = 0, t = 0, v = 0;
    if (!d.is_object() || !str(d, "s", symbol) || !num(d, "p", p) || !num(d, "t", t) ||
        !num(d, "v", v)) {
      f.skipped.push_back("finnhub trade: item missing s/p/t/v");
      continue;
    }
    f.trades.push_back(Tick{symbol, p, v, static_cast<int64_t>(t), 0, "finnhub"});
  }
}

bool digits(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  auto [end, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return ec == std::errc{} && end == s.data() + pos + len;
}

}  // namespace

const char* to_string(Vendor v) {
  switch (v) {
    case Vendor::alpaca: return "alpaca";
    case Vendor::polygon: return "polygon";
    case Vendor::finnhub: return "finnhub";
  }
  return "?";
}

std::optional<Vendor> parse_vendor(std::string_view name) {
  for (Vendor v : {Vendor::alpaca, Vendor::polygon, Vendor::finnhub}) {
    if (name == to_string(v)) return v;
  }
  return std::nullopt;
}

Result<int64_t> parse_rfc3339_ms(std::string_view s) {
  int hh = 0, mi = 0, ss = 0;
  auto day = parse_date(s.substr(0, 10));
  if (!day || s.size() < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':' || !digits(s, 11, 2, hh) || !digits(s, 14, 2, mi) || !digits(s, 17, 2, ss) ||
      hh > 23 || mi > 59 || ss > 60) {
    return Error::invalid("bad RFC 3339 timestamp '" + std::string(s) + "'", "t");
  }
  std::size_t pos = 19;
  int64_t ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t n = 0;
    ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (n < 3) ms = ms * 10 + (s[pos] - '0');
      ++n;
      ++pos;
    }
    if (n == 0) return Error::invalid("bad fraction in '" + std::string(s) + "'", "t");
    for (; n < 3; ++n) ms *= 10;
  }
  int64_t offset_min = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (pos + 6 > s.size() || s[pos + 3] != ':' || !digits(s, pos + 1, 2, oh) ||
        !digits(s, pos + 4, 2, om)) {
      return Error::invalid("bad offset in '" + std::string(s) + "'", "t");
    }
    offset_min = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return Error::invalid("missing time zone in '" + std::string(s) + "'", "t");
  }
  if (pos != s.size()) return Error::invalid("trailing text in '" + std::string(s) + "'", "t");
  return (*day * 86400 + hh * 3600 + mi * 60 + ss - offset_min * 60) * 1000 + ms;
}

Result<ParsedFrame> parse_frame(Vendor vendor, std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded())
    return Error::invalid(std::string(to_string(vendor)) + ": frame is not JSON", "frame");
  ParsedFrame f;
  if (vendor == Vendor::finnhub) {
    if (!j.is_object()) return Error::invalid("finnhub: frame must be an object", "frame");
    parse_finnhub(j, f);
    return f;
  }
  // Alpaca and Polygon send arrays; accept a lone object as a one-element array.
  if (j.is_object()) j = json::array({j});
  if (!j.is_array())
    return Error::invalid(std::string(to_string(vendor)) + ": frame must be an array", "frame");
  for (const auto& item : j) {
    if (!item.is_object()) {
      f.skipped.push_back("non-object item");
      continue;
    }
    if (vendor == Vendor::alpaca)
      parse_alpaca_item(item, f);
    else
      parse_polygon_item(item, f);
  }
  return f;
}

std::string alpaca_auth_message(const std::string& key_id, const std::string& secret) {
  return json{{"action", "auth"}, {"key", key_id}, {"secret", secret}}.dump();
}

std::string alpaca_subscribe_message(const std::vector<std::string>& trades,
                                     const std::vector<std::string>& quotes,
                                     const std::vector<std::string>& bars) {
  json j = {{"action", "subscribe"}};
  if (!trades.empty()) j["trades"] = trades;
  if (!quotes.empty()) j["quotes"] = quotes;
  if (!bars.empty()) j["bars"] = bars;
  return j.dump();
}

std::string polygon_auth_message(const std::string& api_key) {
  return json{{"action", "auth"}, {"params", api_key}}.dump();
}

std::string polygon_subscribe_message(const std::vector<std::string>& channels) {
  std::string params;
  for (const auto& c : channels) params += (params.empty() ? "" : ",") + c;
  return json{{"action", "subscribe"}, {"params", params}}.dump();
}

std::string finnhub_subscribe_message(const std::string& symbol) {
  return json{{"type", "subscribe"}, {"symbol", symbol}}.dump();
}

std::string finnhub_unsubscribe_message(const std::string& symbol) {
  return json{{"type", "unsubscribe"}, {"symbol", symbol}}.dump();
}

std::optional<SequenceGap> SequenceGapDetector::observe(const std::string& key, uint64_t sequence) {
  if (sequence == 0) return std::nullopt;  // unsequenced source
  auto [it, inserted] = last_.emplace(key, sequence);
  if (inserted) return std::nullopt;
  const uint64_t last = it->second;
  if (sequence == last + 1) {
    it->second = sequence;
    return std::nullopt;
  }
  if (sequence <= last) {
    ++regressions_;
    return SequenceGap{key, last + 1, sequence, true};
  }
  it->second = sequence;
  ++gaps_;
  missing_ += sequence - last - 1;
  return SequenceGap{key, last + 1, sequence, false};
}

}  // namespace finchat::market
