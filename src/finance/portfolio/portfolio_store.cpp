#include "finance/portfolio/portfolio_store.hpp"

#include "core/ids.hpp"

namespace finchat::portfolio {
namespace {

using nlohmann::json;

std::string ctx(const char* column, const std::string& id) {
  return std::string(column) + ":" + id;
}

Result<std::vector<Holding>> holdings_from(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return Error::internal("stored holdings are malformed");
  std::vector<Holding> out;
  for (const auto& h : j) out.push_back({h.value("ticker", ""), h.value("quantity", 0.0)});
  return out;
}

}  // namespace

json holdings_json(const std::vector<Holding>& holdings) {
  json out = json::array();
  for (const auto& h : holdings) out.push_back({{"ticker", h.ticker}, {"quantity", h.quantity}});
  return out;
}

json to_json(const StoredPortfolio& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"holdings", holdings_json(p.holdings)},
          {"created_at", format_iso8601(p.created_at)},
          {"updated_at", format_iso8601(p.updated_at)}};
}

PortfolioStore::PortfolioStore(std::shared_ptr<store::Database> db,
                               std::shared_ptr<store::FieldCipher> cipher, const Clock& clock)
    : db_(std::move(db)), cipher_(std::move(cipher)), clock_(clock) {}

Result<StoredProfile> PortfolioStore::save_profile(const std::string& user_id,
                                                   const Answers& answers) {
  const auto& q = default_questionnaire();
  auto scored = score_questionnaire(q, answers);
  if (!scored) return scored.error();
  const int64_t now = clock_.now_ms();
  const json a(answers);
  auto r = db_->exec(
      "INSERT INTO portfolio_profiles (user_id, level, questionnaire_version, answers_enc, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (user_id) DO UPDATE "
      "SET level = excluded.level, questionnaire_version = excluded.questionnaire_version, "
      "answers_enc = excluded.answers_enc, updated_at = excluded.updated_at",
      {user_id, std::string(to_string(scored->level)), q.version,
       cipher_->seal(a.dump(), ctx("portfolio_profiles.answers", user_id)), now});
  if (!r) return r.error();
  return StoredProfile{answers, std::move(scored.value()), now};
}

Result<std::optional<StoredProfile>> PortfolioStore::profile(const std::string& user_id) {
  auto row = db_->query_one(
      "SELECT answers_enc, updated_at FROM portfolio_profiles WHERE user_id = $1", {user_id});
  if (!row) return row.error();
  if (!row.value()) return std::optional<StoredProfile>{};
  auto text =
      cipher_->open(row.value()->str("answers_enc"), ctx("portfolio_profiles.answers", user_id));
  if (!text) return Error::internal("risk profile failed to decrypt");
  json j = json::parse(*text, nullptr, false);
  if (!j.is_object()) return Error::internal("stored risk profile is malformed");
  Answers answers = j.get<Answers>();
  auto scored = score_questionnaire(default_questionnaire(), answers);
  if (!scored) return scored.error();
  return std::optional<StoredProfile>(
      StoredProfile{answers, std::move(scored.value()), row.value()->i64("updated_at")});
}

Result<std::string> PortfolioStore::record_recommendation(const std::string& user_id,
                                                          const std::string& channel,
                                                          const json& inputs, const json& output) {
  const int64_t now = clock_.now_ms();
  const std::string id = new_uuid_v7(now);
  auto r = db_->exec(
      "INSERT INTO portfolio_recommendations (id, user_id, channel, inputs_enc, output_enc, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {id, user_id, channel,
       cipher_->seal(inputs.dump(), ctx("portfolio_recommendations.inputs", id)),
       cipher_->seal(output.dump(), ctx("portfolio_recommendations.output", id)), now});
  if (!r) return r.error();
  return id;
}

Result<StoredPortfolio> PortfolioStore::create(const std::string& user_id, const std::string& name,
                                               const std::vector<Holding>& holdings) {
  const int64_t now = clock_.now_ms();
  StoredPortfolio p{new_uuid_v7(now), name, holdings, now, now};
  auto r = db_->exec(
      "INSERT INTO portfolios (id, user_id, name_enc, holdings_enc, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $5)",
      {p.id, user_id, cipher_->seal(name, ctx("portfolios.name", p.id)),
       cipher_->seal(holdings_json(holdings).dump(), ctx("portfolios.holdings", p.id)), now});
  if (!r) return r.error();
  return p;
}

Result<StoredPortfolio> PortfolioStore::from_row(const store::Row& r) const {
  StoredPortfolio p;
  p.id = r.str("id");
  auto name = cipher_->open(r.str("name_enc"), ctx("portfolios.name", p.id));
  auto holdings = cipher_->open(r.str("holdings_enc"), ctx("portfolios.holdings", p.id));
  if (!name || !holdings) return Error::internal("portfolio " + p.id + " failed to decrypt");
  p.name = *name;
  auto h = holdings_from(*holdings);
  if (!h) return h.error();
  p.holdings = std::move(h.value());
  p.created_at = r.i64("created_at");
  p.updated_at = r.i64("updated_at");
  return p;
}

Result<std::vector<StoredPortfolio>> PortfolioStore::list(const std::string& user_id) {
  auto rows = db_->query(
      "SELECT id, name_enc, holdings_enc, created_at, updated_at FROM portfolios "
      "WHERE user_id = $1 ORDER BY updated_at DESC, id",
      {user_id});
  if (!rows) return rows.error();
  std::vector<StoredPortfolio> out;
  for (const auto& r : *rows) {
    auto p = from_row(r);
    if (!p) return p.error();
    out.push_back(std::move(p.value()));
  }
  return out;
}

Result<StoredPortfolio> PortfolioStore::get(const std::string& user_id, const std::string& id) {
  auto row = db_->query_one(
      "SELECT id, name_enc, holdings_enc, created_at, updated_at FROM portfolios "
      "WHERE id = $1 AND user_id = $2",
      {id, user_id});
  if (!row) return row.error();
  if (!row.value()) return Error::not_found("portfolio not found");
  return from_row(*row.value());
}

Result<StoredPortfolio> PortfolioStore::update(const std::string& user_id, const std::string& id,
                                               const std::string& name,
                                               const std::vector<Holding>& holdings) {
  auto n = db_->exec(
      "UPDATE portfolios SET name_enc = $1, holdings_enc = $2, updated_at = $3 "
      "WHERE id = $4 AND user_id = $5",
      {cipher_->seal(name, ctx("portfolios.name", id)),
       cipher_->seal(holdings_json(holdings).dump(), ctx("portfolios.holdings", id)),
       clock_.now_ms(), id, user_id});
  if (!n) return n.error();
  if (*n == 0) return Error::not_found("portfolio not found");
  return get(user_id, id);
}

}  // namespace finchat::portfolio
