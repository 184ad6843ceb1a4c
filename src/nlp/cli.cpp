#include "nlp/cli.hpp"

#include <charconv>
#include <chrono>
#include <iomanip>
#include <map>
#include <type_traits>

#include "nlp/classifier.hpp"
#include "nlp/evaluate.hpp"

namespace finchat::nlp {
namespace {

// --flag value pairs after the two leading words; flags without a value map to "".
struct Flags {
  std::map<std::string, std::string> values;

  bool has(const std::string& k) const { return values.count(k) != 0; }
  std::string get(const std::string& k, const std::string& fallback = {}) const {
    const auto it = values.find(k);
    return it == values.end() ? fallback : it->second;
  }
};

const std::map<std::string, bool>& known_flags() {
  // flag -> takes a value
  static const std::map<std::string, bool> kFlags = {
      {"--data", true},         {"--text-col", true},    {"--label-col", true},
      {"--out", true},          {"--model", true},       {"--format", true},
      {"--split", true},        {"--text-after", true},  {"--oos-label", true},
      {"--word-ngrams", true},  {"--char-ngrams", true}, {"--no-stem", false},
      {"--stopwords", false},   {"--balance", false},    {"--min-df", true},
      {"--max-features", true}, {"--c", true},           {"--lambda", true},
      {"--epochs", true},       {"--models", true},      {"--seed", true},
      {"--threads", true},      {"--cv", true},          {"--tune", false},
      {"--calibration", true},  {"--top", true},         {"--oos-threshold", true},
      {"--text", true},         {"--top-k", true},
  };
  return kFlags;
}

Result<Flags> parse_flags(const std::vector<std::string>& args, size_t first) {
  Flags flags;
  for (size_t i = first; i < args.size(); ++i) {
    const auto it = known_flags().find(args[i]);
    if (it == known_flags().end()) return Error::invalid("unknown option '" + args[i] + "'");
    if (!it->second) {
      flags.values[args[i]] = "";
      continue;
    }
    if (i + 1 >= args.size()) return Error::invalid("option " + args[i] + " needs a value");
    flags.values[args[i]] = args[i + 1];
    ++i;
  }
  return flags;
}

template <class T>
Status parse_number(const Flags& f, const std::string& key, T& out) {
  if (!f.has(key)) return {};
  const std::string s = f.get(key);
  try {
    size_t used = 0;
    const double v = std::stod(s, &used);
    if (used != s.size() || (std::is_unsigned_v<T> && v < 0)) throw std::invalid_argument(s);
    out = static_cast<T>(v);
  } catch (const std::exception&) {
    return Error::invalid("option " + key + " expects a number, got '" + s + "'", key);
  }
  return {};
}

Result<DatasetSpec> dataset_spec(const Flags& f, const std::string& text_col,
                                 const std::string& label_col) {
  DatasetSpec spec;
  spec.text_column = f.get("--text-col", text_col);
  spec.label_column = f.get("--label-col", label_col);
  spec.split = f.get("--split");
  spec.text_after = f.get("--text-after");
  if (f.has("--format")) {
    auto format = parse_format(f.get("--format"));
    if (!format.ok()) return format.error();
    spec.format = *format;
  }
  return spec;
}

Result<TrainOptions> train_options(const Flags& f) {
  TrainOptions o;
  o.oos_label = f.get("--oos-label");
  o.features.stem = !f.has("--no-stem");
  o.features.remove_stopwords = f.has("--stopwords");
  o.balance_classes = f.has("--balance");
  Status st;
  for (auto [key, target] :
       {std::pair{"--word-ngrams", &o.features.word_ngram_max},
        std::pair{"--min-df", &o.features.min_df}, std::pair{"--epochs", &o.logistic.epochs},
        std::pair{"--threads", &o.threads}}) {
    if (st = parse_number(f, key, *target); !st.ok()) return st.error();
  }
  if (st = parse_number(f, "--c", o.svm.c); !st.ok()) return st.error();
  if (st = parse_number(f, "--max-features", o.features.max_features); !st.ok()) return st.error();
  if (st = parse_number(f, "--lambda", o.logistic.lambda); !st.ok()) return st.error();
  if (st = parse_number(f, "--seed", o.seed); !st.ok()) return st.error();
  if (st = parse_number(f, "--calibration", o.calibration_fraction); !st.ok()) return st.error();
  if (f.has("--char-ngrams")) {
    const std::string range = f.get("--char-ngrams");
    int lo = 0;
    int hi = 0;
    const auto dash = range.find('-');
    const bool ok =
        dash != std::string::npos &&
        std::from_chars(range.data(), range.data() + dash, lo).ec == std::errc() &&
        std::from_chars(range.data() + dash + 1, range.data() + range.size(), hi).ec == std::errc();
    if (!ok || lo < 0 || hi < lo || hi > 8) {
      return Error::invalid("--char-ngrams expects MIN-MAX such as 2-5 (0-0 disables)",
                            "--char-ngrams");
    }
    o.features.char_ngram_min = lo;
    o.features.char_ngram_max = hi;
  }
  if (f.has("--models")) {
    const std::string m = f.get("--models");
    o.use_logistic = m.find("lr") != std::string::npos;
    o.use_svm = m.find("svm") != std::string::npos;
  }
  if (o.features.word_ngram_max < 0 || o.features.word_ngram_max > 4 || o.svm.c <= 0 ||
      o.logistic.lambda <= 0 || o.logistic.epochs < 1 || o.threads < 1) {
    return Error::invalid(
        "training option out of range (word n-grams 0-4, c > 0, lambda > 0, "
        "epochs >= 1, threads >= 1)");
  }
  return o;
}

int fail(std::ostream& err, const Error& e, int code = 1) {
  err << "error: " << e.message << "\n";
  return code;
}

int run_train(const Flags& f, std::ostream& out, std::ostream& err) {
  if (!f.has("--data") || !f.has("--out")) {
    err << "train classifier needs --data FILE and --out MODEL\n" << classifier_cli_usage();
    return 2;
  }
  auto options = train_options(f);
  if (!options.ok()) return fail(err, options.error(), 2);
  auto spec = dataset_spec(f, "text", "label");
  if (!spec.ok()) return fail(err, spec.error(), 2);
  options->text_column = spec->text_column;
  options->label_column = spec->label_column;
  auto data = load_dataset(f.get("--data"), *spec);
  if (!data.ok()) return fail(err, data.error());
  out << "loaded " << data->size() << " examples, " << data->labels().size() << " labels\n";
  if (f.has("--cv") || f.has("--tune")) {
    int k = 5;
    if (auto st = parse_number(f, "--cv", k); !st.ok() || k < 2) {
      return fail(err, Error::invalid("--cv expects a fold count >= 2"), 2);
    }
    std::vector<TuneCandidate> grid = f.has("--tune") ? default_tuning_grid(*options)
                                                      : std::vector<TuneCandidate>{{"", *options}};
    auto tuned = tune(*data, grid, k);
    if (!tuned.ok()) return fail(err, tuned.error());
    out << std::fixed << std::setprecision(4);
    for (size_t i = 0; i < grid.size(); ++i) {
      const CrossValidation& cv = tuned->results[i];
      out << k << "-fold CV" << (grid[i].name.empty() ? "" : " [" + grid[i].name + "]")
          << ": accuracy " << cv.mean_accuracy << " (sd " << cv.std_accuracy << "), macro-F1 "
          << cv.mean_macro_f1 << "\n";
    }
    if (f.has("--tune")) {
      out << "selected [" << grid[tuned->best].name << "]\n";
      *options = grid[tuned->best].options;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  auto model = train(*data, *options);
  if (!model.ok()) return fail(err, model.error());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (auto st = model->save(f.get("--out")); !st.ok()) return fail(err, st.error());
  out << std::fixed << std::setprecision(1) << "trained " << model->labels().size() << " classes, "
      << model->feature_count() << " features in " << secs << " s";
  if (model->oos_threshold() > 0) {
    out << std::setprecision(3) << ", out-of-scope threshold " << model->oos_threshold();
  }
  out << "\nsaved " << f.get("--out") << "\n";
  return 0;
}

Result<Classifier> load_model(const Flags& f) {
  if (!f.has("--model")) return Error::invalid("missing --model MODEL");
  auto model = Classifier::load(f.get("--model"));
  if (!model.ok()) return model.error();
  if (f.has("--oos-threshold")) {
    double t = 0;
    if (auto st = parse_number(f, "--oos-threshold", t); !st.ok()) return st.error();
    model->set_oos_threshold(t);
  }
  return model;
}

int run_eval(const Flags& f, std::ostream& out, std::ostream& err) {
  if (!f.has("--data")) {
    err << "eval classifier needs --model MODEL and --data FILE\n" << classifier_cli_usage();
    return 2;
  }
  auto model = load_model(f);
  if (!model.ok())
    return fail(err, model.error(), model.error().message.rfind("missing", 0) == 0 ? 2 : 1);
  auto spec = dataset_spec(f, model->text_column(), model->label_column());
  if (!spec.ok()) return fail(err, spec.error(), 2);
  auto data = load_dataset(f.get("--data"), *spec);
  if (!data.ok()) return fail(err, data.error());
  size_t top = 10;
  if (auto st = parse_number(f, "--top", top); !st.ok()) return fail(err, st.error(), 2);
  out << format_report(evaluate(*model, *data, top));
  return 0;
}

int run_predict(const Flags& f, std::ostream& out, std::ostream& err) {
  auto model = load_model(f);
  if (!model.ok()) return fail(err, model.error(), 2);
  if (!f.has("--text")) return fail(err, Error::invalid("predict classifier needs --text"), 2);
  size_t k = 3;
  if (auto st = parse_number(f, "--top-k", k); !st.ok()) return fail(err, st.error(), 2);
  const Prediction p = model->predict(f.get("--text"), k);
  out << std::fixed << std::setprecision(4) << "label: " << p.label
      << "\nconfidence: " << p.confidence << "\nout_of_scope: " << (p.out_of_scope ? "yes" : "no")
      << "\n";
  for (const auto& s : p.top_k) out << "  " << s.label << " " << s.probability << "\n";
  return 0;
}

}  // namespace

std::string classifier_cli_usage() {
  return "usage:\n"
         "  train classifier --data FILE --out MODEL [--text-col text] [--label-col label]\n"
         "        [--format csv|tsv|jsonl|json] [--split NAME] [--text-after MARKER]\n"
         "        [--oos-label LABEL] [--word-ngrams 2] [--char-ngrams 2-5] [--no-stem]\n"
         "        [--stopwords] [--balance] [--min-df 2] [--max-features N]\n"
         "        [--c 2.0] [--lambda 5e-6] [--epochs 25] [--models lr,svm] [--seed 42]\n"
         "        [--threads 2] [--calibration 0.2] [--cv K] [--tune]\n"
         "  eval classifier --model MODEL --data FILE [--text-col] [--label-col] [--format]\n"
         "        [--split] [--text-after] [--top 10] [--oos-threshold X]\n"
         "  predict classifier --model MODEL --text TEXT [--top-k 3] [--oos-threshold X]\n";
}

int run_classifier_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() < 2 || args[1] != "classifier") {
    err << classifier_cli_usage();
    return 2;
  }
  auto flags = parse_flags(args, 2);
  if (!flags.ok()) {
    err << "error: " << flags.error().message << "\n" << classifier_cli_usage();
    return 2;
  }
  if (args[0] == "train") return run_train(*flags, out, err);
  if (args[0] == "eval") return run_eval(*flags, out, err);
  if (args[0] == "predict") return run_predict(*flags, out, err);
  err << classifier_cli_usage();
  return 2;
}

}  // namespace finchat::nlp
