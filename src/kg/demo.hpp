#pragma once
// The demo knowledge graph: a fictional finance universe (data/companies/demo_companies.json) and
// the support knowledge base (data/kb: articles/*.md with front matter, products.json,
// fees.json, flows/*.json). Builders return batches; nothing is written until validated.
#include <map>
#include <string>
#include <vector>

#include "kg/batch.hpp"

namespace finchat::kg {

// Companies with tickers, exchanges, sectors, industries, indices, officers and peers.
Result<Batch> build_finance_graph(const std::string& companies_json_path);

struct SupportGraph {
  Batch batch;
  std::vector<Issue> warnings;  // tolerated problems (dangling references, skipped entries)
};

// Reads whatever of the KB exists under kb_dir; a missing directory is an error, missing
// parts are not. Malformed files are errors naming the file (and line for front matter).
Result<SupportGraph> build_support_graph(const std::string& kb_dir);

// Both as one batch (not yet validated), and validated into a fresh in-memory graph.
Result<Batch> build_demo_batch(const std::string& companies_json_path, const std::string& kb_dir);
Result<Graph> build_demo_graph(const std::string& companies_json_path, const std::string& kb_dir);

// Minimal YAML front matter ("---" lines around "key: value" pairs; "[a, b]" lists).
struct FrontMatter {
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> lists;
  std::string body;
};
Result<FrontMatter> parse_front_matter(std::string_view text, const std::string& file_name);

// "Maya Lindqvist" -> "maya-lindqvist".
std::string slugify(std::string_view text);

}  // namespace finchat::kg
