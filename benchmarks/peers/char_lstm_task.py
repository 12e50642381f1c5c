"""What both char-LSTM peers share: the JSON file lesson-bench writes (settings, our starting
weights, the training text and the held-out blocks as vocabulary indices), the windows of the B
streams, the half-cosine step size and the held-out blocks grouped by length — as numpy arrays,
so that each peer only adds its framework's model, gradient and optimiser.
"""
import json
import math
import time

import numpy as np


class CharLSTMTask:
    def __init__(self, path):
        cfg = json.load(open(path))
        self.cfg = cfg
        self.H, self.V, self.B, self.T = cfg["H"], cfg["V"], cfg["B"], cfg["T"]
        self.steps, self.lr0, self.clip = cfg["steps"], cfg["learningRate"], cfg["clip"]
        self.threshold, self.eval_every = cfg["threshold"], cfg["evalEvery"]
        self.train = np.asarray(cfg["train"], np.int64)
        self.segment = len(self.train) // self.B
        self.windows = (self.segment - 1) // self.T
        # Blocks of one length read side by side: (inputs, targets), each (length − 1, blocks).
        held = [np.asarray(b, np.int64) for b in cfg["heldOut"]]
        self.held_groups = []
        for length in sorted({len(b) for b in held}):
            group = [b for b in held if len(b) == length]
            if length >= 2:
                self.held_groups.append((np.stack([b[:-1] for b in group], 1), np.stack([b[1:] for b in group], 1)))

    def weights(self, name):
        """One of our starting tensors (Wx, Wh, b, WhyT, by), float64."""
        return np.array(self.cfg[name], dtype=np.float64).reshape(self.cfg[name + "Shape"])

    def window(self, w):
        """Window w of the B streams: inputs and targets (T, B), and whether the streams restart."""
        k = w % self.windows
        starts = np.arange(self.B) * self.segment + k * self.T
        idx = starts[None, :] + np.arange(self.T)[:, None]
        return self.train[idx], self.train[idx + 1], k == 0

    def learning_rate(self, s):
        """Step s (1-based): half a cosine from lr to lr/10."""
        lo = self.lr0 / 10
        return lo + (self.lr0 - lo) * (1 + math.cos(math.pi * (s - 1) / self.steps)) / 2

    def race(self, train_step, held_out_loss):
        """Calls train_step(s, inputs, targets, restart) for s = 1 … steps, timing the calls alone, and
        measures held_out_loss() every `evalEvery` steps, stopping at the first measurement below the
        threshold. Returns the seconds of training, the step the threshold was reached at (or None)
        and the last held-out loss."""
        seconds, loss = 0.0, float("nan")
        for s in range(1, self.steps + 1):
            xs, ys, restart = self.window(s - 1)
            clock = time.perf_counter()
            train_step(s, xs, ys, restart)
            seconds += time.perf_counter() - clock
            if s % self.eval_every == 0 or s == self.steps:
                loss = held_out_loss()
                if loss < self.threshold:
                    return seconds, s, loss
        return seconds, None, loss
