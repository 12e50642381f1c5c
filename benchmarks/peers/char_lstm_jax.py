"""Chapter 5's char-LSTM training loop in JAX (jit, float32), for lesson-bench's time-to-2.1-nats
comparison.

Reads the JSON file lesson-bench writes (`char_lstm_task.py`: the settings, the starting weights of
our model, so both sides start from the same point, the training text and the held-out blocks).
Trains exactly like `trainCharacterModel`: B streams over B equal segments of the text, windows of T
characters, the state carried from window to window (zeros when the streams start again), Adam with
a half-cosine step size from lr to lr/10, gradients clipped to global norm `clip`. Measures the
held-out loss every `evalEvery` steps and stops at the first measurement below `threshold`.

Prints one JSON object: seconds of training to the threshold (compilation and held-out evaluation
excluded), the step it was reached at, the loss there and the compile time.
"""
import json
import sys
import time

import jax
import jax.numpy as jnp

from char_lstm_task import CharLSTMTask

task = CharLSTMTask(sys.argv[1])
H, clip = task.H, task.clip
f32 = jnp.float32
params = {k: jnp.asarray(task.weights(k), f32) for k in ["Wx", "Wh", "b", "WhyT", "by"]}


def run(p, xs, h, c):
    """xs: (T, B) symbols → hidden states (T, B, H) and the last state."""
    WxT, WhT = p["Wx"].T, p["Wh"].T

    def step(carry, x):
        h, c = carry
        a = h @ WhT + WxT[x] + p["b"]
        i, f, o = (jax.nn.sigmoid(a[:, k * H:(k + 1) * H]) for k in range(3))
        g = jnp.tanh(a[:, 3 * H:])
        c = f * c + i * g
        h = o * jnp.tanh(c)
        return (h, c), h

    (h, c), hs = jax.lax.scan(step, (h, c), xs)
    return hs, h, c


def loss_fn(p, xs, ys, h, c):
    hs, h, c = run(p, xs, h, c)
    logp = jax.nn.log_softmax(hs @ p["WhyT"] + p["by"])
    return -jnp.take_along_axis(logp, ys[..., None], -1).mean(), (h, c)


@jax.jit
def train_step(p, m, v, t, lr, xs, ys, h, c):
    (loss, (h, c)), g = jax.value_and_grad(loss_fn, has_aux=True)(p, xs, ys, h, c)
    norm = jnp.sqrt(sum(jnp.sum(x * x) for x in jax.tree_util.tree_leaves(g)))
    scale = jnp.where(norm > clip, clip / norm, 1.0)
    g = jax.tree_util.tree_map(lambda x: x * scale, g)
    m = jax.tree_util.tree_map(lambda m, g: 0.9 * m + 0.1 * g, m, g)
    v = jax.tree_util.tree_map(lambda v, g: 0.999 * v + 0.001 * g * g, v, g)
    c1, c2 = 1 - 0.9 ** t, 1 - 0.999 ** t
    p = jax.tree_util.tree_map(lambda p, m, v: p - lr * (m / c1) / (jnp.sqrt(v / c2) + 1e-8), p, m, v)
    return p, m, v, loss, h, c


@jax.jit
def held_out_sum(p, xs, ys):
    zeros = jnp.zeros((xs.shape[1], H), f32)
    hs, _, _ = run(p, xs, zeros, zeros)
    logp = jax.nn.log_softmax(hs @ p["WhyT"] + p["by"])
    return -jnp.take_along_axis(logp, ys[..., None], -1).sum()


def held_out_loss(p):
    total, count = 0.0, 0
    for xs, ys in task.held_groups:
        total += float(held_out_sum(p, xs.astype("int32"), ys.astype("int32")))
        count += xs.size
    return total / count


m = jax.tree_util.tree_map(jnp.zeros_like, params)
v = jax.tree_util.tree_map(jnp.zeros_like, params)
h = c = jnp.zeros((task.B, H), f32)


# Compile both functions once, outside the timed loop.
clock = time.perf_counter()
xs, ys, _ = task.window(0)
xs, ys = xs.astype("int32"), ys.astype("int32")
jax.block_until_ready(train_step(params, m, v, 1.0, task.lr0, xs, ys, h, c))
held_out_loss(params)
compile_seconds = time.perf_counter() - clock


def step(s, xs, ys, restart):
    global params, m, v, h, c
    if restart:
        h = c = jnp.zeros((task.B, H), f32)
    params, m, v, _, h, c = train_step(params, m, v, float(s), task.learning_rate(s),
                                       xs.astype("int32"), ys.astype("int32"), h, c)
    jax.block_until_ready(params)


seconds, reached, loss = task.race(step, lambda: held_out_loss(params))
print(json.dumps({"seconds": seconds, "step": reached, "loss": loss, "compile_seconds": compile_seconds,
                  "threads": jax.local_device_count()}))
