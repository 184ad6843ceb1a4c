#!/usr/bin/env bash
# Installs the Debian 12 packages finchat needs. Idempotent and non-interactive:
# it prints what it installs and does nothing when everything is present.
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libboost-system-dev libssl-dev libsodium-dev
  libspdlog-dev libfmt-dev nlohmann-json3-dev libyaml-cpp-dev
  libsqlite3-dev libpqxx-dev libhiredis-dev
  libeigen3-dev libopenblas-dev libopenblas0-openmp
  libsentencepiece-dev libpoppler-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format clang-tidy
)
TEST_PKGS=(postgresql-15 redis-server wrk curl nginx-light chromium openssl yamllint libtorch-dev
  gnuplot-nox clang libclang-rt-14-dev)  # clang + libFuzzer runtime for scripts/run-fuzz.sh

want=("${BUILD_PKGS[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_PKGS[@]}"); fi

missing=()
# The web UI needs node and npm; keep an existing node (e.g. from NodeSource) if present.
if ! command -v npm >/dev/null 2>&1; then want+=(nodejs npm); fi
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "install-deps: all Debian packages present"
fi

# Debian's default reference BLAS is ~30x slower than OpenBLAS; pin it.
for lib in libblas.so.3 liblapack.so.3; do
  alt="/usr/lib/x86_64-linux-gnu/openblas-openmp/${lib}"
  name="${lib}-x86_64-linux-gnu"
  if [[ -e "$alt" ]] && update-alternatives --query "$name" >/dev/null 2>&1; then
    current=$(update-alternatives --query "$name" | awk '/^Value:/{print $2}')
    if [[ "$current" != "$alt" ]]; then
      echo "install-deps: pinning $name to openblas-openmp"
      $SUDO update-alternatives --set "$name" "$alt" >/dev/null
    fi
  fi
done
