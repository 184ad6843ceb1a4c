#include "train/data_pipeline.hpp"

#include <openssl/evp.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "train/dedup.hpp"
#include "train/progress.hpp"
#include "train/text_clean.hpp"

namespace finchat::train {

namespace fs = std::filesystem;

std::string sha256_hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

bool in_validation(const std::string& text, uint64_t seed, double fraction) {
  const std::string h = sha256_hex(std::to_string(seed) + ":" + text);
  const uint64_t v = std::stoull(h.substr(0, 12), nullptr, 16);
  return static_cast<double>(v % 1000000) < fraction * 1000000.0;
}

namespace {

std::vector<std::string> list_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(in, ec)) {
        if (e.is_regular_file()) files.push_back(e.path().string());
      }
    } else {
      files.push_back(in);
    }
  }
  std::sort(files.begin(), files.end());  // deterministic order
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json manifest_json(const PipelineOptions& opt, const PipelineReport& r) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : r.files) {
    files.push_back({{"path", f.path},
                     {"kind", f.kind},
                     {"sha256", f.sha256},
                     {"bytes", f.bytes},
                     {"documents", f.documents},
                     {"status", f.status},
                     {"reason", f.reason}});
  }
  nlohmann::json pii = nlohmann::json::object();
  for (const auto& [k, v] : r.pii.by_type) pii[k] = v;
  return {{"sources", files},
          {"counts",
           {{"documents_in", r.documents_in},
            {"kept", r.kept},
            {"exact_duplicates", r.exact_duplicates},
            {"near_duplicates", r.near_duplicates},
            {"too_short", r.too_short},
            {"boilerplate_lines", r.boilerplate_lines},
            {"train", r.train},
            {"valid", r.valid}}},
          {"pii_redactions", pii},
          {"split",
           {{"seed", opt.seed},
            {"valid_fraction", opt.valid_fraction},
            {"method", "sha256(seed:text) mod 1e6 < fraction * 1e6"}}},
          {"licence_note", opt.licence_note}};
}

}  // namespace

Result<PipelineReport> run_data_pipeline(const PipelineOptions& opt) {
  if (opt.inputs.empty()) return Error::invalid("no inputs given", "input");
  if (opt.valid_fraction < 0 || opt.valid_fraction > 1) {
    return Error::invalid("valid fraction must be within [0, 1]", "valid-frac");
  }
  std::error_code ec;
  fs::create_directories(opt.out_dir, ec);
  if (ec) return Error::invalid("cannot create " + opt.out_dir + ": " + ec.message(), "out");
  PipelineReport rep;
  const auto files = list_inputs(opt.inputs);
  std::vector<Document> docs;
  Progress progress("ingest", files.size());
  for (const auto& path : files) {
    FileReport fr;
    fr.path = path;
    fr.kind = file_kind(path);
    const std::string bytes = read_all(path);
    fr.bytes = bytes.size();
    fr.sha256 = sha256_hex(bytes);
    auto d = extract_documents(path, opt.extract);
    if (!d) {
      fr.status = "skipped";
      const auto& m = d.error().message;
      fr.reason = m.rfind(path + ": ", 0) == 0 ? m.substr(path.size() + 2) : m;
    } else {
      fr.status = "ok";
      fr.documents = d->size();
      for (auto& doc : *d) docs.push_back(std::move(doc));
    }
    rep.files.push_back(fr);
    if (opt.show_progress) progress.advance();
  }
  if (opt.show_progress) progress.finish();
  rep.documents_in = docs.size();

  LineFrequency freq;
  for (const auto& d : docs) freq.add_document(normalize_whitespace(d.text));
  Deduplicator dedup;
  std::ofstream train(opt.out_dir + "/train.jsonl"), valid(opt.out_dir + "/valid.jsonl");
  Progress clean_progress("clean", docs.size());
  for (const auto& d : docs) {
    if (opt.show_progress) clean_progress.advance();
    CleanStats cs;
    // Repeated-line removal only makes sense across several documents.
    std::string text = clean_text(d.text, docs.size() >= 3 ? &freq : nullptr, cs);
    rep.boilerplate_lines += cs.boilerplate_lines;
    if (text.size() < opt.min_chars) {
      ++rep.too_short;
      continue;
    }
    const DupKind k = dedup.add(text);
    if (k == DupKind::exact) {
      ++rep.exact_duplicates;
      continue;
    }
    if (k == DupKind::near) {
      ++rep.near_duplicates;
      continue;
    }
    text = redact_pii(text, rep.pii);
    const nlohmann::json line = {{"text", text}, {"source", d.source}};
    if (in_validation(text, opt.seed, opt.valid_fraction)) {
      valid << line.dump() << "\n";
      ++rep.valid;
    } else {
      train << line.dump() << "\n";
      ++rep.train;
    }
    ++rep.kept;
  }
  if (opt.show_progress) clean_progress.finish();
  std::ofstream(opt.out_dir + "/manifest.json") << manifest_json(opt, rep).dump(2) << "\n";
  std::ofstream report(opt.out_dir + "/report.txt");
  for (const auto& f : rep.files) {
    report << f.status << "\t" << f.path << "\t"
           << (f.status == "ok" ? std::to_string(f.documents) + " docs" : f.reason) << "\n";
  }
  if (!train || !valid || !report) return Error::internal("cannot write outputs in " + opt.out_dir);
  return rep;
}

}  // namespace finchat::train
