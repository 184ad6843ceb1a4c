#include "api/document_rewrite.hpp"

#include <vector>

#include "chat/verifier.hpp"

namespace finchat::api {

namespace {

// The summary's own lines, in reading order: headline, figure bullets, key points.
std::vector<std::string> summary_lines(const nlohmann::json& summary) {
  std::vector<std::string> lines;
  const auto& headline = summary.value("headline", nlohmann::json());
  if (headline.is_object()) lines.push_back(headline.value("text", ""));
  for (const char* list : {"figure_bullets", "key_points"}) {
    for (const auto& item : summary.value(list, nlohmann::json::array())) {
      lines.push_back(item.value("text", ""));
    }
  }
  std::erase_if(lines, [](const std::string& l) { return l.empty(); });
  return lines;
}

// "line_a" .. "line_z", then "line_aa" ...
std::string line_name(std::size_t i) {
  std::string suffix;
  for (std::size_t n = i + 1; n > 0; n = (n - 1) / 26) {
    suffix.insert(suffix.begin(), static_cast<char>('a' + (n - 1) % 26));
  }
  return "line_" + suffix;
}

// What the model is asked to put into words: each line is a fact it may restate.
chat::SkillResult rewrite_plan(const nlohmann::json& summary,
                               const std::vector<std::string>& lines) {
  const auto& doc = summary.value("document", nlohmann::json::object());
  const std::string source = "document " + doc.value("id", std::string());
  chat::SkillResult plan;
  plan.skill = "document_summary";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    plan.text += (i ? "\n- " : "- ") + lines[i];
    // Named by letter, not number: the verifier also accepts numbers in fact names.
    plan.facts.push_back({line_name(i), lines[i], "", "", source});
  }
  return plan;
}

}  // namespace

nlohmann::json rewrite_summary(const nlohmann::json& summary, chat::Realizer* realizer,
                               const std::string& user_id) {
  const auto lines = summary_lines(summary);
  const auto plan = rewrite_plan(summary, lines);
  nlohmann::json out = {
      {"text", plan.text}, {"method", "deterministic"}, {"unsupported", nlohmann::json::array()}};
  if (lines.empty()) {
    out["detail"] = "the summary has no lines to rewrite";
    return out;
  }
  if (realizer == nullptr) {
    out["detail"] = "no language model is configured";
    return out;
  }
  chat::Turn turn;
  turn.user_id = user_id;
  turn.conversation_id =
      "document:" + summary.value("document", nlohmann::json::object()).value("id", std::string());
  turn.text = "Summarize this document in a few sentences.";
  auto generated = realizer->realize(plan, turn, [](std::string_view) { return true; });
  if (!generated) {
    out["detail"] = "the model gave no text: " + generated.error().message;
    return out;
  }
  const auto check = chat::verify_numbers(*generated, plan.facts);
  if (!check.ok) {
    out["detail"] = "the model's text stated numbers the summary does not";
    out["unsupported"] = check.unsupported;
    return out;
  }
  out["text"] = *generated;
  out["method"] = "model";
  out["detail"] = "every number checked against the summary's lines";
  return out;
}

}  // namespace finchat::api
