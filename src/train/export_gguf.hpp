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

}  // namespace finchat::train
