"""Chapter 5's char-LSTM training loop in PyTorch (eager, float32), for lesson-bench's
time-to-2.1-nats comparison.

Reads the same JSON file as `char_lstm_jax.py` (`char_lstm_task.py`) and trains exactly like `trainCharacterModel`:
B streams over B equal segments of the text, windows of T characters, the state carried from window
to window (zeros when the streams start again), Adam with a half-cosine step size from lr to lr/10,
gradients clipped to global norm `clip`. The cell is written out gate by gate, as in chapter 5, not
`torch.nn.LSTM` (whose weight layout and two bias vectors differ); autograd does the backward pass.

Usage: char_lstm_torch.py CONFIG.json THREADS. Prints one JSON object: seconds of training to the
threshold (held-out evaluation excluded), the step it was reached at and the loss there.
"""
import json
import sys

import torch

from char_lstm_task import CharLSTMTask

task = CharLSTMTask(sys.argv[1])
torch.set_num_threads(int(sys.argv[2]))
H = task.H
names = ["Wx", "Wh", "b", "WhyT", "by"]
params = {k: torch.tensor(task.weights(k), dtype=torch.float32, requires_grad=True) for k in names}


def run(p, xs, h, c):
    """xs: (T, B) symbols → hidden states (T, B, H) and the last state."""
    WxT, WhT = p["Wx"].T, p["Wh"].T
    inputs = WxT[xs] + p["b"]                      # one row of Wxᵀ per symbol: the one-hot product
    hs = []
    for t in range(xs.shape[0]):
        a = h @ WhT + inputs[t]
        i, f, o = (torch.sigmoid(a[:, k * H:(k + 1) * H]) for k in range(3))
        g = torch.tanh(a[:, 3 * H:])
        c = f * c + i * g
        h = o * torch.tanh(c)
        hs.append(h)
    return torch.stack(hs), h, c


def log_probabilities(p, hs):
    return torch.log_softmax(hs @ p["WhyT"] + p["by"], -1)


@torch.no_grad()
def held_out_loss(p):
    total, count = 0.0, 0
    for xs, ys in task.held_groups:
        xs, ys = torch.from_numpy(xs), torch.from_numpy(ys)
        zeros = torch.zeros(xs.shape[1], H)
        hs, _, _ = run(p, xs, zeros, zeros)
        total += float(-log_probabilities(p, hs).gather(-1, ys[..., None]).sum())
        count += xs.numel()
    return total / count


optimiser = torch.optim.Adam([params[k] for k in names], lr=task.lr0, betas=(0.9, 0.999), eps=1e-8)
h = c = torch.zeros(task.B, H)

def step(s, xs, ys, restart):
    global h, c
    xs, ys = torch.from_numpy(xs), torch.from_numpy(ys)
    if restart:
        h = c = torch.zeros(task.B, H)
    for group in optimiser.param_groups:
        group["lr"] = task.learning_rate(s)
    optimiser.zero_grad(set_to_none=True)
    hs, h, c = run(params, xs, h, c)
    h, c = h.detach(), c.detach()                  # truncated BPTT: the state crosses windows, gradients do not
    loss = -log_probabilities(params, hs).gather(-1, ys[..., None]).mean()
    loss.backward()
    torch.nn.utils.clip_grad_norm_([params[k] for k in names], task.clip)
    optimiser.step()


seconds, reached, loss = task.race(step, lambda: held_out_loss(params))
print(json.dumps({"seconds": seconds, "step": reached, "loss": loss, "threads": torch.get_num_threads()}))
