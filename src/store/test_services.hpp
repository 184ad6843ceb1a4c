#pragma once
// Test-only: the URL of a service started by `make test` (scripts/test-services.sh).
// Outside CI a missing variable means "not available here" and the caller may skip; under
// CI (CI set) a missing service is a broken test set-up, so it fails instead of skipping.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace finchat::store::testing {

inline const char* service_url(const char* env_name) {
  const char* u = std::getenv(env_name);
  if (u && *u) return u;
  const char* ci = std::getenv("CI");
  if (ci && *ci) ADD_FAILURE() << env_name << " is not set under CI: make test must start it";
  return nullptr;
}

// Backends for parameterised repository tests, safe to call during test registration:
// SQLite always; PostgreSQL when set, and under CI an unreachable URL when not, so the
// PostgreSQL cases fail loudly instead of disappearing.
inline std::vector<std::string> backend_urls() {
  std::vector<std::string> urls = {"sqlite::memory:"};
  const char* pg = std::getenv("FINCHAT_TEST_PG_URL");
  const char* ci = std::getenv("CI");
  if (pg && *pg)
    urls.emplace_back(pg);
  else if (ci && *ci)
    urls.emplace_back("postgresql://127.0.0.1:1/FINCHAT_TEST_PG_URL_not_set");
  return urls;
}

}  // namespace finchat::store::testing
