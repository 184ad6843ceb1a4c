// Subcommands that run libtorch: train, export (with an engine parity check), bench.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "llm/gguf.hpp"
#include "train/cli.hpp"
#include "train/eval.hpp"
#include "train/export_gguf.hpp"
#include "train/fused_adamw.hpp"
#include "train/trainer.hpp"

namespace finchat::train {

namespace {
int fail(const Error& e) {
  std::fprintf(stderr, "error: %s%s\n", e.message.c_str(),
               e.field.empty() ? "" : (" (" + e.field + ")").c_str());
  return 1;
}

Result<TrainConfig> config_from(const Args& a) {
  const std::string path = a.get("config");
  if (path.empty()) return Error::invalid("--config is required", "config");
  auto cfg = load_train_config(path);
  if (!cfg) return cfg.error();
  if (a.has("out-dir")) cfg->out_dir = a.get("out-dir");
  if (a.has("steps")) cfg->steps = a.get_int("steps", cfg->steps);
  if (a.has("threads")) cfg->threads = a.get_int("threads", cfg->threads);
  if (a.has("init-from")) cfg->init_from = a.get("init-from");
  if (a.has("lora-rank")) cfg->lora.rank = a.get_int("lora-rank", cfg->lora.rank);
  if (a.has("lora-alpha")) cfg->lora.alpha = a.get_double("lora-alpha", cfg->lora.alpha);
  if (a.has("lora-mlp")) cfg->lora.mlp = a.get("lora-mlp") != "false";
  if (auto st = validate_lora(cfg->lora, path); !st) return st.error();
  return cfg;
}

int train_with(Result<TrainConfig> cfg, const Args& a);
}  // namespace

int cmd_train(const Args& a) { return train_with(config_from(a), a); }

// Supervised fine-tuning, usually of a base (--init-from) with LoRA adapters (--lora-rank).
int cmd_sft(const Args& a) {
  auto cfg = config_from(a);
  if (cfg) cfg->mode = "sft";
  return train_with(std::move(cfg), a);
}

namespace {
int train_with(Result<TrainConfig> cfg, const Args& a) {
  if (!cfg) return fail(cfg.error());
  std::vector<TokenExample> train, valid;
  if (auto st = load_config_data(*cfg, train, valid); !st) return fail(st.error());
  TrainOptions o;
  o.resume = a.has("resume");
  o.stop_after = a.get_int("stop-after", -1);
  auto s = run_training(*cfg, train, valid, o);
  if (!s) return fail(s.error());
  std::printf(
      "trained %d steps in %.1f s (%.0f tokens/s): loss %.4f -> %.4f, valid loss %.4f "
      "(ppl %.3f), %lld params\n",
      s->steps_done, s->seconds, s->tokens_per_s, s->first_loss, s->last_loss, s->valid_loss,
      std::exp(s->valid_loss), static_cast<long long>(s->n_params));
  return 0;
}
}  // namespace

int cmd_export(const Args& a) {
  auto cfg = config_from(a);
  if (!cfg) return fail(cfg.error());
  auto tok = load_tokenizer(cfg->tokenizer);
  if (!tok) return fail(tok.error());
  cfg->model.vocab = (*tok)->vocab().size();
  auto model =
      load_model_checkpoint(a.get("checkpoint", checkpoint_path(*cfg)), cfg->model, cfg->lora);
  if (!model) return fail(model.error());
  if ((*model)->has_lora() && a.has("adapter-out")) {
    if (auto st = export_lora_gguf(*model, a.get("adapter-out")); !st) return fail(st.error());
    std::printf("wrote LoRA adapters to %s\n", a.get("adapter-out").c_str());
  }
  ExportOptions o;
  o.tokenizer_gguf = cfg->tokenizer;
  o.name = a.get("name", o.name);
  const std::string type = a.get("type", "q8_0");
  if (type == "f32") {
    o.type = llm::TensorType::f32;
  } else if (type == "q8_0") {
    o.type = llm::TensorType::q8_0;
  } else {
    return fail(Error::invalid("--type must be f32 or q8_0", "type"));
  }
  const std::string out = a.get("out", cfg->out_dir + "/model-" + type + ".gguf");
  // Parity: the engine must reproduce the libtorch logits on a chat prompt (for LoRA, those
  // of the unmerged model with its adapters, so the merge is checked too).
  auto ids = (*tok)->encode(
      "<|finchat:user|>\nWhat is the price of NOVA?\n<|end|>\n<|finchat:assistant|>\n", true, true);
  torch::NoGradGuard ng;
  (*model)->eval();
  auto ref =
      (*model)->forward(torch::tensor(std::vector<int64_t>(ids.begin(), ids.end())).view({1, -1}));
  (*model)->merge_lora();
  if (auto st = export_gguf(*model, o, out); !st) return fail(st.error());
  auto got = engine_logits(out, ids);
  if (!got) return fail(got.error());
  double max_diff = 0, max_ref = 0;
  auto r = ref.accessor<float, 3>();
  for (size_t i = 0; i < ids.size(); ++i) {
    for (int v = 0; v < cfg->model.vocab; ++v) {
      max_diff = std::max(max_diff, static_cast<double>(std::fabs(r[0][i][v] - (*got)[i][v])));
      max_ref = std::max(max_ref, static_cast<double>(std::fabs(r[0][i][v])));
    }
  }
  std::printf("exported %s (%s); parity on %zu tokens: max |logit diff| %.5f (max |logit| %.2f)\n",
              out.c_str(), type.c_str(), ids.size(), max_diff, max_ref);
  return 0;
}

int cmd_bench(const Args& a) {
  TrainConfig cfg;
  cfg.model.dim = a.get_int("dim", 288);
  cfg.model.n_layers = a.get_int("layers", 6);
  cfg.model.n_heads = a.get_int("heads", 6);
  cfg.model.n_kv_heads = cfg.model.n_heads;
  cfg.model.ff = a.get_int("ff", 768);
  cfg.model.vocab = a.get_int("vocab", 32000);
  const int batch = a.get_int("batch", 4), seq = a.get_int("seq", 256),
            steps = a.get_int("steps", 5);
  const int threads = a.get_int("threads", 2);
  cfg.model.ctx = seq;
  set_cpu_threads(threads);
  const torch::Device dev = pick_device(a.get("device", "auto"));
  LlamaTorch model(cfg.model);
  model->init_weights(1);
  model->to(dev);
  AdamWSettings settings;
  settings.lr = 3e-4;
  FusedAdamW opt({{model->parameters(), 0.1}}, settings);
  auto tokens = torch::randint(0, cfg.model.vocab, {batch, seq + 1}, torch::kInt64).to(dev);
  auto in = tokens.slice(1, 0, seq), tg = tokens.slice(1, 1, seq + 1);
  auto step = [&] {
    auto logits = model->forward(in);
    auto loss = torch::nn::functional::cross_entropy(logits.reshape({-1, cfg.model.vocab}),
                                                     tg.reshape({-1}));
    loss.backward();
    opt.step(1.0);  // clip to norm 1, update, zero the gradient
    return loss.item<double>();
  };
  step();  // warm-up
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) step();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "train bench: %lld params (dim %d, %d layers, %d heads, ff %d, vocab %d), batch %d x seq %d, "
      "%d threads, %s: %.1f ms/step, %.0f tokens/s\n",
      static_cast<long long>(model->n_params()), cfg.model.dim, cfg.model.n_layers,
      cfg.model.n_heads, cfg.model.ff, cfg.model.vocab, batch, seq, threads, dev.str().c_str(),
      1000 * s / steps, batch * seq * steps / s);
  return 0;
}

}  // namespace finchat::train
