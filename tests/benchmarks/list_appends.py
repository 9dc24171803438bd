"""Lists appended to in loops (issue 17's natural spellings, opt/list_appends.py): gradient ÷
primal and gradient ÷ a hand-written gradient per spelling.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=$PWD python tests/benchmarks/list_appends.py

Process CPU time per call, fastest of five batches of at least 50 ms each, after two warm-up calls
(the second compiles the code specialised to the arguments). Each hand-written gradient is checked
against the transpiler's before it is timed. A measurement, not a test."""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import transpiler  # noqa: E402
from batch_timing import fastest  # noqa: E402

rng = np.random.default_rng(0)


def bench(name, f, hand, *args):
    gradient = transpiler.grad(f)
    gradient(*args)
    assert np.allclose(gradient(*args), hand(*args), rtol=1e-9, atol=1e-12), name
    primal, grad, by_hand = fastest(f, args), fastest(gradient, args), fastest(hand, args)
    print(f"| {name} | {primal * 1e6:.1f} µs | {grad * 1e6:.1f} µs | {by_hand * 1e6:.1f} µs | "
          f"{grad / primal:.2f} | {grad / by_hand:.2f} |", flush=True)


DT, K, STEPS = 0.01, 0.5, 100


def trajectory(x0, steps=STEPS):
    traj = []
    x = x0
    for t in range(steps):
        x = x + DT * (-K * x + np.sin(x))
        traj.append(x)
    return sum(t * t for t in traj)


def trajectory_by_hand(x0, steps=STEPS):
    xs = [x0]
    for t in range(steps):
        xs.append(xs[-1] + DT * (-K * xs[-1] + np.sin(xs[-1])))
    g = 0.0 * x0
    for t in reversed(range(steps)):
        g = (g + 2 * xs[t + 1]) * (1 + DT * (-K + np.cos(xs[t])))
    return g


def long_trajectory(x0):
    return trajectory(x0, 1000)


def long_trajectory_by_hand(x0):
    return trajectory_by_hand(x0, 1000)


def trajectory_summed(x0):
    return np.sum(trajectory(x0))


H, D, T = 32, 8, 40
W0 = rng.standard_normal((H, H)) * 0.3
U = rng.standard_normal((H, D)) * 0.3
B = rng.standard_normal(H) * 0.1
XS = rng.standard_normal((T, D))
H0 = rng.standard_normal(H)


def recurrent(W):
    hs = [H0]
    for t in range(T):
        hs.append(np.tanh(W @ hs[-1] + U @ XS[t] + B))
    return np.sum(hs[-1] ** 2) + 0.1 * sum(np.sum(h) for h in hs)


def recurrent_by_hand(W):
    hs = [H0]
    for t in range(T):
        hs.append(np.tanh(W @ hs[-1] + U @ XS[t] + B))
    dW = np.zeros_like(W)
    dh = 2 * hs[T] + 0.1
    for t in reversed(range(T)):
        da = dh * (1 - hs[t + 1] ** 2)
        dW += np.outer(da, hs[t])
        dh = W.T @ da + 0.1
    return dW


def comprehension_array(x):
    return np.sum(np.array([np.sin(v) * v for v in x]))


def comprehension_array_by_hand(x):
    return np.cos(x) * x + np.sin(x)


def stacked_rows(x):
    rows = []
    for k in range(8):
        rows.append(np.cos(x * k) + x)
    return np.sum(np.stack(rows) ** 2)


def stacked_rows_by_hand(x):
    g = np.zeros_like(x)
    for k in range(8):
        g += 2 * (np.cos(x * k) + x) * (1 - k * np.sin(x * k))
    return g


def mean_of_losses(x):
    losses = []
    for k in range(10):
        losses.append(np.sum((x - 0.1 * k) ** 2))
    return np.mean(losses)


def mean_of_losses_by_hand(x):
    g = np.zeros_like(x)
    for k in range(10):
        g += 2 * (x - 0.1 * k)
    return g / 10


def summed_parts(x):
    parts = []
    for k in range(10):
        parts.append(np.sum(np.tanh(x * (k + 1))))
    return np.sum(np.array(parts))


def summed_parts_by_hand(x):
    g = np.zeros_like(x)
    for k in range(10):
        g += (k + 1) * (1 - np.tanh(x * (k + 1)) ** 2)
    return g


if __name__ == "__main__":
    print("| workload | primal | gradient | by hand | gradient ÷ primal | gradient ÷ by hand |")
    print("|---|---|---|---|---|---|")
    bench(f"trajectory of a float, {STEPS} steps, appended, summed", trajectory, trajectory_by_hand, 0.3)
    bench("trajectory of a float, 1000 steps, appended, summed", long_trajectory, long_trajectory_by_hand, 0.3)
    bench(f"trajectory of a 3-vector, {STEPS} steps, appended, summed", trajectory_summed, trajectory_by_hand,
          rng.standard_normal(3))
    bench(f"recurrent net, list of states, {T} steps, hidden {H}", recurrent, recurrent_by_hand, W0)
    bench("np.array([np.sin(v) * v for v in x]), 10 items", comprehension_array, comprehension_array_by_hand,
          rng.standard_normal(10))
    bench("np.stack of 8 rows appended in a loop, 10-vectors", stacked_rows, stacked_rows_by_hand,
          rng.standard_normal(10))
    bench("losses.append(...) then np.mean(losses), 10 losses", mean_of_losses, mean_of_losses_by_hand,
          rng.standard_normal(10))
    bench("np.sum(np.array(parts)), 10 parts", summed_parts, summed_parts_by_hand, rng.standard_normal(10))
