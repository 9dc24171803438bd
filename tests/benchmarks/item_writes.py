"""An array filled item by item in a loop (opt/array_writes.py): gradient ÷ primal, and ÷ a
gradient written by hand (the same loops, run backwards, NumPy only).

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=$PWD python tests/benchmarks/item_writes.py

Process CPU time per call, fastest of five batches of at least 50 ms each, after two warm-up calls
(the second compiles the code specialised to the arguments). A measurement, not a test: the
hand-written gradients are checked against the generated ones before they are timed."""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import transpiler  # noqa: E402
from batch_timing import fastest  # noqa: E402

rng = np.random.default_rng(0)


def bench(name, f, by_hand, *args):
    gradient = transpiler.grad(f)
    gradient(*args)
    assert np.allclose(gradient(*args), by_hand(*args)), name
    primal, grad, hand = fastest(f, args), fastest(gradient, args), fastest(by_hand, args)
    print(f"| {name} | {primal * 1e6:.1f} µs | {grad * 1e6:.1f} µs | {grad / primal:.2f} | "
          f"{hand * 1e6:.1f} µs | {grad / hand:.2f} |", flush=True)


def filled(x):
    out = np.zeros(len(x))
    for i in range(len(x)):
        out[i] = np.sin(x[i]) * 2
    return np.sum(out ** 2)


def filled_by_hand(x):
    out = np.zeros(len(x))
    for i in range(len(x)):
        out[i] = np.sin(x[i]) * 2
    d_x = np.zeros(len(x))
    for i in range(len(x)):
        d_x[i] = 2 * out[i] * 2 * np.cos(x[i])
    return d_x


def running_sum(x):
    out = np.zeros(len(x))
    s = 0.0
    for i in range(len(x)):
        s = s + x[i]
        out[i] = s
    return np.sum(out ** 2)


def running_sum_by_hand(x):
    out = np.zeros(len(x))
    s = 0.0
    for i in range(len(x)):
        s = s + x[i]
        out[i] = s
    d_x = np.zeros(len(x))
    d_s = 0.0
    for i in reversed(range(len(x))):
        d_s = d_s + 2 * out[i]
        d_x[i] = d_s
    return d_x


def recurrence(x):
    out = np.zeros(len(x))
    out[0] = x[0]
    for i in range(1, len(x)):
        out[i] = 0.9 * out[i - 1] + x[i]
    return np.sum(out ** 2)


def recurrence_by_hand(x):
    out = np.zeros(len(x))
    out[0] = x[0]
    for i in range(1, len(x)):
        out[i] = 0.9 * out[i - 1] + x[i]
    d_out = 2 * out
    d_x = np.zeros(len(x))
    for i in reversed(range(1, len(x))):
        d_x[i] = d_out[i]
        d_out[i - 1] += 0.9 * d_out[i]
    d_x[0] = d_out[0]
    return d_x


def kernel(x):
    n = len(x)
    K = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            K[i, j] = np.exp(-(x[i] - x[j]) ** 2)
    return np.sum(K)


def kernel_by_hand(x):
    n = len(x)
    d_x = np.zeros(n)
    for i in range(n):
        for j in range(n):
            d = x[i] - x[j]
            g = -2 * d * np.exp(-d * d)
            d_x[i] += g
            d_x[j] -= g
    return d_x


if __name__ == "__main__":
    print("| workload | primal | gradient | gradient ÷ primal | by hand | gradient ÷ by hand |")
    print("|---|---|---|---|---|---|")
    for n in (100, 400):
        x = rng.standard_normal(n)
        bench(f"`out[i] = np.sin(x[i]) * 2`, n = {n}", filled, filled_by_hand, x)
        bench(f"running sum into `out[i]`, n = {n}", running_sum, running_sum_by_hand, x)
        bench(f"recurrence `out[i] = 0.9 * out[i - 1] + x[i]`, n = {n}", recurrence, recurrence_by_hand, x)
    x = rng.standard_normal(30)
    bench("kernel matrix `K[i, j] = np.exp(-(x[i] - x[j]) ** 2)`, n = 30", kernel, kernel_by_hand, x)
