#pragma once
// Writes a trained LlamaTorch model as a GGUF file the finchat engine loads.
#include <string>

#include "core/result.hpp"
#include "llm/gguf.hpp"
#include "train/llama_torch.hpp"

namespace finchat::train {

struct ExportOptions {
  llm::TensorType type = llm::TensorType::f32;  // f32 or q8_0 for the 2-D matrices
  std::string name = "finchat-mini";
  std::string tokenizer_gguf;  // source of tokenizer.ggml.* metadata
};

Status export_gguf(LlamaTorch& model, const ExportOptions& opt, const std::string& out_path);

// Adapter-only GGUF (F32; general.type=adapter, adapter.type=lora, adapter.lora.alpha, and
// tensors "<weight>.lora_a" [rank, in] / ".lora_b" [out, rank], as llama.cpp names them).
Status export_lora_gguf(LlamaTorch& model, const std::string& out_path);

// Loads a GGUF's weights (F32/F16/Q8_0/... dequantized) into a model of the same shape.
Status import_gguf_weights(const std::string& path, LlamaTorch& model);

}  // namespace finchat::train
