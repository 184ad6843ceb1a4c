#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace finchat::documents {

// Splits on . ! ? and newlines-with-blank-lines, not after abbreviations (Mr., Inc., U.S., Q1.)
// nor inside decimals (3.5) or initials.
// A "sentence" longer than kMaxSentenceChars (a PDF table without full stops) is split at a
// space near the limit, so no text is lost.
std::vector<std::string> split_sentences(const std::string& text);

// Figure patterns run over one sentence at a time, and the standard library's regex engine
// recurses once per character matched: a megabyte-long line would overflow the stack. Every
// entry point that pattern-matches caller-supplied sentences clips them to this length first.
inline constexpr std::size_t kMaxSentenceChars = 1000;

// The sentences, each cut at the last space before kMaxSentenceChars (or at the limit when
// there is no space in its second half).
std::vector<std::string> clip_sentences(const std::vector<std::string>& sentences);

// `sentences` itself when none is too long (the usual case: no copy), else their clipped copy,
// kept in `storage`.
const std::vector<std::string>& clipped(const std::vector<std::string>& sentences,
                                        std::vector<std::string>& storage);

}  // namespace finchat::documents
