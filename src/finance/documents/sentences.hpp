#pragma once
#include <string>
#include <vector>

namespace finchat::documents {

// Splits on . ! ? and newlines-with-blank-lines, not after abbreviations (Mr., Inc., U.S., Q1.)
// nor inside decimals (3.5) or initials.
std::vector<std::string> split_sentences(const std::string& text);

}  // namespace finchat::documents
