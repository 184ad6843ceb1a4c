#include "train/pii.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

namespace finchat::train {

int PiiCounts::total() const {
  int n = 0;
  for (const auto& [k, v] : by_type) n += v;
  return n;
}

void PiiCounts::add(const PiiCounts& o) {
  for (const auto& [k, v] : o.by_type) by_type[k] += v;
}

namespace {
std::string digits_of(const std::string& s) {
  std::string d;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) d += c;
  }
  return d;
}

// Replaces every match of `re` for which `accept` holds with `<TYPE>`.
template <class Accept>
std::string replace_matches(const std::string& text, const std::regex& re, const std::string& type,
                            PiiCounts& counts, Accept accept) {
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    const auto& m = *it;
    const std::string whole = m.str(0);
    const std::string target = m.size() > 1 && m[1].matched ? m.str(1) : whole;
    if (!accept(target)) continue;
    const size_t start = static_cast<size_t>(m.position(0)) + whole.find(target);
    out.append(text, last, start - last);
    out += "<" + type + ">";
    last = start + target.size();
    ++counts.by_type[type];
  }
  out.append(text, last, std::string::npos);
  return out;
}
}  // namespace

bool luhn_valid(const std::string& s) {
  const std::string d = digits_of(s);
  if (d.size() < 13 || d.size() > 19) return false;
  int sum = 0;
  bool dbl = false;
  for (size_t i = d.size(); i-- > 0;) {
    int v = d[i] - '0';
    if (dbl) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

bool iban_valid(const std::string& s) {
  std::string c;
  for (char ch : s) {
    if (ch != ' ') c += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  if (c.size() < 15 || c.size() > 34) return false;
  const std::string r = c.substr(4) + c.substr(0, 4);
  int mod = 0;
  for (char ch : r) {
    if (std::isdigit(static_cast<unsigned char>(ch))) {
      mod = (mod * 10 + (ch - '0')) % 97;
    } else if (ch >= 'A' && ch <= 'Z') {
      mod = (mod * 100 + (ch - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return mod == 1;
}

namespace {

std::string redact_piece(const std::string& text, PiiCounts& counts) {
  static const std::regex email(
      R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})");
  static const std::regex iban(
      R"(\b([A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\b)");
  static const std::regex card(R"((?:^|[^0-9])((?:[0-9][ -]?){12,18}[0-9])(?![0-9]))");
  static const std::regex account(
      R"((?:account|acct|a/c)(?:\s+(?:number|no\.?|#))?\s*[:#]?\s*([0-9][0-9 -]{4,18}[0-9]))",
      std::regex::icase);
  static const std::regex phone(
      R"((?:^|[^0-9A-Za-z])((?:\+[0-9]{1,3}[ .-]?|[0-9]{1,3}[ .-])?(?:\([0-9]{2,4}\)[ .-]?)?[0-9]{2,4}(?:[ .-]?[0-9]{2,4}){2,4})(?![0-9]))");
  std::string s =
      replace_matches(text, email, "EMAIL", counts, [](const std::string&) { return true; });
  s = replace_matches(s, iban, "IBAN", counts, iban_valid);
  s = replace_matches(s, card, "CARD", counts, luhn_valid);
  s = replace_matches(s, account, "ACCOUNT", counts, [](const std::string& m) {
    const size_t n = digits_of(m).size();
    return n >= 6 && n <= 17;
  });
  s = replace_matches(s, phone, "PHONE", counts, [](const std::string& m) {
    static const std::regex date(R"([0-9]{4}-[0-9]{2}-[0-9]{2})");
    const size_t n = digits_of(m).size();
    // Dates followed by times can have as many digits as a phone number.
    return n >= 10 && n <= 15 && !std::regex_search(m, date);
  });
  return s;
}

}  // namespace

std::string redact_pii(const std::string& text, PiiCounts& counts) {
  // The standard library's regex engine recurses once per character matched, so a megabyte-long
  // line would overflow the stack. Every PII pattern is short, so the text is redacted in pieces
  // of at most kPiece characters, cut at a line end, else a space (a hard cut only inside a
  // space-free run that long).
  constexpr std::size_t kPiece = 4096;
  if (text.size() <= kPiece) return redact_piece(text, counts);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t end = std::min(text.size(), i + kPiece);
    if (end < text.size()) {
      const auto nl = text.rfind('\n', end - 1);
      const auto sp = text.rfind(' ', end - 1);
      if (nl != std::string::npos && nl > i + kPiece / 2) {
        end = nl + 1;
      } else if (sp != std::string::npos && sp > i + kPiece / 2) {
        end = sp + 1;
      }
    }
    out += redact_piece(text.substr(i, end - i), counts);
    i = end;
  }
  return out;
}

}  // namespace finchat::train
