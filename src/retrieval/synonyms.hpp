#pragma once
// Finance/banking synonym, abbreviation and spelling-variant normalisation, written for
// finchat. Customers say "cash machine", "2-step", "cheque", "acct" or "paycheck" where the
// help centre says "ATM", "2fa", "check", "account" or "direct deposit"; rewriting both the
// indexed text and the query to one canonical form lets every model (BM25, encoder, intent
// classifier) see them as the same words.
#include <string>
#include <string_view>

namespace finchat::retrieval {

// Rewrites known words and phrases (matched case-insensitively on whole words; words may be
// joined by spaces or hyphens) to their lowercase canonical form; everything else is copied
// unchanged, so code-like terms ("1099-int") and punctuation survive.
std::string canonicalize(std::string_view text);

}  // namespace finchat::retrieval
