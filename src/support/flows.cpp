#include "support/flows.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/text.hpp"

namespace finchat::support {

namespace {

using nlohmann::json;

using core::lower;

std::set<std::string> words_of(std::string_view s) {
  std::set<std::string> out;
  std::string cur;
  for (char ch : lower(s)) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '\'') {
      cur.push_back(ch);
    } else if (!cur.empty()) {
      out.insert(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.insert(cur);
  return out;
}

Error flow_error(std::string_view source, const std::string& step, const std::string& msg) {
  std::string where(source);
  if (!step.empty()) where += ": step '" + step + "'";
  return Error::invalid(where + ": " + msg, step.empty() ? "flow" : step);
}

Result<std::string> str_field(const json& j, const char* key, std::string_view source,
                              const std::string& step, bool required = true) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return flow_error(source, step, std::string("missing '") + key + "'");
    return std::string();
  }
  if (!it->is_string())
    return flow_error(source, step, std::string("'") + key + "' must be a string");
  return it->get<std::string>();
}

Result<FlowStep> parse_step(const json& s, std::string_view source, size_t index) {
  if (!s.is_object()) return flow_error(source, "#" + std::to_string(index), "not an object");
  FlowStep step;
  auto id = str_field(s, "id", source, "#" + std::to_string(index));
  if (!id) return id.error();
  step.id = *id;
  for (auto [key, out] : {std::pair{"kind", &step.kind}, std::pair{"text", &step.text}}) {
    auto v = str_field(s, key, source, step.id);
    if (!v) return v.error();
    *out = *v;
  }
  auto article = str_field(s, "article_id", source, step.id, false);
  if (!article) return article.error();
  step.article_id = *article;
  static const std::set<std::string> kinds = {"question", "check", "action", "resolution",
                                              "handoff"};
  if (!kinds.count(step.kind))
    return flow_error(source, step.id, "unknown kind '" + step.kind + "'");
  if (auto it = s.find("options"); it != s.end()) {
    if (!it->is_array()) return flow_error(source, step.id, "'options' must be a list");
    for (const auto& o : *it) {
      if (!o.is_object()) return flow_error(source, step.id, "option is not an object");
      auto label = str_field(o, "label", source, step.id);
      if (!label) return label.error();
      auto next = str_field(o, "next", source, step.id);
      if (!next) return next.error();
      step.options.push_back({*label, *next});
    }
  }
  const bool terminal = step.kind == "resolution" || step.kind == "handoff";
  if (terminal && !step.options.empty())
    return flow_error(source, step.id, "a final step has options");
  if (!terminal && step.options.empty()) return flow_error(source, step.id, "no options");
  if (step.kind == "handoff") {
    auto h = s.find("handoff");
    if (h == s.end() || !h->is_object()) return flow_error(source, step.id, "missing 'handoff'");
    auto cat = str_field(*h, "category", source, step.id);
    if (!cat) return cat.error();
    auto pri = str_field(*h, "priority", source, step.id, false);
    if (!pri) return pri.error();
    step.handoff_category = *cat;
    step.handoff_priority = pri->empty() ? "normal" : *pri;
  }
  return step;
}

}  // namespace

Result<Flow> parse_flow(std::string_view json_text, std::string_view source) {
  json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return flow_error(source, "", "not a JSON object");
  Flow f;
  for (auto [key, out] :
       {std::pair{"id", &f.id}, std::pair{"title", &f.title}, std::pair{"start", &f.start}}) {
    auto v = str_field(j, key, source, "");
    if (!v) return v.error();
    *out = *v;
  }
  if (auto it = j.find("symptoms"); it != j.end()) {
    if (!it->is_array()) return flow_error(source, "", "'symptoms' must be a list");
    for (const auto& s : *it) {
      if (!s.is_string()) return flow_error(source, "", "symptom is not a string");
      f.symptoms.push_back(s.get<std::string>());
    }
  }
  auto steps = j.find("steps");
  if (steps == j.end() || !steps->is_array() || steps->empty()) {
    return flow_error(source, "", "'steps' must be a non-empty list");
  }
  for (size_t i = 0; i < steps->size(); ++i) {
    auto step = parse_step((*steps)[i], source, i);
    if (!step) return step.error();
    std::string id = step->id;
    if (!f.steps.emplace(id, std::move(step.value())).second) {
      return flow_error(source, id, "duplicate step id");
    }
  }
  if (!f.steps.count(f.start))
    return flow_error(source, "", "start step '" + f.start + "' does not exist");
  for (const auto& [id, step] : f.steps) {
    for (const auto& o : step.options) {
      if (!f.steps.count(o.next)) {
        return flow_error(source, id,
                          "option '" + o.label + "' leads to unknown step '" + o.next + "'");
      }
    }
  }
  return f;
}

