// The compact prompt the bundled finchat-mini model is trained on (src/train/demo_facts.cpp):
// "FACTS: symbol = NOVA; price = 187.43 USD; change_pct = -1.23%; as_of = 2026-11-25 15:00 UTC;
// source = simulated" then a blank line and the question. Values are written exactly as the
// answer should show them, because a small model copies digits but cannot round.
#include <cctype>
#include <cmath>
#include <cstdio>

#include "app/llm_realizer.hpp"

namespace finchat::app {
namespace {

bool is_signed_quantity(const std::string& name) {
  return name.find("change") != std::string::npos || name.find("return") != std::string::npos;
}

std::string format_number(double v, bool with_sign) {
  char buf[64];
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof(buf), with_sign ? "%+.0f" : "%.0f", v);
  } else {
    std::snprintf(buf, sizeof(buf), with_sign ? "%+.2f" : "%.2f", v);
  }
  return buf;
}

std::string fact_value(const chat::Fact& f, const std::string& key) {
  if (f.value.is_string()) return f.value.get<std::string>();
  if (!f.value.is_number()) return f.value.dump();
  const double v = f.value.get<double>();
  const bool sign = is_signed_quantity(key);
  if (f.unit == "ratio") return format_number(v * 100.0, sign) + "%";
  if (f.unit == "%") return format_number(v, sign) + "%";
  return format_number(v, sign) + (f.unit.empty() ? "" : " " + f.unit);
}

// "2026-11-25T15:00:00Z" -> "2026-11-25 15:00 UTC" (the training form); others unchanged.
std::string as_of_text(const std::string& iso) {
  if (iso.size() >= 16 && iso[10] == 'T' && (iso.back() == 'Z' || iso.ends_with("+00:00"))) {
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
  }
  return iso;
}

// "NOVA.last" -> ("NOVA", "last"); names without an upper-case subject stay whole.
std::pair<std::string, std::string> split_subject(const std::string& name) {
  const auto dot = name.find('.');
  if (dot == std::string::npos || dot == 0) return {"", name};
  for (size_t i = 0; i < dot; ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (!std::isupper(c) && !std::isdigit(c) && c != '-') return {"", name};
  }
  return {name.substr(0, dot), name.substr(dot + 1)};
}

}  // namespace

std::string facts_line(const std::vector<chat::Fact>& facts) {
  std::vector<std::string> parts;
  std::string subject, as_of, source;
  for (const auto& f : facts) {
    auto [subj, key] = split_subject(f.name);
    if (!subj.empty() && subj != subject) {
      parts.push_back("symbol = " + subj);
      subject = subj;
    }
    parts.push_back(key + " = " + fact_value(f, key));
    if (as_of.empty()) as_of = f.as_of;
    if (source.empty()) source = f.source;
  }
  if (!as_of.empty()) parts.push_back("as_of = " + as_of_text(as_of));
  if (!source.empty()) parts.push_back("source = " + source);
  std::string out = "FACTS: ";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out;
}

std::vector<llm::ChatMessage> compact_realizer_messages(const chat::SkillResult& plan,
                                                        const chat::Turn& turn) {
  return {{"user", facts_line(plan.facts) + "\n\n" + turn.text}};
}

}  // namespace finchat::app
