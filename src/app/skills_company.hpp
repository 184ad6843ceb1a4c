#pragma once
// Company and document skills for the chat engine. "How did NOVA do last quarter?",
// "NOVA's revenue growth", "margins of QBIT YTD" answer from the statements (facts with
// value, unit, period end and source, rendered deterministically); "summarize my latest
// document" / "summarize <title>" answer with the caller's own uploaded document.
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "chat/engine.hpp"
#include "finance/documents/service.hpp"
#include "finance/fundamentals/repository.hpp"

namespace finchat::app {

class CompanySkill final : public chat::Skill {
 public:
  explicit CompanySkill(std::shared_ptr<fundamentals::CompanyRepository> companies,
                        std::function<std::optional<double>(const std::string&)> price = {})
      : companies_(std::move(companies)), price_(std::move(price)) {}
  std::string name() const override { return "company"; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;

 private:
  std::shared_ptr<fundamentals::CompanyRepository> companies_;
  std::function<std::optional<double>(const std::string&)> price_;
};

class DocumentSkill final : public chat::Skill {
 public:
  explicit DocumentSkill(std::shared_ptr<documents::DocumentService> docs)
      : docs_(std::move(docs)) {}
  std::string name() const override { return "documents"; }
  Result<chat::SkillResult> run(chat::Turn& turn) override;

 private:
  std::shared_ptr<documents::DocumentService> docs_;
};

// The period a question asks about: "latest", "last year", "YTD", "TTM", "2025Q3", "FY2024".
std::string period_spec_from_text(const std::string& text);
// Tickers of known companies mentioned in the text (upper-case words), in order.
std::vector<std::string> company_tickers_in(const fundamentals::CompanyRepository& companies,
                                            const std::string& text);
// Routing rules for both skills (regexes compiled once).
std::vector<chat::RouteRule> company_route_rules(
    const std::shared_ptr<fundamentals::CompanyRepository>& companies);

// `finchat ingest companyfacts FILE|DIR [--ticker T]`: imports into the store, prints a
// per-concept report.
int cmd_ingest_companyfacts(const std::vector<std::string>& args, std::ostream& out,
                            std::ostream& err);

}  // namespace finchat::app
