#pragma once
// Internal: the table behind Registry (one entry per indicator).
#include <functional>
#include <memory>
#include <vector>

#include "finance/technical/registry.hpp"

namespace finchat::technical {

struct Registry::Entry {
  IndicatorInfo info;
  std::function<std::vector<NamedSeries>(const Params&, const OhlcvView&)> batch;
  std::function<StreamingIndicator::Step(const Params&)> stream;
};

std::vector<std::shared_ptr<Registry::Entry>> make_registry_entries();

}  // namespace finchat::technical
