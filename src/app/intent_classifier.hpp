#pragma once
// The chat intent classifier: our text classifier (src/nlp) trained at start-up, in the
// background, from labelled examples (chat.intents_file), or loaded from a cache of the model
// trained on the same file contents. Until it is ready, and for guesses below the configured
// confidence, it abstains and the rules decide.
#include <memory>
#include <string>

#include "app/lazy_skill.hpp"
#include "chat/engine.hpp"
#include "core/result.hpp"
#include "nlp/classifier.hpp"

namespace finchat::app {

// Key of a trained intent model: a hash of the examples file's bytes and of the training
// settings, so any edit of the examples (or of how they are trained) retrains.
std::string intent_cache_key(const std::string& examples_text);

// Loads the model cached under `cache_dir` for the file's current contents, or trains it and
// writes the cache (under a temporary name, then renamed). An empty cache_dir disables the
// cache. `from_cache` (optional) tells which happened.
Result<nlp::Classifier> load_or_train_intents(const std::string& examples_file,
                                              const std::string& cache_dir,
                                              bool* from_cache = nullptr);

class TrainedIntentClassifier final : public chat::IntentClassifier {
 public:
  TrainedIntentClassifier(const std::string& examples_file, double min_confidence,
                          const std::string& cache_dir = {});
  std::pair<std::string, double> classify(const std::string& text) override;
  std::optional<std::string> not_ready() const { return model_.not_ready(); }
  std::optional<std::string> loading() const { return model_.loading(); }
  void wait() { model_.wait(); }

 private:
  Background<nlp::Classifier> model_;
  double min_confidence_;
};

}  // namespace finchat::app
