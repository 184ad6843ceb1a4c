#pragma once
// The `data` pipeline: ingest files -> clean -> dedup (exact + MinHash) -> redact PII ->
// deterministic train/validation split -> JSONL outputs, manifest and per-file report.
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "train/pii.hpp"
#include "train/text_extract.hpp"

namespace finchat::train {

struct PipelineOptions {
  std::vector<std::string> inputs;  // files or directories (searched recursively)
  std::string out_dir;
  ExtractOptions extract;
  double valid_fraction = 0.05;
  uint64_t seed = 1;
  size_t min_chars = 20;  // documents shorter than this after cleaning are dropped
  std::string licence_note =
      "Sources supplied by the operator; check each source's licence "
      "before redistributing a model trained on it.";
  bool show_progress = true;
};

struct FileReport {
  std::string path, kind, sha256, status, reason;  // status: ok | skipped
  size_t bytes = 0, documents = 0;
};

struct PipelineReport {
  std::vector<FileReport> files;
  size_t documents_in = 0, kept = 0, exact_duplicates = 0, near_duplicates = 0, too_short = 0;
  size_t train = 0, valid = 0, boilerplate_lines = 0;
  PiiCounts pii;
};

std::string sha256_hex(const std::string& bytes);
// True when a document with this content goes to validation (stable across runs/orders).
bool in_validation(const std::string& text, uint64_t seed, double fraction);

// Writes out_dir/{train,valid}.jsonl ({"text","source"} per line), manifest.json, report.txt.
Result<PipelineReport> run_data_pipeline(const PipelineOptions& opt);

}  // namespace finchat::train