Result<FlowLibrary> FlowLibrary::load_dir(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  if (ec) return Error::not_found("flows directory " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  FlowLibrary lib;
  for (const auto& p : files) {
    std::ifstream in(p);
    std::stringstream buf;
    buf << in.rdbuf();
    auto f = parse_flow(buf.str(), p.string());
    if (!f) return f.error();
    if (auto st = lib.add(std::move(f.value())); !st) {
      return Error::invalid(p.string() + ": " + st.error().message, "id");
    }
  }
  return lib;
}

Status FlowLibrary::add(Flow flow) {
  std::string id = flow.id;
  if (!flows_.emplace(id, std::move(flow)).second)
    return Error::conflict("duplicate flow id " + id);
  return {};
}

const Flow* FlowLibrary::find(const std::string& id) const {
  auto it = flows_.find(id);
  return it == flows_.end() ? nullptr : &it->second;
}

std::optional<std::string> FlowLibrary::match_flow(std::string_view text) const {
  const std::string t = lower(text);
  const auto words = words_of(text);
  std::optional<std::string> best;
  double best_score = 0.0;
  for (const auto& [id, flow] : flows_) {
    for (const auto& symptom : flow.symptoms) {
      // A whole phrase in the text wins; otherwise the share of the symptom's words present.
      double score = 1.0;
      if (t.find(lower(symptom)) == std::string::npos) {
        auto sw = words_of(symptom);
        size_t hit = 0;
        for (const auto& w : sw) hit += words.count(w);
        score = sw.empty() ? 0.0 : 0.9 * static_cast<double>(hit) / static_cast<double>(sw.size());
      }
      if (score > best_score) {
        best_score = score;
        best = id;
      }
    }
  }
  // Needs every word of some symptom (or the phrase itself); half-matches are too loose.
  if (best_score < 0.85) return std::nullopt;
  return best;
}

Result<FlowTurn> FlowRunner::start(const std::string& flow_id) const {
  const Flow* flow = library_.find(flow_id);
  if (!flow) return Error::not_found("unknown flow '" + flow_id + "'");
  json state = {{"flow_id", flow->id},
                {"step", flow->start},
                {"tried", json::array()},
                {"answers", json::array()}};
  return present(*flow, std::move(state));
}

Result<FlowTurn> FlowRunner::present(const Flow& flow, json state) const {
  const FlowStep& step = flow.steps.at(state["step"].get<std::string>());
  FlowTurn turn;
  turn.step_id = step.id;
  turn.text = step.text;
  if (step.kind == "resolution") {
    turn.kind = FlowTurn::Kind::resolution;
  } else if (step.kind == "handoff") {
    turn.kind = FlowTurn::Kind::handoff;
    turn.handoff_category = step.handoff_category;
    turn.handoff_priority = step.handoff_priority;
    for (const auto& s : state["tried"]) turn.steps_tried.push_back(s.get<std::string>());
  } else {
    for (const auto& o : step.options) turn.options.push_back(o.label);
  }
  turn.state = std::move(state);
  return turn;
}

Result<FlowTurn> FlowRunner::answer(const json& state, std::string_view answer) const {
  if (!state.is_object() || !state.contains("flow_id") || !state["flow_id"].is_string() ||
      !state.contains("step") || !state["step"].is_string() || !state.contains("tried") ||
      !state["tried"].is_array() || !state.contains("answers") || !state["answers"].is_array()) {
    return Error::invalid("flow state is malformed", "state");
  }
  const Flow* flow = library_.find(state["flow_id"].get<std::string>());
  if (!flow) return Error::not_found("unknown flow in state");
  auto it = flow->steps.find(state["step"].get<std::string>());
  if (it == flow->steps.end()) return Error::invalid("flow state names an unknown step", "step");
  const FlowStep& step = it->second;
  if (step.options.empty()) return Error::conflict("the flow has already finished");

  const FlowOption* chosen = nullptr;
  const std::string a = lower(answer);
  for (size_t i = 0; i < step.options.size() && !chosen; ++i) {
    if (lower(step.options[i].label) == a || std::to_string(i + 1) == a) chosen = &step.options[i];
  }
  if (!chosen) {  // free text: pick the option sharing the most words, if unique
    const auto aw = words_of(answer);
    size_t best = 0;
    int ties = 0;
    for (const auto& o : step.options) {
      size_t hit = 0;
      for (const auto& w : words_of(o.label)) hit += aw.count(w);
      if (hit > best) {
        best = hit;
        chosen = &o;
        ties = 1;
      } else if (hit == best && hit > 0) {
        ++ties;
      }
    }
    if (ties != 1) chosen = nullptr;
  }
  if (!chosen) {
    auto turn = present(*flow, state);
    if (turn) turn->understood = false;
    return turn;
  }
  json next = state;
  next["tried"].push_back(step.id);
  next["answers"].push_back({{"step", step.id}, {"answer", chosen->label}});
  next["step"] = chosen->next;
  return present(*flow, std::move(next));
}

}  // namespace finchat::support
