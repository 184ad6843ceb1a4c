#!/usr/bin/env bash
# Training throughput of finchat-train against PyTorch from Python (Debian's python3-torch),
# same Llama shape (15M: dim 288, 6 layers, 6 heads, ff 768, vocab 32000, tied), same batch,
# sequence, optimizer (AdamW, clip 1.0) and thread count, one after the other.
#   bench/train_vs_pytorch.sh [build-dir] [threads...]   (default: build/release, 1 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
shift || true
threads=("${@:-1}")
[[ $# -eq 0 ]] && threads=(1 2)
train="$build/src/train/finchat-train"
[[ -x "$train" ]] || { echo "build first: $train missing (needs libtorch-dev)"; exit 1; }
py=${PYTHON:-/usr/bin/python3}  # Debian's interpreter, where python3-torch lives
"$py" -c "import torch" 2>/dev/null || { echo "python3-torch not installed: apt-get install python3-torch"; exit 1; }
batch=4 seq=256 steps=5
# finchat-train keeps freed memory on the heap (mallopt in src/train/main.cpp); the second
# PyTorch line gets the same glibc settings through GLIBC_TUNABLES, for a like-for-like view.
same_malloc=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=2147483647
pytorch_script=$(mktemp /tmp/finchat-torch-bench-XXXXXX.py)
trap 'rm -f "$pytorch_script"' EXIT
cat >"$pytorch_script" <<'PY'
import math, os, sys, time
import torch
import torch.nn.functional as F

threads, batch, seq, steps = map(int, sys.argv[1:])
torch.set_num_threads(threads)
torch.manual_seed(1)
dim, layers, heads, ff, vocab = 288, 6, 6, 768, 32000
hd = dim // heads

def mat(rows, cols, std=0.02):
    return torch.nn.Parameter(torch.randn(rows, cols) * std)

class Llama(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = mat(vocab, dim)
        self.layers = torch.nn.ModuleList()
        for _ in range(layers):
            L = torch.nn.Module()
            L.an, L.fn = torch.nn.Parameter(torch.ones(dim)), torch.nn.Parameter(torch.ones(dim))
            L.wq, L.wk, L.wv, L.wo = mat(dim, dim), mat(dim, dim), mat(dim, dim), mat(dim, dim)
            L.gate, L.up, L.down = mat(ff, dim), mat(ff, dim), mat(dim, ff)
            self.layers.append(L)
        self.norm = torch.nn.Parameter(torch.ones(dim))

    @staticmethod
    def rms(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w

    @staticmethod
    def rope(x, cos, sin):
        B, T, H, D = x.shape
        p = x.reshape(B, T, H, D // 2, 2)
        x0, x1 = p[..., 0], p[..., 1]
        return torch.stack((x0 * cos - x1 * sin, x0 * sin + x1 * cos), -1).reshape(B, T, H, D)

    def forward(self, tokens):
        B, T = tokens.shape
        inv = torch.pow(torch.tensor(10000.0), -2.0 * torch.arange(0, hd // 2) / hd)
        theta = torch.arange(0, T).unsqueeze(1) * inv.unsqueeze(0)
        cos, sin = theta.cos().view(1, T, 1, hd // 2), theta.sin().view(1, T, 1, hd // 2)
        mask = torch.full((T, T), float("-inf")).triu(1)
        x = self.emb[tokens]
        for L in self.layers:
            h = self.rms(x, L.an)
            q = self.rope((h @ L.wq.t()).view(B, T, heads, hd), cos, sin).transpose(1, 2)
            k = self.rope((h @ L.wk.t()).view(B, T, heads, hd), cos, sin).transpose(1, 2)
            v = (h @ L.wv.t()).view(B, T, heads, hd).transpose(1, 2)
            att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(hd) + mask, -1)
            x = x + ((att @ v).transpose(1, 2).reshape(B, T, dim)) @ L.wo.t()
            h = self.rms(x, L.fn)
            x = x + (F.silu(h @ L.gate.t()) * (h @ L.up.t())) @ L.down.t()
        return self.rms(x, self.norm) @ self.emb.t()

model = Llama()
opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
tokens = torch.randint(0, vocab, (batch, seq + 1))
inp, tgt = tokens[:, :seq], tokens[:, 1:]

def step():
    opt.zero_grad()
    loss = F.cross_entropy(model(inp).reshape(-1, vocab), tgt.reshape(-1))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()

step()  # warm-up
t0 = time.perf_counter()
for _ in range(steps):
    step()
s = time.perf_counter() - t0
n = sum(p.numel() for p in model.parameters())
tuned = " (glibc malloc as finchat-train)" if "mmap_max=0" in os.environ.get("GLIBC_TUNABLES", "") else ""
print(f"pytorch {torch.__version__}{tuned}: {n} params, batch {batch} x seq {seq}, {threads} threads: "
      f"{1000 * s / steps:.1f} ms/step, {batch * seq * steps / s:.0f} tokens/s")
PY

for t in "${threads[@]}"; do
  "$train" bench --batch $batch --seq $seq --steps $steps --threads "$t"
  "$py" "$pytorch_script" "$t" $batch $seq $steps
  GLIBC_TUNABLES=$same_malloc "$py" "$pytorch_script" "$t" $batch $seq $steps
done
