#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "kg/demo.hpp"
#include "kg/json_util.hpp"

namespace finchat::kg {
namespace {

Result<Json> read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  Json doc = Json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) return Error::invalid(path + ": not valid JSON");
  return doc;
}

std::vector<std::string> strings(const Json& obj, const char* key) {
  std::vector<std::string> out;
  if (!obj.contains(key) || !obj.at(key).is_array()) return out;
  for (const Json& item : obj.at(key)) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

class FinanceBuilder {
 public:
  FinanceBuilder(std::string source, std::string as_of)
      : source_(std::move(source)), as_of_(std::move(as_of)) {}

  Status build(const Json& doc) {
    for (const Json& x : array(doc, "exchanges")) {
      if (Status ok = simple_node(x, "exchange:", "Exchange"); !ok) return ok;
    }
    for (const Json& x : array(doc, "indices")) {
      if (Status ok = simple_node(x, "index:", "Index"); !ok) return ok;
    }
    for (const Json& x : array(doc, "metrics")) {
      if (Status ok = simple_node(x, "metric:", "FinancialMetric"); !ok) return ok;
    }
    for (const Json& sector : array(doc, "sectors")) {
      if (Status ok = simple_node(sector, "sector:", "Sector"); !ok) return ok;
      for (const Json& industry : array(sector, "industries")) {
        if (Status ok = simple_node(industry, "industry:", "Industry"); !ok) return ok;
        edge("industry:" + string_or(industry, "id", ""), "IN_SECTOR",
             "sector:" + string_or(sector, "id", ""));
      }
    }
    for (const Json& company : array(doc, "companies")) {
      if (Status ok = add_company(company); !ok) return ok;
    }
    return {};
  }

  Batch take() { return std::move(batch_); }

 private:
  static const Json& array(const Json& obj, const char* key) {
    static const Json empty = Json::array();
    return obj.contains(key) && obj.at(key).is_array() ? obj.at(key) : empty;
  }

  Status simple_node(const Json& x, const std::string& prefix, const std::string& type) {
    if (!x.is_object() || !x.contains("id") || !x.contains("name") || !x.at("id").is_string() ||
        !x.at("name").is_string()) {
      return Error::invalid(source_ + ": every " + type + " needs string \"id\" and \"name\"");
    }
    Node node{prefix + x.at("id").get<std::string>(), type, x.at("name").get<std::string>(),
              strings(x, "aliases"), Json::object()};
    if (x.contains("unit")) node.properties["unit"] = x.at("unit");
    batch_.add(std::move(node), {source_, 0});
    return {};
  }

  void edge(std::string from, std::string type, std::string to, Json props = Json::object()) {
    batch_.add(
        Edge{std::move(from), std::move(to), std::move(type), std::move(props), {source_, as_of_}},
        {source_, 0});
  }

  Status add_company(const Json& c) {
    if (!c.is_object() || !c.contains("ticker") || !c.at("ticker").is_string() ||
        !c.contains("name") || !c.at("name").is_string()) {
      return Error::invalid(source_ + ": every company needs string \"ticker\" and \"name\"");
    }
    const std::string ticker = c.at("ticker").get<std::string>();
    const std::string id = "company:" + ticker;
    Json props = {{"ticker", ticker}};
    for (const char* key : {"founded", "hq", "description"}) {
      if (c.contains(key)) props[key] = c.at(key);
    }
    batch_.add(Node{id, "Company", c.at("name").get<std::string>(), strings(c, "aliases"), props},
               {source_, 0});
    batch_.add(Node{"ticker:" + ticker, "Ticker", ticker, {}, {{"symbol", ticker}}}, {source_, 0});
    edge(id, "HAS_TICKER", "ticker:" + ticker);
    if (c.contains("exchange")) {
      edge("ticker:" + ticker, "LISTED_ON", "exchange:" + string_or(c, "exchange", ""));
    }
    if (c.contains("sector")) edge(id, "IN_SECTOR", "sector:" + string_or(c, "sector", ""));
    if (c.contains("industry")) edge(id, "IN_INDUSTRY", "industry:" + string_or(c, "industry", ""));
    for (const std::string& index : strings(c, "indices"))
      edge(id, "CONSTITUENT_OF", "index:" + index);
    for (const std::string& peer : strings(c, "peers")) {
      // Competition is mutual; store it once per pair (lower ticker first).
      const std::string a = std::min(ticker, peer), b = std::max(ticker, peer);
      if (peers_.insert(fmt::format("{}|{}", a, b)).second) {
        edge("company:" + a, "COMPETES_WITH", "company:" + b);
      }
    }
    if (c.contains("officers") && c.at("officers").is_array()) {
      for (const Json& officer : c.at("officers")) {
        const std::string name = string_or(officer, "name", "");
        if (name.empty())
          return Error::invalid(source_ + ": officer of " + ticker + " lacks a name");
        const std::string person = "person:" + slugify(name);
        if (people_.insert(person).second) {
          batch_.add(Node{person, "Person", name, {}, Json::object()}, {source_, 0});
        }
        edge(person, "OFFICER_OF", id, {{"title", string_or(officer, "title", "Officer")}});
      }
    }
    return {};
  }

  std::string source_;
  std::string as_of_;
  Batch batch_;
  std::set<std::string> peers_;
  std::set<std::string> people_;
};

}  // namespace

std::string slugify(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

Result<Batch> build_finance_graph(const std::string& companies_json_path) {
  auto doc = read_json_file(companies_json_path);
  if (!doc) return doc.error();
  if (!doc->is_object()) return Error::invalid(companies_json_path + ": expected a JSON object");
  FinanceBuilder builder("demo_companies.json", string_or(*doc, "as_of", ""));
  if (Status ok = builder.build(*doc); !ok) return ok.error();
  return builder.take();
}

Result<Batch> build_demo_batch(const std::string& companies_json_path, const std::string& kb_dir) {
  auto finance = build_finance_graph(companies_json_path);
  if (!finance) return finance.error();
  auto support = build_support_graph(kb_dir);
  if (!support) return support.error();
  Batch all = std::move(*finance);
  all.append(std::move(support->batch));
  return all;
}

Result<Graph> build_demo_graph(const std::string& companies_json_path, const std::string& kb_dir) {
  auto all = build_demo_batch(companies_json_path, kb_dir);
  if (!all) return all.error();
  Graph graph;
  if (Status ok = issues_to_status(validate_batch(*all, graph)); !ok) return ok.error();
  if (Status ok = apply_batch(*all, graph); !ok) return ok.error();
  return graph;
}

}  // namespace finchat::kg
