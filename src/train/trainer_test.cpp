// Trainer end to end on a ~100k-parameter model: loss drops, export matches the engine,
// resume after interruption reproduces uninterrupted training bit for bit.
#include <gtest/gtest.h>

#include <filesystem>

#include "llm/model_builder.hpp"
#include "train/eval.hpp"
#include "train/export_gguf.hpp"
#include "train/test_util.hpp"
#include "train/trainer.hpp"

namespace finchat::train {
namespace {

namespace fs = std::filesystem;
using testing::patterned_stream;
using testing::temp_dir;
using testing::tiny_config;

std::string tokenizer_file(const fs::path& dir, int n_vocab) {
  llm::GgufWriter w;
  llm::vocab_to_gguf(llm::make_simple_spm_vocab(n_vocab), w);
  std::string path = (dir / "tok.gguf").string();
  EXPECT_TRUE(w.write(path).ok());
  return path;
}

TEST(Trainer, TinyModelLossDropsAndExportMatchesEngine) {
  const auto dir = temp_dir("loss");
  TrainConfig cfg = tiny_config(dir);
  auto train = windows_from_stream(patterned_stream(20000), cfg.seq_len + 1);
  auto valid = windows_from_stream(patterned_stream(2000), cfg.seq_len + 1);
  auto s = run_training(cfg, train, valid, {.resume = false, .stop_after = -1, .quiet = true});
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_GT(s->n_params, 80000);
  EXPECT_LT(s->n_params, 150000);
  EXPECT_GT(s->first_loss, 5.0);  // about ln(512) at the start
  EXPECT_LT(s->last_loss, 0.5 * s->first_loss);
  EXPECT_LT(s->valid_loss, 2.0);
  EXPECT_TRUE(fs::exists(dir / "metrics.jsonl"));

  auto model = load_model_checkpoint(checkpoint_path(cfg), cfg.model);
  ASSERT_TRUE(model.ok()) << model.error().message;
  ExportOptions eo;
  eo.tokenizer_gguf = tokenizer_file(dir, cfg.model.vocab);
  const std::vector<int> prompt = {1, 5, 49, 17, 31, 200, 7, 99, 3, 42, 42, 8};
  torch::NoGradGuard ng;
  (*model)->eval();
  auto ref = (*model)->forward(
      torch::tensor(std::vector<int64_t>(prompt.begin(), prompt.end())).view({1, -1}));
  auto r = ref.accessor<float, 3>();
  for (auto type : {llm::TensorType::f32, llm::TensorType::q8_0}) {
    eo.type = type;
    const std::string out =
        (dir / (std::string("m-") + llm::tensor_type_name(type) + ".gguf")).string();
    ASSERT_TRUE(export_gguf(*model, eo, out).ok());
    auto got = engine_logits(out, prompt);
    ASSERT_TRUE(got.ok()) << got.error().message;
    double max_diff = 0, max_ref = 0;
    int argmax_same = 0;
    for (size_t i = 0; i < prompt.size(); ++i) {
      int a_ref = 0, a_got = 0;
      for (int v = 0; v < cfg.model.vocab; ++v) {
        max_diff = std::max(max_diff, static_cast<double>(std::fabs(r[0][i][v] - (*got)[i][v])));
        max_ref = std::max(max_ref, static_cast<double>(std::fabs(r[0][i][v])));
        if (r[0][i][v] > r[0][i][a_ref]) a_ref = v;
        if ((*got)[i][v] > (*got)[i][a_got]) a_got = v;
      }
      argmax_same += a_ref == a_got;
    }
    const double tol = type == llm::TensorType::f32 ? 1e-3 : 0.05 * max_ref;
    EXPECT_LT(max_diff, tol) << llm::tensor_type_name(type) << " max |logit| " << max_ref;
    EXPECT_EQ(argmax_same, static_cast<int>(prompt.size())) << llm::tensor_type_name(type);
  }
}

TEST(Trainer, ResumeAfterInterruptionGivesIdenticalWeights) {
  auto train = windows_from_stream(patterned_stream(6000), 33);
  TrainConfig a = tiny_config(temp_dir("straight"));
  a.steps = 24;
  a.grad_accum = 2;
  a.eval_every = 0;
  TrainConfig b = a;
  b.out_dir = temp_dir("resumed").string();
  ASSERT_TRUE(run_training(a, train, {}, {.resume = false, .stop_after = -1, .quiet = true}).ok());
  ASSERT_TRUE(run_training(b, train, {}, {.resume = false, .stop_after = 10, .quiet = true}).ok());
  auto s = run_training(b, train, {}, {.resume = true, .stop_after = -1, .quiet = true});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->steps_done, 14);
  auto ma = load_model_checkpoint(checkpoint_path(a), a.model);
  auto mb = load_model_checkpoint(checkpoint_path(b), b.model);
  ASSERT_TRUE(ma.ok() && mb.ok());
  auto ta = (*ma)->gguf_tensors(), tb = (*mb)->gguf_tensors();
  ASSERT_EQ(ta.size(), tb.size());
  for (size_t i = 0; i < ta.size(); ++i) {
    EXPECT_TRUE(torch::equal(ta[i].second, tb[i].second)) << ta[i].first;
  }
}

TEST(Trainer, LrScheduleWarmsUpThenDecays) {
  TrainConfig c;
  c.lr = 1e-3;
  c.min_lr = 1e-4;
  c.warmup = 10;
  c.steps = 110;
  EXPECT_NEAR(lr_at(c, 0), 1e-4, 1e-12);
  EXPECT_NEAR(lr_at(c, 9), 1e-3, 1e-12);
  EXPECT_NEAR(lr_at(c, 60), 0.5 * (1e-3 + 1e-4), 1e-9);
  EXPECT_NEAR(lr_at(c, 110), 1e-4, 1e-12);
}

TEST(Trainer, MaskedLossIgnoresUnscoredTokens) {
  torch::manual_seed(0);
  ModelShape s;
  s.vocab = 64;
  s.dim = 32;
  s.ff = 64;
  LlamaTorch m(s);
  m->init_weights(3);
  TokenExample e{{1, 5, 6, 7, 8}, {0, 0, 0, 1, 1}};
  auto b = make_batch({&e}, 16, torch::kCPU);
  EXPECT_EQ(b.n_tokens, 2);
  EXPECT_EQ(b.mask.sum().item<float>(), 2.0f);
  auto [loss, n] = masked_loss_sum(m, b);
  EXPECT_EQ(n, 2);
  EXPECT_GT(loss.item<float>(), 0.0f);
}

}  // namespace
}  // namespace finchat::train
