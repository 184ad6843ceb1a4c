#pragma once
// PII redaction before training: emails, phone numbers, card numbers (Luhn-checked),
// IBANs (mod-97 checked) and account numbers become typed placeholders such as <EMAIL>.
#include <map>
#include <string>

namespace finchat::train {

struct PiiCounts {
  std::map<std::string, int> by_type;  // "EMAIL" -> count, ...
  int total() const;
  void add(const PiiCounts& o);
};

bool luhn_valid(const std::string& digits);
bool iban_valid(const std::string& iban);  // spaces allowed
// Returns the redacted text and adds what it replaced to `counts`.
std::string redact_pii(const std::string& text, PiiCounts& counts);

}  // namespace finchat::train
