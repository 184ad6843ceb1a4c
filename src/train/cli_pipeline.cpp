// `finchat-train data`: runs the ingestion pipeline and prints its report.
#include <cstdio>

#include "train/cli.hpp"
#include "train/data_pipeline.hpp"

namespace finchat::train {

int cmd_data(const Args& a) {
  PipelineOptions o;
  o.inputs = a.all("input");
  for (const auto& p : a.positional()) o.inputs.push_back(p);
  o.out_dir = a.get("out", "data_out");
  o.valid_fraction = a.get_double("valid-frac", o.valid_fraction);
  o.seed = static_cast<uint64_t>(a.get_int("seed", 1));
  o.min_chars = static_cast<size_t>(a.get_int("min-chars", 20));
  if (a.has("columns")) {
    o.extract.columns.clear();
    std::string cols = a.get("columns");
    size_t i = 0;
    while (i <= cols.size()) {
      size_t j = cols.find(',', i);
      if (j == std::string::npos) j = cols.size();
      if (j > i) o.extract.columns.push_back(cols.substr(i, j - i));
      i = j + 1;
    }
  }
  if (a.has("licence")) o.licence_note = a.get("licence");
  auto r = run_data_pipeline(o);
  if (!r) {
    std::fprintf(stderr, "error: %s\n", r.error().message.c_str());
    return 1;
  }
  size_t skipped = 0;
  for (const auto& f : r->files) {
    if (f.status != "ok") {
      ++skipped;
      std::printf("skipped %s: %s\n", f.path.c_str(), f.reason.c_str());
    }
  }
  std::printf(
      "files: %zu (%zu skipped); documents: %zu in, %zu kept (%zu train, %zu valid); "
      "removed: %zu exact dup, %zu near dup, %zu too short; %zu boilerplate lines\n",
      r->files.size(), skipped, r->documents_in, r->kept, r->train, r->valid, r->exact_duplicates,
      r->near_duplicates, r->too_short, r->boilerplate_lines);
  std::printf("PII redacted: %d", r->pii.total());
  for (const auto& [k, v] : r->pii.by_type) std::printf(" %s=%d", k.c_str(), v);
  std::printf("\noutputs: %s/{train.jsonl,valid.jsonl,manifest.json,report.txt}\n",
              o.out_dir.c_str());
  return 0;
}

}  // namespace finchat::train
