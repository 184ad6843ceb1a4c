#include "train/fused_adamw.hpp"

#include <ATen/Parallel.h>

#include <cmath>
#include <stdexcept>

namespace finchat::train {
namespace {

// Small enough to balance threads, large enough that per-chunk overhead vanishes.
constexpr int64_t kChunkElems = int64_t{1} << 15;

struct Coefficients {
  float grad_scale, beta1, one_minus_beta1, beta2, one_minus_beta2;
  float sqrt_bias_correction2, eps, step_size;
};

// torch::optim::AdamW's arithmetic, element by element:
//   p *= 1 - lr*wd;  m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g*g;
//   p -= step_size * m / (sqrt(v)/sqrt(bc2) + eps)
// and the gradient is consumed (zeroed) while it is in cache.
void adamw_chunk(float* p, float* g, float* m, float* v, int64_t n, float decay,
                 const Coefficients& c) {
  for (int64_t i = 0; i < n; ++i) {
    const float gi = g[i] * c.grad_scale;
    g[i] = 0.0F;
    const float mi = m[i] * c.beta1 + gi * c.one_minus_beta1;
    const float vi = v[i] * c.beta2 + gi * gi * c.one_minus_beta2;
    m[i] = mi;
    v[i] = vi;
    const float denom = std::sqrt(vi) / c.sqrt_bias_correction2 + c.eps;
    p[i] = p[i] * decay - c.step_size * (mi / denom);
  }
}

double sum_of_squares(const float* g, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += static_cast<double>(g[i]) * g[i];
  return s;
}

}  // namespace

FusedAdamW::FusedAdamW(const std::vector<AdamWGroup>& groups, AdamWSettings settings)
    : settings_(settings) {
  adopt(groups);
}

void FusedAdamW::adopt(const std::vector<AdamWGroup>& groups) {
  int64_t total = 0;
  torch::TensorOptions options;
  for (const auto& g : groups) {
    for (const auto& p : g.params) {
      if (p.scalar_type() != torch::kFloat32) throw std::invalid_argument("FusedAdamW: fp32 only");
      options = p.options();
      total += p.numel();
    }
  }
  flat_param_ = torch::empty({total}, options.requires_grad(false));
  flat_grad_ = torch::zeros({total}, options.requires_grad(false));
  exp_avg_ = torch::zeros({total}, options.requires_grad(false));
  exp_avg_sq_ = torch::zeros({total}, options.requires_grad(false));
  torch::NoGradGuard no_grad;
  int64_t offset = 0;
  for (const auto& g : groups) {
    for (const auto& p : g.params) {  // handles: set_data/mutable_grad reach the shared tensor
      const int64_t n = p.numel();
      auto param_slice = flat_param_.narrow(0, offset, n).view(p.sizes());
      param_slice.copy_(p.detach());
      p.set_data(param_slice);
      p.mutable_grad() = flat_grad_.narrow(0, offset, n).view(p.sizes());
      for (int64_t at = 0; at < n; at += kChunkElems) {
        chunks_.push_back(
            {offset + at, std::min(kChunkElems, n - at), static_cast<float>(g.weight_decay)});
      }
      params_.push_back(p);
      offset += n;
    }
  }
}

void FusedAdamW::zero_grad() { flat_grad_.zero_(); }

double FusedAdamW::grad_norm() const {
  if (!flat_grad_.is_cpu()) return flat_grad_.norm().item<double>();
  std::vector<double> partial(chunks_.size(), 0.0);
  const float* g = flat_grad_.data_ptr<float>();
  at::parallel_for(0, static_cast<int64_t>(chunks_.size()), 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      partial[c] = sum_of_squares(g + chunks_[c].offset, chunks_[c].size);
    }
  });
  double total = 0;
  for (double s : partial) total += s;
  return std::sqrt(total);
}

double FusedAdamW::step(double max_norm) {
  const double norm = grad_norm();
  // torch::nn::utils::clip_grad_norm_'s rule: scale by max_norm / (norm + 1e-6), at most 1.
  const double scale = max_norm > 0 ? std::min(1.0, max_norm / (norm + 1e-6)) : 1.0;
  ++step_;
  if (flat_param_.is_cpu()) {
    step_cpu(static_cast<float>(scale));
  } else {
    step_generic(static_cast<float>(scale));
  }
  return norm;
}

void FusedAdamW::step_cpu(float grad_scale) {
  const double bc1 = 1.0 - std::pow(settings_.beta1, static_cast<double>(step_));
  const double bc2 = 1.0 - std::pow(settings_.beta2, static_cast<double>(step_));
  const Coefficients c{grad_scale,
                       static_cast<float>(settings_.beta1),
                       static_cast<float>(1.0 - settings_.beta1),
                       static_cast<float>(settings_.beta2),
                       static_cast<float>(1.0 - settings_.beta2),
                       static_cast<float>(std::sqrt(bc2)),
                       static_cast<float>(settings_.eps),
                       static_cast<float>(settings_.lr / bc1)};
  float* p = flat_param_.data_ptr<float>();
  float* g = flat_grad_.data_ptr<float>();
  float* m = exp_avg_.data_ptr<float>();
  float* v = exp_avg_sq_.data_ptr<float>();
  at::parallel_for(0, static_cast<int64_t>(chunks_.size()), 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const Chunk& k = chunks_[i];
      const auto decay = static_cast<float>(1.0 - settings_.lr * k.weight_decay);
      adamw_chunk(p + k.offset, g + k.offset, m + k.offset, v + k.offset, k.size, decay, c);
    }
  });
}

// Devices other than the CPU: the same update as whole-buffer tensor ops.
void FusedAdamW::step_generic(float grad_scale) {
  torch::NoGradGuard no_grad;
  const double bc1 = 1.0 - std::pow(settings_.beta1, static_cast<double>(step_));
  const double bc2 = 1.0 - std::pow(settings_.beta2, static_cast<double>(step_));
  flat_grad_.mul_(grad_scale);
  for (const auto& k : chunks_) {
    if (k.weight_decay != 0) {
      flat_param_.narrow(0, k.offset, k.size).mul_(1.0 - settings_.lr * k.weight_decay);
    }
  }
  exp_avg_.mul_(settings_.beta1).add_(flat_grad_, 1.0 - settings_.beta1);
  exp_avg_sq_.mul_(settings_.beta2).addcmul_(flat_grad_, flat_grad_, 1.0 - settings_.beta2);
  auto denom = (exp_avg_sq_.sqrt() / std::sqrt(bc2)).add_(settings_.eps);
  flat_param_.addcdiv_(exp_avg_, denom, -settings_.lr / bc1);
  flat_grad_.zero_();
}

void FusedAdamW::save(torch::serialize::OutputArchive& ar) const {
  ar.write("exp_avg", exp_avg_.cpu());
  ar.write("exp_avg_sq", exp_avg_sq_.cpu());
  ar.write("step", torch::tensor(step_));
}

void FusedAdamW::load(torch::serialize::InputArchive& ar) {
  torch::Tensor m, v, s;
  ar.read("exp_avg", m);
  ar.read("exp_avg_sq", v);
  ar.read("step", s);
  if (m.numel() != exp_avg_.numel() || v.numel() != exp_avg_sq_.numel()) {
    throw std::invalid_argument("optimizer state does not match the trainable parameters");
  }
  torch::NoGradGuard no_grad;
  exp_avg_.copy_(m);
  exp_avg_sq_.copy_(v);
  step_ = s.item<int64_t>();
}

}  // namespace finchat::train
