#include "retrieval/synonyms.hpp"

#include <unordered_map>
#include <vector>

namespace finchat::retrieval {
namespace {

// Key: lowercase words joined by single spaces (up to kMaxPhrase words). Value: replacement.
// A replacement that repeats the original word plus a canonical one ("paycheck direct
// deposit") expands rather than replaces, for words that are related but not identical.
const std::unordered_map<std::string_view, std::string_view>& table() {
  static const std::unordered_map<std::string_view, std::string_view> kTable = {
      // Spelling variants (British / informal).
      {"cheque", "check"},
      {"cheques", "checks"},
      {"chequebook", "checkbook"},
      {"check book", "checkbook"},
      {"cancelled", "canceled"},
      {"cancelling", "canceling"},
      {"authorise", "authorize"},
      {"authorised", "authorized"},
      {"authorisation", "authorization"},
      {"recognise", "recognize"},
      {"centre", "center"},
      {"licence", "license"},
      {"enrol", "enroll"},
      {"enrolment", "enrollment"},
      {"e mail", "email"},
      {"emails", "email"},
      // Abbreviations.
      {"acct", "account"},
      {"accts", "accounts"},
      {"acc", "account"},
      {"amt", "amount"},
      {"bal", "balance"},
      {"stmt", "statement"},
      {"stmts", "statements"},
      {"txn", "transaction"},
      {"txns", "transactions"},
      {"xfer", "transfer"},
      {"xfers", "transfers"},
      {"pmt", "payment"},
      {"pymt", "payment"},
      {"info", "information"},
      {"ur", "your"},
      {"addr", "address"},
      {"cc", "credit card"},
      {"pwd", "password"},
      {"passwd", "password"},
      {"pw", "password"},
      {"pass word", "password"},
      {"user name", "username"},
      {"user id", "username"},
      {"userid", "username"},
      {"identification", "id"},
      {"ssn", "social security number"},
      // Signing in.
      {"log in", "login"},
      {"logon", "login"},
      {"log on", "login"},
      {"sign in", "login"},
      {"signin", "login"},
      {"sign on", "login"},
      {"logging in", "login"},
      {"signing in", "login"},
      {"logged in", "login"},
      {"signed in", "login"},
      {"log out", "logout"},
      {"sign out", "logout"},
      {"signout", "logout"},
      // Two-step verification.
      {"two factor", "2fa"},
      {"2 factor", "2fa"},
      {"two step", "2fa"},
      {"2 step", "2fa"},
      {"2sv", "2fa"},
      {"mfa", "2fa"},
      {"multi factor", "2fa"},
      {"multifactor", "2fa"},
      {"otp", "one time code"},
      {"one time passcode", "one time code"},
      {"one time password", "one time code"},
      {"verification code", "one time code"},
      {"security code", "one time code"},
      // Cards and cash.
      {"cash machine", "atm"},
      {"cash machines", "atm"},
      {"cashpoint", "atm"},
      {"cash point", "atm"},
      {"abm", "atm"},
      {"atms", "atm"},
      {"pin number", "pin"},
      {"pin code", "pin"},
      {"chargeback", "dispute"},
      {"charge back", "dispute"},
      {"chargebacks", "dispute"},
      {"tap to pay", "contactless"},
      {"nfc", "contactless"},
      {"apple pay", "apple pay mobile wallet"},
      {"google pay", "google pay mobile wallet"},
      {"samsung pay", "samsung pay mobile wallet"},
      // Deposits, payroll and transfers.
      {"paycheck", "paycheck direct deposit"},
      {"paychecks", "paycheck direct deposit"},
      {"paycheque", "paycheck direct deposit"},
      {"pay check", "paycheck direct deposit"},
      {"payroll", "payroll direct deposit"},
      {"salary", "salary direct deposit"},
      {"wages", "wages direct deposit"},
      {"wire transfer", "wire"},
      {"wire transfers", "wire"},
      {"p2p", "person to person quickpay"},
      {"peer to peer", "person to person quickpay"},
      {"routing number", "routing"},
      {"aba number", "routing"},
      {"aba", "routing"},
      {"transit number", "routing"},
      {"swift code", "swift"},
      {"bic", "swift"},
      {"international bank account number", "iban"},
      {"bill payment", "bill pay"},
      {"billpay", "bill pay"},
      // Accounts and rates.
      {"certificate of deposit", "cd"},
      {"certificates of deposit", "cd"},
      {"term deposit", "cd"},
      {"cds", "cd"},
      {"annual percentage yield", "apy"},
      {"annual percentage rate", "apr"},
      {"overdrawn", "overdrawn overdraft"},
      {"overdraw", "overdraw overdraft"},
      {"negative balance", "negative balance overdraft"},
      {"below zero", "below zero overdraft"},
      // Fees, support, travel.
      {"cost", "cost fee"},
      {"costs", "costs fee"},
      {"price", "price fee"},
      {"pricing", "pricing fee"},
      {"customer service", "customer care"},
      {"customer support", "customer care"},
      {"helpline", "customer care"},
      {"help line", "customer care"},
      {"call center", "customer care"},
      {"overseas", "abroad"},
      {"another country", "abroad"},
      {"foreign country", "abroad"},
      {"vacation", "vacation travel"},
      {"trip", "trip travel"},
      {"subscription", "subscription recurring"},
      {"subscriptions", "subscription recurring"},
      {"face id", "face id biometric"},
      {"touch id", "touch id biometric"},
      {"fingerprint", "fingerprint biometric"},
      {"scam", "scam fraud"},
      {"scammed", "scammed fraud"},
  };
  return kTable;
}

constexpr size_t kMaxPhrase = 4;

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

struct Word {
  size_t begin;
  size_t end;
};

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_word_char(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && is_word_char(text[end])) ++end;
    words.push_back({i, end});
    i = end;
  }
  return words;
}

// Words may form a phrase only when separated by spaces or one hyphen.
bool joinable(std::string_view gap) {
  if (gap.empty()) return false;
  if (gap == "-") return true;
  for (char c : gap) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

}  // namespace

std::string canonicalize(std::string_view text) {
  const auto words = words_of(text);
  const auto& map = table();
  std::string out;
  out.reserve(text.size() + 16);
  size_t copied = 0;  // text[0, copied) already emitted
  std::string key;
  for (size_t i = 0; i < words.size();) {
    // Words glued to an apostrophe or other word characters ("don't") are left alone.
    size_t matched = 0;
    std::string_view replacement;
    key.clear();
    for (size_t n = 1; n <= kMaxPhrase && i + n - 1 < words.size(); ++n) {
      const Word& w = words[i + n - 1];
      if (n > 1) {
        if (!joinable(text.substr(words[i + n - 2].end, w.begin - words[i + n - 2].end))) break;
        key += ' ';
      }
      for (size_t k = w.begin; k < w.end; ++k) key += lower(text[k]);
      if (const auto it = map.find(key); it != map.end()) {
        matched = n;
        replacement = it->second;
      }
    }
    const bool glued = words[i].begin > 0 && text[words[i].begin - 1] == '\'';
    if (matched == 0 || glued) {
      ++i;
      continue;
    }
    out.append(text.substr(copied, words[i].begin - copied));
    out.append(replacement);
    copied = words[i + matched - 1].end;
    i += matched;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace finchat::retrieval
