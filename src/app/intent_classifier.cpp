#include "app/intent_classifier.hpp"

#include "core/log.hpp"

namespace finchat::app {

namespace {

Result<std::shared_ptr<const nlp::Classifier>> train_intents(const std::string& path) {
  nlp::DatasetSpec spec;
  auto data = nlp::load_dataset(path, spec);
  if (!data) return data.error();
  nlp::TrainOptions options;
  options.threads = 1;  // in the background, beside the help-centre fit
  auto model = nlp::train(*data, options);
  if (!model) return model.error();
  log::get("chat")->info("intent classifier trained on {} ({} intents)", path,
                         model->labels().size());
  return std::make_shared<const nlp::Classifier>(std::move(model.value()));
}

}  // namespace

TrainedIntentClassifier::TrainedIntentClassifier(const std::string& examples_file,
                                                 double min_confidence)
    : model_("intent classifier",
             [examples_file] {
               auto trained = train_intents(examples_file);
               if (!trained) {
                 log::get("chat")->error("intent classifier not trained ({}): routing by rules",
                                         trained.error().message);
               }
               return trained;
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
