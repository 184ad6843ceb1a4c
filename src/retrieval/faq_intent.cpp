#include "retrieval/faq_intent.hpp"

#include "retrieval/synonyms.hpp"

namespace finchat::retrieval {

std::vector<std::string> intent_examples(const Chunk& faq) {
  std::vector<std::string> texts{faq.title};
  texts.insert(texts.end(), faq.paraphrases.begin(), faq.paraphrases.end());
  return texts;
}

std::shared_ptr<const nlp::Classifier> train_faq_intent(const std::vector<Chunk>& chunks,
                                                        const IntentConfig& config) {
  if (!config.enabled) return nullptr;
  nlp::Dataset data;
  size_t faqs = 0;
  for (const auto& c : chunks) {
    if (c.kind != ChunkKind::faq) continue;
    ++faqs;
    for (const auto& t : intent_examples(c)) data.examples.push_back({canonicalize(t), c.doc_id});
  }
  if (faqs < 2) return nullptr;
  nlp::TrainOptions options;
  // Logistic + SVM averaged was within 0.01 of the SVM alone on the validation split, at twice
  // the training time; the SVM's raw margins are softmax-scaled into scores.
  options.use_logistic = false;
  options.svm.c = config.svm_c;
  options.features.min_df = 1;  // paraphrase-specific words matter with ~10 texts per class
  options.calibration_fraction = 0;
  options.threads = config.threads;
  auto model = nlp::train(data, options);
  if (!model) return nullptr;
  return std::make_shared<const nlp::Classifier>(std::move(model.value()));
}

}  // namespace finchat::retrieval
