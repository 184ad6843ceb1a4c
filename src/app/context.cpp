#include "app/context.hpp"

#include <filesystem>
#include <ostream>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "store/migrations.hpp"

namespace finchat::app {

Result<Config> load_config(const std::vector<std::string>& args,
                           std::vector<std::string>* leftover) {
  std::string path;
  std::vector<std::string> flags;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config") {
      if (i + 1 >= args.size()) return Error::invalid("--config needs a file path");
      path = args[++i];
    } else if (args[i].rfind("--config=", 0) == 0) {
      path = args[i].substr(9);
    } else if (leftover && args[i].rfind("--", 0) != 0) {
      leftover->push_back(args[i]);
    } else {
      flags.push_back(args[i]);
    }
  }
  if (path.empty()) {
    if (const char* env = std::getenv("FINCHAT_CONFIG"); env && *env)
      path = env;
    else if (std::filesystem::exists("finchat.yaml"))
      path = "finchat.yaml";
  }
  auto cfg = Config::load(path, flags);
  if (!cfg) return cfg.error();
  log::init({cfg->log.level, cfg->log.format == "json" ? log::Format::json : log::Format::text});
  return cfg;
}

Result<Context> open_context(const Config& config, bool migrate) {
  crypto::init();
  Context ctx{config, nullptr, nullptr};
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  auto db = store::open_database(config.db.url, config.db.pool_size);
  if (!db) return db.error();
  ctx.db = db.value();
  if (migrate) {
    auto applied = store::migrate(*ctx.db);
    if (!applied) return applied.error();
  }
  auto keys =
      store::Keyring::load_or_create(config.security.data_key_file, config.security.data_key);
  if (!keys) return keys.error();
  ctx.cipher = std::make_shared<store::FieldCipher>(std::make_shared<store::Keyring>(keys.value()));
  return ctx;
}

std::optional<Context> open_for_command(const std::vector<std::string>& flags, std::ostream& err,
                                        int& exit_code, bool migrate) {
  auto cfg = load_config(flags);
  if (!cfg) {
    err << "finchat: configuration error: " << cfg.error().message << "\n";
    exit_code = 2;
    return std::nullopt;
  }
  auto ctx = open_context(*cfg, migrate);
  if (!ctx) {
    err << "finchat: " << ctx.error().message << "\n";
    exit_code = 1;
    return std::nullopt;
  }
  return std::move(ctx.value());
}

}  // namespace finchat::app
