#include "chat/verifier.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

namespace finchat::chat {

namespace {

double scale_of(const std::string& word) {
  if (word == "thousand" || word == "k" || word == "K") return 1e3;
  if (word == "million" || word == "m" || word == "M") return 1e6;
  if (word == "billion" || word == "b" || word == "B") return 1e9;
  if (word == "trillion" || word == "t" || word == "T") return 1e12;
  return 1.0;
}

// Amounts a fact writes with a scale word ("$4.2 billion" -> 4.2e9), so that text which states
// them in words or in another scale ("$4,200 million") checks against the full value.
std::vector<double> worded_amounts(const std::string& s) {
  static const std::regex worded(R"((\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)\b)");
  std::vector<double> out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), worded); it != std::sregex_iterator();
       ++it) {
    std::string digits = (*it)[1].str();
    std::erase(digits, ',');
    out.push_back(std::strtod(digits.c_str(), nullptr) * scale_of((*it)[2].str()));
  }
  return out;
}

void collect(const nlohmann::json& v, std::vector<double>& out) {
  if (v.is_number()) {
    out.push_back(v.get<double>());
  } else if (v.is_string()) {
    for (double d : extract_numbers(v.get<std::string>())) out.push_back(d);
    for (double d : worded_amounts(v.get<std::string>())) out.push_back(d);
  } else if (v.is_array() || v.is_object()) {
    for (const auto& item : v) collect(item, out);
  }
}

// `shown_decimals`: digits after the point as shown, when known (-1 otherwise). A shown number
// matches a fact it rounds, at that precision, also when the fact lies on a rounding tie
// that binary floating point puts a hair below (51.335 shown as "51.34").
bool matches(double shown, double fact, int shown_decimals = -1) {
  double candidates[] = {fact, fact * 100.0, std::fabs(fact), std::fabs(fact) * 100.0};
  for (double c : candidates) {
    if (shown_decimals >= 0) {
      const double half_unit = 0.5 * std::pow(10.0, -shown_decimals);
      if (std::fabs(c - shown) <= half_unit * (1.0 + 1e-9) + 1e-12 * std::fabs(c)) return true;
    }
    for (int decimals = 0; decimals <= 4; ++decimals) {
      double scale = std::pow(10.0, decimals);
      if (std::fabs(std::round(c * scale) / scale - shown) <
          1e-9 * std::max(1.0, std::fabs(shown))) {
        return true;
      }
    }
    if (std::fabs(c - shown) <= 1e-6 * std::max(1.0, std::fabs(c))) return true;
  }
  // Thousands shorthand: 20k, 1.5M.
  return false;
}

}  // namespace

std::vector<double> extract_numbers(std::string_view text) {
  static const std::regex number_re(R"((\d[\d,]*(?:\.\d+)?)\s*([kKmMbB]\b)?)");
  std::vector<double> out;
  std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), number_re); it != std::sregex_iterator();
       ++it) {
    std::string digits;
    for (char c : (*it)[1].str()) {
      if (c != ',') digits += c;
    }
    double v = std::strtod(digits.c_str(), nullptr);
    std::string suffix = (*it)[2].str();
    if (suffix == "k" || suffix == "K") v *= 1e3;
    if (suffix == "m" || suffix == "M") v *= 1e6;
    if (suffix == "b" || suffix == "B") v *= 1e9;
    out.push_back(v);
  }
  return out;
}

VerifyResult verify_numbers(std::string_view generated, const std::vector<Fact>& facts,
                            std::string_view user_text, const std::vector<std::string>& labels) {
  std::vector<double> allowed;
  for (const auto& f : facts) {
    // A fact's name may carry its parameters ("rsi_14", "sma_200"), which the text may show.
    collect(nlohmann::json(f.name), allowed);
    collect(f.value, allowed);
    collect(nlohmann::json(f.as_of), allowed);
    collect(nlohmann::json(f.unit), allowed);
  }
  for (double d : extract_numbers(user_text)) allowed.push_back(d);
  VerifyResult result;
  std::string s(generated);
  // Longest first, so a short label inside a longer one ("Checking" in a fee condition that
  // names "Student Checking") does not break the longer one's match.
  std::vector<std::string> by_length(labels.begin(), labels.end());
  std::stable_sort(by_length.begin(), by_length.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& label : by_length) {
    if (label.empty()) continue;
    for (size_t at = s.find(label); at != std::string::npos; at = s.find(label, at)) {
      s.replace(at, label.size(), " ");
    }
  }
  // A number may carry a scale ("$10.13 billion", "564.3M"): compare it in that scale, at
  // the precision shown.
  static const std::regex number_re(
      R"((\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|[kKmMbBtT])\b)?)");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), number_re); it != std::sregex_iterator();
       ++it) {
    std::string digits;
    for (char c : (*it)[1].str()) {
      if (c != ',') digits += c;
    }
    double shown = std::strtod(digits.c_str(), nullptr);
    const size_t point = digits.find('.');
    const int decimals =
        point == std::string::npos ? 0 : static_cast<int>(digits.size() - point - 1);
    double scale = scale_of((*it)[2].str());
    bool ok = false;
    for (double a : allowed) {
      if (matches(shown, a / scale, decimals) || (scale != 1.0 && matches(shown * scale, a))) {
        ok = true;
        break;
      }
    }
    if (!ok) {
      result.ok = false;
      result.unsupported.push_back((*it)[1].str());
    }
  }
  return result;
}

}  // namespace finchat::chat
