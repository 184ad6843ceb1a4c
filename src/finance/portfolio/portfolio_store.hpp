#pragma once
// Persistence of risk profiles, recommendations (with their inputs, for audit) and customer
// portfolios. Everything is scoped to its owner: another user's id finds nothing. Answers,
// advice and holdings are sealed with the store's FieldCipher.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "finance/portfolio/advisor.hpp"
#include "finance/portfolio/risk_profile.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::portfolio {

struct StoredProfile {
  Answers answers;
  RiskProfile profile;  // re-scored from the answers
  int64_t updated_at = 0;
};

struct StoredPortfolio {
  std::string id;
  std::string name;
  std::vector<Holding> holdings;  // quantity in shares (currency units for a modelled sleeve)
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

class PortfolioStore {
 public:
  PortfolioStore(std::shared_ptr<store::Database> db, std::shared_ptr<store::FieldCipher> cipher,
                 const Clock& clock = SystemClock::instance());

  // Scores the answers with the default questionnaire and stores them (replacing any earlier).
  Result<StoredProfile> save_profile(const std::string& user_id, const Answers& answers);
  Result<std::optional<StoredProfile>> profile(const std::string& user_id);

  // Returns the new recommendation id.
  Result<std::string> record_recommendation(const std::string& user_id, const std::string& channel,
                                            const nlohmann::json& inputs,
                                            const nlohmann::json& output);

  Result<StoredPortfolio> create(const std::string& user_id, const std::string& name,
                                 const std::vector<Holding>& holdings);
  Result<std::vector<StoredPortfolio>> list(const std::string& user_id);
  // not_found when it does not exist or belongs to someone else.
  Result<StoredPortfolio> get(const std::string& user_id, const std::string& id);
  Result<StoredPortfolio> update(const std::string& user_id, const std::string& id,
                                 const std::string& name, const std::vector<Holding>& holdings);

 private:
  Result<StoredPortfolio> from_row(const store::Row& r) const;

  std::shared_ptr<store::Database> db_;
  std::shared_ptr<store::FieldCipher> cipher_;
  const Clock& clock_;
};

nlohmann::json to_json(const StoredPortfolio& p);
nlohmann::json holdings_json(const std::vector<Holding>& holdings);

}  // namespace finchat::portfolio
