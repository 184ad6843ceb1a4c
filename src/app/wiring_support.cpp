#include <filesystem>
#include <regex>

#include "api/support_routes.hpp"
#include "app/lazy_skill.hpp"
#include "app/skills.hpp"
#include "app/wiring.hpp"
#include "core/log.hpp"
#include "retrieval/search_json.hpp"
#include "support/desk.hpp"
#include "support/tickets.hpp"

namespace finchat::app {

namespace {

std::string cache_dir(const Context& ctx) {
  if (!ctx.config.support.cache_models) return "";
  return (std::filesystem::path(ctx.config.data_dir) / "cache").string();
}

// The triage model, trained from the labelled tickets in the background (or loaded from the
// cache), with a readiness probe while it loads.
std::shared_ptr<Background<support::TicketClassifier>> start_triage(const Context& ctx,
                                                                    Services& services) {
  const std::string csv = ctx.config.support.tickets_file;
  if (csv.empty()) return nullptr;
  auto triage = std::make_shared<Background<support::TicketClassifier>>(
      "triage model",
      [csv, dir = cache_dir(ctx)]() -> Result<std::shared_ptr<const support::TicketClassifier>> {
        bool cached = false;
        auto model = support::load_or_train_triage(csv, dir, {}, &cached);
        if (!model) {
          log::get("support")->error("triage model not available: {}", model.error().message);
          return model.error();
        }
        log::get("support")->info("triage model {} ({})", cached ? "loaded from cache" : "trained",
                                  csv);
        return std::make_shared<const support::TicketClassifier>(std::move(model.value()));
      });
  // A missing or bad training file is logged; tickets then use keyword triage.
  services.readiness.emplace_back("triage", [triage] { return triage->loading(); });
  services.owned.push_back(triage);
  return triage;
}

Result<support::EscalationConfig> escalation_rules(const SupportConfig& config) {
  if (config.escalation_file.empty()) return support::EscalationConfig{};
  if (!std::filesystem::exists(config.escalation_file)) {
    log::get("support")->warn("{} not found; built-in escalation rules", config.escalation_file);
    return support::EscalationConfig{};
  }
  return support::load_escalation_config(config.escalation_file);
}

// The help-centre retriever once the FAQ skill has built it (null while loading).
std::shared_ptr<const retrieval::Retriever> help_centre(const std::shared_ptr<LazySkill>& faq) {
  auto skill = faq ? std::dynamic_pointer_cast<FaqSkill>(faq->ready()) : nullptr;
  return skill ? skill->retriever() : nullptr;
}

// Questions about the bank's own services ("Northwind Bank's SWIFT code", "is the market open
// on Thanksgiving?", "margin interest rate") go to the help centre, even when they name the
// bank (whose name is also a ticker) or words the market and company rules use. A problem
// that starts a troubleshooting flow, or a market question about a symbol, does not.
chat::RouteRule faq_rule(const std::shared_ptr<const support::FlowLibrary>& flows) {
  return {"faq", 30, [flows](const chat::RouteContext& c) {
            static const std::regex kService = chat::words_regex(
                {"routing number", "account number", "swift( code)?", "iban", "bic", "sort code",
                 "online banking", "face id", "touch id", "paperless", "e-?statements?",
                 "direct deposit", "beneficiar(y|ies)", "cut-?off( time)?", "password rules",
                 "(customer )?(support|service) hours", "opening hours",
                 "(market|trading|stock market) (hours|holidays?)",
                 // One pattern split for the line limit, not a missing comma.
                 // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
                 "(markets?|exchanges?|banks?|branch(es)?|nyse|nasdaq) (be |is |are )?"
                 "(open|closed?)",
                 "(open|closed?) (on|for) (the )?(holidays?|thanksgiving|christmas|new year'?s"
                 "|good friday|labor day|memorial day|weekends?|saturdays?|sundays?)",
                 "1099", "tax forms?", "fractional shares?", "limit order", "market order",
                 "stop order", "settlement", "t\\+1", "margin (interest|rate|account|loan|call)",
                 "reinvest", "apy", "interest rate", "cashier'?s check", "money order", "overdraft",
                 "atm", "pin"});
            static const std::regex kMarketAsk = chat::words_regex(
                {"price", "quote", "stock price", "share price", "shares? (of|in)", "rsi", "macd",
                 "trading at", "doing", "chart", "revenue", "earnings", "competitors?"});
            if (!chat::contains_any(c.lowered, kService)) return false;
            // Answers within a troubleshooting flow belong to the flow.
            if (c.state.is_object() && c.state.contains("flow") && !c.state["flow"].is_null())
              return false;
            if (!c.symbols.empty() && chat::contains_any(c.lowered, kMarketAsk)) return false;
            return !(flows && flows->match_flow(c.text));
          }};
}

}  // namespace

// Support: the help-centre FAQ skill (built in the background), guided troubleshooting, the
// escalation skill with the per-turn escalation rules, the triage model, and the routes.
Status wire_support(const Context& ctx, http::Router& router, Services& services,
                    SkillMap& skills) {
  auto rules = escalation_rules(ctx.config.support);
  if (!rules) return rules.error();
  auto tickets = std::make_shared<support::TicketStore>(ctx.db, ctx.cipher);
  auto desk = std::make_shared<support::SupportDesk>(ctx.db, ctx.cipher);
  auto triage = start_triage(ctx, services);
  TriageSource source;
  if (triage) source = [triage] { return triage->get(); };
  auto chat_desk = std::make_shared<SupportDesk>(tickets, services.conversations, source, desk);
  skills["escalation"] = std::make_shared<chat::EscalationSkill>(chat_desk);

  auto faq = std::make_shared<LazySkill>(
      "faq",
      [support = ctx.config.support,
       dir = cache_dir(ctx)]() -> Result<std::shared_ptr<chat::Skill>> {
        auto help = load_help_centre(support, dir);
        if (!help) return help.error();
        return std::shared_ptr<chat::Skill>(std::make_shared<FaqSkill>(help.value()));
      });
  services.readiness.emplace_back("help_centre", [faq] { return faq->not_ready(); });
  skills["faq"] = faq;

  auto flows = support::FlowLibrary::load_dir(ctx.config.support.kb_dir + "/flows");
  if (flows) {
    auto library = std::make_shared<const support::FlowLibrary>(std::move(flows.value()));
    skills["troubleshoot"] = std::make_shared<TroubleshootSkill>(library, chat_desk);
    services.flows = library;
    services.route_rules.push_back(faq_rule(library));
  } else {
    services.route_rules.push_back(faq_rule(nullptr));
    log::get("app")->warn("troubleshooting flows not loaded: {}", flows.error().message);
  }

  services.turn_checks.push_back(make_escalation_check({*rules, tickets}));

  api::SupportDeps deps{tickets, desk, source, nullptr};
  deps.faq_search = [faq](const std::string& q, size_t k) -> Result<nlohmann::json> {
    auto retriever = help_centre(faq);
    if (!retriever) {
      auto why = faq->not_ready();
      return Error::unavailable(why ? *why : "help centre not loaded");
    }
    return retrieval::search_json(*retriever, q, k);
  };
  api::register_support_routes(router, deps);
  return {};
}

}  // namespace finchat::app
