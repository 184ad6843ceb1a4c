#include "train/trainer.hpp"

#include <dlfcn.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "train/export_gguf.hpp"
#include "train/fused_adamw.hpp"

namespace finchat::train {

void set_cpu_threads(int threads) {
  torch::set_num_threads(threads);
  // Debian's libtorch runs sgemm in OpenBLAS, whose own pool ignores torch's setting; its
  // waiting threads spin in sched_yield, which on a loaded machine made training 10-17x
  // slower (measured: 220 vs 3,800 tokens/s). Match it when OpenBLAS is the BLAS.
  using SetThreads = void (*)(int);
  if (auto fn = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    fn(threads);
  }
}

torch::Device pick_device(const std::string& want) {
  if (want == "cpu") return torch::kCPU;
  if (torch::cuda::is_available()) return torch::kCUDA;
  return torch::kCPU;
}

Batch make_batch(const std::vector<const TokenExample*>& ex, int max_len, torch::Device dev) {
  int64_t T = 1;
  for (const auto* e : ex)
    T = std::max<int64_t>(T, std::min<int64_t>(max_len, e->tokens.size()) - 1);
  const int64_t B = static_cast<int64_t>(ex.size());
  auto inputs = torch::zeros({B, T}, torch::kInt64);
  auto targets = torch::zeros({B, T}, torch::kInt64);
  auto mask = torch::zeros({B, T}, torch::kFloat32);
  auto in_a = inputs.accessor<int64_t, 2>();
  auto tg_a = targets.accessor<int64_t, 2>();
  auto mk_a = mask.accessor<float, 2>();
  Batch b;
  for (int64_t r = 0; r < B; ++r) {
    const auto& e = *ex[r];
    const int64_t n = std::min<int64_t>(T + 1, e.tokens.size());
    for (int64_t i = 0; i + 1 < n; ++i) {
      in_a[r][i] = e.tokens[i];
      tg_a[r][i] = e.tokens[i + 1];
      mk_a[r][i] = e.loss[i + 1] ? 1.0f : 0.0f;
      b.n_tokens += e.loss[i + 1] ? 1 : 0;
    }
  }
  b.inputs = inputs.to(dev);
  b.targets = targets.to(dev);
  b.mask = mask.to(dev);
  return b;
}

std::pair<torch::Tensor, int64_t> masked_loss_sum(LlamaTorch& model, const Batch& b) {
  auto logits = model->forward(b.inputs);
  auto ce = torch::nn::functional::cross_entropy(
      logits.reshape({-1, logits.size(-1)}), b.targets.reshape({-1}),
      torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
  return {(ce * b.mask.reshape({-1})).sum(), b.n_tokens};
}

double evaluate_loss(LlamaTorch& model, const std::vector<TokenExample>& data, int batch,
                     int seq_len, int max_batches, torch::Device dev) {
  torch::NoGradGuard no_grad;
  model->eval();
  double sum = 0;
  int64_t count = 0;
  for (int b = 0; b < max_batches; ++b) {
    std::vector<const TokenExample*> ex;
    for (int i = 0; i < batch; ++i) {
      size_t idx = static_cast<size_t>(b) * batch + i;
      if (idx < data.size()) ex.push_back(&data[idx]);
    }
    if (ex.empty()) break;
    auto [loss, n] = masked_loss_sum(model, make_batch(ex, seq_len + 1, dev));
    sum += loss.item<double>();
    count += n;
  }
  model->train();
  return count ? sum / count : 0.0;
}

std::string checkpoint_path(const TrainConfig& cfg) { return cfg.out_dir + "/checkpoint.pt"; }

namespace {

using Clock = std::chrono::steady_clock;

FusedAdamW make_optimizer(LlamaTorch& model, const TrainConfig& cfg) {
  AdamWGroup decay{{}, cfg.weight_decay}, no_decay{{}, 0.0};
  // Adapters (LoRA) train without weight decay; full training decays matrices only.
  for (auto& [name, t] : model->trainable_tensors()) {
    (decays(name) && !model->has_lora() ? decay : no_decay).params.push_back(t);
  }
  AdamWSettings settings;
  settings.lr = cfg.lr;
  settings.beta1 = cfg.beta1;
  settings.beta2 = cfg.beta2;
  settings.eps = 1e-8;
  return FusedAdamW({decay, no_decay}, settings);
}

struct Position {
  int64_t step = 0, epoch = 0, offset = 0;
};

void save_checkpoint(const std::string& path, LlamaTorch& model, FusedAdamW& opt,
                     const Position& pos) {
  torch::serialize::OutputArchive ar;
  // clone(): parameters are views of the optimizer's flat buffer; save each on its own.
  for (auto& [name, t] : model->gguf_tensors()) ar.write("model/" + name, t.detach().cpu().clone());
  for (auto& [name, t] : model->lora_tensors()) ar.write("lora/" + name, t.detach().cpu().clone());
  torch::serialize::OutputArchive oa;
  opt.save(oa);
  ar.write("optimizer", oa);
  ar.write("step", torch::tensor(pos.step));
  ar.write("epoch", torch::tensor(pos.epoch));
  ar.write("offset", torch::tensor(pos.offset));
  ar.write("rng", at::detail::getDefaultCPUGenerator().get_state());
  const std::string tmp = path + ".tmp";
  ar.save_to(tmp);
  std::filesystem::rename(tmp, path);  // never leave a half-written checkpoint
}

void load_weights(torch::serialize::InputArchive& ar, LlamaTorch& model) {
  torch::NoGradGuard no_grad;
  for (auto& [name, t] : model->gguf_tensors()) {
    torch::Tensor v;
    ar.read("model/" + name, v);
    t.copy_(v);
  }
  for (auto& [name, t] : model->lora_tensors()) {
    torch::Tensor v;
    ar.read("lora/" + name, v);
    t.copy_(v);
  }
}

// Fine-tuning start point: a trainer checkpoint (weights only) or a GGUF of the same shape.
Status load_base_weights(const std::string& path, LlamaTorch& model) {
  if (path.ends_with(".gguf")) return import_gguf_weights(path, model);
  if (!std::filesystem::exists(path)) return Error::not_found("no base checkpoint at " + path);
  try {
    torch::serialize::InputArchive ar;
    ar.load_from(path);
    torch::NoGradGuard no_grad;
    for (auto& [name, t] : model->gguf_tensors()) {
      torch::Tensor v;
      ar.read("model/" + name, v);
      t.copy_(v);
    }
  } catch (const c10::Error& e) {
    return Error::invalid("base checkpoint " + path +
                              " does not match the model shape: " + e.what_without_backtrace(),
                          "train.init_from");
  }
  return {};
}

Position load_checkpoint(const std::string& path, LlamaTorch& model, FusedAdamW& opt) {
  torch::serialize::InputArchive ar;
  ar.load_from(path);
  load_weights(ar, model);
  torch::serialize::InputArchive oa;
  ar.read("optimizer", oa);
  opt.load(oa);
  torch::Tensor s, e, o, rng;
  ar.read("step", s);
  ar.read("epoch", e);
  ar.read("offset", o);
  ar.read("rng", rng);
  auto gen = at::detail::getDefaultCPUGenerator();  // a handle sharing the global state
  gen.set_state(rng);
  return {s.item<int64_t>(), e.item<int64_t>(), o.item<int64_t>()};
}

void plot_metrics(const std::string& dir, bool quiet) {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) {
    if (!quiet) std::printf("gnuplot not found: skipping loss plot\n");
    return;
  }
  const std::string script = dir + "/plot.gp";
  {
    std::ofstream gp(script);
    gp << "set terminal png size 900,500\nset output '" << dir << "/loss.png'\n"
       << "set xlabel 'step'\nset ylabel 'loss'\nset grid\n"
       << "plot '" << dir << "/loss.dat' using 1:2 with lines title 'train', '" << dir
       << "/loss.dat' using 1:3 with linespoints title 'valid'\n";
  }
  if (std::system(("gnuplot '" + script + "'").c_str()) != 0 && !quiet) {
    std::printf("gnuplot failed: no plot\n");
  }
}

}  // namespace

Result<TrainSummary> run_training(const TrainConfig& cfg, const std::vector<TokenExample>& train,
                                  const std::vector<TokenExample>& valid, const TrainOptions& opt) {
  if (train.empty()) return Error::invalid("no training examples", "data.train");
  set_cpu_threads(cfg.threads);
  const torch::Device dev = pick_device(cfg.device);
  std::filesystem::create_directories(cfg.out_dir);
  LlamaTorch model(cfg.model);
  model->init_weights(cfg.seed);
  if (!cfg.init_from.empty()) {
    if (auto st = load_base_weights(cfg.init_from, model); !st) return st.error();
  }
  if (cfg.lora.rank > 0) model->add_lora(cfg.lora, cfg.seed + 1);
  model->to(dev);
  FusedAdamW optim = make_optimizer(model, cfg);
  ExampleCursor cursor(train.size(), cfg.seed, /*shuffle=*/true);
  Position pos;
  const std::string ckpt = checkpoint_path(cfg);
  const bool resuming = opt.resume && std::filesystem::exists(ckpt);
  if (resuming) {
    pos = load_checkpoint(ckpt, model, optim);
    cursor.seek(pos.epoch, pos.offset);
  }
  std::ofstream metrics(cfg.out_dir + "/metrics.jsonl", resuming ? std::ios::app : std::ios::trunc);
  std::ofstream lossdat(cfg.out_dir + "/loss.dat", resuming ? std::ios::app : std::ios::trunc);
  TrainSummary sum;
  sum.n_params = model->n_params();
  if (!opt.quiet) {
    std::printf("model: %lld params, device %s, threads %d, %zu train / %zu valid examples\n",
                static_cast<long long>(sum.n_params), dev.str().c_str(), cfg.threads, train.size(),
                valid.size());
    if (model->has_lora()) {
      int64_t n = 0;
      for (auto& [name, t] : model->lora_tensors()) n += t.numel();
      std::printf("LoRA rank %d alpha %.1f%s: %lld trainable adapter params, base frozen\n",
                  cfg.lora.rank, cfg.lora.alpha,
                  cfg.lora.mlp ? " (attention + MLP)" : " (attention)", static_cast<long long>(n));
    }
  }
  const auto t0 = Clock::now();
  auto window_start = t0;
  int64_t window_tokens = 0, total_tokens = 0;
  const int end_step = opt.stop_after > 0 ? std::min(opt.stop_after, cfg.steps) : cfg.steps;
  for (int64_t step = pos.step; step < end_step; ++step) {
    const double lr = lr_at(cfg, static_cast<int>(step));
    optim.set_lr(lr);
    std::vector<Batch> micro;
    int64_t n_scored = 0;
    for (int a = 0; a < cfg.grad_accum; ++a) {
      std::vector<const TokenExample*> ex;
      for (int i = 0; i < cfg.batch; ++i) ex.push_back(&train[cursor.next()]);
      micro.push_back(make_batch(ex, cfg.seq_len + 1, dev));
      n_scored += micro.back().n_tokens;
      window_tokens += micro.back().inputs.numel();
    }
    double loss_total = 0;
    for (auto& b : micro) {
      auto [loss, n] = masked_loss_sum(model, b);
      auto scaled = loss / static_cast<double>(std::max<int64_t>(1, n_scored));
      scaled.backward();
      loss_total += scaled.item<double>();
    }
    const double gnorm = optim.step(cfg.clip);  // clips, updates and zeroes the gradient
    pos.step = step + 1;
    pos.epoch = cursor.epoch();
    pos.offset = cursor.offset();
    if (step == 0 || sum.steps_done == 0) sum.first_loss = loss_total;
    sum.last_loss = loss_total;
    ++sum.steps_done;

    const bool do_eval = !valid.empty() && cfg.eval_every > 0 &&
                         (pos.step % cfg.eval_every == 0 || pos.step == cfg.steps);
    double vloss = NAN;
    if (do_eval) {
      vloss = evaluate_loss(model, valid, cfg.batch, cfg.seq_len, cfg.eval_batches, dev);
      sum.valid_loss = vloss;
    }
    if (pos.step % cfg.log_every == 0 || do_eval || pos.step == end_step) {
      const double secs = std::chrono::duration<double>(Clock::now() - window_start).count();
      const double tps = secs > 0 ? window_tokens / secs : 0;
      total_tokens += window_tokens;
      nlohmann::json j = {{"step", pos.step},   {"loss", loss_total},  {"lr", lr},
                          {"grad_norm", gnorm}, {"tokens_per_s", tps}, {"epoch", pos.epoch}};
      if (do_eval) {
        j["valid_loss"] = vloss;
        j["valid_ppl"] = std::exp(vloss);
      }
      metrics << j.dump() << "\n" << std::flush;
      lossdat << pos.step << " " << loss_total << " " << (do_eval ? std::to_string(vloss) : "NaN")
              << "\n"
              << std::flush;
      if (!opt.quiet) {
        std::printf("step %lld/%d loss %.4f lr %.2e gnorm %.3f %.0f tok/s%s\n",
                    static_cast<long long>(pos.step), cfg.steps, loss_total, lr, gnorm, tps,
                    do_eval ? (" valid " + std::to_string(vloss)).c_str() : "");
        std::fflush(stdout);
      }
      window_start = Clock::now();
      window_tokens = 0;
    }
    if ((cfg.ckpt_every > 0 && pos.step % cfg.ckpt_every == 0) || pos.step == end_step) {
      save_checkpoint(ckpt, model, optim, pos);
    }
  }
  sum.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  total_tokens += window_tokens;
  sum.tokens_per_s = sum.seconds > 0 ? total_tokens / sum.seconds : 0;
  plot_metrics(cfg.out_dir, opt.quiet);
  return sum;
}

Result<LlamaTorch> load_model_checkpoint(const std::string& path, const ModelShape& shape,
                                         const LoraOptions& lora) {
  if (!std::filesystem::exists(path)) return Error::not_found("no checkpoint at " + path);
  LlamaTorch model(shape);
  if (lora.rank > 0) model->add_lora(lora, 0);
  try {
    torch::serialize::InputArchive ar;
    ar.load_from(path);
    load_weights(ar, model);
  } catch (const c10::Error& e) {
    return Error::invalid(
        "checkpoint " + path + " does not match the model shape: " + e.what_without_backtrace(),
        "checkpoint");
  }
  return model;
}

Status load_config_data(TrainConfig& cfg, std::vector<TokenExample>& train,
                        std::vector<TokenExample>& valid) {
  auto tok = load_tokenizer(cfg.tokenizer);
  if (!tok) return tok.error();
  cfg.model.vocab = (*tok)->vocab().size();
  auto load = [&](const std::string& path, std::vector<TokenExample>& out) -> Status {
    if (path.empty()) return {};
    if (cfg.mode == "sft") {
      auto ex = load_chat_examples(**tok, path, cfg.seq_len + 1);
      if (!ex) return ex.error();
      out = std::move(ex).value();
    } else {
      auto ids = path.ends_with(".tok") ? read_token_shard(path) : encode_text_file(**tok, path);
      if (!ids) return ids.error();
      out = windows_from_stream(*ids, cfg.seq_len + 1);
    }
    return {};
  };
  if (auto s = load(cfg.train_data, train); !s) return s;
  return load(cfg.valid_data, valid);
}

}  // namespace finchat::train
