"""Chapter 8's Transformer training step in PyTorch (eager, float32), for lesson-bench's
characters-per-second comparison.

The same model as `Transformer(TransformerConfig(vocabularySize: V))`: token and position
embeddings (d = 64, context T = 32), two pre-LN blocks x + MHA(LN(x)), x + MLP(LN(x)) with four
causal heads and a ReLU MLP of width 4d, a final LayerNorm and a linear head to V characters;
AdamW (weight decay 0.01 on the matrices only), gradients clipped to global norm 1. Attention uses
`scaled_dot_product_attention`, PyTorch's fastest eager path. The same batch of 32 random windows
of the Shakespeare text per step.

Usage: transformer_torch.py TEXT_INDICES.json STEPS THREADS. Prints one JSON object: the seconds
of `steps` training steps (after two untimed warm-up steps) and characters per second.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

text = torch.tensor(json.load(open(sys.argv[1]))["indices"], dtype=torch.long)
steps, threads = int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(0)
V, T, d, heads, layers, B = int(text.max()) + 1, 32, 64, 4, 2, 32


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.out = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.ReLU(), nn.Linear(4 * d, d))

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.out(a.transpose(1, 2).reshape(b, t, d))
        return x + self.mlp(self.ln2(x))


class Transformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.E, self.P = nn.Embedding(V, d), nn.Parameter(0.02 * torch.randn(T, d))
        self.blocks = nn.ModuleList(Block() for _ in range(layers))
        self.ln, self.head = nn.LayerNorm(d), nn.Linear(d, V)

    def forward(self, x):
        h = self.E(x) + self.P[: x.shape[1]]
        for block in self.blocks:
            h = block(h)
        return self.head(self.ln(h))


model = Transformer()
matrices = [p for p in model.parameters() if p.dim() >= 2]
others = [p for p in model.parameters() if p.dim() < 2]
optimiser = torch.optim.AdamW([{"params": matrices, "weight_decay": 0.01}, {"params": others, "weight_decay": 0.0}],
                              lr=1e-3)
generator = torch.Generator().manual_seed(1)


def step():
    starts = torch.randint(0, len(text) - T - 1, (B,), generator=generator)
    idx = starts[:, None] + torch.arange(T)[None, :]
    logits = model(text[idx])
    loss = F.cross_entropy(logits.reshape(-1, V), text[idx + 1].reshape(-1))
    optimiser.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimiser.step()


for _ in range(2):
    step()
clock = time.perf_counter()
for _ in range(steps):
    step()
seconds = time.perf_counter() - clock
print(json.dumps({"seconds": seconds, "characters_per_second": steps * B * T / seconds,
                  "threads": torch.get_num_threads(), "parameters": sum(p.numel() for p in model.parameters())}))
