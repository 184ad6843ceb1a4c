#pragma once
// What every subcommand needs: the effective configuration, logging, the database with
// migrations applied, and the cipher for columns at rest.
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "store/database.hpp"
#include "store/field_cipher.hpp"

namespace finchat::app {

struct Context {
  Config config;
  std::shared_ptr<store::Database> db;
  std::shared_ptr<store::FieldCipher> cipher;
};

// Splits "--config FILE" out of args; the rest are config flags. Uses ./finchat.yaml when
// present and no --config is given.
Result<Config> load_config(const std::vector<std::string>& args,
                           std::vector<std::string>* leftover = nullptr);
Result<Context> open_context(const Config& config, bool migrate);

// For subcommands: loads the configuration from `flags` and opens the context, printing a
// clear message on failure and setting `exit_code` (2 for configuration, 1 otherwise).
std::optional<Context> open_for_command(const std::vector<std::string>& flags, std::ostream& err,
                                        int& exit_code, bool migrate = true);

}  // namespace finchat::app
