"""Peak memory and time of the tanh RNN (natural.py's N3) over many time steps, with no memory
budget and with budgets a fraction of its tape (``grad(f, memory=...)``: checkpointed loops),
beside the hand-written gradient (which keeps every state, as the unlimited tape does).

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=. python tests/benchmarks/memory_budget.py [--steps 1000]

Peak memory is tracemalloc's (NumPy reports its arrays' data to it) over one call, after a
warm-up call; time is the fastest of ``--rounds`` calls. The gradients are checked equal.
"""
from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

import transpiler
from natural import rnn_loss, rnn_loss_grad


def rnn_args(steps: int, batch: int = 16, features: int = 8, hidden: int = 32, seed: int = 0) -> tuple:
    normal = np.random.default_rng(seed).standard_normal
    return (normal((features, hidden)) / np.sqrt(features), 0.5 * normal((hidden, hidden)) / np.sqrt(hidden),
            0.1 * normal(hidden), normal((steps, batch, features)), 0.5 * normal((batch, hidden)))


def peak_bytes(gradient, args: tuple) -> int:
    gradient(*args)                          # compiled, warm
    tracemalloc.start()
    gradient(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def fastest(gradient, args: tuple, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        gradient(*args)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    args = rnn_args(options.steps)
    unlimited = transpiler.grad(rnn_loss, wrt=(0, 1, 2))
    unlimited(*args)
    (tape,) = unlimited.compiled(args).tapes
    print(f"N3 RNN, {options.steps} steps, batch 16, 8->32: tape {tape.bytes_per_iteration} B an iteration, "
          f"{tape.bytes / 1e6:.2f} MB a call")
    expected = rnn_loss_grad(*args)
    rows = [("hand-written", lambda *a: rnn_loss_grad(*a))]
    rows.append(("transpiler, no budget", unlimited))
    for fraction in (10, 100):
        budget = tape.bytes // fraction
        rows.append((f"transpiler, memory=tape/{fraction} ({budget / 1e3:.0f} kB)",
                     transpiler.grad(rnn_loss, wrt=(0, 1, 2), memory=budget)))
    print(f"{'':44s} {'peak memory':>12s} {'time':>10s}")
    print(f"{'the function itself (no gradient)':44s} {peak_bytes(rnn_loss, args) / 1e6:9.2f} MB "
          f"{fastest(rnn_loss, args, options.rounds) * 1e3:8.2f} ms")
    for title, gradient in rows:
        for got, want in zip(gradient(*args), expected):
            np.testing.assert_allclose(got, want, rtol=1e-10)
        peak = peak_bytes(gradient, args)
        print(f"{title:44s} {peak / 1e6:9.2f} MB {fastest(gradient, args, options.rounds) * 1e3:8.2f} ms")


if __name__ == "__main__":
    main()
