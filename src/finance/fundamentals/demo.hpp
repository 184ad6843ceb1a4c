#pragma once
// Fictional demo companies with coherent multi-year statements (seeded, labelled fictional).
#include <cstdint>
#include <string>

#include "finance/fundamentals/statements.hpp"

namespace finchat::fundamentals {

// Tickers match the market simulator universe (NOVA, NWBK, ...). Unknown tickers still work.
Statements generate_demo_company(const std::string& ticker, std::uint64_t seed, int years = 5);

}  // namespace finchat::fundamentals
