#pragma once
// ECTSum evaluation (ects/*.txt one sentence per line, gt_summaries/*.txt one bullet per line)
// and the documents CLI.
#include <cstddef>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "finance/documents/summarize.hpp"

namespace finchat::documents {

struct EvalReport {
  std::size_t documents = 0;
  double rouge1 = 0, rouge2 = 0, rougeL = 0;  // mean F1
  double ms_per_document = 0;
};

// The transcripts (ects/*.txt, sorted) of an ECTSum split; an error unless DIR holds both
// ects/ and gt_summaries/.
Result<std::vector<std::filesystem::path>> ectsum_transcripts(const std::string& dir);

Result<EvalReport> evaluate_ectsum(const std::string& dir, const SummaryOptions& options,
                                   std::size_t limit = 0, bool stem = true,
                                   std::ostream* trace = nullptr);  // summaries and references

// The lines of a text file without trailing '\r', blank lines dropped (ECTSum: one sentence or
// bullet per line).
std::vector<std::string> read_nonblank_lines(const std::string& path);

// `eval summaries DIR [options]` (key-point mode unless --classic), `eval sentiment
// FILE` and `fit bullets DIR` (bullet_fit.hpp).
int run_documents_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace finchat::documents
