// Placeholders while security, market and model wiring land; each is replaced by its own file.
#include <ostream>

#include "app/wiring.hpp"

namespace finchat::app {

Status wire_security(const Context&, http::Router&, http::Pipeline&, Services&) { return {}; }

Status wire_market(const Context&, http::Router&, Services&,
                   std::map<std::string, std::shared_ptr<chat::Skill>>&) {
  return {};
}

std::shared_ptr<chat::Realizer> make_realizer(const Context&, Services&) { return nullptr; }

void print_first_start_credentials(const Services& services, std::ostream& out) {
  for (const auto& line : services.first_start_lines) out << line << "\n";
}

void stop_services(Services& services) {
  for (auto& fn : services.on_stop) fn();
}

}  // namespace finchat::app
