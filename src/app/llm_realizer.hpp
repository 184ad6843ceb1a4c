#pragma once
// The language-model realizer: turns a skill's facts and deterministic draft into fluent
// text with the local model. The chat engine verifies every number it returns and falls
// back to the draft, so any failure here is reported as an Error, never papered over.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "chat/engine.hpp"
#include "llm/engine.hpp"

namespace finchat::app {

// The process's loaded model, shared by the realizer and the OpenAI routes. The engine is
// set once loading finishes (or the failure recorded), from any thread.
class ModelRegistry {
 public:
  explicit ModelRegistry(std::string model_name = {}) : name_(std::move(model_name)) {}

  std::shared_ptr<llm::Engine> engine() const;  // nullptr while loading or after failure
  void set_engine(std::shared_ptr<llm::Engine> engine);
  void set_failed(std::string reason);
  // Readiness: nullopt once loaded, else why not ("loading", the load error).
  std::optional<std::string> problem() const;
  const std::string& name() const { return name_; }

 private:
  mutable std::mutex mu_;
  std::string name_;
  std::shared_ptr<llm::Engine> engine_;
  std::string failure_;
};

// instruct: system instruction + FACTS list + DRAFT + QUESTION (general chat models);
// facts_line: the compact "FACTS: k = v; ..." prompt finchat-mini is trained on;
// automatic: facts_line for models in the finchat chat format, else instruct.
enum class RealizerPrompt { automatic, instruct, facts_line };

struct RealizerOptions {
  int max_tokens = 160;
  // Reject (Error, so the engine falls back) text that does not state every fact of the plan
  // (chat/coverage.hpp). Off only in tests of the generation mechanics.
  bool require_coverage = true;
  RealizerPrompt prompt = RealizerPrompt::automatic;
};

// Prompt pieces, exposed for tests.
std::string render_facts(const std::vector<chat::Fact>& facts);
std::vector<llm::ChatMessage> realizer_messages(const chat::SkillResult& plan,
                                                const chat::Turn& turn);
// finchat-mini's training prompt: "FACTS: symbol = NOVA; last = 187.43 USD; change_pct =
// -1.23%; as_of = 2026-11-25 15:00 UTC; source = simulated" (numbers rounded to 2 decimals, ratios
// as percents, changes signed), then the question. See src/train/demo_facts.cpp.
std::string facts_line(const std::vector<chat::Fact>& facts);
std::vector<llm::ChatMessage> compact_realizer_messages(const chat::SkillResult& plan,
                                                        const chat::Turn& turn);
// KV-cache reuse key: per user and conversation, so prefixes never cross users.
std::string realizer_session_key(const chat::Turn& turn);

class LlmRealizer : public chat::Realizer {
 public:
  using EngineSource = std::function<std::shared_ptr<llm::Engine>()>;
  LlmRealizer(EngineSource engine, RealizerOptions options);

  // Thread-safe: each call holds its own reference to the engine, whose scheduler
  // batches concurrent requests.
  Result<std::string> realize(const chat::SkillResult& plan, const chat::Turn& turn,
                              const std::function<bool(std::string_view)>& on_token) override;

 private:
  EngineSource engine_;
  RealizerOptions options_;
};

}  // namespace finchat::app
