// Shared pieces of the serve wiring: first-start output and orderly stop.
#include <ostream>

#include "app/wiring.hpp"

namespace finchat::app {

void print_first_start_credentials(const Services& services, std::ostream& out) {
  for (const auto& line : services.first_start_lines) out << line << "\n";
  out.flush();
}

void stop_services(Services& services) {
  for (auto& fn : services.on_stop) fn();
}

}  // namespace finchat::app
