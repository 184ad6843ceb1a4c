#include "app/wiring.hpp"

namespace finchat::app {

Status wire_company(const Context&, http::Router&, Services&, SkillMap&) { return {}; }

}  // namespace finchat::app
