"""Chapter 1's scalar-autograd MLP training, in the `micrograd` package (pip install micrograd):
the same 2-16-16-1 ReLU network, the same points, the same loss ½·mean (ŷ − y)² and the same
plain gradient-descent steps. Weights start from the file too, so both runs do identical arithmetic.

Prints one JSON line: {"steps": N, "seconds": t, "seconds_per_step": s, "loss": final}.
Usage: python3 micrograd_mlp.py DATA_JSON STEPS
"""
import json
import sys
import time

from micrograd.engine import Value
from micrograd.nn import MLP

spec = json.load(open(sys.argv[1]))
steps = int(sys.argv[2])
X, Y, lr = spec["x"], spec["y"], spec["learning_rate"]
model = MLP(2, [16, 16, 1])  # ReLU hidden layers, linear output
for layer, (W, b) in zip(model.layers, zip(spec["weights"], spec["biases"])):
    for j, neuron in enumerate(layer.neurons):
        for i, w in enumerate(neuron.w):
            w.data = W[i][j]
        neuron.b.data = b[j]

start = time.perf_counter()
for step in range(steps):
    total = Value(0)
    for (x0, x1), y in zip(X, Y):
        r = model([Value(x0), Value(x1)]) - y
        total = total + r * r
    loss = total * (0.5 / len(X))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
seconds = time.perf_counter() - start
print(json.dumps({"steps": steps, "seconds": seconds, "seconds_per_step": seconds / steps,
                  "loss": loss.data}))
