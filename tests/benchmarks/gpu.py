"""W5/W6/W7 on another array library (CuPy by default) against NumPy, side by side (issue 18).

    python tests/benchmarks/gpu.py                          # CuPy on the current GPU vs NumPy
    python tests/benchmarks/gpu.py --namespace torch --device cuda
    python tests/benchmarks/gpu.py --namespace array_api_strict --small --rounds 2   # the logic, no GPU

Each workload's gradient is ``transpiler.grad(f, wrt, backend="array_api")`` called on the
library's arrays, and ``transpiler.grad(f, wrt)`` (the NumPy backend) on NumPy arrays. Per side:
the first call (compiling included) and the fastest of ``--rounds`` calls after it, each timed
until the library has finished (a device synchronisation for CuPy and torch, ``compute()`` for
Dask). The library's gradients are checked against NumPy's before anything is reported.

Workloads (float64 unless noted; ``--small`` divides every size so it runs anywhere in a second):
  W5  elementwise: sum(sqrt(x^2 + exp(x^2)) + cos(x^2 + exp(x^2))), n = 10^7
  W6  tanh MLP, float32: X 4096 x 1024, a 1024 -> 256 tanh layer, a linear output, mean squared error
  W7  logistic regression: X 200,000 x 256, negative log-likelihood
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))   # the repository's transpiler
import transpiler  # noqa: E402


def elementwise(x):
    return np.sum(np.sqrt(x ** 2 + np.exp(x ** 2)) + np.cos(x ** 2 + np.exp(x ** 2)))


def tanh_mlp(W1, b1, W2, b2, X, t):
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    return np.mean((out - t) ** 2)


def logistic_nll(w, X, y):
    p = 1 / (1 + np.exp(-(X @ w)))
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))


@dataclass
class Workload:
    name: str
    function: object
    wrt: object
    args: list          # NumPy arrays
    rtol: float


def workloads(small: bool) -> list[Workload]:
    """The three workloads at full size, or each size divided (``small``), seeded."""
    rng = np.random.default_rng(18)
    scale = 1000 if small else 1
    n5 = 10 ** 7 // scale
    n6, d6, h6 = 4096 // (64 if small else 1), 1024 // (64 if small else 1), 256 // (32 if small else 1)
    n7, d7 = 200_000 // scale, 256 // (16 if small else 1)
    f32 = np.float32
    return [
        Workload("W5", elementwise, 0, [rng.uniform(-1, 1, n5)], 1e-9),
        Workload("W6", tanh_mlp, (0, 1, 2, 3),
                 [(rng.normal(size=(d6, h6)) / np.sqrt(d6)).astype(f32), np.zeros(h6, f32),
                  (rng.normal(size=(h6, 1)) / np.sqrt(h6)).astype(f32), np.zeros(1, f32),
                  rng.normal(size=(n6, d6)).astype(f32), rng.normal(size=(n6, 1)).astype(f32)], 2e-3),
        Workload("W7", logistic_nll, 0,
                 [rng.normal(size=d7) / np.sqrt(d7), rng.normal(size=(n7, d7)),
                  (rng.uniform(size=n7) < 0.5).astype(np.float64)], 1e-8),
    ]


class Library:
    """The array library under test: moving arrays to it and back, and waiting for it."""

    def __init__(self, name: str, device: str | None):
        self.name = name
        if name.startswith("jax"):
            importlib.import_module("jax").config.update("jax_enable_x64", True)   # float64 as NumPy
        self.module = importlib.import_module(name)
        self.device = device

    def asarray(self, a: np.ndarray):
        if self.name == "dask.array":
            return self.module.from_array(a, chunks=max(1, a.shape[0] // 4) if a.ndim else ())
        if self.name == "torch":
            return self.module.asarray(a, device=self.device or "cpu")
        if self.device is not None:
            return self.module.asarray(a, device=self.device)
        return self.module.asarray(a)

    def to_numpy(self, a) -> np.ndarray:
        if isinstance(a, np.ndarray):                # (Dask's, computed by finish)
            return a
        if self.name == "cupy":
            return self.module.asnumpy(a)
        if self.name == "torch":
            return a.detach().cpu().numpy()
        return np.asarray(a)

    def finish(self, result):
        """Wait until ``result`` is computed (what a timing must include)."""
        if self.name == "cupy":
            self.module.cuda.Stream.null.synchronize()
        elif self.name == "torch" and str(self.device or "cpu").startswith("cuda"):
            self.module.cuda.synchronize()
        elif self.name == "dask.array":
            import dask
            return dask.compute(result)[0]
        for array in result if isinstance(result, tuple) else (result,):
            if hasattr(array, "block_until_ready"):      # JAX dispatches asynchronously
                array.block_until_ready()
        return result


def _timed(call, finish) -> tuple[float, object]:
    start = time.perf_counter()
    result = finish(call())
    return time.perf_counter() - start, result


def run(workload: Workload, library: Library, rounds: int) -> dict:
    """One row: first-call and fastest times on both sides, their ratio, the largest error."""
    lib_args = [library.asarray(a) for a in workload.args]
    numpy_grad = transpiler.grad(workload.function, wrt=workload.wrt)
    lib_grad = transpiler.grad(workload.function, wrt=workload.wrt, backend="array_api")
    row = {"workload": workload.name}
    row["numpy_first_s"], expected = _timed(lambda: numpy_grad(*workload.args), lambda r: r)
    row["library_first_s"], got = _timed(lambda: lib_grad(*lib_args), library.finish)
    expected = expected if isinstance(expected, tuple) else (expected,)
    got = got if isinstance(got, tuple) else (got,)
    errors = []
    for g, e in zip(got, expected):
        g = library.to_numpy(g)
        if g.shape != e.shape or not np.allclose(g, e, rtol=workload.rtol, atol=workload.rtol * np.abs(e).max()):
            raise AssertionError(f"{workload.name}: {library.name}'s gradient differs from NumPy's")
        errors.append(float(np.max(np.abs(g - e)) / max(np.abs(e).max(), 1e-300)))
    row["max_relative_error"] = max(errors)
    row["numpy_s"] = min(_timed(lambda: numpy_grad(*workload.args), lambda r: r)[0] for _ in range(rounds))
    row["library_s"] = min(_timed(lambda: lib_grad(*lib_args), library.finish)[0] for _ in range(rounds))
    row["ratio"] = row["numpy_s"] / row["library_s"]
    return row


def table(rows: list[dict], library: str) -> str:
    head = (f"{'':4} {'NumPy ms':>10} {library + ' ms':>14} {'speed-up':>9} "
            f"{'first NumPy ms':>15} {'first ' + library + ' ms':>20} {'max rel err':>12}")
    lines = [head]
    for r in rows:
        lines.append(f"{r['workload']:4} {r['numpy_s'] * 1e3:10.3f} {r['library_s'] * 1e3:14.3f} {r['ratio']:8.2f}x "
                     f"{r['numpy_first_s'] * 1e3:15.1f} {r['library_first_s'] * 1e3:20.1f} "
                     f"{r['max_relative_error']:12.1e}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--namespace", default="cupy", help="the array library: cupy (default), torch, "
                        "dask.array, array_api_strict, ...")
    parser.add_argument("--device", default=None, help="a device for its arrays (torch: cuda)")
    parser.add_argument("--small", action="store_true", help="every size divided: checks the logic anywhere")
    parser.add_argument("--rounds", type=int, default=10, help="timed calls per side, the fastest reported")
    parser.add_argument("--only", action="append", help="a workload (W5, W6, W7); repeatable")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    library = Library(args.namespace, args.device)
    rows = [run(w, library, args.rounds) for w in workloads(args.small) if not args.only or w.name in args.only]
    print(f"{args.namespace} vs NumPy (backend='array_api' vs 'numpy'), fastest of {args.rounds} calls"
          + (" (small sizes)" if args.small else ""))
    print(table(rows, args.namespace))
    if args.json:
        args.json.write_text(json.dumps({"namespace": args.namespace, "small": args.small, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
