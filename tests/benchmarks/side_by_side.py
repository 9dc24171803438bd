"""Transpiler's gradient, the hand-written one and the primal of natural-suite workloads timed
side by side in one process: the three alternated in 15 rounds (the starting one rotating),
``time.process_time``, calls per round calibrated to about 10 ms, the garbage collector off; each
variant's fastest round. Quicker than run.py (no peers, no first-call or memory tables) for
reading one ratio; the gradient is checked against the hand-written one first.

    PYTHONPATH=$PWD OPENBLAS_NUM_THREADS=1 nice -n 5 python tests/benchmarks/side_by_side.py N20,N23
"""
import gc
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import natural  # noqa: E402
import natural2  # noqa: E402
import natural3  # noqa: E402
import natural4  # noqa: E402
import natural5  # noqa: E402
import natural6  # noqa: E402
import transpiler  # noqa: E402
import workloads  # noqa: E402

ROUNDS = 15
TARGET = 0.01       # seconds per round and variant


def calls_per_round(f) -> int:
    n = 1
    while True:
        start = time.process_time()
        for _ in range(n):
            f()
        took = time.process_time() - start
        if took > TARGET or n > 10000:
            return max(1, int(n * TARGET / max(took, 1e-9)))
        n *= 2


def fastest(variants: dict) -> dict:
    counts = {name: calls_per_round(f) for name, f in variants.items()}
    best = {name: float("inf") for name in variants}
    names = list(variants)
    gc.disable()
    try:
        for r in range(ROUNDS):
            for name in names[r % len(names):] + names[:r % len(names)]:
                start = time.process_time()
                for _ in range(counts[name]):
                    variants[name]()
                best[name] = min(best[name], (time.process_time() - start) / counts[name])
    finally:
        gc.enable()
    return best


def main(names) -> None:
    for name in names:
        module = next(m for m in (natural, natural2, natural3, natural4, natural5, natural6, workloads)
                      if name in m.NAMES)
        w = module.make(name, "full")
        gradient = transpiler.grad(w.f, wrt=w.wrt)
        ok, why = workloads.allclose(gradient(*w.args), w.hand(*w.args), rtol=w.rtol)
        if not ok:
            raise AssertionError(f"{name}: {why}")
        best = fastest({"primal": lambda: w.f(*w.args), "hand": lambda: w.hand(*w.args),
                        "transpiler": lambda: gradient(*w.args)})
        print(f"| {name} {w.title} | {best['transpiler'] / best['hand']:.2f} | "
              f"{best['transpiler'] / best['primal']:.2f} | {best['hand'] * 1e6:.0f} µs |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1].split(",") if len(sys.argv) > 1 else natural3.NAMES)
