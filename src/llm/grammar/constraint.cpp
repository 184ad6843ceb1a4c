#include "llm/grammar/constraint.hpp"

#include "llm/tokenizer.hpp"

namespace finchat::llm {
namespace {

class ChoiceConstraint : public Constraint {
 public:
  explicit ChoiceConstraint(std::vector<std::string> choices)
      : choices_(std::make_shared<const std::vector<std::string>>(std::move(choices))) {}
  std::unique_ptr<Constraint> clone() const override {
    return std::make_unique<ChoiceConstraint>(*this);
  }
  bool accept(std::string_view bytes) override {
    prefix_.append(bytes);
    for (const auto& c : *choices_) {
      if (c.compare(0, prefix_.size(), prefix_) == 0 && c.size() >= prefix_.size()) return true;
    }
    return false;
  }
  bool complete() const override {
    for (const auto& c : *choices_) {
      if (c == prefix_) return true;
    }
    return false;
  }
  bool can_continue() const override {
    for (const auto& c : *choices_) {
      if (c.size() > prefix_.size() && c.compare(0, prefix_.size(), prefix_) == 0) return true;
    }
    return false;
  }

 private:
  std::shared_ptr<const std::vector<std::string>> choices_;
  std::string prefix_;
};

}  // namespace

std::unique_ptr<Constraint> make_choice_constraint(std::vector<std::string> choices) {
  return std::make_unique<ChoiceConstraint>(std::move(choices));
}

std::vector<uint8_t> constraint_mask(const Constraint& c, const Tokenizer& tok) {
  const Vocab& v = tok.vocab();
  std::vector<uint8_t> mask(v.size(), 0);
  const bool done = c.complete();
  for (int id = 0; id < v.size(); ++id) {
    if (v.is_eog(id)) {
      mask[id] = done ? 1 : 0;
      continue;
    }
    std::string bytes = tok.token_bytes(id);
    if (bytes.empty()) continue;
    auto copy = c.clone();
    mask[id] = copy->accept(bytes) ? 1 : 0;
  }
  return mask;
}

}  // namespace finchat::llm
