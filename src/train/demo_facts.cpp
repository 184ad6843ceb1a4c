// Templated fact bundles: every answer restates each fact verbatim and adds no numbers.
#include <cstdio>
#include <random>

#include "train/demo_data.hpp"

namespace finchat::train {

namespace {

class Pick {
 public:
  explicit Pick(uint64_t seed) : rng_(seed) {}
  uint64_t below(uint64_t n) { return rng_() % n; }
  template <class T>
  const T& of(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * (rng_() % 1000001) / 1000000.0; }

 private:
  std::mt19937_64 rng_;
};

std::string fmt2(double v) {
  char b[32];
  std::snprintf(b, sizeof(b), "%.2f", v);
  return b;
}
std::string signed2(double v) {
  char b[32];
  std::snprintf(b, sizeof(b), "%+.2f", v);
  return b;
}
std::string fmt1(double v) {
  char b[32];
  std::snprintf(b, sizeof(b), "%.1f", v);
  return b;
}

std::string symbol(Pick& p) {
  static const std::vector<std::string> known = {"NOVA", "ACME", "ZENT", "KORA", "VLTX", "PRIM",
                                                 "QUBE", "HELX", "ORBI", "TERA", "LUMN", "FJRD"};
  // Mostly random letters: the model must copy the symbol from the FACTS line rather than
  // fall back on a familiar one (the first model often answered with a known ticker).
  if (p.below(10) == 0) return p.of(known);
  std::string s;
  const int n = 3 + static_cast<int>(p.below(3));
  for (int i = 0; i < n; ++i) s += static_cast<char>('A' + p.below(26));
  return s;
}

std::string as_of(Pick& p) {
  char b[64];
  std::snprintf(b, sizeof(b), "2026-%02d-%02d %02d:%02d UTC", 1 + static_cast<int>(p.below(12)),
                1 + static_cast<int>(p.below(28)), 13 + static_cast<int>(p.below(8)),
                static_cast<int>(p.below(4)) * 15);
  return b;
}

std::string currency(Pick& p) {
  static const std::vector<std::string> c = {"USD", "USD", "USD", "EUR", "GBP"};
  return p.of(c);
}

struct Bundle {
  std::vector<std::pair<std::string, std::string>> kv;  // FACTS block entries
  std::string question, answer;
  std::vector<std::string> facts;  // verbatim strings the answer must contain
};

// "key = value": the value follows a space, as it does in the answer, so it tokenizes the
// same way in both places ("=QCCM" and " QCCM" are different token sequences) and the model
// copies token for token.
std::string facts_line(const Bundle& b) {
  std::string s = "FACTS: ";
  for (size_t i = 0; i < b.kv.size(); ++i)
    s += (i ? "; " : "") + b.kv[i].first + " = " + b.kv[i].second;
  return s;
}

Bundle quote(Pick& p) {
  Bundle b;
  const std::string sym = symbol(p), cur = currency(p), t = as_of(p);
  const double price = p.uniform(2, 900), pct = p.uniform(-6, 6);
  const double chg = price * pct / (100 + pct);
  const std::string px = fmt2(price) + " " + cur, ch = signed2(chg) + " " + cur,
                    pc = signed2(pct) + "%";
  b.kv = {{"symbol", sym},    {"price", px}, {"change", ch},
          {"change_pct", pc}, {"as_of", t},  {"source", "simulated"}};
  b.facts = {sym, px, ch, pc, t, "simulated"};
  static const std::vector<std::string> qs = {
      "What is {S} trading at?", "price of {S}?",
      "How is {S} doing today?", "Give me a quote for {S}.",
      "what's {S} at right now", "Can you check {S} for me?",
      "{S} quote please",        "How much is one share of {S}?"};
  std::string q = p.of(qs);
  q.replace(q.find("{S}"), 3, sym);
  b.question = q;
  const bool up = pct >= 0;
  switch (p.below(4)) {
    case 0:
      b.answer = sym + " is at " + px + ", a change of " + ch + " (" + pc + "), as of " + t +
                 ". Source: simulated market data, not live prices.";
      break;
    case 1:
      b.answer = "As of " + t + ", " + sym + " trades at " + px + " (" + ch + ", " + pc + "). " +
                 "These are simulated prices, for illustration only.";
      break;
    case 2:
      b.answer = "Here is the latest simulated quote for " + sym + ": " + px + ", " +
                 (up ? "up " : "down ") + ch + " or " + pc + " as of " + t + ".";
      break;
    default:
      b.answer = sym + ": " + px + " | change " + ch + " (" + pc + ") | as of " + t +
                 " | source: simulated. This is not investment advice.";
  }
  return b;
}

Bundle indicator(Pick& p) {
  Bundle b;
  const std::string sym = symbol(p), t = as_of(p);
  const bool rsi = p.below(2) == 0;
  const std::string name = rsi ? "RSI(14)" : "Stochastic(14)";
  const double hi = rsi ? 70 : 80, lo = rsi ? 30 : 20;
  const double v = p.uniform(5, 95);
  const std::string label = v > hi ? "overbought" : v < lo ? "oversold" : "neutral";
  const std::string val = fmt1(v);
  b.kv = {{"symbol", sym},  {"indicator", name}, {"value", val},
          {"label", label}, {"as_of", t},        {"source", "simulated"}};
  b.facts = {sym, name, val, label, t, "simulated"};
  static const std::vector<std::string> qs = {
      "Is {S} overbought?", "What does the {I} say for {S}?", "{S} {I}?", "Check momentum on {S}",
      "Is {S} oversold right now?"};
  std::string q = p.of(qs);
  q.replace(q.find("{S}"), 3, sym);
  if (auto k = q.find("{I}"); k != std::string::npos) q.replace(k, 3, name);
  b.question = q;
  const std::string meaning = label == "overbought" ? "which is read as overbought"
                              : label == "oversold" ? "which is read as oversold"
                                                    : "which is read as neutral";
  switch (p.below(3)) {
    case 0:
      b.answer = "The " + name + " of " + sym + " is " + val + " as of " + t + ", " + meaning +
                 ". Source: simulated. Indicators describe the past and do not predict prices.";
      break;
    case 1:
      b.answer = sym + " " + name + " = " + val + " (" + label + ") as of " + t +
                 ", from simulated data. This is not a recommendation to buy or sell.";
      break;
    default:
      b.answer = "As of " + t + ", " + sym + " has an " + name + " reading of " + val +
                 ", labelled " + label + " (simulated data).";
  }
  return b;
}

Bundle trend(Pick& p) {
  Bundle b;
  const std::string sym = symbol(p), t = as_of(p), cur = currency(p);
  static const std::vector<std::string> periods = {"5 days", "20 days", "3 months", "1 year"};
  const std::string period = p.of(periods);
  const double ret = p.uniform(-25, 25);
  const double low = p.uniform(5, 400), high = low * p.uniform(1.05, 1.6);
  const std::string r = signed2(ret) + "%", lo = fmt2(low) + " " + cur, hi = fmt2(high) + " " + cur;
  const std::string dir = ret > 3 ? "uptrend" : ret < -3 ? "downtrend" : "sideways";
  b.kv = {{"symbol", sym}, {"period", period}, {"return", r}, {"low", lo},
          {"high", hi},    {"trend", dir},     {"as_of", t},  {"source", "simulated"}};
  b.facts = {sym, period, r, lo, hi, dir, t, "simulated"};
  static const std::vector<std::string> qs = {"How has {S} trended?", "Summarise the {S} trend",
                                              "{S} performance lately?",
                                              "Is {S} going up or down?"};
  std::string q = p.of(qs);
  q.replace(q.find("{S}"), 3, sym);
  b.question = q;
  if (p.below(2) == 0) {
    b.answer = "Over the last " + period + ", " + sym + " returned " + r + " and traded between " +
               lo + " and " + hi + ", a " + dir + " as of " + t +
               ". Source: simulated. Past performance does not predict future results.";
  } else {
    b.answer = sym + " is in a " + dir + ": " + r + " over " + period + ", range " + lo + " to " +
               hi + " (as of " + t + ", simulated data).";
  }
  return b;
}

std::string ticket_id(Pick& p) {
  char b[32];
  std::snprintf(b, sizeof(b), "TCK-%06d", static_cast<int>(p.below(1000000)));
  return b;
}

Bundle ticket(Pick& p) {
  Bundle b;
  static const std::vector<std::string> queues = {"cards",   "payments",       "fraud",  "accounts",
                                                  "lending", "online-banking", "general"};
  static const std::vector<std::string> etas = {"1 business day", "2 business days", "4 hours",
                                                "24 hours"};
  const std::string id = ticket_id(p), q = p.of(queues), eta = p.of(etas);
  b.kv = {{"ticket", id}, {"queue", q}, {"response_time", eta}};
  b.facts = {id, q, eta};
  static const std::vector<std::string> qs = {
      "Please open a ticket for my problem.", "Can someone from support look at this?",
      "I want to raise a complaint.", "Log this issue for me please", "create a support case"};
  b.question = p.of(qs);
  switch (p.below(3)) {
    case 0:
      b.answer = "I have opened ticket " + id + " in the " + q +
                 " queue. The team usually replies within " + eta + ".";
      break;
    case 1:
      b.answer = "Done: your ticket number is " + id + " (queue: " + q +
                 "). Expect a reply within " + eta + ". Keep the ticket number for reference.";
      break;
    default:
      b.answer = "Your request is logged as " + id + " and routed to " + q +
                 ". Someone will get back to you within " + eta + ".";
  }
  return b;
}

Bundle escalation(Pick& p) {
  Bundle b;
  static const std::vector<std::string> teams = {"fraud", "disputes", "card-services", "complaints",
                                                 "technical-support"};
  static const std::vector<std::string> waits = {"5 minutes", "10 minutes", "15 minutes",
                                                 "30 minutes"};
  const std::string id = ticket_id(p), team = p.of(teams), wait = p.of(waits);
  b.kv = {{"handoff", "human_agent"}, {"team", team}, {"ticket", id}, {"wait", wait}};
  b.facts = {team, id, wait};
  static const std::vector<std::string> qs = {"I want to talk to a person.", "Get me a human agent",
                                              "This is not helping, escalate please",
                                              "Someone used my card without permission!"};
  b.question = p.of(qs);
  if (p.below(2) == 0) {
    b.answer = "I am handing you over to our " + team + " team now. Your reference is " + id +
               " and the expected wait is about " + wait + ".";
  } else {
    b.answer = "A member of the " + team + " team will take over this chat (reference " + id +
               "). Estimated wait: " + wait + ". Please stay in the conversation.";
  }
  return b;
}

Bundle refusal(Pick& p) {
  Bundle b;
  const std::string sym = symbol(p);
  b.kv = {{"policy", "no_personal_advice"}, {"symbol", sym}};
  b.facts = {sym};
  static const std::vector<std::string> qs = {
      "Should I buy {S}?", "Will {S} go up next week?", "Is {S} a good investment for me?",
      "Tell me if I should sell my {S} shares", "What will {S} be worth next year?"};
  std::string q = p.of(qs);
  q.replace(q.find("{S}"), 3, sym);
  b.question = q;
  if (p.below(2) == 0) {
    b.answer = "I can't tell you whether to buy or sell " + sym +
               " or predict its price. I can show simulated quotes and indicators, but this is "
               "not investment advice; consider a licensed financial adviser.";
  } else {
    b.answer = "I am not able to give personal investment advice or forecasts for " + sym +
               ". For decisions about your money, please speak to a qualified adviser.";
  }
  return b;
}

using Maker = Bundle (*)(Pick&);
const Maker kMakers[] = {quote, indicator, trend, ticket, escalation, refusal};
constexpr int kKinds = sizeof(kMakers) / sizeof(kMakers[0]);

}  // namespace

int fact_case_kinds() { return kKinds; }

TaskCase make_fact_case(uint64_t seed, int kind) {
  Pick p(seed * 0x9E3779B97F4A7C15ULL + 17);
  if (kind < 0 || kind >= kKinds) kind = static_cast<int>(seed % kKinds);
  Bundle b = kMakers[kind](p);
  TaskCase c;
  c.prompt.push_back({"user", facts_line(b) + "\n\n" + b.question});
  c.expected = b.answer;
  c.facts = b.facts;
  return c;
}

}  // namespace finchat::train
