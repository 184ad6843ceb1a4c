#!/usr/bin/env bash
# Reproduces models/finchat-mini-q8_0.gguf from the repository's own data/ folder.
# Usage: src/train/make_model.sh [build-dir]   (run from the repository root; needs a build
# with libtorch so that <build-dir>/src/train/finchat-train exists)
set -euo pipefail
# libtorch's OpenBLAS would otherwise start its own threads, which spin on a busy machine.
export OPENBLAS_NUM_THREADS=1
BUILD=${1:-build/release}
BIN="$BUILD/src/train/finchat-train"
[ -x "$BIN" ] || BIN="$BUILD/bin/finchat-train"
WORK=build/finchat-mini
CFG=src/train/configs/finchat-mini.yaml
[ -x "$BIN" ] || { echo "missing $BIN: configure with libtorch-dev installed and build finchat-train" >&2; exit 1; }
mkdir -p "$WORK" models
start=$(date +%s)
"$BIN" gen-demo-data --data data --out "$WORK/data" --seed 42 --examples 80000
"$BIN" tokenizer --corpus "$WORK/data/corpus.txt" --vocab 2000 --out "$WORK/tokenizer.gguf"
"$BIN" train --config "$CFG" | tee "$WORK/train.log"
"$BIN" export --config "$CFG" --type q8_0 --out models/finchat-mini-q8_0.gguf
"$BIN" eval --model models/finchat-mini-q8_0.gguf --valid "$WORK/data/valid.jsonl" \
  --tasks "$WORK/data/heldout_tasks.jsonl" --threads 1 | tee "$WORK/eval.txt"
echo "finchat-mini rebuilt in $(( $(date +%s) - start )) s"
