#include "train/export_gguf.hpp"

#include <fmt/format.h>

#include <cstring>

#include "llm/quant.hpp"
#include "llm/tokenizer.hpp"

namespace finchat::train {

namespace {
// The engine detects the finchat chat format from this marker.
constexpr const char* kChatTemplate =
    "{% for m in messages %}<|finchat:{{ m.role }}|>\n{{ m.content }}\n<|end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|finchat:assistant|>\n{% endif %}";
}  // namespace

Status export_gguf(LlamaTorch& model, const ExportOptions& opt, const std::string& out_path) {
  if (opt.type != llm::TensorType::f32 && opt.type != llm::TensorType::q8_0) {
    return Error::invalid("export type must be f32 or q8_0", "type");
  }
  auto tf = llm::GgufFile::open(opt.tokenizer_gguf);
  if (!tf) return tf.error();
  auto vocab = llm::vocab_from_gguf(**tf);
  if (!vocab) return vocab.error();
  const ModelShape& s = model->shape();
  if (vocab->size() != s.vocab) {
    return Error::invalid("tokenizer has " + std::to_string(vocab->size()) +
                              " tokens but the model vocab is " + std::to_string(s.vocab),
                          "vocab");
  }
  llm::GgufWriter w;
  using V = llm::GgufValue;
  w.set("general.architecture", V::of_string("llama"));
  w.set("general.name", V::of_string(opt.name));
  w.set("general.alignment", V::of_u32(32));
  w.set("general.file_type", V::of_u32(opt.type == llm::TensorType::q8_0 ? 7 : 0));
  w.set("llama.context_length", V::of_u32(s.ctx));
  w.set("llama.embedding_length", V::of_u32(s.dim));
  w.set("llama.block_count", V::of_u32(s.n_layers));
  w.set("llama.feed_forward_length", V::of_u32(s.ff));
  w.set("llama.attention.head_count", V::of_u32(s.n_heads));
  w.set("llama.attention.head_count_kv", V::of_u32(s.n_kv_heads));
  w.set("llama.attention.layer_norm_rms_epsilon", V::of_f32(s.rms_eps));
  w.set("llama.rope.freq_base", V::of_f32(s.rope_base));
  w.set("llama.rope.dimension_count", V::of_u32(s.head_dim()));
  llm::vocab_to_gguf(*vocab, w);
  w.set("tokenizer.chat_template", V::of_string(kChatTemplate));

  for (auto& [name, t] : model->gguf_tensors()) {
    auto c = t.detach().to(torch::kCPU).to(torch::kFloat32).contiguous();
    const float* data = c.data_ptr<float>();
    std::vector<uint64_t> dims;
    for (int64_t i = c.dim() - 1; i >= 0; --i) dims.push_back(static_cast<uint64_t>(c.size(i)));
    const uint64_t cols = dims[0], rows = c.numel() / cols;
    llm::TensorType type = llm::TensorType::f32;
    if (c.dim() == 2 && opt.type == llm::TensorType::q8_0 && cols % llm::kQK == 0) {
      type = llm::TensorType::q8_0;
    }
    const size_t rb = llm::tensor_row_bytes(type, cols);
    std::vector<uint8_t> bytes(rb * rows);
    for (uint64_t r = 0; r < rows; ++r) {
      llm::quantize_row(type, data + r * cols, bytes.data() + r * rb, cols);
    }
    if (auto st = w.add_tensor(name, type, dims, std::move(bytes)); !st) return st;
  }
  return w.write(out_path);
}

Status export_lora_gguf(LlamaTorch& model, const std::string& out_path) {
  if (!model->has_lora()) return Error::invalid("the model has no LoRA adapters", "lora");
  llm::GgufWriter w;
  using V = llm::GgufValue;
  w.set("general.architecture", V::of_string("llama"));
  w.set("general.type", V::of_string("adapter"));
  w.set("general.alignment", V::of_u32(32));
  w.set("adapter.type", V::of_string("lora"));
  w.set("adapter.lora.alpha", V::of_f32(static_cast<float>(model->lora().alpha)));
  for (auto& [name, t] : model->lora_tensors()) {
    auto c = t.detach().to(torch::kCPU).to(torch::kFloat32).contiguous();
    std::vector<uint8_t> bytes(static_cast<size_t>(c.numel()) * sizeof(float));
    std::memcpy(bytes.data(), c.data_ptr<float>(), bytes.size());
    const std::vector<uint64_t> dims = {static_cast<uint64_t>(c.size(1)),
                                        static_cast<uint64_t>(c.size(0))};
    if (auto st = w.add_tensor(name, llm::TensorType::f32, dims, std::move(bytes)); !st) return st;
  }
  return w.write(out_path);
}

Status import_gguf_weights(const std::string& path, LlamaTorch& model) {
  auto f = llm::GgufFile::open(path);
  if (!f) return f.error();
  torch::NoGradGuard no_grad;
  for (auto& [name, t] : model->gguf_tensors()) {
    const llm::GgufTensorInfo* info = (*f)->tensor(name);
    if (info == nullptr)
      return Error::invalid(fmt::format("{}: missing tensor {}", path, name), name);
    std::vector<uint64_t> want;
    for (int64_t i = t.dim() - 1; i >= 0; --i) want.push_back(static_cast<uint64_t>(t.size(i)));
    if (info->dims != want) {
      return Error::invalid(fmt::format("{}: tensor {} has another shape than the model (check "
                                        "model.dim/n_layers/ff in the config)",
                                        path, name),
                            name);
    }
    const uint64_t cols = info->dims[0], rows = info->rows();
    const size_t rb = llm::tensor_row_bytes(info->type, cols);
    std::vector<float> data(static_cast<size_t>(info->n_elements));
    for (uint64_t r = 0; r < rows; ++r) {
      llm::dequantize_row(info->type, info->data + r * rb, data.data() + r * cols, cols);
    }
    t.copy_(torch::from_blob(data.data(), t.sizes(), torch::kFloat32));
  }
  return {};
}

}  // namespace finchat::train
