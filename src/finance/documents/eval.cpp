#include "finance/documents/eval.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "finance/documents/bullet_fit.hpp"
#include "finance/documents/figure_bullets.hpp"
#include "finance/documents/rouge.hpp"
#include "finance/documents/sentiment_eval.hpp"

namespace finchat::documents {

std::vector<std::string> read_nonblank_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) out.push_back(line);
  }
  return out;
}

namespace {

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

}  // namespace

Result<std::vector<std::filesystem::path>> ectsum_transcripts(const std::string& dir) {
  namespace fs = std::filesystem;
  const fs::path ects = fs::path(dir) / "ects", gold = fs::path(dir) / "gt_summaries";
  if (!fs::is_directory(ects) || !fs::is_directory(gold)) {
    return Error::invalid(dir + ": expected ects/ and gt_summaries/ folders");
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(ects)) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<EvalReport> evaluate_ectsum(const std::string& dir, const SummaryOptions& options,
                                   std::size_t limit, bool stem, std::ostream* trace) {
  namespace fs = std::filesystem;
  auto transcripts = ectsum_transcripts(dir);
  if (!transcripts) return transcripts.error();
  const fs::path gold = fs::path(dir) / "gt_summaries";
  std::vector<fs::path> files;
  for (const auto& f : *transcripts) {
    if (fs::exists(gold / f.filename())) files.push_back(f);
  }
  if (limit > 0 && files.size() > limit) files.resize(limit);
  if (files.empty()) return Error::invalid(dir + ": no document with a gold summary");
  EvalReport r;
  double seconds = 0;
  for (const auto& f : files) {
    const auto sentences = read_nonblank_lines(f.string());
    const auto reference = join(read_nonblank_lines((gold / f.filename()).string()));
    const auto t0 = std::chrono::steady_clock::now();
    const auto summary = summarize_sentences(sentences, options);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto score = rouge(summary.text(), reference, stem);
    if (trace)
      *trace << "## " << f.filename().string() << "\n"
             << summary.text() << "\n-- reference\n"
             << reference;
    r.rouge1 += score.rouge1.f1;
    r.rouge2 += score.rouge2.f1;
    r.rougeL += score.rougeL.f1;
    ++r.documents;
  }
  const double n = double(r.documents);
  r.rouge1 /= n;
  r.rouge2 /= n;
  r.rougeL /= n;
  r.ms_per_document = seconds * 1000 / n;
  return r;
}

namespace {

// Every bullet candidate of every document, with its slot and probability, then the reference:
// the raw material for studying the bullet policy on a training split.
int explain_bullets(const std::string& dir, std::ostream& out, std::ostream& err) {
  namespace fs = std::filesystem;
  auto transcripts = ectsum_transcripts(dir);
  if (!transcripts) {
    err << transcripts.error().message << "\n";
    return 1;
  }
  for (const auto& f : *transcripts) {
    const auto sentences = read_nonblank_lines(f.string());
    out << "## " << f.filename().string() << "\n# quarter " << document_quarter(sentences) << "\n";
    for (const auto& c : figure_candidates(sentences)) {
      out << c.slot << "\t" << c.probability << "\t" << c.text << "\t" << c.figure.sentence_index
          << "\n";
    }
    out << "-- reference\n"
        << join(read_nonblank_lines((fs::path(dir) / "gt_summaries" / f.filename()).string()));
  }
  return 0;
}

}  // namespace

int run_documents_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() >= 3 && args[0] == "explain" && args[1] == "bullets") {
    return explain_bullets(args[2], out, err);
  }
  if (args.size() >= 2 && args[0] == "fit" && args[1] == "bullets") {
    return run_fit_cli(args, out, err);
  }
  if (args.size() >= 2 && args[0] == "eval" && args[1] == "sentiment") {
    return run_sentiment_eval_cli(args, out, err);
  }
  if (args.size() < 3 || args[0] != "eval" || args[1] != "summaries") {
    err << "usage: eval summaries DIR [--limit N] [--classic] [--compress] [--dedupe] "
           "[--key-points] [--length K] [--lambda L] [--finance W] [--position P] "
           "[--budget WORDS] [--ideal WORDS] [--numbers B] [--lead-words N] "
           "[--figure-clauses N] [--bullets N] [--min-points N] [--headline SUBJECT] [--show]\n"
           "       [--no-stem]\n"
           "       eval sentiment FILE [--train CSV] [--text-col C] [--label-col L] "
           "[--text-after MARKER]\n"
           "       fit bullets DIR [--l2 X]\n";
    return 2;
  }
  // Figure bullets + key points by default (--bullets 0 = key points only); --classic starts from
  // the sentence-extraction defaults and the flags after it tune either.
  SummaryOptions options = figure_summary_options();
  // ECTSum's references name the company "compname" (the data set masks company names), so
  // that is the headline's subject; --headline '' turns the headline off.
  options.headline_subject = "compname";
  std::size_t limit = 0;
  bool stem = true, show = false;
  for (size_t i = 3; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--no-stem") {
      stem = false;
      continue;
    }
    if (a == "--show") {
      show = true;
      continue;
    }
    if (a == "--classic") {
      options = SummaryOptions{};  // no headline either
      continue;
    }
    if (a == "--compress" || a == "--dedupe" || a == "--key-points") {
      (a == "--compress" ? options.compress
       : a == "--dedupe" ? options.dedupe_figures
                         : options.key_point_scoring) = true;
      continue;
    }
    if (i + 1 >= args.size()) {
      err << "missing value for " << a << "\n";
      return 2;
    }
    const std::string& v = args[++i];
    try {
      if (a == "--limit")
        limit = std::stoul(v);
      else if (a == "--length")
        options.sentences = std::stoul(v);
      else if (a == "--lambda")
        options.mmr_lambda = std::stod(v);
      else if (a == "--finance")
        options.finance_weight = std::stod(v);
      else if (a == "--position")
        options.position_weight = std::stod(v);
      else if (a == "--budget")
        options.word_budget = std::stoul(v);
      else if (a == "--numbers")
        options.number_bonus = std::stod(v);
      else if (a == "--lead-words")
        options.compression.max_lead_words = std::stoul(v);
      else if (a == "--figure-clauses")
        options.compression.max_figure_clauses = std::stoul(v);
      else if (a == "--min-points")
        options.min_key_points = std::stoul(v);
      else if (a == "--bullets")
        options.max_figure_bullets = std::stoul(v);
      else if (a == "--headline")
        options.headline_subject = v;
      else if (a == "--ideal")
        options.ideal_words = std::stoul(v);
      else {
        err << "unknown option " << a << "\n";
        return 2;
      }
    } catch (const std::exception&) {
      err << "bad value for " << a << ": " << v << "\n";
      return 2;
    }
  }
  auto report = evaluate_ectsum(args[2], options, limit, stem, show ? &out : nullptr);
  if (!report.ok()) {
    err << report.error().message << "\n";
    return 1;
  }
  out << std::fixed << std::setprecision(4) << "documents " << report->documents << "\nrouge1 "
      << report->rouge1 << "\nrouge2 " << report->rouge2 << "\nrougeL " << report->rougeL
      << "\nms_per_document " << std::setprecision(2) << report->ms_per_document << "\n";
  return 0;
}

}  // namespace finchat::documents
