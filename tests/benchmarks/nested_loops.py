"""Gradient ÷ primal for scalar arithmetic in loops nested 1, 3, 6 and 12 deep (issue 17: at most 3
at any depth). Every nest runs its body 4096 times (range(4096); range(16) three deep; range(4)
six deep; range(2) twelve deep), a carried scalar updated from items of ``x``::

    s = 0.0
    for i0 in range(16):
        for i1 in range(16):
            for i2 in range(16):
                k = (i0 + i1 + i2) % 3
                s = 0.9 * s + x[k] * x[(k + 1) % 3] - 0.1 * s * x[k]
    return s

Each gradient is checked against central differences first; times are process CPU time, the
fastest of 5 calls, primal and gradient alternated. Prints a Markdown table. The gradient's code
reads ``x.tolist()``'s Python floats (backends/items.py) where the primal reads ``x[k]`` as NumPy
floats; the last column is against the primal given that list, the fastest it runs.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=$PWD python tests/benchmarks/nested_loops.py

With ``--compile``, the compile time of each nest's gradient instead (``grad(f).compiled((x,))``,
process CPU time, each in a fresh process, so nothing is cached; the fastest of three).
"""
import linecache
import os
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import transpiler  # noqa: E402
from transpiler.check import check_grad  # noqa: E402

NESTS = ((1, 4096), (3, 16), (6, 4), (12, 2))


def nest(depth: int, trips: int):
    """The loop nest ``depth`` deep, each loop over ``range(trips)``, as a function with a source
    (transpiler reads it through ``inspect``, so it is registered with ``linecache``)."""
    lines, indent = ["def f(x):", "    s = 0.0"], "    "
    for d in range(depth):
        lines.append(f"{indent}for i{d} in range({trips}):")
        indent += "    "
    lines.append(f"{indent}k = ({' + '.join(f'i{d}' for d in range(depth))}) % 3")
    lines.append(f"{indent}s = 0.9 * s + x[k] * x[(k + 1) % 3] - 0.1 * s * x[k]")
    lines.append("    return s")
    source, filename = "\n".join(lines) + "\n", f"<nest {depth} deep>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict = {}
    exec(compile(source, filename, "exec"), namespace)
    return namespace["f"]


def fastest(f, *args, rounds=5) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        f(*args)
        best = min(best, time.process_time() - start)
    return best


def compile_time(depth: int, trips: int) -> float:
    """Seconds of process CPU time to compile the gradient of a nest, in this (fresh) process."""
    f = nest(depth, trips)
    start = time.process_time()
    transpiler.grad(f).compiled((np.array([0.3, -0.5, 0.7]),))
    return time.process_time() - start


def main_compile() -> None:
    print("| depth | compile (fastest of 3 processes) |\n|---|---|")
    for depth, trips in NESTS:
        times = [float(subprocess.run([sys.executable, __file__, "--one", str(depth), str(trips)], check=True,
                                      capture_output=True, text=True).stdout) for _ in range(3)]
        print(f"| {depth} | {min(times) * 1e3:.0f} ms |", flush=True)


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(compile_time(int(sys.argv[2]), int(sys.argv[3])))
        return
    if sys.argv[1:2] == ["--compile"]:
        main_compile()
        return
    x = np.array([0.3, -0.5, 0.7])
    print("| depth | iterations | primal | gradient | gradient ÷ primal | primal on x.tolist() "
          "| gradient ÷ that |\n|---|---|---|---|---|---|---|")
    for depth, trips in NESTS:
        f = nest(depth, trips)
        gradient = transpiler.grad(f)
        assert check_grad(f, x), depth
        primal, grad, on_floats = [], [], []
        for _ in range(2):                       # alternate
            primal.append(fastest(f, x))
            grad.append(fastest(gradient, x))
            on_floats.append(fastest(f, x.tolist()))
        print(f"| {depth} | {trips}^{depth} = {trips ** depth} | {min(primal) * 1e3:.2f} ms "
              f"| {min(grad) * 1e3:.2f} ms | {min(grad) / min(primal):.1f} | {min(on_floats) * 1e3:.2f} ms "
              f"| {min(grad) / min(on_floats):.1f} |", flush=True)


if __name__ == "__main__":
    main()
