"""The digits task of chapter 3 with scikit-learn's MLPClassifier, as a learner would try it:
the same train/test split (read from the file lesson-bench writes), pixels scaled to [0, 1],
default settings (one hidden layer of 100 ReLU units, Adam), trained one epoch at a time so we
can see when it reaches its best test accuracy.

Prints one JSON line: {"best_accuracy": a, "seconds_to_best": t, "epochs_to_best": e,
"seconds_to_97": t97 or null, "epochs": E, "seconds": total}.
Usage: python3 digits_sklearn.py SPLIT_JSON EPOCHS
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

warnings.filterwarnings("ignore", category=ConvergenceWarning)
split = json.load(open(sys.argv[1]))
epochs = int(sys.argv[2])
Xtr, ytr = np.array(split["train_x"]) / 16.0, np.array(split["train_y"])
Xte, yte = np.array(split["test_x"]) / 16.0, np.array(split["test_y"])

model = MLPClassifier(random_state=0)
classes = np.arange(10)
best, best_time, best_epoch, time_97 = 0.0, 0.0, 0, None
elapsed = 0.0
for epoch in range(1, epochs + 1):
    start = time.perf_counter()
    model.partial_fit(Xtr, ytr, classes=classes)
    elapsed += time.perf_counter() - start
    accuracy = float((model.predict(Xte) == yte).mean())
    if accuracy > best:
        best, best_time, best_epoch = accuracy, elapsed, epoch
    if time_97 is None and accuracy >= 0.97:
        time_97 = elapsed
print(json.dumps({"best_accuracy": best, "seconds_to_best": best_time, "epochs_to_best": best_epoch,
                  "seconds_to_97": time_97, "epochs": epochs, "seconds": elapsed}))
