#!/usr/bin/env bash
# Builds the finchat serving image from deploy/Dockerfile without Docker or a registry:
#   1. debootstrap a minimal Debian bookworm rootfs from the mirror apt already uses,
#   2. import it as localhost/debian:bookworm-slim and tag it docker.io/library/debian:bookworm-slim
#      so the UNCHANGED Dockerfile's `FROM debian:bookworm-slim` resolves to it locally,
#   3. `buildah bud --isolation chroot` the Dockerfile (serving target),
#   4. smoke test with `buildah run`: `finchat --version` and a /healthz answer.
#   5. check libtorch stayed out of the serving image and print its size.
# Opt-in (slow, needs root): `make test-image`.
# Usage: build-image.sh [--base-only] [--keep-base] [--trainer]  (--trainer: also the trainer target)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMAGE="${FINCHAT_IMAGE:-localhost/finchat:dev}"
BASE_LOCAL="localhost/debian:bookworm-slim"
BASE_ALIAS="docker.io/library/debian:bookworm-slim"
WORK="${FINCHAT_IMAGE_WORK:-/var/tmp/finchat-image}"
export BUILDAH_ISOLATION=chroot
export STORAGE_DRIVER="${STORAGE_DRIVER:-vfs}"
base_only=0; keep_base=0; trainer=0
for a in "$@"; do
  case "$a" in
    --base-only) base_only=1 ;; --keep-base) keep_base=1 ;; --trainer) trainer=1 ;;
    *) echo "build-image: unknown option $a" >&2; exit 2 ;;
  esac
done
for tool in buildah debootstrap; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool missing (apt-get install $tool)" >&2; exit 1; }
done
[[ $(id -u) -eq 0 ]] || { echo "build-image: needs root (debootstrap, chroot isolation)" >&2; exit 1; }

# The first deb822 or one-line "deb" URI for the main archive, i.e. the mirror apt uses here.
mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '/^URIs:/{print $2}' | grep -v -- '-security' | head -1 || true)
  if [[ -z "$uri" ]]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      grep -v -- '-security' | awk '{print $2}' | head -1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

t0=$SECONDS
if [[ $keep_base -eq 1 ]] && buildah inspect --type image "$BASE_ALIAS" >/dev/null 2>&1; then
  echo "build-image: reusing $BASE_ALIAS"
else
  m=$(mirror)
  echo "build-image: debootstrap bookworm from $m"
  rm -rf "$WORK/rootfs"; mkdir -p "$WORK"
  debootstrap --variant=minbase bookworm "$WORK/rootfs" "$m" >"$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  # Slim it like the official image: no apt lists, docs or man pages.
  rm -rf "$WORK/rootfs"/var/lib/apt/lists/* "$WORK/rootfs"/usr/share/{doc,man,info}/* \
    "$WORK/rootfs"/var/cache/apt/*.bin
  echo "build-image: debootstrap done in $((SECONDS - t0))s"
  ctr=$(buildah from scratch)
  buildah copy --quiet "$ctr" "$WORK/rootfs/" / >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd bash "$ctr"
  buildah commit --quiet --rm "$ctr" "$BASE_LOCAL" >/dev/null
  buildah tag "$BASE_LOCAL" "$BASE_ALIAS"
  rm -rf "$WORK/rootfs"
  echo "build-image: base $BASE_LOCAL (alias $BASE_ALIAS) ready at $((SECONDS - t0))s"
fi
[[ $base_only -eq 1 ]] && exit 0

t1=$SECONDS
# --pull=false: never ask a registry; FROM debian:bookworm-slim resolves to the local alias.
# The ignore file sits beside the Dockerfile (BuildKit's <Dockerfile>.dockerignore convention).
buildah bud --isolation chroot --pull=false --layers -f "$ROOT/deploy/Dockerfile" \
  --ignorefile "$ROOT/deploy/Dockerfile.dockerignore" \
  --target runtime -t "$IMAGE" "$ROOT"
echo "build-image: built $IMAGE in $((SECONDS - t1))s"

# Smoke test: version, then serve on a loopback port and ask /healthz.
ctr=$(buildah from --pull=false "$IMAGE")
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
buildah run --isolation chroot "$ctr" -- finchat --version
# Every shared library the binary needs must be in the runtime stage's package list.
if buildah run --isolation chroot "$ctr" -- ldd /usr/local/bin/finchat | grep 'not found'; then
  echo "build-image: runtime image lacks the libraries above" >&2; exit 1
fi
port="${FINCHAT_SMOKE_PORT:-18089}"
buildah run --isolation chroot --user 10001:10001 "$ctr" -- sh -c "
  finchat serve --http.host 127.0.0.1 --http.port $port --data_dir /tmp/finchat >/tmp/serve.log 2>&1 &
  pid=\$!
  for i in \$(seq 1 60); do
    if curl -fsS http://127.0.0.1:$port/healthz; then
      echo; kill -TERM \$pid
      # SIGTERM drains; give it the drain timeout, then stop waiting.
      for j in \$(seq 1 15); do kill -0 \$pid 2>/dev/null || exit 0; sleep 1; done
      echo 'finchat did not exit 15 s after SIGTERM'; kill -KILL \$pid; exit 0
    fi
    sleep 1
  done
  cat /tmp/serve.log; kill \$pid; exit 1"
echo "build-image: smoke test passed"
# The serving image must not carry libtorch (only the trainer target installs it).
if buildah run --isolation chroot "$ctr" -- sh -c \
  'ls /usr/lib/x86_64-linux-gnu /usr/lib 2>/dev/null | grep -i torch; ldd /usr/local/bin/finchat | grep -i torch'; then
  echo "build-image: libtorch found in the serving image" >&2; exit 1
fi
echo "build-image: no libtorch in $IMAGE; size $(buildah images --format '{{.Size}}' "$IMAGE" | head -1)"
if [[ $trainer -eq 1 ]]; then
  t2=$SECONDS
  buildah bud --isolation chroot --pull=false --layers -f "$ROOT/deploy/Dockerfile" \
    --ignorefile "$ROOT/deploy/Dockerfile.dockerignore" \
    --target trainer -t "${IMAGE%:*}-train:${IMAGE##*:}" "$ROOT"
  tctr=$(buildah from --pull=false "${IMAGE%:*}-train:${IMAGE##*:}")
  if buildah run --isolation chroot "$tctr" -- ldd /usr/local/bin/finchat-train | grep 'not found'; then
    echo "build-image: trainer image lacks the libraries above" >&2; exit 1
  fi
  buildah rm "$tctr" >/dev/null
  echo "build-image: trainer built in $((SECONDS - t2))s"
fi
echo "build-image: total $((SECONDS - t0))s"
