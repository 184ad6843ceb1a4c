#pragma once
// Checks generated text against the facts it was given: every number in the text must be
// one of the facts' numbers (allowing the usual roundings and percent forms) or a number
// the user wrote. Text that fails falls back to the deterministic rendering.
#include <string>
#include <string_view>
#include <vector>

#include "chat/types.hpp"

namespace finchat::chat {

struct VerifyResult {
  bool ok = true;
  std::vector<std::string> unsupported;  // the numbers that were not in the facts
};

std::vector<double> extract_numbers(std::string_view text);
VerifyResult verify_numbers(std::string_view generated, const std::vector<Fact>& facts,
                            std::string_view user_text = {},
                            const std::vector<std::string>& labels = {});

}  // namespace finchat::chat
