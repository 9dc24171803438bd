"""Two of issue 17's misses, spelled several ways: a grid of lists filled in a double loop
(gradient ÷ primal, both in process CPU time, the fastest of several calls) and the N2 MLP with
its layers as NamedTuples or dataclasses (transpiler ÷ N2's hand-written gradient, the fastest
of 30 batches of 20 calls, the two alternated twice). Each gradient is checked first: the grid's
against central differences, the MLP's against the hand-written one. Prints Markdown rows.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=$PWD python tests/benchmarks/grid_and_records.py
"""
import os
import sys
import time
from dataclasses import dataclass
from typing import NamedTuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import natural  # noqa: E402
import transpiler  # noqa: E402

N = 60


def grid_literal(p):
    n = 60
    grid = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = np.sin(p[0] * i) + p[1] * j
    return sum(sum(row) for row in grid)


def cell(p, i, j):
    return np.sin(p[0] * i) + p[1] * j


def grid_global_helper(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] = cell(p, i, j)
    return sum(sum(row) for row in grid)


def grid_scalar(x, n=60):
    grid = [[0.0 for _ in range(n)] for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = np.sin(x * i) + x * j
    total = 0.0
    for row in grid:
        for v in row:
            total += v
    return total


def grid_accumulated(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] += p[0] * i
            grid[i][j] *= p[1]
    return sum(sum(row) for row in grid)


def grid_branch(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            if (i + j) % 2 == 0:
                grid[i][j] = np.sin(p[0] * i)
            else:
                grid[i][j] = p[1] * j
    return sum(sum(row) for row in grid)


def grid_stencil(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(1, N):
            grid[i][j] = 0.5 * grid[i][j - 1] + p[0] * i + p[1] * j
    return sum(sum(row) for row in grid)


class Layer(NamedTuple):
    W: np.ndarray
    b: np.ndarray


@dataclass
class DenseLayer:
    W: np.ndarray
    b: np.ndarray


def mlp_records(params, X, y):
    h = X
    for layer in params[:-1]:
        h = np.tanh(h @ layer.W + layer.b)
    out = h @ params[-1].W + params[-1].b
    return np.mean((out - y) ** 2)


def mlp_unpacked(params, X, y):
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W, b = params[-1]
    return np.mean((h @ W + b - y) ** 2)


def fastest(f, args, calls=1, rounds=5):
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        for _ in range(calls):
            f(*args)
        best = min(best, (time.process_time() - t) / calls)
    return best


def grid_rows() -> list[str]:
    rows = []
    p = np.array([0.3, 0.2])
    for title, f, args in (("literal n, `grid[i][j] = ...`", grid_literal, (p,)),
                           ("global n, a helper per cell", grid_global_helper, (p,)),
                           ("`grid[i][j] += ...; *= ...`", grid_accumulated, (p,)),
                           ("writes under a branch", grid_branch, (p,)),
                           ("`grid[i][j] = 0.5 * grid[i][j - 1] + ...`", grid_stencil, (p,)),
                           ("scalar x (forward mode), n a keyword default, loops summing", grid_scalar, (0.3,))):
        try:
            g = transpiler.grad(f)
            got = np.atleast_1d(g(*args))
        except Exception as error:          # (the code before this work refused some spellings)
            rows.append(f"| {title} | refused: {type(error).__name__} | |")
            continue
        x = np.atleast_1d(np.asarray(args[0], dtype=float))
        h = 1e-6
        fd = [(f(*((x + h * e) if x.size > 1 else float(x[0] + h),)) - f(*((x - h * e) if x.size > 1 else float(x[0] - h),)))
              / (2 * h) for e in np.eye(x.size)]
        assert np.allclose(got, fd, rtol=1e-6), title
        primal, gradient = [], []
        for _ in range(2):                       # alternate
            primal.append(fastest(f, args, calls=3))
            gradient.append(fastest(g, args, calls=1))
        rows.append(f"| {title} | {min(gradient) * 1e3:.1f} ms | {min(gradient) / min(primal):.1f} |")
    return rows


def record_rows() -> list[str]:
    w2 = natural.make("N2")
    pairs, X, y = w2.args
    hand = w2.hand
    rows = []
    for title, f, params in (("N2 layers as NamedTuples, `layer.W`", mlp_records, [Layer(W, b) for W, b in pairs]),
                             ("N2 layers as dataclasses, `layer.W`", mlp_records, [DenseLayer(W, b) for W, b in pairs]),
                             ("N2 NamedTuples unpacked, `for W, b in params[:-1]`", mlp_unpacked,
                              [Layer(W, b) for W, b in pairs])):
        g = transpiler.grad(f)
        got, ref = g(params, X, y), hand(pairs, X, y)
        for layer, (dW, db) in zip(got, ref):
            assert np.allclose(layer.W, dW) and np.allclose(layer.b, db), title
        tg, th = [], []
        for _ in range(2):                       # alternate
            tg.append(fastest(g, (params, X, y), calls=20, rounds=30))
            th.append(fastest(hand, (pairs, X, y), calls=20, rounds=30))
        rows.append(f"| {title} | {min(tg) / min(th):.2f} |")
    return rows


def main() -> None:
    print("| grid 60×60 | gradient | gradient ÷ primal |\n|---|---|---|")
    print("\n".join(grid_rows()))
    print("\n| spelling | transpiler ÷ hand-written |\n|---|---|")
    print("\n".join(record_rows()))


if __name__ == "__main__":
    main()
