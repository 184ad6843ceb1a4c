#include "llm/cli.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "llm/test_util.hpp"

namespace finchat::llm {
namespace {

int run(const std::vector<std::string>& args, std::string* out = nullptr,
        std::string* err = nullptr) {
  std::ostringstream o, e;
  int rc = run_llm_cli(args, o, e);
  if (out) *out = o.str();
  if (err) *err = e.str();
  return rc;
}

TEST(LlmCli, MakeRandomInfoQuantizeGenerateBench) {
  const std::string path = testing::temp_path("cli15m.gguf");
  std::string out, err;
  ASSERT_EQ(run({"model", "make-random", "--shape", "15M", "--type", "q4_0", path}, &out, &err), 0)
      << err;
  ASSERT_EQ(run({"model", "info", path}, &out, &err), 0) << err;
  EXPECT_NE(out.find("llama.embedding_length = 288"), std::string::npos);
  EXPECT_NE(out.find("tensors (56)"), std::string::npos);
  EXPECT_NE(out.find("Q4_0"), std::string::npos);
  EXPECT_NE(out.find("model check: ok"), std::string::npos);

  const std::string q8 = testing::temp_path("cli15m_q8.gguf");
  ASSERT_EQ(run({"model", "quantize", path, q8, "--type", "q8_0"}, &out, &err), 0) << err;
  ASSERT_EQ(run({"model", "info", q8}, &out, &err), 0);
  EXPECT_NE(out.find("Q8_0"), std::string::npos);

  ASSERT_EQ(run({"generate", "--model", q8, "--prompt", "the rate", "--max-tokens", "5", "--temp",
                 "0", "--threads", "1"},
                &out, &err),
            0)
      << err;
  EXPECT_FALSE(out.empty());
  EXPECT_NE(err.find("5 tokens"), std::string::npos);

  ASSERT_EQ(run({"bench", "llm", "--model", q8, "--threads", "1", "--pp", "4", "--tg", "2",
                 "--reps", "1"},
                &out, &err),
            0)
      << err;
  EXPECT_NE(out.find("pp4"), std::string::npos);
  EXPECT_NE(out.find("tg2"), std::string::npos);
  // Concurrent streams: one row for a single stream, one for all of them.
  ASSERT_EQ(run({"bench", "llm", "--model", q8, "--threads", "1", "--pp", "4", "--tg", "3",
                 "--reps", "1", "--streams", "3"},
                &out, &err),
            0)
      << err;
  EXPECT_NE(out.find("aggregate t/s"), std::string::npos) << out;
  EXPECT_NE(out.find("|       3 |"), std::string::npos) << out;
  EXPECT_EQ(run({"bench", "llm", "--model", q8, "--streams", "-1"}, &out, &err), 1);
}

TEST(LlmCli, ReportsUsageAndErrors) {
  std::string out, err;
  EXPECT_EQ(run({}, &out, &err), 2);
  EXPECT_NE(err.find("usage"), std::string::npos);
  EXPECT_EQ(run({"model", "frobnicate"}, &out, &err), 2);
  EXPECT_EQ(run({"model", "info", "/nonexistent.gguf"}, &out, &err), 1);
  EXPECT_NE(err.find("cannot open"), std::string::npos);
  EXPECT_EQ(run({"model", "make-random", "--shape", "7B", "x.gguf"}, &out, &err), 1);
  EXPECT_EQ(run({"generate", "--model", "m.gguf"}, &out, &err), 1);
  EXPECT_EQ(
      run({"generate", "--model", "m.gguf", "--prompt", "x", "--max-tokens", "ten"}, &out, &err),
      1);
  EXPECT_NE(err.find("--max-tokens"), std::string::npos);
}

}  // namespace
}  // namespace finchat::llm
