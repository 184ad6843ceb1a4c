// finchat-train: data preparation, tokenizer training, model training/export/evaluation.
#include <malloc.h>

#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "train/cli.hpp"

namespace {
void usage() {
  std::printf(
      "usage: finchat-train <command> [--options]\n"
      "  data           --input PATH... --out DIR [--valid-frac 0.05 --seed N --min-chars 20]\n"
      "  gen-demo-data  --data data --out DIR [--seed 42 --examples 20000]\n"
      "  tokenizer      --corpus FILE --vocab 4000 --out tokenizer.gguf\n"
      "  encode         --tokenizer tokenizer.gguf --input FILE.txt --out FILE.tok\n"
      "  train          --config CFG.yaml [--resume] [--stop-after N] [--steps N] [--threads N]\n"
      "  sft            --config CFG.yaml [--init-from BASE.gguf|checkpoint.pt]\n"
      "                 [--lora-rank R --lora-alpha A --lora-mlp] (plus the train options)\n"
      "  export         --config CFG.yaml --type f32|q8_0 --out MODEL.gguf [--adapter-out A.gguf]\n"
      "                 (LoRA runs: give the same --lora-* options; adapters are merged)\n"
      "  eval           --model MODEL.gguf [--valid CHAT.jsonl] [--tasks TASKS.jsonl]\n"
      "  bench          [--dim 288 --layers 6 --heads 6 --ff 768 --vocab 32000 --batch 4 --seq 256"
      " --threads 2 --steps 5]\n");
}

// Every training step allocates and frees the same large activations (the logits alone are
// batch x seq x vocab floats). glibc serves blocks over its mmap threshold with fresh mmaps,
// so each step page-faults hundreds of MB back in: about a fifth of a CPU step. Keeping
// them on the heap, and the heap untrimmed, reuses the pages instead.
void keep_freed_memory_for_reuse() {
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
}
}  // namespace

int main(int argc, char** argv) {
  using namespace finchat::train;
  keep_freed_memory_for_reuse();
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    usage();
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  const Args args(argc, argv, 2);
  try {
    if (cmd == "data") return cmd_data(args);
    if (cmd == "gen-demo-data") return cmd_gen_demo_data(args);
    if (cmd == "tokenizer") return cmd_tokenizer(args);
    if (cmd == "encode") return cmd_encode(args);
    if (cmd == "train") return cmd_train(args);
    if (cmd == "sft") return cmd_sft(args);
    if (cmd == "export") return cmd_export(args);
    if (cmd == "eval") return cmd_eval(args);
    if (cmd == "bench") return cmd_bench(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "unknown command '%s'\n", cmd.c_str());
  usage();
  return 2;
}
