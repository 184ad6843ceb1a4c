// Support graph from the knowledge base. The KB is written by hand, so the reader accepts a
// few spellings of each field (id/slug, name/title, next/goto) and reports what it skips.
#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "kg/demo.hpp"
#include "kg/json_util.hpp"

namespace finchat::kg {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// First string field among `keys`.
std::string first_of(const Json& obj, std::initializer_list<const char*> keys) {
  if (!obj.is_object()) return {};
  for (const char* key : keys) {
    if (obj.contains(key) && obj.at(key).is_string()) return obj.at(key).get<std::string>();
  }
  return {};
}

std::string title_case(std::string_view id) {
  std::string out;
  bool start = true;
  for (char c : id) {
    if (c == '-' || c == '_') {
      out += ' ';
      start = true;
      continue;
    }
    out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  return out;
}

// Items of a top-level array, or of the first array-valued key among `keys`.
const Json& items(const Json& doc, std::initializer_list<const char*> keys) {
  static const Json empty = Json::array();
  if (doc.is_array()) return doc;
  for (const char* key : keys) {
    if (doc.is_object() && doc.contains(key) && doc.at(key).is_array()) return doc.at(key);
  }
  return empty;
}

class SupportBuilder {
 public:
  explicit SupportBuilder(fs::path dir) : dir_(std::move(dir)) {}

  Result<SupportGraph> build() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec))
      return Error::not_found("KB directory not found: " + dir_.string());
    if (Status ok = read_articles(); !ok) return ok.error();
    if (Status ok = read_products(); !ok) return ok.error();
    if (Status ok = read_fees(); !ok) return ok.error();
    if (Status ok = read_flows(); !ok) return ok.error();
    resolve_deferred();
    return SupportGraph{std::move(batch_), std::move(warnings_)};
  }

 private:
  Result<Json> load_json(const fs::path& path) {
    Json doc = Json::parse(read_text(path), nullptr, false);
    if (doc.is_discarded()) return Error::invalid(path.string() + ": not valid JSON");
    return doc;
  }

  void warn(const fs::path& file, std::string message, size_t line = 0) {
    warnings_.push_back({{file.string(), line}, std::move(message)});
  }

  bool add_node(Node node, const fs::path& file) {
    if (!ids_.insert(node.id).second) return false;
    batch_.add(std::move(node), {file.string(), 0});
    return true;
  }

  // A declaration replaces a placeholder made from an earlier reference.
  void declare_node(Node node, const fs::path& file) {
    if (add_node(node, file)) return;
    for (size_t i = 0; i < batch_.nodes.size(); ++i) {
      if (batch_.nodes[i].id != node.id) continue;
      if (bool_or(batch_.nodes[i].properties, "declared", true)) {
        warn(file, "duplicate id '" + node.id + "' skipped");
      } else {
        batch_.nodes[i] = std::move(node);
        batch_.node_locs[i] = {file.string(), 0};
      }
      return;
    }
  }

  void add_edge(const std::string& from, const std::string& type, const std::string& to,
                const fs::path& file, Json props = Json::object()) {
    if (!edges_.insert(from + "|" + type + "|" + to).second) return;
    batch_.add(Edge{from, to, type, std::move(props), {file.filename().string(), as_of_}},
               {file.string(), 0});
  }

  // A product mentioned before (or without) being declared in products.json.
  std::string product(const std::string& id, const fs::path& file) {
    std::string node_id = "product:" + id;
    if (!ids_.count(node_id)) {
      add_node(Node{node_id, "Product", title_case(id), {}, {{"declared", false}}}, file);
    }
    return node_id;
  }

  Status read_products() {
    const fs::path path = dir_ / "products.json";
    if (!fs::exists(path)) return {};
    auto doc = load_json(path);
    if (!doc) return doc.error();
    for (const Json& p : items(*doc, {"products"})) {
      const std::string id = first_of(p, {"id", "slug", "code"});
      if (id.empty()) {
        warn(path, "product without an \"id\" skipped");
        continue;
      }
      Node node{"product:" + id, "Product", first_of(p, {"name", "title"}), {}, Json::object()};
      if (node.name.empty()) node.name = title_case(id);
      if (p.contains("aliases") && p.at("aliases").is_array()) {
        for (const Json& a : p.at("aliases")) {
          if (a.is_string()) node.aliases.push_back(a.get<std::string>());
        }
      }
      for (const char* key : {"kind", "category", "description", "summary"}) {
        if (p.contains(key) && p.at(key).is_string()) node.properties[key] = p.at(key);
      }
      declare_node(std::move(node), path);
      read_features(p, "product:" + id, path);
      // Fees are read later; link them once every file is in.
      for (const Json& fee : items(p, {"fee_ids", "fees"})) {
        if (fee.is_string())
          defer("product:" + id, "HAS_FEE", "fee:" + fee.get<std::string>(), path);
      }
      for (const Json& a : items(p, {"article_ids", "articles"})) {
        if (a.is_string())
          defer("product:" + id, "DOCUMENTED_IN", "article:" + a.get<std::string>(), path);
      }
      if (std::string parent = first_of(p, {"parent", "family"}); !parent.empty()) {
        add_edge("product:" + id, "RELATED_TO", this->product(parent, path), path);
      }
    }
    return {};
  }

  void read_features(const Json& p, const std::string& product_id, const fs::path& path) {
    if (!p.contains("features") || !p.at("features").is_array()) return;
    for (const Json& f : p.at("features")) {
      std::string name = f.is_string() ? f.get<std::string>() : first_of(f, {"name", "title"});
      if (name.empty()) continue;
      std::string id = f.is_object() ? first_of(f, {"id"}) : std::string{};
      const std::string node_id = "feature:" + (id.empty() ? slugify(name) : id);
      add_node(Node{node_id, "Feature", name, {}, Json::object()}, path);
      add_edge(product_id, "HAS_FEATURE", node_id, path);
    }
  }

  Status read_articles() {
    const fs::path dir = dir_ / "articles";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return {};
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".md") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      auto fm = parse_front_matter(read_text(file), file.string());
      if (!fm) return fm.error();
      std::string id = fm->values.count("id") ? fm->values["id"] : file.stem().string();
      std::string title = fm->values.count("title") ? fm->values["title"] : title_case(id);
      Json props = Json::object();
      if (fm->lists.count("tags")) props["tags"] = fm->lists["tags"];
      if (fm->values.count("updated")) props["updated"] = fm->values["updated"];
      props["path"] = "articles/" + file.filename().string();
      if (!add_node(Node{"article:" + id, "Article", title, {}, props}, file)) {
        warn(file, "duplicate article id '" + id + "' skipped", 2);
        continue;
      }
      if (fm->values.count("product") && !fm->values["product"].empty()) {
        add_edge("article:" + id, "ABOUT", product(fm->values["product"], file), file);
      }
    }
    return {};
  }

  Status read_fees() {
    const fs::path path = dir_ / "fees.json";
    if (!fs::exists(path)) return {};
    auto doc = load_json(path);
    if (!doc) return doc.error();
    if (doc->is_object()) as_of_ = first_of(*doc, {"effective", "as_of", "updated"});
    for (const Json& f : items(*doc, {"fees"})) {
      const std::string id = first_of(f, {"id", "slug"});
      const std::string name = first_of(f, {"name", "title"});
      if (id.empty() || name.empty()) {
        warn(path, "fee without \"id\" and \"name\" skipped");
        continue;
      }
      Json props = Json::object();
      for (const char* key : {"amount", "currency", "unit", "conditions", "product"}) {
        if (f.contains(key)) props[key] = f.at(key);
      }
      const std::string fee_id = "fee:" + id;
      add_node(Node{fee_id, "Fee", name, {}, props}, path);
      if (std::string p = first_of(f, {"product"}); !p.empty()) {
        add_edge(product(p, path), "HAS_FEE", fee_id, path);
      }
      if (std::string a = first_of(f, {"article_id", "article"}); !a.empty()) {
        if (ids_.count("article:" + a)) {
          add_edge(fee_id, "DOCUMENTED_IN", "article:" + a, path);
        } else {
          warn(path, fmt::format("fee '{}' cites unknown article '{}'", id, a));
        }
      }
    }
    return {};
  }

  Status read_flows() {
    const fs::path dir = dir_ / "flows";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return {};
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      auto doc = load_json(file);
      if (!doc) return doc.error();
      if (Status ok = read_flow(*doc, file); !ok) return ok;
    }
    return {};
  }

  Status read_flow(const Json& flow, const fs::path& file) {
    if (!flow.is_object()) return Error::invalid(file.string() + ": a flow must be a JSON object");
    const std::string flow_id = first_of(flow, {"id", "slug"}).empty()
                                    ? file.stem().string()
                                    : first_of(flow, {"id", "slug"});
    const std::string issue = "issue:" + flow_id;
    std::string name = first_of(flow, {"title", "name", "issue"});
    add_node(Node{issue, "Issue", name.empty() ? title_case(flow_id) : name, {}, Json::object()},
             file);
    if (std::string p = first_of(flow, {"product"}); !p.empty()) {
      add_edge(issue, "ABOUT", product(p, file), file);
    }
    link_articles(flow, issue, file);
    const Json& symptoms = items(flow, {"symptoms"});
    for (size_t i = 0; i < symptoms.size(); ++i) {
      if (!symptoms[i].is_string()) continue;
      const std::string id = "symptom:" + flow_id + ":" + std::to_string(i + 1);
      add_node(Node{id, "Symptom", symptoms[i].get<std::string>(), {}, Json::object()}, file);
      add_edge(issue, "HAS_SYMPTOM", id, file);
    }
    if (std::string q = first_of(flow, {"escalation_queue", "queue", "escalate_to"}); !q.empty()) {
      add_edge(issue, "ESCALATES_TO", queue(q, file), file);
    }
    return read_steps(flow, flow_id, issue, file);
  }

  void link_articles(const Json& obj, const std::string& from, const fs::path& file) {
    std::vector<std::string> ids;
    if (std::string a = first_of(obj, {"article", "article_id"}); !a.empty()) ids.push_back(a);
    for (const Json& a : items(obj, {"articles", "article_ids"})) {
      if (a.is_string()) ids.push_back(a.get<std::string>());
    }
    for (const std::string& a : ids) {
      if (ids_.count("article:" + a)) {
        add_edge(from, "DOCUMENTED_IN", "article:" + a, file);
      } else {
        warn(file, fmt::format("'{}' cites unknown article '{}'", from, a));
      }
    }
  }

  struct Deferred {
    std::string from, type, to;
    fs::path file;
  };

  void defer(std::string from, std::string type, std::string to, const fs::path& file) {
    deferred_.push_back({std::move(from), std::move(type), std::move(to), file});
  }

  void resolve_deferred() {
    for (const Deferred& d : deferred_) {
      if (ids_.count(d.to)) {
        add_edge(d.from, d.type, d.to, d.file);
      } else {
        warn(d.file, "'" + d.from + "' refers to unknown '" + d.to + "'");
      }
    }
  }

  std::string queue(const std::string& name, const fs::path& file) {
    std::string id = "queue:" + slugify(name);
    add_node(Node{id, "Queue", title_case(name), {}, Json::object()}, file);
    return id;
  }

  // Steps: {"id", "text"|"prompt"|"question", "options":[{"label","next"}], "next",
  //         "resolution" (text, or true for a resolving step), "escalate"|"queue"}.
  // The steps may be an array or an object keyed by step id.
  Status read_steps(const Json& flow, const std::string& flow_id, const std::string& issue,
                    const fs::path& file) {
    std::vector<std::pair<std::string, const Json*>> steps;
    if (flow.contains("steps") && flow.at("steps").is_object()) {
      for (const auto& [key, step] : flow.at("steps").items()) steps.emplace_back(key, &step);
    } else {
      for (const Json& step : items(flow, {"steps", "nodes"})) {
        steps.emplace_back(first_of(step, {"id", "key"}), &step);
      }
    }
    if (steps.empty()) return {};
    auto step_id = [&](const std::string& id) { return "step:" + flow_id + ":" + id; };
    std::set<std::string> known;
    for (const auto& [id, step] : steps) {
      if (id.empty() || !step->is_object()) {
        return Error::invalid(file.string() + ": every step needs an \"id\" and must be an object");
      }
      known.insert(id);
    }
    for (const auto& [id, step] : steps) add_step(flow_id, id, *step, file);
    std::string start = first_of(flow, {"start", "first_step", "entry"});
    if (start.empty()) start = steps.front().first;
    if (!known.count(start))
      return Error::invalid(file.string() + ": start step '" + start + "' is not defined");
    add_edge(issue, "FIRST_STEP", step_id(start), file);
    for (const auto& [id, step] : steps) {
      for (const auto& [label, next] : transitions(*step)) {
        if (known.count(next)) {
          add_edge(step_id(id), "NEXT_STEP", step_id(next), file,
                   label.empty() ? Json::object() : Json{{"option", label}});
        } else if (next != "end" && next != "done") {
          warn(file, fmt::format("step '{}' points to unknown step '{}'", id, next));
        }
      }
    }
    return {};
  }

  static std::vector<std::pair<std::string, std::string>> transitions(const Json& step) {
    std::vector<std::pair<std::string, std::string>> out;
    if (std::string next = first_of(step, {"next", "goto"}); !next.empty())
      out.emplace_back("", next);
    for (const Json& option : items(step, {"options", "choices", "answers"})) {
      std::string next = first_of(option, {"next", "goto"});
      if (!next.empty()) out.emplace_back(first_of(option, {"label", "text", "answer"}), next);
    }
    return out;
  }

  void add_step(const std::string& flow_id, const std::string& id, const Json& step,
                const fs::path& file) {
    const std::string node_id = "step:" + flow_id + ":" + id;
    std::string text = first_of(step, {"text", "prompt", "question", "title", "say"});
    add_node(Node{node_id, "TroubleshootingStep", text.empty() ? id : text, {}, Json::object()},
             file);
    std::string resolution = first_of(step, {"resolution", "resolve", "outcome"});
    const std::string kind = first_of(step, {"kind", "type"});
    if (resolution.empty() && kind == "resolution") resolution = text;
    if (!resolution.empty()) {
      const std::string res_id = "resolution:" + flow_id + ":" + id;
      add_node(Node{res_id, "Resolution", resolution, {}, Json::object()}, file);
      add_edge(node_id, "NEXT_STEP", res_id, file);
    }
    if (std::string q = first_of(step, {"escalate", "queue", "escalate_to"}); !q.empty()) {
      add_edge(node_id, "ESCALATES_TO", queue(q, file), file);
    }
    // {"handoff": {"category": "app_bug", "priority": "normal"}}: a hand-over to a queue.
    if (step.contains("handoff") && step.at("handoff").is_object()) {
      const Json& handoff = step.at("handoff");
      if (std::string q = first_of(handoff, {"category", "queue"}); !q.empty()) {
        Json props = Json::object();
        if (handoff.contains("priority")) props["priority"] = handoff.at("priority");
        add_edge(node_id, "ESCALATES_TO", queue(q, file), file, props);
      }
    }
    link_articles(step, node_id, file);
  }

  fs::path dir_;
  std::string as_of_;
  Batch batch_;
  std::vector<Issue> warnings_;
  std::set<std::string> ids_;
  std::set<std::string> edges_;
  std::vector<Deferred> deferred_;
};

}  // namespace

Result<SupportGraph> build_support_graph(const std::string& kb_dir) {
  return SupportBuilder(kb_dir).build();
}

}  // namespace finchat::kg
