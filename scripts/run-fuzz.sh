#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (libFuzzer + ASan) in build/fuzz and runs each one for
# FUZZ_SECONDS (default 60) from the seed corpora in the repo. Fails on any crash, sanitizer
# report, leak, timeout or out-of-memory; the reproducer lands in build/fuzz/artifacts/.
#   FUZZ_SECONDS=300 bash scripts/run-fuzz.sh          # longer run
#   FUZZ_COMPONENTS="core;store;http;auth;llm" ...     # also build and run llm_gguf_fuzz
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build/fuzz}
seconds=${FUZZ_SECONDS:-60}
components=${FUZZ_COMPONENTS:-core;store;http;auth}

if ! command -v clang++ >/dev/null 2>&1; then
  echo "run-fuzz: clang++ not found (scripts/install-deps.sh --test installs clang)" >&2
  exit 1
fi

# Only the components the fuzzers need; tests and benches off. Clang-only warnings in code
# that GCC builds cleanly must not stop fuzzing, so warnings are not errors in this tree.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFINCHAT_FUZZ=ON -DFINCHAT_BUILD_TESTS=OFF -DFINCHAT_BUILD_BENCH=OFF -DFINCHAT_WERROR=OFF \
  "-DFINCHAT_ONLY=$components" >"$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }

# target -> seed corpus (may be absent)
declare -A seeds=(
  [auth_jwt_fuzz]="$root/src/auth/fuzz/corpus_jwt"
  [auth_token_request_fuzz]="$root/src/auth/fuzz/corpus_token_request"
)
if [[ ";$components;" == *";llm;"* ]]; then seeds[llm_gguf_fuzz]="$root/src/llm/fuzz/corpus_gguf"; fi

targets=("${!seeds[@]}")
ninja -C "$build" "${targets[@]}"

mkdir -p "$build/artifacts"
status=0
for t in "${targets[@]}"; do
  corpus=$(mktemp -d "/tmp/finchat-fuzz-$t-XXXXXX")
  if [[ -d "${seeds[$t]}" ]]; then cp -r "${seeds[$t]}/." "$corpus/"; fi
  bin=$(find "$build" -type f -name "$t" -perm -u+x | head -n 1)
  echo "run-fuzz: $t for ${seconds}s ($(find "$corpus" -type f | wc -l) seeds)"
  if ASAN_OPTIONS=${FUZZ_ASAN_OPTIONS:-detect_leaks=1} "$bin" -max_total_time="$seconds" \
      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t-" "$corpus" >"$build/$t.log" 2>&1; then
    grep -E "^(stat::number_of_executed_units|stat::new_units_added|Done)" "$build/$t.log" || true
    echo "run-fuzz: $t ok"
  else
    tail -n 60 "$build/$t.log"
    echo "run-fuzz: $t FAILED (log $build/$t.log, reproducer in $build/artifacts/)" >&2
    status=1
  fi
  rm -rf "$corpus"
done
exit $status
