"""Independent reference for `npm run bench:train`: the same sigmoid network and
mini-batch SGD step (cross-entropy, L2 decay) as src/lib/training/tf-trainer.ts, written
as plain vectorised numpy. Reads images/labels written by scripts/bench-train.ts
and prints one JSON line of samples per second per batch size."""
import json
import sys
import time

import numpy as np


def main():
    images_path, labels_path, sizes_arg, batches_arg, seconds_arg = sys.argv[1:6]
    sizes = [int(s) for s in sizes_arg.split(",")]
    x_all = np.fromfile(images_path, dtype=np.float32).reshape(-1, sizes[0])
    labels = np.fromfile(labels_path, dtype=np.uint8)
    y_all = np.eye(10, dtype=np.float32)[labels]
    n = x_all.shape[0]
    rng = np.random.default_rng(1)
    weights = [(rng.standard_normal((a, b)) / np.sqrt(a)).astype(np.float32) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal(b).astype(np.float32) for b in sizes[1:]]
    eta, lmbda = 0.1, 5.0

    def step(x, y):
        acts = [x]
        a = x
        for w, b in zip(weights, biases):
            a = 1.0 / (1.0 + np.exp(-(a @ w + b)))
            acts.append(a)
        delta = (a - y) * (eta / x.shape[0])
        for l in range(len(weights) - 1, -1, -1):
            prev = acts[l]
            grad_w = prev.T @ delta
            grad_b = delta.sum(axis=0)
            if l > 0:
                delta = (delta @ weights[l].T) * prev * (1.0 - prev)
            weights[l] *= 1.0 - eta * lmbda / n
            weights[l] -= grad_w
            biases[l] -= grad_b

    result = {"numpy": np.__version__}
    for bs in [int(b) for b in batches_arg.split(",")]:
        def epoch():
            for start in range(0, n - bs + 1, bs):
                step(x_all[start:start + bs], y_all[start:start + bs])
        epoch()  # warm up
        done = 0
        started = time.perf_counter()
        while time.perf_counter() - started < float(seconds_arg):
            epoch()
            done += (n // bs) * bs
        result[str(bs)] = done / (time.perf_counter() - started)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
