#pragma once
// A small banking FAQ + article corpus shared by the retrieval tests.
#include <string>
#include <vector>

#include "retrieval/document.hpp"

namespace finchat::retrieval::testing {

inline std::vector<Chunk> small_faq_corpus() {
  struct Row {
    const char* id;
    const char* question;
    const char* answer;
    std::vector<std::string> paraphrases;
  };
  const std::vector<Row> rows = {
      {"faq-reset-pin",
       "How do I reset my card PIN?",
       "Open Cards, choose the card, tap Change PIN and confirm with Face ID.",
       {"forgot my pin", "change the pin on my debit card", "new PIN for my card",
        "pin code reset"}},
      {"faq-lost-card",
       "What should I do if my card is lost or stolen?",
       "Freeze the card in the app right away, then order a replacement.",
       {"my card was stolen", "I lost my debit card", "someone took my wallet with my card",
        "card missing what now"}},
      {"faq-wire-fee",
       "How much does an international wire transfer cost?",
       "Outgoing international wires cost $35; incoming wires are free.",
       {"fee for sending a wire abroad", "price of overseas wire", "cost to wire money overseas",
        "international transfer charges"}},
      {"faq-routing",
       "Where can I find my routing and account number?",
       "Tap Accounts, choose the account and tap Account details.",
       {"what is my routing number", "account number for direct deposit",
        "where are my bank details", "aba number lookup"}},
      {"faq-2fa",
       "How do I turn on two-factor authentication (2FA)?",
       "Go to Settings > Security > 2FA and follow the steps.",
       {"enable 2fa", "set up two step verification", "add an authenticator app",
        "turn on login codes"}},
      {"faq-1099",
       "When will my 1099-INT tax form be available?",
       "Form 1099-INT is posted in Documents by January 31 for interest over $10.",
       {"where is my 1099-int", "interest tax form", "tax document for savings interest",
        "when do I get my 1099"}},
      {"faq-ach-limit",
       "What are the ACH transfer limits?",
       "You can send up to $10,000 per day by ACH from checking.",
       {"ach daily limit", "max amount for ach transfer", "how much can I move by ach",
        "limit on bank transfers"}},
      {"faq-overdraft",
       "Do you charge overdraft fees?",
       "We do not charge overdraft fees; transactions that would overdraw are declined.",
       {"overdraft fee", "is there a fee if I overdraw", "negative balance charge",
        "overdraft charges"}},
  };
  std::vector<Chunk> chunks;
  for (const auto& r : rows) {
    Chunk c;
    c.id = c.doc_id = r.id;
    c.kind = ChunkKind::faq;
    c.title = r.question;
    c.text = r.answer;
    c.paraphrases = r.paraphrases;
    chunks.push_back(std::move(c));
  }
  Chunk article;
  article.id = "kb-cards-pin#forgot-your-pin";
  article.doc_id = "kb-cards-pin";
  article.title = "Set, change or reset your card PIN";
  article.heading_path = {"Forgot your PIN"};
  article.text = "You do not need the old PIN to set a new one in the app.";
  article.metadata["tags"] = "cards, pin";
  chunks.push_back(std::move(article));
  return chunks;
}

// Unseen phrasings, one per FAQ.
inline std::vector<LabelledQuery> small_heldout() {
  return {{"faq-reset-pin", "I can't remember my PIN"}, {"faq-lost-card", "lost card what do I do"},
          {"faq-wire-fee", "international wire fee"},   {"faq-routing", "find routing number"},
          {"faq-2fa", "how to enable two factor"},      {"faq-1099", "1099-INT form"},
          {"faq-ach-limit", "ACH limit per day"},       {"faq-overdraft", "overdraft fees?"}};
}

}  // namespace finchat::retrieval::testing
