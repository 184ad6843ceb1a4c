#include "app/wiring.hpp"

namespace finchat::app {

Status wire_portfolio(const Context&, http::Router&, Services&, SkillMap&) { return {}; }

}  // namespace finchat::app
