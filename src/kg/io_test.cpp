#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "kg/io.hpp"
#include "kg/test_util.hpp"

namespace finchat::kg {
namespace {

constexpr const char* kGood = R"(# demo
{"kind":"node","id":"company:A","type":"Company","name":"Alpha","aliases":["Al"],"properties":{"founded":1999}}
{"kind":"node","id":"sector:tech","type":"Sector","name":"Technology"}

{"kind":"edge","from":"company:A","type":"IN_SECTOR","to":"sector:tech","provenance":{"source":"s","as_of":"2026-01-01"}}
)";

TEST(Jsonl, ParsesNodesAndEdgesWithLines) {
  ParseResult r = parse_jsonl(kGood, "g.jsonl");
  ASSERT_TRUE(r.issues.empty()) << r.issues[0].to_string();
  ASSERT_EQ(r.batch.nodes.size(), 2u);
  ASSERT_EQ(r.batch.edges.size(), 1u);
  EXPECT_EQ(r.batch.nodes[0].aliases, std::vector<std::string>{"Al"});
  EXPECT_EQ(r.batch.nodes[0].properties["founded"], 1999);
  EXPECT_EQ(r.batch.edge_locs[0].line, 5u);
  EXPECT_EQ(r.batch.edges[0].provenance.as_of, "2026-01-01");
  EXPECT_TRUE(validate_batch(r.batch, Graph{}).empty());
}

TEST(Jsonl, ReportsEveryBadLine) {
  const char* text =
      "{\"kind\":\"node\",\"id\":\"a\",\"type\":\"Company\",\"name\":\"A\"}\n"
      "not json\n"
      "{\"kind\":\"node\",\"id\":\"b\",\"type\":\"Company\"}\n"
      "{\"kind\":\"thing\"}\n"
      "{\"kind\":\"node\",\"id\":\"c\",\"type\":\"Company\",\"name\":\"C\",\"colour\":\"red\"}\n";
  ParseResult r = parse_jsonl(text, "bad.jsonl");
  ASSERT_EQ(r.issues.size(), 4u);
  EXPECT_EQ(r.issues[0].to_string(), "bad.jsonl:2: not a JSON object");
  EXPECT_NE(r.issues[1].to_string().find("bad.jsonl:3: missing \"name\""), std::string::npos);
  EXPECT_EQ(r.issues[2].loc.line, 4u);
  EXPECT_NE(r.issues[3].message.find("colour"), std::string::npos);
}

TEST(Validate, FindsDuplicatesBadReferencesAndSchemaViolations) {
  const char* text =
      "{\"kind\":\"node\",\"id\":\"company:A\",\"type\":\"Company\",\"name\":\"A\"}\n"
      "{\"kind\":\"node\",\"id\":\"company:A\",\"type\":\"Company\",\"name\":\"A again\"}\n"
      "{\"kind\":\"node\",\"id\":\"t:1\",\"type\":\"Ticker\",\"name\":\"T\"}\n"
      "{\"kind\":\"edge\",\"from\":\"company:A\",\"type\":\"IN_SECTOR\",\"to\":\"sector:x\"}\n"
      "{\"kind\":\"edge\",\"from\":\"company:A\",\"type\":\"HAS_FEE\",\"to\":\"company:A\"}\n"
      "{\"kind\":\"node\",\"id\":\"p:1\",\"type\":\"Planet\",\"name\":\"Mars\"}\n";
  ParseResult r = parse_jsonl(text, "v.jsonl");
  ASSERT_TRUE(r.issues.empty());
  auto issues = validate_batch(r.batch, Graph{});
  std::vector<std::string> lines;
  lines.reserve(issues.size());
  for (const auto& i : issues) lines.push_back(i.to_string());
  ASSERT_EQ(lines.size(), 5u) << ::testing::PrintToString(lines);
  auto has = [&](const std::string& needle) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
  };
  EXPECT_TRUE(has("v.jsonl:2: duplicate node id 'company:A' (first defined at v.jsonl:1)"));
  EXPECT_TRUE(has("v.jsonl:3: node 't:1': missing required property 'symbol'"));
  EXPECT_TRUE(has("v.jsonl:4: edge company:A -IN_SECTOR-> sector:x: unknown node 'sector:x'"));
  EXPECT_TRUE(has("v.jsonl:5:"));
  EXPECT_TRUE(has("v.jsonl:6: node 'p:1': unknown node type 'Planet'"));
  Status st = issues_to_status(issues, 2);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(st.error().message.find("and 3 more"), std::string::npos);
}

TEST(Validate, EdgesMayReferToNodesAlreadyInTheGraph) {
  Graph g = testing::small_graph();
  Batch b;
  b.add(Edge{"company:C", "company:A", "COMPETES_WITH", {}, {}}, {"x", 1});
  EXPECT_TRUE(validate_batch(b, g).empty());
  Batch retype;
  retype.add(Node{"company:C", "Sector", "Gamma", {}, Json::object()}, {"x", 2});
  EXPECT_EQ(validate_batch(retype, g).size(), 1u);
}

