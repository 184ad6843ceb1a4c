#pragma once
// /v1/companies: company list, statements for a fiscal period, analysis insights (DuPont,
// Piotroski, Altman with inputs; valuation when a price exists), peer percentiles, and
// statement import (admin/analyst). Every signed-in role may read.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "finance/fundamentals/repository.hpp"
#include "http/router.hpp"

namespace finchat::api {

struct CompanyDeps {
  std::shared_ptr<fundamentals::CompanyRepository> companies;
  // Last price of a ticker (market data); empty or nullopt: no valuation multiples.
  std::function<std::optional<double>(const std::string&)> price;
  // Peers of a ticker (knowledge graph); empty: companies of the same sector.
  std::function<std::vector<std::string>(const std::string&)> peers;
};

void register_company_routes(http::Router& router, CompanyDeps deps);

// Peers from the graph when it knows any, else same-sector companies in the repository.
std::vector<std::string> peers_of(const CompanyDeps& deps, const fundamentals::CompanyData& c);

}  // namespace finchat::api
