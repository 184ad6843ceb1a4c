#include "llm/engine.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <thread>

#include "llm/grammar/json_schema.hpp"
#include "llm/scheduler.hpp"
#include "llm/test_util.hpp"

namespace finchat::llm {
namespace {

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto spec = testing::tiny_spec(TensorType::q8_0);
    spec.embd_std = 0.15f;  // flat enough logits for sampling to matter
    path_ = new std::string(testing::write_tiny("engine.gguf", spec));
  }
  static void TearDownTestSuite() { delete path_; }
  std::unique_ptr<Engine> load(EngineOptions o = {}) {
    if (o.threads == 0) o.threads = 2;
    auto e = Engine::load(*path_, o);
    EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().message);
    return std::move(e).value();
  }
  static GenerateRequest greedy(const std::string& prompt, int n) {
    GenerateRequest r;
    r.prompt = prompt;
    r.max_tokens = n;
    r.sampling.temperature = 0;
    return r;
  }
  static std::string* path_;
};
std::string* EngineTest::path_ = nullptr;

TEST_F(EngineTest, ReportsModelInfo) {
  auto e = load();
  EXPECT_EQ(e->info().architecture, "llama");
  EXPECT_EQ(e->info().n_layer, 2);
  EXPECT_EQ(e->info().n_head_kv, 2);
  EXPECT_GT(e->info().n_params, 0u);
  EXPECT_EQ(e->info().metadata.at("general.name"), "\"finchat-random\"");
  auto ids = e->tokenize("the rate");
  EXPECT_EQ(ids.front(), 1);
  EXPECT_EQ(e->detokenize(ids), " the rate");
}

TEST_F(EngineTest, GreedyIsDeterministicAndStreamsEverything) {
  auto e = load();
  std::string streamed;
  auto a = e->generate(greedy("stock price", 20), [&](std::string_view s) { streamed += s; });
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->finish, FinishReason::length);
  EXPECT_EQ(a->tokens.size(), 20u);
  EXPECT_EQ(streamed, a->text);
  auto b = e->generate(greedy("stock price", 20));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->tokens, b->tokens);
}

TEST_F(EngineTest, SeededSamplingIsReproducible) {
  auto e = load();
  auto req = greedy("bond yield", 16);
  req.sampling.temperature = 1.0f;
  req.sampling.seed = 1234;
  auto a = e->generate(req), b = e->generate(req);
  req.sampling.seed = 99;
  auto c = e->generate(req);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->tokens, b->tokens);
  EXPECT_NE(a->tokens, c->tokens);
}

TEST_F(EngineTest, BatchedGreedyMatchesUnbatched) {
  const std::vector<std::string> prompts = {"revenue growth", "the bank rate is", "cash flow", "a"};
  auto e = load();
  std::vector<std::vector<int>> alone;
  for (const auto& p : prompts) {
    auto r = e->generate(greedy(p, 24));
    ASSERT_TRUE(r.ok());
    alone.push_back(r->tokens);
  }
  std::vector<std::vector<int>> together(prompts.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < prompts.size(); ++i) {
    threads.emplace_back([&, i] {
      auto r = e->generate(greedy(prompts[i], 24));
      if (r.ok()) together[i] = r->tokens;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(together, alone);
  EXPECT_GE(e->scheduler().peak_batch(), 2);
}

TEST_F(EngineTest, ChunkedPrefillInterleavesAndMatches) {
  const std::string long_prompt =
      "the bank rate and the bond yield and the cash flow of the fund index";
  auto whole = load();
  auto expect = whole->generate(greedy(long_prompt, 12));
  ASSERT_TRUE(expect.ok());
  EngineOptions o;
  o.prefill_chunk = 3;
  auto e = load(o);
  // A short request streams while the long prompt is ingested three tokens per step.
  std::vector<int> short_tokens;
  std::thread other([&] {
    auto r = e->generate(greedy("cash", 30));
    if (r.ok()) short_tokens = r->tokens;
  });
  auto got = e->generate(greedy(long_prompt, 12));
  other.join();
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->tokens, expect->tokens);
  auto alone = whole->generate(greedy("cash", 30));
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(short_tokens, alone->tokens);
}

TEST_F(EngineTest, CancellationStopsAndFreesTheSlot) {
  EngineOptions o;
  o.max_batch = 1;
  auto e = load(o);
  auto cancel = std::make_shared<CancelToken>();
  int pieces = 0;
  auto r = e->generate(
      greedy("market", 200),
      [&](std::string_view) {
        if (++pieces == 3) cancel->cancel();
      },
      cancel);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->finish, FinishReason::cancelled);
  EXPECT_LT(r->tokens.size(), 10u);
  // The single slot is free again.
  auto next = e->generate(greedy("market", 5));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->tokens.size(), 5u);
}

