#pragma once
// Fictional demo companies with coherent multi-year quarterly statements (seeded, labelled
// fictional): income, balance sheet and cash flow for every quarter, fiscal years as the sum
// of their quarters, and balance sheets that balance.
#include <cstdint>
#include <string>

#include "finance/fundamentals/statements.hpp"

namespace finchat::fundamentals {

// Last quarter end the demo data covers; fiscal years are calendar years.
constexpr const char* kDemoLastQuarterEnd = "2026-09-30";

// `years` complete fiscal years ending with FY2025, plus 2026 Q1..Q3. Any ticker works; the
// same ticker and seed always give the same numbers.
Statements generate_demo_company(const std::string& ticker, std::uint64_t seed, int years = 5);

}  // namespace finchat::fundamentals
