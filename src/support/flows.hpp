#pragma once
// Troubleshooting flows (data/kb/flows/*.json): validated decision trees of question / check /
// action steps ending in a resolution or a hand-off to a human. The runner keeps its state as
// JSON so it can live inside the conversation state.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace finchat::support {

struct FlowOption {
  std::string label;
  std::string next;
};

struct FlowStep {
  std::string id;
  std::string kind;  // question | check | action | resolution | handoff
  std::string text;
  std::vector<FlowOption> options;
  std::string article_id;
  std::string handoff_category;  // handoff steps only
  std::string handoff_priority;
};

struct Flow {
  std::string id;
  std::string title;
  std::vector<std::string> symptoms;
  std::string start;
  std::map<std::string, FlowStep> steps;
};

// Parses and validates one flow; errors name `source` and the step.
Result<Flow> parse_flow(std::string_view json_text, std::string_view source);

class FlowLibrary {
 public:
  // Loads every *.json in `dir` (sorted by name); the first invalid file fails the load.
  static Result<FlowLibrary> load_dir(const std::string& dir);
  Status add(Flow flow);
  const Flow* find(const std::string& id) const;
  const std::map<std::string, Flow>& flows() const { return flows_; }
  // Best flow for a customer message by its symptom phrases, if any matches well enough.
  std::optional<std::string> match_flow(std::string_view text) const;

 private:
  std::map<std::string, Flow> flows_;
};

struct FlowTurn {
  enum class Kind { step, resolution, handoff } kind = Kind::step;
  std::string step_id;
  std::string text;
  std::vector<std::string> options;  // labels to offer (step only)
  bool understood = true;            // false: the answer matched no option; step re-asked
  std::string handoff_category;      // handoff only
  std::string handoff_priority;
  std::vector<std::string> steps_tried;  // handoff only: the path taken, for the agent
  nlohmann::json state;                  // the new state to store
};

class FlowRunner {
 public:
  explicit FlowRunner(const FlowLibrary& library) : library_(library) {}
  Result<FlowTurn> start(const std::string& flow_id) const;
  // `answer`: an option label (case-insensitive), its 1-based number, or free text that
  // shares words with exactly one label.
  Result<FlowTurn> answer(const nlohmann::json& state, std::string_view answer) const;

 private:
  Result<FlowTurn> present(const Flow& flow, nlohmann::json state) const;
  const FlowLibrary& library_;
};

}  // namespace finchat::support