TEST_F(EngineTest, StopStringsCutTheOutput) {
  auto e = load();
  auto full = e->generate(greedy("dividend", 30));
  ASSERT_TRUE(full.ok());
  ASSERT_GT(full->text.size(), 6u);
  const std::string stop = full->text.substr(full->text.size() / 2, 2);
  auto req = greedy("dividend", 30);
  req.stop = {stop};
  std::string streamed;
  auto cut = e->generate(req, [&](std::string_view s) { streamed += s; });
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->finish, FinishReason::stop);
  EXPECT_EQ(cut->text, full->text.substr(0, full->text.find(stop)));
  EXPECT_EQ(streamed, cut->text);
}

TEST_F(EngineTest, SessionPrefixReuseIsPerKeyAndExact) {
  auto e = load();
  const std::string turn1 = "the market rate";
  auto a = e->generate([&] {
    auto r = greedy(turn1, 8);
    r.session_key = "alice";
    return r;
  }());
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->reused_tokens, 0);
  const std::string turn2 = turn1 + a->text + " and the bond";
  auto with = greedy(turn2, 12);
  with.session_key = "alice";
  auto b = e->generate(with);
  ASSERT_TRUE(b.ok());
  EXPECT_GT(b->reused_tokens, 3);
  auto other = greedy(turn2, 12);
  other.session_key = "bob";
  auto c = e->generate(other);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->reused_tokens, 0);
  EXPECT_EQ(b->tokens, c->tokens);  // reuse changes nothing but speed
}

TEST_F(EngineTest, KvMemoryCapIsEnforced) {
  EngineOptions o;
  o.kv_memory_limit = 1024;  // far too small for any sequence
  auto e = load(o);
  auto r = e->generate(greedy("cash", 4));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("KV cache memory limit"), std::string::npos);
}

TEST_F(EngineTest, ChoiceConstraintYieldsAChoice) {
  auto e = load();
  for (uint64_t seed = 0; seed < 5; ++seed) {
    auto req = greedy("Decision:", 10);
    req.sampling.temperature = 1.0f;
    req.sampling.seed = seed;
    req.constraint = make_choice_constraint({"buy", "sell", "hold"});
    auto r = e->generate(req);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->text == "buy" || r->text == "sell" || r->text == "hold") << r->text;
  }
}

TEST_F(EngineTest, JsonSchemaConstraintAlwaysParsesAndMatches) {
  auto e = load();
  auto schema = compile_json_schema(nlohmann::json::parse(R"({"type":"object","properties":{
      "ticker":{"type":"string","maxLength":6},
      "side":{"enum":["buy","sell"]},
      "qty":{"type":"integer"},
      "ok":{"type":"boolean"},
      "tags":{"type":"array","items":{"type":"string","maxLength":4},"maxItems":2}},
      "required":["ticker","side","qty"]})"));
  ASSERT_TRUE(schema.ok());
  std::set<std::string> texts;
  for (uint64_t seed = 0; seed < 6; ++seed) {
    auto req = greedy("Order as JSON:", 160);
    req.sampling.temperature = 1.0f;
    req.sampling.top_k = 0;
    req.sampling.top_p = 1.0f;
    req.sampling.min_p = 0;
    req.sampling.seed = seed;
    req.constraint = make_json_constraint(*schema);
    auto r = e->generate(req);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->finish, FinishReason::stop) << r->text;
    texts.insert(r->text);
    auto doc = nlohmann::json::parse(r->text, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r->text;
    EXPECT_TRUE(json_matches_schema(doc, **schema)) << r->text;
  }
  EXPECT_GT(texts.size(), 1u);  // sampling really varied the documents
}

TEST_F(EngineTest, EmbeddingsAreNormalizedAndTextSpecific) {
  auto e = load();
  auto a = e->embed("interest rate risk");
  auto b = e->embed("interest rate risk");
  auto c = e->embed("equity dividend");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  double n = 0, dot = 0;
  for (size_t i = 0; i < a->size(); ++i) {
    n += (*a)[i] * (*a)[i];
    dot += (*a)[i] * (*c)[i];
  }
  EXPECT_NEAR(n, 1.0, 1e-4);
  EXPECT_EQ(*a, *b);
  EXPECT_LT(dot, 0.999);
  EXPECT_FALSE(e->embed("").ok());
}

TEST_F(EngineTest, RejectsBadFilesAndParameters) {
  auto path = testing::temp_path("garbage.gguf");
  std::ofstream(path) << "this is not a model";
  auto bad = Engine::load(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("bad magic"), std::string::npos);
  auto e = load();
  EXPECT_FALSE(e->generate(greedy("x", 0)).ok());
  EngineOptions o;
  o.max_ctx = 8;
  auto small = load(o);
  EXPECT_FALSE(
      small->generate(greedy("the rate of the bank and the bond and the cash flow", 4)).ok());
}

}  // namespace
}  // namespace finchat::llm
