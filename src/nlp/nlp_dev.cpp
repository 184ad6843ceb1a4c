// Development driver: trains on CLINC150 train (+oos_train) and reports val figures, or runs
// k-fold CV on the financial sentiment set. Usage:
//   nlp_dev clinc [key=value ...]     nlp_dev sentiment [key=value ...]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "nlp/classifier.hpp"
#include "nlp/evaluate.hpp"

using namespace finchat::nlp;

namespace {

void apply(TrainOptions& o, const std::string& kv) {
  const auto eq = kv.find('=');
  const std::string k = kv.substr(0, eq);
  const double v = std::atof(kv.substr(eq + 1).c_str());
  if (k == "word")
    o.features.word_ngram_max = static_cast<int>(v);
  else if (k == "cmin")
    o.features.char_ngram_min = static_cast<int>(v);
  else if (k == "cmax")
    o.features.char_ngram_max = static_cast<int>(v);
  else if (k == "stem")
    o.features.stem = v != 0;
  else if (k == "stop")
    o.features.remove_stopwords = v != 0;
  else if (k == "mindf")
    o.features.min_df = static_cast<int>(v);
  else if (k == "ww")
    o.features.word_weight = static_cast<float>(v);
  else if (k == "cw")
    o.features.char_weight = static_cast<float>(v);
  else if (k == "lambda")
    o.logistic.lambda = v;
  else if (k == "epochs")
    o.logistic.epochs = static_cast<int>(v);
  else if (k == "eta0")
    o.logistic.eta0 = v;
  else if (k == "C")
    o.svm.c = v;
  else if (k == "svmw")
    o.svm_weight = v;
  else if (k == "lr")
    o.use_logistic = v != 0;
  else if (k == "svm")
    o.use_svm = v != 0;
  else if (k == "cal")
    o.calibration_fraction = v;
  else if (k == "balance")
    o.balance_classes = v != 0;
  else if (k == "threads")
    o.threads = static_cast<int>(v);
  else
    std::cerr << "unknown option " << k << "\n";
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Trade-off curve on val (reporting only; the model's threshold is chosen on training data).
void print_sweep(const Classifier& model, const Dataset& val, const Dataset& oos_val) {
  std::vector<std::pair<double, bool>> in_scope;
  for (const auto& e : val.examples) {
    const Prediction p = model.predict(e.text, 1);
    in_scope.emplace_back(p.confidence, p.top_k[0].label == e.label);
  }
  std::vector<double> oos;
  for (const auto& e : oos_val.examples) oos.push_back(model.predict(e.text, 1).confidence);
  for (double t : {0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
    size_t kept = 0;
    for (const auto& [conf, ok] : in_scope) kept += (ok && conf >= t) ? 1 : 0;
    size_t flagged = 0;
    for (double conf : oos) flagged += conf < t ? 1 : 0;
    std::printf("  t=%.2f in-scope acc=%.4f oos recall=%.4f\n", t,
                static_cast<double>(kept) / in_scope.size(),
                static_cast<double>(flagged) / oos.size());
  }
}

int run_clinc(TrainOptions o) {
  const std::string path =
      std::string(FINCHAT_SHARED_DIR) + "/data/intents/clinc150/clinc150_dev.json";
  DatasetSpec spec;
  spec.split = "train";
  auto train_data = load_dataset(path, spec);
  spec.split = "oos_train";
  auto oos_train = load_dataset(path, spec);
  spec.split = "val";
  auto val = load_dataset(path, spec);
  spec.split = "oos_val";
  auto oos_val = load_dataset(path, spec);
  if (!train_data.ok() || !oos_train.ok() || !val.ok() || !oos_val.ok()) {
    std::cerr << "cannot load " << path << "\n";
    return 1;
  }
  o.oos_label = "oos";
  Dataset all = *train_data;
  all.examples.insert(all.examples.end(), oos_train->examples.begin(), oos_train->examples.end());
  const auto t0 = std::chrono::steady_clock::now();
  auto model = train(all, o);
  if (!model.ok()) {
    std::cerr << model.error().message << "\n";
    return 1;
  }
  const double train_s = seconds_since(t0);
  // In-scope accuracy on the 150 intents with the OOS threshold off.
  const double threshold = model->oos_threshold();
  model->set_oos_threshold(0.0);
  const EvalReport plain = evaluate(*model, *val);
  model->set_oos_threshold(threshold);
  Dataset with_oos = *val;
  with_oos.examples.insert(with_oos.examples.end(), oos_val->examples.begin(),
                           oos_val->examples.end());
  const EvalReport oos = evaluate(*model, with_oos);
  std::printf(
      "features=%zu train_s=%.1f val_acc=%.4f val_macroF1=%.4f | threshold=%.3f "
      "inscope_acc=%.4f oos_recall=%.4f\n",
      model->feature_count(), train_s, plain.accuracy, plain.macro_f1, threshold,
      oos.in_scope_accuracy, oos.oos_recall);
  if (std::getenv("NLP_SWEEP") != nullptr) print_sweep(*model, *val, *oos_val);
  return 0;
}

int run_sentiment(const TrainOptions& o) {
  const std::string path = std::string(FINCHAT_SHARED_DIR) + "/data/sentiment/tfns.jsonl";
  DatasetSpec spec;
  spec.text_column = "context";
  spec.label_column = "target";
  spec.text_after = "Input:";
  auto data = load_dataset(path, spec);
  if (!data.ok()) {
    std::cerr << data.error().message << "\n";
    return 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto cv = cross_validate(*data, o, 5);
  if (!cv.ok()) {
    std::cerr << cv.error().message << "\n";
    return 1;
  }
  std::printf("5-fold CV: acc=%.4f (sd %.4f) macroF1=%.4f time_s=%.1f\n", cv->mean_accuracy,
              cv->std_accuracy, cv->mean_macro_f1, seconds_since(t0));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: nlp_dev clinc|sentiment [key=value ...]\n";
    return 2;
  }
  TrainOptions o;
  for (int i = 2; i < argc; ++i) apply(o, argv[i]);
  const std::string what = argv[1];
  return what == "clinc" ? run_clinc(o) : run_sentiment(o);
}
