#pragma once
// AdamW (decoupled weight decay, Loshchilov & Hutter) over one flat parameter buffer, with
// global-norm gradient clipping fused into the update.
//
// Why not torch::optim::AdamW: libtorch 1.13 updates each parameter with ~13 separate
// element-wise passes (decay, two moment updates, a temporary denominator, the update, then
// clip's norm and scale and zero_grad). On CPU those passes are memory-bound; here every
// parameter and gradient is a view into one contiguous buffer, the norm is one read pass and
// the update is one fused pass that also zeroes the gradient. Same arithmetic, fewer passes.
//
// The parameters passed in are re-pointed (set_data) at slices of the flat buffer and their
// .grad() at slices of a flat gradient buffer; autograd then accumulates in place. Do not
// move the module to another device after constructing the optimizer.
#include <torch/torch.h>

#include <vector>

namespace finchat::train {

struct AdamWSettings {
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

struct AdamWGroup {
  std::vector<torch::Tensor> params;
  double weight_decay = 0;
};

class FusedAdamW {
 public:
  FusedAdamW(const std::vector<AdamWGroup>& groups, AdamWSettings settings);

  void set_lr(double lr) { settings_.lr = lr; }
  double lr() const { return settings_.lr; }
  int64_t steps_taken() const { return step_; }
  // Zeroes the gradient buffer (step() already leaves it zeroed).
  void zero_grad();
  // Global L2 norm of the gradient (deterministic: fixed-size blocks summed in order).
  double grad_norm() const;
  // Scales the gradient so its norm is at most max_norm (<= 0: no clipping), applies one
  // AdamW update and zeroes the gradient. Returns the norm before clipping.
  double step(double max_norm);

  // Moments and step count, for checkpoints that resume exactly.
  void save(torch::serialize::OutputArchive& ar) const;
  void load(torch::serialize::InputArchive& ar);

 private:
  struct Chunk {
    int64_t offset = 0, size = 0;
    float weight_decay = 0;
  };
  void adopt(const std::vector<AdamWGroup>& groups);
  void step_cpu(float grad_scale);
  void step_generic(float grad_scale);

  AdamWSettings settings_;
  std::vector<torch::Tensor> params_;
  torch::Tensor flat_param_, flat_grad_, exp_avg_, exp_avg_sq_;
  std::vector<Chunk> chunks_;  // work units; never straddle two parameters
  int64_t step_ = 0;
};

}  // namespace finchat::train
