#include "app/intent_classifier.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/crypto.hpp"
#include "core/log.hpp"

namespace finchat::app {

namespace {

namespace fs = std::filesystem;

// Bump when training options or the classifier's file format change.
constexpr const char* kIntentCacheVersion = "intents-v1";

nlp::TrainOptions intent_train_options() {
  nlp::TrainOptions options;
  options.threads = 1;  // in the background, beside the help-centre fit
  return options;
}

Result<nlp::Classifier> train_from(const std::string& path) {
  nlp::DatasetSpec spec;
  auto data = nlp::load_dataset(path, spec);
  if (!data) return data.error();
  return nlp::train(*data, intent_train_options());
}

void write_cache(const nlp::Classifier& model, const std::string& cache_dir,
                 const std::string& file) {
  std::error_code ec;
  fs::create_directories(cache_dir, ec);
  // A temporary name then a rename, so a crash never leaves half a model under the key.
  const std::string tmp = file + ".tmp" + std::to_string(::getpid());
  auto st = model.save(tmp);
  if (st) fs::rename(tmp, file, ec);
  if (!st || ec) {
    fs::remove(tmp, ec);
    log::get("chat")->warn("intent classifier cache not written under {}", cache_dir);
  }
}

}  // namespace

std::string intent_cache_key(const std::string& examples_text) {
  return crypto::sha256_hex(examples_text + "|" + kIntentCacheVersion).substr(0, 24);
}

Result<nlp::Classifier> load_or_train_intents(const std::string& examples_file,
                                              const std::string& cache_dir, bool* from_cache) {
  if (from_cache) *from_cache = false;
  std::ifstream in(examples_file, std::ios::binary);
  if (!in) return Error::not_found(examples_file + ": cannot open intent examples");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string file =
      cache_dir.empty()
          ? ""
          : (fs::path(cache_dir) / ("intents-" + intent_cache_key(text) + ".bin")).string();
  if (!file.empty() && fs::exists(file)) {
    auto cached = nlp::Classifier::load(file);
    if (cached) {
      if (from_cache) *from_cache = true;
      return cached;
    }
    log::get("chat")->warn("intent classifier cache {} unreadable, retraining: {}", file,
                           cached.error().message);
  }
  auto trained = train_from(examples_file);
  if (!trained) return trained.error();
  if (file.empty()) return trained;
  write_cache(*trained, cache_dir, file);
  // Use the stored copy (weights kept at half precision) so this start routes exactly like
  // the later ones that load it.
  if (auto stored = nlp::Classifier::load(file)) return stored;
  return trained;
}

TrainedIntentClassifier::TrainedIntentClassifier(const std::string& examples_file,
                                                 double min_confidence,
                                                 const std::string& cache_dir)
    : model_("intent classifier",
             [examples_file, cache_dir]() -> Result<std::shared_ptr<const nlp::Classifier>> {
               bool cached = false;
               auto model = load_or_train_intents(examples_file, cache_dir, &cached);
               if (!model) {
                 log::get("chat")->error("intent classifier not trained ({}): routing by rules",
                                         model.error().message);
                 return model.error();
               }
               log::get("chat")->info("intent classifier {} ({}, {} intents)",
                                      cached ? "loaded from cache" : "trained", examples_file,
                                      model->labels().size());
               return std::make_shared<const nlp::Classifier>(std::move(model.value()));
             }),
      min_confidence_(min_confidence) {}

std::pair<std::string, double> TrainedIntentClassifier::classify(const std::string& text) {
  auto model = model_.get();
  if (!model) return {"", 0.0};
  auto p = model->predict(text, 1);
  if (p.out_of_scope || p.confidence < min_confidence_) return {"", p.confidence};
  return {p.label, p.confidence};
}

}  // namespace finchat::app
