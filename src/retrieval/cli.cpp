// Command-line entry points for retrieval: "eval faq" and "ingest kb".
#include <charconv>
#include <cstdlib>
#include <map>

#include "retrieval/eval.hpp"
#include "retrieval/kb_index.hpp"

namespace finchat::retrieval {
namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  eval faq [--kb DIR] [--faq FILE] [--heldout FILE] [--folds N] [--epochs N] [--cache DIR]\n"
    "           [--validate 1] [--intent 0|1] [--svm-c C] [--threads N]\n"
    "           [--title-weight W] [--alt-weight W] [--body-weight W] [--context-weight W]\n"
    "  ingest kb DIR [--index PATH]\n";

struct Parsed {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
};

Result<Parsed> parse_args(const std::vector<std::string>& args) {
  Parsed p;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].starts_with("--")) {
      if (i + 1 >= args.size()) return Error::invalid("option " + args[i] + " needs a value");
      p.options[args[i].substr(2)] = args[i + 1];
      ++i;
    } else {
      p.positional.push_back(args[i]);
    }
  }
  return p;
}

Result<uint32_t> parse_count(const std::string& name, const std::string& value) {
  uint32_t n = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size() || n == 0 || n > 1000) {
    return Error::invalid("--" + name + " must be an integer in 1..1000", name);
  }
  return n;
}

Result<double> parse_weight(const std::string& name, const std::string& value) {
  char* end = nullptr;
  const double w = std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !(w >= 0.0 && w <= 100.0)) {
    return Error::invalid("--" + name + " must be a number in 0..100", name);
  }
  return w;
}

int fail(std::ostream& err, const Error& e) {
  err << "error: " << e.message << '\n';
  return 1;
}

int eval_faq(const Parsed& p, std::ostream& out, std::ostream& err) {
  FaqEvalPaths paths;
  FitConfig config;
  for (const auto& [key, value] : p.options) {
    if (key == "kb") {
      paths.kb = value;
    } else if (key == "faq") {
      paths.faq = value;
    } else if (key == "heldout") {
      paths.heldout = value;
    } else if (key == "cache") {
      paths.cache = value;
    } else if (key == "title-weight" || key == "alt-weight" || key == "body-weight" ||
               key == "context-weight") {
      // BM25 field weights, for tuning by the out-of-fold figures (never the held-out ones).
      auto w = parse_weight(key, value);
      if (!w) return fail(err, w.error());
      double& field = key == "title-weight"  ? config.bm25.title_weight
                      : key == "alt-weight"  ? config.bm25.alt_weight
                      : key == "body-weight" ? config.bm25.body_weight
                                             : config.bm25.context_weight;
      field = *w;
    } else if (key == "svm-c") {  // the FAQ-id classifier's SVM cost, tuned with --validate 1
      auto c = parse_weight(key, value);
      if (!c) return fail(err, c.error());
      config.intent.svm_c = *c;
    } else if (key == "folds" || key == "epochs" || key == "threads") {
      auto n = parse_count(key, value);
      if (!n) return fail(err, n.error());
      (key == "folds" ? config.folds : key == "epochs" ? config.train.epochs : config.threads) = *n;
    } else if (key == "validate" || key == "intent") {
      // validate 1: tune on a split of the training paraphrases; intent 0: no intent model.
      if (value != "0" && value != "1")
        return fail(err, Error::invalid("--" + key + " takes 0|1", key));
      (key == "validate" ? paths.validate : config.intent.enabled) = value == "1";
    } else {
      err << "unknown option --" << key << '\n' << kUsage;
      return 2;
    }
  }
  auto result = run_faq_eval(paths, config);
  if (!result) return fail(err, result.error());
  print_faq_eval(*result, out);
  return 0;
}

int ingest_kb(const Parsed& p, std::ostream& out, std::ostream& err) {
  if (p.positional.size() != 3) {
    err << kUsage;
    return 2;
  }
  std::filesystem::path index_dir = "kb-index";
  for (const auto& [key, value] : p.options) {
    if (key != "index") {
      err << "unknown option --" << key << '\n' << kUsage;
      return 2;
    }
    index_dir = value;
  }
  JsonIndexStore store(index_dir);
  KnowledgeIndex index;
  if (auto s = index.restore(store); !s) return fail(err, s.error());
  auto report = index.index_directory(p.positional[2]);
  if (!report) return fail(err, report.error());
  if (auto s = index.persist(store); !s) return fail(err, s.error());
  out << "indexed " << p.positional[2] << " into " << index_dir.string() << ": " << report->added
      << " added, " << report->changed << " changed, " << report->removed << " removed, "
      << report->unchanged << " unchanged files; " << report->chunks << " chunks\n";
  for (const auto& e : report->errors) err << "skipped: " << e << '\n';
  return report->errors.empty() ? 0 : 1;
}

}  // namespace

int run_retrieval_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto parsed = parse_args(args);
  if (!parsed) {
    err << "error: " << parsed.error().message << '\n' << kUsage;
    return 2;
  }
  const auto& pos = parsed->positional;
  if (pos.size() >= 2 && pos[0] == "eval" && pos[1] == "faq" && pos.size() == 2) {
    return eval_faq(*parsed, out, err);
  }
  if (pos.size() >= 2 && pos[0] == "ingest" && pos[1] == "kb") return ingest_kb(*parsed, out, err);
  err << kUsage;
  return 2;
}

}  // namespace finchat::retrieval
