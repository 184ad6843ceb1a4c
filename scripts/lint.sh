#!/usr/bin/env bash
# clang-tidy over every source file (`make lint`), with the debug tree's compile commands.
# Left out: benchmarks (Google Benchmark's `for (auto _ : state)` reads as a dead store) and
# the files built against libtorch, whose headers clang 14 cannot parse (c10::IValue).
set -euo pipefail
cd "$(dirname "$0")/.."
db=build/debug/compile_commands.json
torch_files=$(awk -F'"' '/"command":/ { cmd = $0 } /"file":/ { if (cmd ~ /torch/) print $4 }' "$db" |
  sed "s|^$PWD/||")
git ls-files 'src/*.cpp' ':!:*_bench.cpp' | grep -vxF -f <(printf '%s\n' $torch_files) |
  # clang 14 with libstdc++ does not tell Boost.Asio that C++20 coroutines exist.
  xargs -P "$(nproc)" -n 8 clang-tidy -p build/debug --quiet \
    --extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1 --extra-arg=-DBOOST_ASIO_HAS_STD_COROUTINE=1
