#pragma once
// Supervised FAQ intent model: a linear classifier (nlp::train, word + char n-gram TF-IDF,
// one-vs-rest SVMs) over FAQ ids, trained on each FAQ's question and training paraphrases.
// With ~10 phrasings per FAQ this is an intent-classification problem, and the classifier
// generalises across wordings better than matching a query against single phrasings; the
// Retriever uses it as a third ranked list (RRF) and as reranker features.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/classifier.hpp"
#include "retrieval/document.hpp"

namespace finchat::retrieval {

struct IntentConfig {
  bool enabled = true;
  double svm_c = 2.0;
  int threads = 2;
};

// Texts are canonicalize()d before training; callers must canonicalize queries the same way.
// Trains on the FAQ chunks (question + paraphrases, label = doc_id); null when fewer than two
// FAQs, or when disabled.
std::shared_ptr<const nlp::Classifier> train_faq_intent(const std::vector<Chunk>& chunks,
                                                        const IntentConfig& config = {});

// Texts the classifier learns for one FAQ chunk (question first).
std::vector<std::string> intent_examples(const Chunk& faq);

}  // namespace finchat::retrieval
