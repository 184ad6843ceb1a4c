// LoRA fine-tuning on a tiny model: a base trained on one pattern learns another through
// adapters alone; the base stays frozen; the merged export matches the engine.
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
using testing::temp_dir;

// The shared tiny config, shorter and without periodic evaluation.
TrainConfig tiny_config(const fs::path& dir) {
  TrainConfig c = testing::tiny_config(dir);
  c.steps = 150;
  c.warmup = 10;
  c.eval_every = 0;
  return c;
}

// Each token is a fixed function of the previous one; `mult` picks the function.
std::vector<TokenExample> pattern(int mult, size_t n) {
  return windows_from_stream(testing::patterned_stream(n, mult), 33);
}

struct Runs {
  TrainConfig base, lora;
  TrainSummary lora_summary;
};

// Trains a base on pattern 7, then LoRA (rank 8, attention + MLP) on pattern 13 from it.
const Runs& runs() {
  static const Runs r = [] {
    Runs out;
    out.base = tiny_config(temp_dir("base"));
    auto base = run_training(out.base, pattern(7, 20000), {}, {.quiet = true});
    EXPECT_TRUE(base.ok());
    out.lora = tiny_config(temp_dir("lora"));
    out.lora.steps = 100;
    out.lora.lr = 1e-2;
    out.lora.init_from = checkpoint_path(out.base);
    out.lora.lora = LoraOptions{.rank = 8, .alpha = 16, .mlp = true};
    auto s = run_training(out.lora, pattern(13, 20000), {}, {.quiet = true});
    EXPECT_TRUE(s.ok()) << (s ? "" : s.error().message);
    if (s) out.lora_summary = *s;
    return out;
  }();
  return r;
}

TEST(Lora, AdaptersAloneLearnANewPattern) {
  const auto& r = runs();
  EXPECT_GT(r.lora_summary.first_loss, 2.0);  // the base does not know pattern 13
  EXPECT_LT(r.lora_summary.last_loss, 0.5 * r.lora_summary.first_loss);
}

TEST(Lora, OnlyAdaptersGetGradientsAndTheBaseStaysFrozen) {
  const auto& r = runs();
  auto base = load_model_checkpoint(checkpoint_path(r.base), r.base.model);
  auto tuned = load_model_checkpoint(checkpoint_path(r.lora), r.lora.model, r.lora.lora);
  ASSERT_TRUE(base.ok() && tuned.ok());
  auto bt = (*base)->gguf_tensors(), tt = (*tuned)->gguf_tensors();
  ASSERT_EQ(bt.size(), tt.size());
  for (size_t i = 0; i < bt.size(); ++i) {
    EXPECT_TRUE(torch::equal(bt[i].second, tt[i].second)) << bt[i].first << " changed";
  }
  // 2 layers x 7 targets x (A, B); trained B is no longer zero.
  auto adapters = (*tuned)->lora_tensors();
  ASSERT_EQ(adapters.size(), 28u);
  EXPECT_GT(adapters[1].second.abs().max().item<float>(), 0.0f) << adapters[1].first;

  // One backward pass: gradients reach the adapters and nothing else.
  auto batch_data = pattern(13, 200);
  std::vector<const TokenExample*> ex = {&batch_data[0], &batch_data[1]};
  (*tuned)->train();
  auto [loss, n] = masked_loss_sum(*tuned, make_batch(ex, 33, torch::kCPU));
  loss.backward();
  for (auto& [name, t] : (*tuned)->gguf_tensors()) {
    EXPECT_FALSE(t.requires_grad()) << name;
    EXPECT_FALSE(t.grad().defined()) << name;
  }
  for (auto& [name, t] : adapters) {
    ASSERT_TRUE(t.grad().defined()) << name;
    EXPECT_GT(t.grad().abs().sum().item<float>(), 0.0f) << name;
  }
}

TEST(Lora, MergedExportMatchesTheAdaptedModelInTheEngine) {
  const auto& r = runs();
  auto model = load_model_checkpoint(checkpoint_path(r.lora), r.lora.model, r.lora.lora);
  ASSERT_TRUE(model.ok());
  const std::vector<int> prompt = {1, 5, 49, 17, 31, 200, 7, 99, 3, 42, 42, 8};
  torch::NoGradGuard ng;
  (*model)->eval();
  auto input = torch::tensor(std::vector<int64_t>(prompt.begin(), prompt.end())).view({1, -1});
  auto ref = (*model)->forward(input);
  const fs::path dir = r.lora.out_dir;
  ASSERT_TRUE(export_lora_gguf(*model, (dir / "adapter.gguf").string()).ok());
  auto adapter = llm::GgufFile::open((dir / "adapter.gguf").string());
  ASSERT_TRUE(adapter.ok());
  EXPECT_EQ((*adapter)->get_string_or("adapter.type", ""), "lora");
  EXPECT_EQ((*adapter)->tensors().size(), 28u);

  (*model)->merge_lora();
  EXPECT_FALSE((*model)->has_lora());
  EXPECT_TRUE(torch::allclose((*model)->forward(input), ref, 1e-4, 1e-4));
  llm::GgufWriter w;
  llm::vocab_to_gguf(llm::make_simple_spm_vocab(r.lora.model.vocab), w);
  ASSERT_TRUE(w.write((dir / "tok.gguf").string()).ok());
  ExportOptions eo;
  eo.tokenizer_gguf = (dir / "tok.gguf").string();
  eo.type = llm::TensorType::f32;
  const std::string out = (dir / "merged-f32.gguf").string();
  ASSERT_TRUE(export_gguf(*model, eo, out).ok());
  auto got = engine_logits(out, prompt);
  ASSERT_TRUE(got.ok()) << got.error().message;
  auto a = ref.accessor<float, 3>();
  double max_diff = 0;
  for (size_t i = 0; i < prompt.size(); ++i) {
    for (int v = 0; v < r.lora.model.vocab; ++v) {
      max_diff = std::max(max_diff, static_cast<double>(std::fabs(a[0][i][v] - (*got)[i][v])));
    }
  }
  EXPECT_LT(max_diff, 1e-3);

  // The merged GGUF is also a valid fine-tuning base (init_from a GGUF).
  LlamaTorch reloaded(r.lora.model);
  ASSERT_TRUE(import_gguf_weights(out, reloaded).ok());
  reloaded->eval();
  EXPECT_TRUE(torch::allclose(reloaded->forward(input), ref, 1e-4, 1e-4));
}

TEST(Lora, ConfigKeysAndBadValues) {
  auto c = parse_train_config(
      "train:\n  mode: sft\n  lora_rank: 4\n  lora_alpha: 8\n  lora_mlp: true\n"
      "  init_from: base.gguf\n",
      "t.yaml");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->lora.rank, 4);
  EXPECT_DOUBLE_EQ(c->lora.alpha, 8.0);
  EXPECT_TRUE(c->lora.mlp);
  EXPECT_EQ(c->init_from, "base.gguf");
  auto bad = parse_train_config("train:\n  lora_rank: -1\n", "t.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "train.lora_rank");
  LlamaTorch wrong(ModelShape{});
  EXPECT_FALSE(import_gguf_weights("/nonexistent/base.gguf", wrong).ok());
}

}  // namespace
}  // namespace finchat::train
