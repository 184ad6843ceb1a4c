#!/usr/bin/env bash
# Offline checks of everything under deploy/: yamllint, kustomize render of base and each
# overlay, schema validation of every rendered object (npm kubernetes-models, see
# tests/deploy/), policy checks on the rendered Deployment, an nginx -t of the compose LB
# config, structural checks of deploy/compose.yaml, and proof that the checkers reject the
# broken fixtures.
# Ends with "deploy: N passed, M failed"; exits non-zero when M > 0.
# Usage: scripts/validate-k8s.sh [extra-manifest.yaml...]  (extra files must validate)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT" || exit 1
TESTS="$ROOT/tests/deploy"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; [[ -n "${2:-}" ]] && sed 's/^/  /' "$2" | tail -20; failed=$((failed + 1)); }
check() {  # check NAME CMD... : runs CMD, output kept for the failure message
  local name="$1"; shift
  if "$@" >"$OUT/log" 2>&1; then pass "$name"; else fail "$name" "$OUT/log"; fi
}

render() {  # render DIR > FILE with whichever kustomize is installed
  if command -v kustomize >/dev/null 2>&1; then kustomize build "$1"
  elif command -v kubectl >/dev/null 2>&1; then kubectl kustomize "$1"
  else echo "neither kustomize nor kubectl is installed" >&2; return 127; fi
}

# 1. YAML style and syntax.
if command -v yamllint >/dev/null 2>&1; then
  check "yamllint deploy/ tests/deploy/fixtures" \
    yamllint -s -c deploy/.yamllint.yaml deploy/ tests/deploy/fixtures
else
  fail "yamllint not installed (apt-get install yamllint)"
fi

# 2. Node deps for the schema checker (lockfile-pinned; offline when node_modules exists).
if [[ ! -d "$TESTS/node_modules/kubernetes-models" ]]; then
  check "npm ci tests/deploy" npm --prefix "$TESTS" ci --no-audit --no-fund --loglevel=error
fi
schema() { node "$TESTS/validate-manifests.mjs" "$@"; }

# 3. Render and validate base + overlays.
for dir in deploy/k8s/base deploy/k8s/overlays/*/; do
  dir="${dir%/}"; name="${dir#deploy/k8s/}"; file="$OUT/${name//\//-}.yaml"
  if ! render "$dir" >"$file" 2>"$OUT/log"; then fail "render $name" "$OUT/log"; continue; fi
  pass "render $name ($(grep -c '^kind:' "$file") objects)"
  check "schema $name" schema "$file"
  # The real Secret must never be rendered from the repo.
  if grep -q '^kind: Secret' "$file"; then fail "$name renders a Secret"; else pass "$name has no Secret"; fi
  check "policy $name" node "$TESTS/check-policy.mjs" "$file"
done

# 4. The checker must reject every broken fixture (one failing object per file).
for fx in "$TESTS"/fixtures/bad-*.yaml; do
  if schema "$fx" >"$OUT/log" 2>&1; then
    fail "schema rejects $(basename "$fx") (it was accepted)" "$OUT/log"
  else
    pass "schema rejects $(basename "$fx")"
  fi
done
if node "$TESTS/check-policy.mjs" "$TESTS/fixtures/policy-bad-deployment.yaml" >"$OUT/log" 2>&1; then
  fail "policy rejects policy-bad-deployment.yaml (it was accepted)" "$OUT/log"
else
  pass "policy rejects policy-bad-deployment.yaml"
fi

# 5. nginx load balancer config: syntax check with the compose service names mapped to loopback.
if command -v nginx >/dev/null 2>&1; then
  sed -e 's/finchat-[12]:8080/127.0.0.1:8080/' -e "s#/dev/stdout#$OUT/access.log#" \
    deploy/nginx/nginx.conf >"$OUT/nginx.conf"
  check "nginx -t deploy/nginx/nginx.conf" nginx -t -q -c "$OUT/nginx.conf" -g "pid $OUT/nginx.pid;"
fi

# 5b. The compose stack: structure, healthchecks and secrets (no Docker engine needed), and
# proof that the checker rejects a broken stack.
check "compose deploy/compose.yaml" node "$TESTS/check-compose.mjs" deploy/compose.yaml
if node "$TESTS/check-compose.mjs" "$TESTS/fixtures/compose-bad.yaml" deploy/finchat.env.example \
  deploy/nginx/nginx.conf >"$OUT/log" 2>&1; then
  fail "compose check rejects compose-bad.yaml (it was accepted)" "$OUT/log"
else
  pass "compose check rejects compose-bad.yaml"
fi

# 6. Extra manifests given on the command line.
for extra in "$@"; do check "schema $extra" schema "$extra"; done

echo "deploy: $passed passed, $failed failed"
((failed == 0))
