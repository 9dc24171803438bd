"""W5 and W7 on Dask with 1 and 2 worker processes against NumPy in memory (issue 18).

    python tests/benchmarks/dask_scaling.py                       # W5 n = 10^7, W7 200,000 x 256
    python tests/benchmarks/dask_scaling.py --small --rounds 1    # the logic, in seconds

The workloads are gpu.py's (the same functions and seeded data). NumPy: ``transpiler.grad(f, wrt)``
on the in-memory arrays. Dask: ``transpiler.grad(f, wrt, backend="array_api")`` on the same data
cut into ``--chunks`` blocks of rows and persisted on a ``LocalCluster`` of 1, then 2, worker
processes with one thread each, so a timing covers the gradient, not moving the data in. Per
side the fastest of ``--rounds`` calls after a first one; a Dask call is split into *build*
(calling the gradient: it returns a lazy array, i.e. the task graph is built on the client) and
*total* (build, then computing it on the cluster and gathering the result); *by hand* is the
same gradient written directly with Dask array operations, the floor Dask itself sets. BLAS is pinned to
one thread everywhere (the workers inherit the environment) so 1 vs 2 workers is 1 vs 2 cores.
Every Dask gradient is checked against NumPy's before anything is reported.
"""
from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"        # before NumPy loads its BLAS

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))          # gpu.py's workloads
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))      # the repository's transpiler
import transpiler  # noqa: E402
from gpu import workloads  # noqa: E402

# which arguments are the data (cut into blocks of rows); the others go in as one chunk
DATA_ARGUMENTS = {"W5": (0,), "W7": (1, 2)}


def w5_by_hand(x):
    u = x ** 2 + np.exp(x ** 2)
    return (0.5 / np.sqrt(u) - np.sin(u)) * (2 * x + 2 * x * np.exp(x ** 2))


def w7_by_hand(w, X, y):
    return X.T @ (1 / (1 + np.exp(-(X @ w))) - y)


# the same gradients written by hand with Dask's own array operations: what Dask itself costs
BY_HAND = {"W5": w5_by_hand, "W7": w7_by_hand}


def fastest(call, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def on_cluster(workload, client, chunks: int) -> list:
    """The workload's arguments as Dask arrays persisted on the cluster's workers."""
    import dask.array as da
    import distributed

    arrays = []
    for i, a in enumerate(workload.args):
        rows = -(-a.shape[0] // chunks) if i in DATA_ARGUMENTS[workload.name] else a.shape[0]
        arrays.append(da.from_array(a, chunks=(rows,) + a.shape[1:]))
    with warnings.catch_warnings():      # the data go in once, inside the graph: that is the point here
        warnings.filterwarnings("ignore", message="Sending large graph")
        arrays = client.persist(arrays)
    distributed.wait(arrays)
    return arrays


def check(workload, got: np.ndarray, expected: np.ndarray, what: str) -> None:
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=workload.rtol,
                                                      atol=workload.rtol * np.abs(expected).max()):
        raise AssertionError(f"{workload.name}: {what} differs from NumPy's transpiler gradient")


def dask_timings(workload, client, chunks: int, rounds: int, expected: np.ndarray) -> dict:
    """First call, fastest build and fastest total of the gradient on this cluster, and the
    fastest total of the gradient written by hand in Dask."""
    args = on_cluster(workload, client, chunks)
    grad = transpiler.grad(workload.function, wrt=workload.wrt, backend="array_api")
    start = time.perf_counter()
    got = client.compute(grad(*args)).result()
    first = time.perf_counter() - start
    check(workload, got, expected, "Dask's gradient")
    by_hand = BY_HAND[workload.name]
    check(workload, client.compute(by_hand(*args)).result(), expected, "the hand-written Dask gradient")
    return {"first_s": first,
            "build_s": fastest(lambda: grad(*args), rounds),
            "total_s": fastest(lambda: client.compute(grad(*args)).result(), rounds),
            "by_hand_s": fastest(lambda: client.compute(by_hand(*args)).result(), rounds),
            "tasks": len(grad(*args).__dask_graph__())}


def run(workload, worker_counts, chunks: int, rounds: int) -> dict:
    import distributed

    numpy_grad = transpiler.grad(workload.function, wrt=workload.wrt)
    expected = numpy_grad(*workload.args)
    row = {"workload": workload.name, "shapes": [list(a.shape) for a in workload.args], "chunks": chunks,
           "numpy_s": fastest(lambda: numpy_grad(*workload.args), rounds)}
    for workers in worker_counts:
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, distributed.Client(cluster) as client:
            row[f"dask_{workers}"] = dask_timings(workload, client, chunks, rounds, expected)
    return row


def table(rows: list[dict], worker_counts) -> str:
    head = f"{'':4} {'NumPy ms':>9}" + "".join(
        f" {f'{w} worker' + ('s' if w > 1 else '') + ' ms':>13} {'build ms':>9} {'first ms':>9} {'by hand ms':>11}"
        for w in worker_counts)
    lines = [head + f" {'tasks':>6}"]
    for r in rows:
        line = f"{r['workload']:4} {r['numpy_s'] * 1e3:9.1f}"
        for w in worker_counts:
            d = r[f"dask_{w}"]
            line += (f" {d['total_s'] * 1e3:13.1f} {d['build_s'] * 1e3:9.1f} {d['first_s'] * 1e3:9.1f}"
                     f" {d['by_hand_s'] * 1e3:11.1f}")
        lines.append(line + f" {r[f'dask_{worker_counts[0]}']['tasks']:6d}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="sizes divided by 1000 (gpu.py's --small)")
    parser.add_argument("--rounds", type=int, default=5, help="timed calls per side, the fastest reported")
    parser.add_argument("--chunks", type=int, default=8, help="blocks of rows per data array")
    parser.add_argument("--workers", type=int, action="append", help="worker counts (default 1 and 2)")
    parser.add_argument("--only", action="append", help="W5 or W7; repeatable")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args(argv)
    worker_counts = args.workers or [1, 2]
    chosen = [w for w in workloads(args.small) if w.name in DATA_ARGUMENTS and (not args.only or w.name in args.only)]
    rows = [run(w, worker_counts, args.chunks, args.rounds) for w in chosen]
    print(f"Dask LocalCluster (processes, 1 thread each, BLAS 1 thread) vs NumPy in memory, "
          f"{args.chunks} chunks, fastest of {args.rounds}" + (" (small sizes)" if args.small else ""))
    print(table(rows, worker_counts))
    if args.json:
        args.json.write_text(json.dumps({"small": args.small, "rounds": args.rounds, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
