#include <filesystem>

#include "app/skills.hpp"
#include "core/log.hpp"
#include "retrieval/document.hpp"
#include "retrieval/fit.hpp"
#include "retrieval/fit_cache.hpp"
#include "retrieval/hybrid.hpp"

namespace finchat::app {

namespace {

std::string queue_display(const std::string& queue) {
  if (queue == "payments_cards") return "payments and cards";
  if (queue == "fraud") return "fraud prevention";
  if (queue == "digital") return "online banking";
  return queue;
}

std::string category_for(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto has = [&](const char* w) { return t.find(w) != std::string::npos; };
  if (has("fraud") || has("scam") || has("unauthori")) return "fraud_dispute";
  if (has("stolen") || has("lost my card")) return "card_lost_stolen";
  if (has("declined")) return "card_declined";
  if (has("complain")) return "complaint";
  if (has("transfer") || has("wire") || has("payment")) return "transfer_payment";
  if (has("log in") || has("login") || has("password") || has("locked")) return "account_access";
  return "other";
}

// Category, priority and sentiment of a new ticket: the triage model when loaded and in
// scope, else keywords; the sentiment of the customer's words either way.
void triage_ticket(const std::shared_ptr<const support::TicketClassifier>& model,
                   const std::string& text, support::NewTicket& n) {
  n.category = category_for(text);
  n.priority =
      (n.category == "fraud_dispute" || n.category == "card_lost_stolen") ? "high" : "normal";
  n.sentiment = support::to_string(support::lexicon_sentiment(text));
  if (!model) return;
  auto t = model->classify(text);
  n.sentiment = support::to_string(t.sentiment);
  if (t.out_of_scope) return;
  n.category = t.category;
  n.priority = t.priority;
}

}  // namespace

Result<nlohmann::json> SupportDesk::escalate(const chat::Turn& turn, const std::string& reason) {
  auto existing = tickets_->open_for_conversation(turn.conversation_id);
  if (!existing) return existing.error();
  support::Ticket ticket;
  if (existing->has_value()) {
    ticket = **existing;
  } else {
    std::string transcript;
    auto conv = conversations_->get(turn.user_id, turn.conversation_id);
    if (conv) {
      auto msgs = conversations_->messages(*conv);
      if (msgs) {
        for (const auto& m : *msgs) transcript += m.role + ": " + m.content + "\n";
      }
    }
    support::NewTicket n{turn.user_id, turn.conversation_id, "other",  "normal", reason,
                         turn.text,    transcript,           "neutral"};
    triage_ticket(triage_ ? triage_() : nullptr, transcript + " " + turn.text, n);
    auto created = tickets_->create(n);
    if (!created) return created.error();
    ticket = *created;
    if (desk_) {
      // No agent free is not an error: the ticket waits in its queue.
      if (auto assigned = desk_->auto_assign(ticket.id); !assigned) {
        log::get("support")->warn("auto-assign of {} failed: {}", ticket.id,
                                  assigned.error().message);
      }
    }
  }
  return nlohmann::json{{"ticket_id", ticket.id},
                        {"number", ticket.number},
                        {"queue", queue_display(ticket.queue)},
                        {"reason", ticket.reason},
                        {"sla_due", format_iso8601(ticket.sla_due_at)}};
}

Result<chat::SkillResult> FaqSkill::run(chat::Turn& turn) {
  chat::SkillResult r;
  auto response = retriever_->search(turn.text, retrieval::SearchOptions{});
  r.memory["faq_confidence"] = response.hits.empty() ? 0.0 : response.confidence;
  if (response.hits.empty() ||
      retrieval::decide(response.confidence) == retrieval::Decision::escalate) {
    r.text =
        "I'm not sure I have the right answer for that. Could you tell me a bit more — for "
        "example which account, card or payment it is about? If you prefer, I can connect you "
        "with a specialist.";
    r.suggestions = {"Talk to a human", "My card was declined", "How do I reset my password?"};
    return r;
  }
  const auto& top = retriever_->chunk(response.hits.front().chunk);
  std::string article_id =
      top.metadata.count("article_id") ? top.metadata.at("article_id") : top.doc_id;
  bool unsure = retrieval::decide(response.confidence) == retrieval::Decision::clarify;
  // Retrieved text is quoted as data; it never changes what the assistant does.
  // The article's title heads the answer, so a bare figure ("026555019.") says what it is.
  r.text = (unsure ? "I think this is what you're asking about — " : std::string()) + top.title +
           "\n\n" + top.text;
  r.labels.push_back(top.title);  // our own help-centre heading, quoted
  r.citations.push_back(
      chat::Citation{"article", article_id, top.title, "Northwind Bank help centre", "", ""});
  r.facts.push_back(chat::Fact{"answer", top.text, "",
                               top.metadata.count("updated") ? top.metadata.at("updated") : "",
                               "help centre " + article_id});
  for (size_t i = 1; i < response.hits.size() && r.suggestions.size() < 2; ++i) {
    const auto& alt = retriever_->chunk(response.hits[i].chunk);
    if (alt.title != top.title) r.suggestions.push_back(alt.title);
  }
  r.memory["last_article"] = article_id;
  r.memory["faq_confidence"] = response.confidence;
  return r;
}

Result<chat::SkillResult> TroubleshootSkill::run(chat::Turn& turn) {
  support::FlowRunner runner(*flows_);
  bool active = turn.state.contains("flow") && !turn.state["flow"].is_null();
  Result<support::FlowTurn> step = Error::not_found("no flow");
  if (active) {
    step = runner.answer(turn.state["flow"], turn.text);
  } else if (auto id = flows_->match_flow(turn.text)) {
    step = runner.start(*id);
  }
  chat::SkillResult r;
  if (!step) {
    r.text =
        "Let's work through it together. Could you describe what happens, for example "
        "an error message you see?";
    r.memory["flow"] = nullptr;
    return r;
  }
  r.text = step->text;
  r.labels.push_back(step->text);  // quoted from our own troubleshooting flow data
  r.suggestions = step->options;
  r.memory["flow"] = step->kind == support::FlowTurn::Kind::step ? step->state : nlohmann::json();
  if (step->kind == support::FlowTurn::Kind::handoff) {
    std::string tried;
    for (const auto& s : step->steps_tried) tried += (tried.empty() ? "" : ", ") + s;
    auto ticket = desk_->escalate(
        turn, "troubleshooting hand-off (" + step->handoff_category + "); steps tried: " + tried);
    if (!ticket) return ticket.error();
    r.escalation = *ticket;
    r.text += "\n\nI've opened ticket " + ticket->value("number", std::string()) +
              " with the steps we've already tried, so a specialist can pick up from here.";
    r.facts.push_back(chat::Fact{"ticket_number", ticket->value("number", std::string()), "", "",
                                 "finchat support desk"});
  }
  return r;
}

Result<std::shared_ptr<const retrieval::Retriever>> load_help_centre(const SupportConfig& config,
                                                                     const std::string& cache_dir) {
  const std::string& kb_dir = config.kb_dir;
  const std::string& faq_file = config.faq_file;
  std::vector<retrieval::Chunk> chunks;
  if (std::filesystem::exists(std::filesystem::path(kb_dir) / "articles")) {
    auto articles = retrieval::load_articles(std::filesystem::path(kb_dir) / "articles");
    if (!articles) return articles.error();
    chunks = std::move(articles.value());
  }
  if (std::filesystem::exists(faq_file)) {
    auto faqs = retrieval::load_faq_file(faq_file);
    if (!faqs) return faqs.error();
    chunks.insert(chunks.end(), faqs->begin(), faqs->end());
  }
  if (chunks.empty()) return Error::not_found("no help-centre content under " + kb_dir);
  retrieval::FitConfig fit;
  fit.train.epochs = static_cast<uint32_t>(config.encoder_epochs);
  fit.folds = static_cast<uint32_t>(config.rerank_folds);
  bool cached = false;
  auto models = retrieval::fit_models_cached(chunks, fit, cache_dir, &cached);
  log::get("app")->info("help centre: {} chunks indexed ({})", chunks.size(),
                        cached ? "models from cache" : "models fitted");
  return std::shared_ptr<const retrieval::Retriever>(
      retrieval::make_retriever(std::move(chunks), models));
}

}  // namespace finchat::app
