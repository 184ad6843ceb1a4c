// Escalation rules fired through the chat engine: the real app::SupportDesk over an in-memory
// database, a fake FAQ skill with a fixed confidence, and app::make_escalation_check.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/skills.hpp"
#include "chat/engine.hpp"
#include "store/migrations.hpp"

namespace finchat::app {
namespace {

class FixedFaq final : public chat::Skill {
 public:
  double confidence = 0.9;
  std::string name() const override { return "faq"; }
  Result<chat::SkillResult> run(chat::Turn&) override {
    chat::SkillResult r;
    r.text = "Here is the answer.";
    r.memory["faq_confidence"] = confidence;
    return r;
  }
};

std::string small_csv() {
  std::string csv = "id,text,category,priority\n";
  for (int i = 0; i < 12; ++i) {
    auto n = std::to_string(i);
    csv += fmt::format("F{0},someone took my card and spent money {0},fraud_dispute,urgent\n", n);
    csv += fmt::format("L{0},cannot log in password reset fails {0},account_access,normal\n", n);
  }
  return csv;
}

struct ChatEscalation : ::testing::Test {
  void SetUp() override {
    db = store::open_database("sqlite::memory:", 1).value();
    ASSERT_TRUE(store::migrate(*db).ok());
    auto cipher = std::make_shared<store::FieldCipher>(
        std::make_shared<store::Keyring>(store::Keyring::single("k", std::string(32, 'k'))));
    tickets = std::make_shared<support::TicketStore>(db, cipher, clock);
    auto conversations = std::make_shared<chat::ConversationStore>(db, cipher, clock);
    auto desk = std::make_shared<support::SupportDesk>(db, cipher, clock);
    ASSERT_TRUE(desk->upsert_agent({"a-1", "A", {"fraud", "general", "digital"}, 5}).ok());
    auto chat_desk = std::make_shared<SupportDesk>(
        tickets, conversations, [this] { return triage; }, desk);
    faq = std::make_shared<FixedFaq>();
    engine = std::make_shared<chat::Engine>(
        std::map<std::string, std::shared_ptr<chat::Skill>>{
            {"faq", faq},
            {"smalltalk", std::make_shared<chat::SmallTalkSkill>()},
            {"out_of_scope", std::make_shared<chat::OutOfScopeSkill>()},
            {"escalation", std::make_shared<chat::EscalationSkill>(chat_desk)}},
        nullptr);
    engine->add_turn_check(make_escalation_check({support::EscalationConfig{}, tickets, &clock}));
  }
  // Sends one customer message in the running conversation.
  chat::SkillResult say(const std::string& text) {
    chat::Turn t{"cust-1", "customer", "conv-1", text, state, "", nlohmann::json::object()};
    auto r = engine->respond(t, {});
    EXPECT_TRUE(r.ok());
    state = t.state;
    return r.ok() ? r.value() : chat::SkillResult{};
  }
  std::string ticket_reason() {
    auto open = tickets->open_for_conversation("conv-1");
    return (open && open->has_value()) ? (*open)->reason : "";
  }
  ManualClock clock{1'800'000'000'000};
  std::shared_ptr<store::Database> db;
  std::shared_ptr<support::TicketStore> tickets;
  std::shared_ptr<FixedFaq> faq;
  std::shared_ptr<chat::Engine> engine;
  std::shared_ptr<const support::TicketClassifier> triage;
  nlohmann::json state = nlohmann::json::object();
};

TEST_F(ChatEscalation, CalmTurnsDoNotEscalate) {
  EXPECT_FALSE(say("How do I order a new checkbook?").escalation);
  EXPECT_FALSE(say("And what does it cost?").escalation);
  EXPECT_EQ(ticket_reason(), "");
}

TEST_F(ChatEscalation, HumanRequestIsAHardRule) {
  auto r = say("I want to talk to a human please");
  ASSERT_TRUE(r.escalation);
  EXPECT_EQ(ticket_reason(), "customer asked for a human");
}

TEST_F(ChatEscalation, PersistentNegativeSentiment) {
  EXPECT_FALSE(say("This is ridiculous, worst bank ever").escalation);
  auto r = say("Still terrible and useless");
  ASSERT_TRUE(r.escalation);
  EXPECT_EQ(ticket_reason().rfind("negative_sentiment", 0), 0u) << ticket_reason();
}

TEST_F(ChatEscalation, NegativeStreakResetsOnACalmTurn) {
  EXPECT_FALSE(say("This is ridiculous, worst bank ever").escalation);
  EXPECT_FALSE(say("How do I order a new checkbook?").escalation);
  EXPECT_FALSE(say("Still terrible").escalation);
}

TEST_F(ChatEscalation, RepeatedFailedAnswers) {
  faq->confidence = 0.45;  // above the single-answer floor, below the answer threshold
  EXPECT_FALSE(say("How do I order a new checkbook?").escalation);
  auto r = say("How do I order checks then?");
  ASSERT_TRUE(r.escalation);
  EXPECT_EQ(ticket_reason().rfind("repeated_failure", 0), 0u) << ticket_reason();
}

TEST_F(ChatEscalation, LowRetrievalConfidence) {
  faq->confidence = 0.1;
  ASSERT_TRUE(say("How do I order a new checkbook?").escalation);
  EXPECT_EQ(ticket_reason().rfind("low_retrieval_confidence", 0), 0u) << ticket_reason();
}

TEST_F(ChatEscalation, RegulatedTopics) {
  for (const char* text : {"My husband passed away last month", "I want to file a complaint",
                           "There's a charge I didn't make", "I have dementia and get confused"}) {
    SetUp();
    state = nlohmann::json::object();
    ASSERT_TRUE(say(text).escalation) << text;
    EXPECT_EQ(ticket_reason().rfind("regulated_topic", 0), 0u) << ticket_reason();
  }
}

TEST_F(ChatEscalation, HighValueAction) {
  EXPECT_FALSE(say("What is the limit on a $20,000 balance?").escalation);
  ASSERT_TRUE(say("Please transfer $25,000 to my brother").escalation);
  EXPECT_EQ(ticket_reason().rfind("high_value", 0), 0u) << ticket_reason();
}

TEST_F(ChatEscalation, SlaBreachRiskOnOpenTicketFiresOnce) {
  auto t = tickets->create({"cust-1", "conv-1", "fraud_dispute", "urgent", "opened by agent",
                            "card issue", "", "neutral"});
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(say("any news?").escalation) << "15 minutes left: not yet at risk";
  clock.advance(std::chrono::minutes(6));
  auto r = say("any news?");
  ASSERT_TRUE(r.escalation) << "9 minutes left";
  EXPECT_EQ(r.escalation->value("ticket_id", ""), t->id) << "the same ticket is raised";
  EXPECT_FALSE(say("hello?").escalation) << "flagged once per ticket";
}

TEST_F(ChatEscalation, EscalatedTicketsAreTriagedByTheModel) {
  EXPECT_FALSE(say("Still terrible").escalation);
  ASSERT_TRUE(say("talk to a human: someone took my card and spent money, terrible").escalation);
  auto keyword = tickets->open_for_conversation("conv-1").value().value();
  EXPECT_EQ(keyword.category, "other") << "keywords only without a model";
  EXPECT_EQ(keyword.sentiment, "negative");

  auto model =
      support::TicketClassifier::train(support::parse_ticket_csv(small_csv(), "inline").value());
  ASSERT_TRUE(model.ok());
  triage = std::make_shared<const support::TicketClassifier>(std::move(model.value()));
  chat::Turn t{"cust-2",
               "customer",
               "conv-2",
               "talk to a human: someone took my card and spent money",
               nlohmann::json::object(),
               "",
               nlohmann::json::object()};
  ASSERT_TRUE(engine->respond(t, {}).ok());
  auto triaged = tickets->open_for_conversation("conv-2").value().value();
  EXPECT_EQ(triaged.category, "fraud_dispute");
  EXPECT_EQ(triaged.priority, "urgent");
  EXPECT_EQ(triaged.queue, "fraud");
}

}  // namespace
}  // namespace finchat::app
