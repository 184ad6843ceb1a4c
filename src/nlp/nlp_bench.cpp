// Prediction throughput of the text classifier. Trains on CLINC150 train when the shared data
// is present (150 classes), otherwise on a small synthetic set.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "nlp/classifier.hpp"
#include "nlp/text.hpp"

namespace {

using namespace finchat::nlp;

const Classifier& model() {
  static const Classifier m = [] {
    const std::string clinc =
        std::string(FINCHAT_SHARED_DIR) + "/data/intents/clinc150/clinc150_dev.json";
    Dataset data;
    if (std::filesystem::exists(clinc)) {
      DatasetSpec spec;
      spec.split = "train";
      auto loaded = load_dataset(clinc, spec);
      if (loaded.ok()) data = std::move(*loaded);
    }
    if (data.size() == 0) {
      for (int i = 0; i < 200; ++i) {
        data.examples.push_back({"card lost number " + std::to_string(i), "cards"});
        data.examples.push_back({"wire transfer id " + std::to_string(i), "payments"});
      }
    }
    TrainOptions o;
    o.calibration_fraction = 0.0;
    return std::move(train(data, o).value());
  }();
  return m;
}

const std::vector<std::string>& queries() {
  static const std::vector<std::string> q = {"how much money is in my checking account",
                                             "please transfer $200 to my savings",
                                             "what is the exchange rate for euros",
                                             "my card got declined at the store",
                                             "tell me a joke",
                                             "what's the interest rate on my credit card",
                                             "can you book a table for two tonight",
                                             "AAPL is down 3.5% today, should I sell?"};
  return q;
}

void BM_Predict(benchmark::State& state) {
  const Classifier& m = model();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.predict(queries()[i++ % queries().size()]));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["classes"] = static_cast<double>(m.labels().size());
}
BENCHMARK(BM_Predict);

void BM_Tokenize(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(tokenize(queries()[i++ % queries().size()]));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Tokenize);

void BM_Stem(benchmark::State& state) {
  const std::vector<std::string> words = {"generalization", "running",     "payments",
                                          "happiness",      "transferred", "accounts"};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(porter2_stem(words[i++ % words.size()]));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Stem);

}  // namespace

BENCHMARK_MAIN();
