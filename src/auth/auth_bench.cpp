// Access-token verification throughput on one thread.
//   BM_VerifySignature: full Ed25519 + claims check of a token never seen before (cold path).
//   BM_VerifyService:   AccessTokens::verify as the Authenticator calls it (verified-token cache
//                       hit, expiry and revocation still checked).
#include <benchmark/benchmark.h>

#include "auth/service.hpp"

namespace finchat::auth {
namespace {

struct Fixture {
  std::shared_ptr<AuthService> service;
  std::vector<std::string> tokens;

  Fixture() {
    crypto::init();
    auto db = store::open_database("sqlite::memory:", 1);
    auto keys = std::make_shared<store::Keyring>(
        store::Keyring::single("b1", std::string(crypto::kAeadKeyBytes, 'b')));
    Config config;
    AuthOptions options;
    options.password_cost = {1, 8 * 1024};
    auto s = AuthService::create(*db, std::make_shared<store::FieldCipher>(keys), config,
                                 SystemClock::instance(), options);
    if (!s) throw std::runtime_error(s.error().message);
    service = *s;
    for (int i = 0; i < 256; ++i) {
      auto t = service->access_tokens().issue(
          {"user-" + std::to_string(i), "finchat-web", "chat:write market:read", "customer", "u"});
      tokens.push_back(t->token);
    }
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_VerifySignature(benchmark::State& state) {
  auto& f = fixture();
  size_t i = 0;
  for (auto _ : state) {
    auto c =
        f.service->access_tokens().verify_signature_and_claims(f.tokens[i++ % f.tokens.size()]);
    if (!c) state.SkipWithError(c.error().message.c_str());
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifySignature);

void BM_VerifyService(benchmark::State& state) {
  auto& f = fixture();
  size_t i = 0;
  for (auto _ : state) {
    auto c = f.service->access_tokens().verify(f.tokens[i++ % f.tokens.size()]);
    if (!c) state.SkipWithError(c.error().message.c_str());
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyService);

void BM_IssueToken(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) {
    auto t =
        f.service->access_tokens().issue({"user", "finchat-web", "chat:write", "customer", "u"});
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IssueToken);

}  // namespace
}  // namespace finchat::auth

BENCHMARK_MAIN();
