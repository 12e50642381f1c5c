"""A character-level vanilla RNN in numpy, written the way a learner would after reading
min-char-rnn: hidden 100, sequence 25, Adagrad (lr 0.1), gradients clipped to [-5, 5].

The same model and training loop as chapter 4's Swift char-RNN, for `lesson-bench` to time side by
side. Prints one JSON line: {"steps": N, "seconds": t, "steps_per_second": r, "loss": smoothed}.
Usage: python3 char_rnn_numpy.py TEXT_FILE STEPS
"""
import json
import sys
import time

import numpy as np

path, steps = sys.argv[1], int(sys.argv[2])
text = open(path, encoding="utf-8").read()
chars = sorted(set(text))
V, H, T, lr = len(chars), 100, 25, 0.1
index = {c: i for i, c in enumerate(chars)}
data = np.array([index[c] for c in text], dtype=np.int64)

rng = np.random.default_rng(42)
Wxh = rng.normal(0, 0.01, (H, V))
Whh = rng.normal(0, 0.01, (H, H))
Why = rng.normal(0, 0.01, (V, H))
bh, by = np.zeros((H, 1)), np.zeros((V, 1))
params = [Wxh, Whh, Why, bh, by]
memory = [np.zeros_like(p) for p in params]


def loss_and_gradients(inputs, targets, h_prev):
    xs, hs, ps = {}, {-1: h_prev}, {}
    loss = 0.0
    for t in range(len(inputs)):
        xs[t] = np.zeros((V, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(Wxh @ xs[t] + Whh @ hs[t - 1] + bh)
        y = Why @ hs[t] + by
        e = np.exp(y - y.max())
        ps[t] = e / e.sum()
        loss -= np.log(ps[t][targets[t], 0])
    grads = [np.zeros_like(p) for p in params]
    dWxh, dWhh, dWhy, dbh, dby = grads
    dh_next = np.zeros((H, 1))
    for t in reversed(range(len(inputs))):
        dy = ps[t].copy()
        dy[targets[t]] -= 1
        dWhy += dy @ hs[t].T
        dby += dy
        dh = Why.T @ dy + dh_next
        dz = (1 - hs[t] ** 2) * dh
        dbh += dz
        dWxh += dz @ xs[t].T
        dWhh += dz @ hs[t - 1].T
        dh_next = Whh.T @ dz
    for g in grads:
        np.clip(g, -5, 5, out=g)
    return loss, grads, hs[len(inputs) - 1]


smooth = -np.log(1.0 / V) * T
h = np.zeros((H, 1))
position = 0
start = time.perf_counter()
for step in range(steps):
    if position + T + 1 >= len(data):
        position, h = 0, np.zeros((H, 1))
    inputs, targets = data[position:position + T], data[position + 1:position + T + 1]
    loss, grads, h = loss_and_gradients(inputs, targets, h)
    smooth = 0.999 * smooth + 0.001 * loss
    for p, g, m in zip(params, grads, memory):
        m += g * g
        p -= lr * g / np.sqrt(m + 1e-8)
    position += T
seconds = time.perf_counter() - start
print(json.dumps({"steps": steps, "seconds": seconds, "steps_per_second": steps / seconds,
                  "loss": smooth / T}))
