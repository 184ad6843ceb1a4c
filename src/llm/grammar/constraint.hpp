#pragma once
// Token-level output constraints: a byte-level acceptor the sampler consults per token.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace finchat::llm {

class Constraint {
 public:
  virtual ~Constraint() = default;
  virtual std::unique_ptr<Constraint> clone() const = 0;
  // Consumes bytes; false (state unspecified) when they make the output invalid.
  virtual bool accept(std::string_view bytes) = 0;
  // The output so far is a complete, valid answer.
  virtual bool complete() const = 0;
  // Some further byte could still be accepted.
  virtual bool can_continue() const = 0;
};

// Output must be exactly one of `choices`.
std::unique_ptr<Constraint> make_choice_constraint(std::vector<std::string> choices);

class Tokenizer;
// mask[id] = 1 when token id may come next. End-of-generation tokens are allowed only
// when the constraint is complete; other control tokens never.
std::vector<uint8_t> constraint_mask(const Constraint& c, const Tokenizer& tok);

}  // namespace finchat::llm
