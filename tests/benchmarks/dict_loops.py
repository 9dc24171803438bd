"""A dict carried through a loop at constant keys (frontend/dict_loops.py): gradient ÷ primal.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=$PWD python tests/benchmarks/dict_loops.py

Process CPU time per call, fastest of five batches of at least 50 ms each, after two warm-up calls
(the second compiles the code specialised to the arguments). A measurement, not a test."""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import transpiler  # noqa: E402
from batch_timing import fastest  # noqa: E402

rng = np.random.default_rng(0)


def bench(name, f, *args):
    gradient = transpiler.grad(f)
    gradient(*args)
    gradient(*args)
    primal, grad = fastest(f, args), fastest(gradient, args)
    print(f"| {name} | {primal * 1e6:.1f} µs | {grad * 1e6:.1f} µs | {grad / primal:.2f} |", flush=True)


def leapfrog_on_a_dict(x):
    state = {"pos": x, "vel": np.zeros_like(x)}
    for _ in range(50):
        state["vel"] = state["vel"] - 0.01 * state["pos"]
        state["pos"] = state["pos"] + 0.01 * state["vel"]
    return np.sum(state["pos"] ** 2)


A, Y = rng.standard_normal((50, 10)), rng.standard_normal(50)


def gradient_descent_on_a_dict(w):
    params = {"w": w, "b": 0.0}
    for _ in range(20):
        r = A @ params["w"] + params["b"] - Y
        params["w"] = params["w"] - 0.01 * A.T @ r
        params["b"] = params["b"] - 0.01 * np.sum(r)
    return np.sum((A @ params["w"] + params["b"] - Y) ** 2)


if __name__ == "__main__":
    print("| workload | primal | gradient | gradient ÷ primal |")
    print("|---|---|---|---|")
    bench("leapfrog, 50 steps, state a dict of two 100-vectors", leapfrog_on_a_dict, rng.standard_normal(100))
    bench("gradient descent, 20 steps, a dict of parameters (w, b)", gradient_descent_on_a_dict,
          rng.standard_normal(10))
