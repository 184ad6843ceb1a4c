#pragma once
// The chat intent classifier: our text classifier (src/nlp) trained at start-up, in the
// background, from labelled examples (chat.intents_file). Until it is trained, and for
// guesses below the configured confidence, it abstains and the rules decide.
#include <memory>
#include <string>

#include "app/lazy_skill.hpp"
#include "chat/engine.hpp"
#include "nlp/classifier.hpp"

namespace finchat::app {

class TrainedIntentClassifier final : public chat::IntentClassifier {
 public:
  TrainedIntentClassifier(const std::string& examples_file, double min_confidence);
  std::pair<std::string, double> classify(const std::string& text) override;
  std::optional<std::string> not_ready() const { return model_.not_ready(); }
  std::optional<std::string> loading() const { return model_.loading(); }
  void wait() { model_.wait(); }

 private:
  Background<nlp::Classifier> model_;
  double min_confidence_;
};

}  // namespace finchat::app
