#include "finance/fundamentals/importer.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace finchat::fundamentals {

namespace fs = std::filesystem;

namespace {

std::string concept_line(const ConceptReport& c) {
  std::string out = c.concept_name + " -> " + (c.line.empty() ? "(not mapped)" : c.line);
  if (c.line.empty()) return out + ": skipped";
  out += ": used " + std::to_string(c.used);
  if (c.duplicates) out += ", duplicates " + std::to_string(c.duplicates);
  for (const auto& [reason, n] : c.skipped)
    out += ", skipped " + std::to_string(n) + " (" + reason + ")";
  return out;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::invalid(path + ": cannot open file", "path");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string strip_quotes(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '"'), s.end());
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string ticker_from_filename(const std::string& path) {
  std::string stem = fs::path(path).stem().string();
  if (auto cut = stem.find('_'); cut != std::string::npos) stem = stem.substr(0, cut);
  return upper_ticker(stem);
}

Result<ImportResult> import_companyfacts_text(const std::string& text, const std::string& name,
                                              const std::string& ticker) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Error::invalid(name + ": not valid JSON", "file");
  auto facts = parse_companyfacts(doc);
  if (!facts) return Error::invalid(name + ": " + facts.error().message, "file");
  ImportResult r;
  r.statements = statements_from_facts(*facts);
  if (r.statements.values.empty()) {
    return Error::invalid(name + ": no usable statement facts (us-gaap or ifrs-full)", "file");
  }
  r.profile = {upper_ticker(ticker), facts->entity.empty() ? ticker : facts->entity, "", false,
               "SEC companyfacts (CIK " + strip_quotes(facts->cik) + ")"};
  for (const auto& c : facts->report) r.report.push_back(concept_line(c));
  return r;
}

Result<ImportResult> import_statement_csv(const std::string& text, const std::string& name,
                                          const std::string& ticker) {
  auto s = parse_statement_csv(text, name);
  if (!s) return s.error();
  ImportResult r;
  const std::string t = upper_ticker(ticker.empty() ? s->company : ticker);
  r.profile = {t, s->company, "", false, "csv"};
  std::map<std::string, int> per_line;
  for (const auto& v : s->values) ++per_line[v.line];
  for (const auto& [line, n] : per_line) {
    r.report.push_back(line + ": used " + std::to_string(n) + " (" + statement_of(line) + ")");
  }
  r.statements = std::move(*s);
  return r;
}

Result<std::vector<ImportResult>> import_path(const std::string& path, const std::string& ticker) {
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::directory_iterator(path, ec)) {
      const auto p = e.path().string();
      if (e.is_regular_file() && (ends_with(p, ".json") || ends_with(p, ".csv")))
        files.push_back(p);
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) return Error::invalid(path + ": no .json or .csv files", "path");
  } else if (fs::exists(path, ec)) {
    files.push_back(path);
  } else {
    return Error::invalid(path + ": no such file or directory", "path");
  }
  std::vector<ImportResult> out;
  for (const auto& f : files) {
    auto text = read_file(f);
    if (!text) return text.error();
    const std::string t = files.size() == 1 && !ticker.empty() ? ticker : ticker_from_filename(f);
    auto r = ends_with(f, ".csv") ? import_statement_csv(*text, f, files.size() == 1 ? ticker : "")
                                  : import_companyfacts_text(*text, f, t);
    if (!r) return r.error();
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace finchat::fundamentals
