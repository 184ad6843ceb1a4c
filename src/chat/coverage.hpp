#pragma once
// Fact coverage: the verifier (verifier.hpp) checks that every number in a generated answer
// is supported; this checks the other direction, that the answer actually states the facts
// it was given. A model reply that says nothing relevant passes the verifier but fails here.
#include <string>
#include <string_view>
#include <vector>

#include "chat/types.hpp"

namespace finchat::chat {

struct CoverageResult {
  bool ok = true;
  // One entry per missing item: "<fact name>: <what is missing>".
  std::vector<std::string> missing;
};

// What a fact requires of the text:
// - a number (also inside arrays/objects, and every number inside a string value): some
//   number in the text must equal it in one of the verifier's accepted forms (rounding,
//   percent of a ratio, sign dropped, k/M/billion scales) — decided by verify_numbers itself;
// - a short string without spaces (ticker, ticket number, label such as "overbought"): must
//   appear as a whole word, case-insensitively;
// - the ticker prefix of a subject-qualified name ("NOVA.last" -> "NOVA"): must appear;
// - unit, as_of, source, booleans and longer prose without digits are not required.
CoverageResult check_coverage(std::string_view text, const std::vector<Fact>& facts_to_state);

inline bool covers_facts(std::string_view text, const std::vector<Fact>& facts_to_state) {
  return check_coverage(text, facts_to_state).ok;
}

}  // namespace finchat::chat