TEST(Csv, ParsesQuotedFieldsAndTracksLines) {
  auto rows = parse_csv("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\n");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].fields[0], "x, y");
  EXPECT_EQ((*rows)[1].fields[1], "say \"hi\"");
  EXPECT_EQ((*rows)[2].fields[0], "multi\nline");
  EXPECT_EQ((*rows)[2].line, 3u);
  EXPECT_FALSE(parse_csv("a\n\"open"));
}

TEST(Csv, NodesAndEdgesFiles) {
  const char* nodes =
      "id,type,name,aliases,properties,hq\n"
      "company:A,Company,Alpha,Al|Alpha Inc,\"{\"\"founded\"\": 1999}\",Oslo\n"
      "sector:tech,Sector,Technology,,,\n"
      "broken,Company\n";
  ParseResult n = parse_nodes_csv(nodes, "nodes.csv");
  ASSERT_EQ(n.batch.nodes.size(), 2u);
  EXPECT_EQ(n.batch.nodes[0].aliases, (std::vector<std::string>{"Al", "Alpha Inc"}));
  EXPECT_EQ(n.batch.nodes[0].properties["founded"], 1999);
  EXPECT_EQ(n.batch.nodes[0].properties["hq"], "Oslo");
  ASSERT_EQ(n.issues.size(), 1u);
  EXPECT_EQ(n.issues[0].loc.line, 4u);

  ParseResult e =
      parse_edges_csv("from,type,to,source\ncompany:A,IN_SECTOR,sector:tech,csv\n", "edges.csv");
  ASSERT_TRUE(e.issues.empty());
  EXPECT_EQ(e.batch.edges[0].provenance.source, "csv");
  ParseResult missing = parse_edges_csv("from,to\na,b\n", "edges.csv");
  ASSERT_EQ(missing.issues.size(), 1u);
  EXPECT_NE(missing.issues[0].message.find("type"), std::string::npos);
}

TEST(Csv, PropertiesThatAreNotAJsonObjectAreAnIssueAtTheirLine) {
  ParseResult n = parse_nodes_csv(
      "id,type,name,properties\ncompany:A,Company,Alpha,[1]\ncompany:B,Company,Beta,\n",
      "nodes.csv");
  ASSERT_EQ(n.batch.nodes.size(), 1u);
  EXPECT_EQ(n.batch.nodes[0].id, "company:B");
  ASSERT_EQ(n.issues.size(), 1u);
  EXPECT_EQ(n.issues[0].loc.file, "nodes.csv");
  EXPECT_EQ(n.issues[0].loc.line, 2u);
  EXPECT_NE(n.issues[0].message.find("properties"), std::string::npos);

  ParseResult e = parse_edges_csv("from,type,to,properties\na,IN_SECTOR,b,not json\n", "edges.csv");
  EXPECT_TRUE(e.batch.edges.empty());
  ASSERT_EQ(e.issues.size(), 1u);
  EXPECT_EQ(e.issues[0].loc.line, 2u);
}

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(Export, JsonlRoundTrips) {
  Graph g = testing::small_graph();
  std::ostringstream out;
  export_jsonl(g, out);
  ParseResult r = parse_jsonl(out.str(), "export.jsonl");
  ASSERT_TRUE(r.issues.empty());
  Graph back;
  ASSERT_TRUE(issues_to_status(validate_batch(r.batch, back)));
  ASSERT_TRUE(apply_batch(r.batch, back));
  std::ostringstream again;
  export_jsonl(back, again);
  EXPECT_EQ(sorted_lines(out.str()), sorted_lines(again.str()));
  EXPECT_EQ(back.edge(*back.find_edge("person:p", "OFFICER_OF", "company:A")).properties["title"],
            "CEO");
}

TEST(Export, DotIsEscaped) {
  Graph g;
  ASSERT_TRUE(g.upsert_node(Node{"company:Q", "Company", "Quote \"Q\" Co", {}, Json::object()}));
  ASSERT_TRUE(g.upsert_node(Node{"sector:s", "Sector", "S", {}, Json::object()}));
  ASSERT_TRUE(g.upsert_edge(Edge{"company:Q", "sector:s", "IN_SECTOR", {}, {}}));
  std::ostringstream out;
  export_dot(g, out);
  const std::string dot = out.str();
  EXPECT_EQ(dot.rfind("digraph kg {", 0), 0u);
  EXPECT_NE(dot.find("Quote \\\"Q\\\" Co"), std::string::npos);
  EXPECT_NE(dot.find("\"company:Q\" -> \"sector:s\" [label=\"IN_SECTOR\"]"), std::string::npos);
}

}  // namespace
}  // namespace finchat::kg
