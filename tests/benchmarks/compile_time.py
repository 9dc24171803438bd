#!/usr/bin/env python
"""How long transpiler takes to compile a gradient: the first call, and a new argument shape.

    PYTHONPATH=$PWD python tests/benchmarks/compile_time.py [--quick] [--sizes 100,300,1000,3000]
                                                            [--rounds N] [--json out.json]
                                                            [--only first,realworld,shapes,long]
                                                            (``statements`` is ``long``)

Prints Markdown tables on stdout:

* **Workloads**: the first call ``transpiler.grad(f, wrt)(*args)`` of each benchmark workload
  (W1-W8, N1-N55, at their "smoke" sizes: compile time does not depend on the array sizes) with
  transpiler's caches cleared: parse, lower, transform, emit, ``compile``, one run.
* **Real-world programs**: the first ``grad`` call of a few of the corpus's longer programs
  (tests/realworld).
* **New shapes**: the first call for arguments of a new shape, the gradient (one ``grad(f, wrt)``
  object) already called with another: a *second* shape (the lowering is cached; the rest runs
  again, for the code for any shapes on a tree with api/tiers.py); a *third* shape, two called
  before (with tiers: the code for any shapes already compiled, so a lookup and its call); and the
  *second call* at that third shape (with tiers: where code specialised to it is compiled):
  workloads (shapes "smoke", "full", then "quick"), and a generated chain of 50 statements (3, 11,
  then 7 elements).
* **Long functions**: generated programs of N statements in five shapes (a straight-line chain
  ``s{k+1} = s{k} + np.sin(x*k)``; one value read by every statement; one expression of N
  terms; values each rebound in a branch of its own, all live across every branch; a loop whose
  body is the chain), and the exponent ``b`` of ``time ~ N**b`` fitted over the sizes. A chain
  statement is three primitives (a product, a sine, a sum), so 1,000 statements are 3,000
  primitive statements.

Times are process CPU time (``time.process_time``: steady on a loaded machine), the fastest of
``--rounds`` (default 5, ``--quick`` 3; 1 for programs of 2,000 statements or more). Not a test: nothing here
asserts a time (docs/performance.md, "Compile time").
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import natural  # noqa: E402
import natural2  # noqa: E402
import natural3  # noqa: E402
import natural4  # noqa: E402
import natural5  # noqa: E402
import natural6  # noqa: E402
import workloads  # noqa: E402

import transpiler  # noqa: E402
from transpiler.driver import pipeline  # noqa: E402
from transpiler.frontend import source  # noqa: E402


def clear_caches() -> None:
    """A cold start: nothing lowered, compiled or parsed (frontend/source.py keeps trees; a
    function whose parameters' methods are inlined is lowered per classes, apart)."""
    pipeline._lowered.clear()
    pipeline._lowered_for_classes.clear()
    pipeline._compiled.clear()
    source._TREES.clear()


def first_call(f, wrt, args, rounds: int) -> float:
    """Fastest cold ``grad(f, wrt)(*args)``, in seconds of process time."""
    best = math.inf
    for _ in range(rounds):
        clear_caches()
        gc.collect()
        start = time.process_time()
        transpiler.grad(f, wrt)(*args)
        best = min(best, time.process_time() - start)
    return best


def new_shape(f, wrt, before, args, rounds: int, calls: int = 1) -> float:
    """Fastest first call (``calls=2``: the second) for ``args`` of a gradient already called
    with each of ``before`` (a list of argument tuples)."""
    best = math.inf
    for _ in range(rounds):
        clear_caches()
        gradient = transpiler.grad(f, wrt)
        for earlier in before:
            gradient(*earlier)
        for _ in range(calls - 1):
            gradient(*args)
        gc.collect()
        start = time.process_time()
        gradient(*args)
        best = min(best, time.process_time() - start)
    return best


@dataclass
class Workload:
    """A function and arguments to call its gradient with (as workloads.Workload has them)."""

    f: object
    wrt: object
    args: tuple


def chain(n: int) -> str:
    lines = "".join(f"    s{k + 1} = s{k} + np.sin(x*{k})\n" for k in range(n))
    return f"def f(x):\n    s0 = x\n{lines}    return np.sum(s{n})\n"


def fan(n: int) -> str:
    """``y`` read by every one of the first n statements, ``s`` by the next n."""
    made = "".join(f"    t{k} = np.sin(x*{k}) * y\n" for k in range(n // 2))
    summed = "".join(f"    s = s + t{k}\n" for k in range(n // 2))
    return f"def f(x):\n    y = x * 2.0\n    s = 0.0\n{made}{summed}    return np.sum(s)\n"


def terms(n: int) -> str:
    return "def f(x):\n    return np.sum(" + " + ".join(f"np.sin(x*{k})" for k in range(n)) + ")\n"


def branches(n: int) -> str:
    """n/3 values made, n/3 branches each rebinding one of them (every value live across every
    branch), n/3 statements summing them."""
    k = range(n // 3)
    made = "".join(f"    t{i} = np.sin(x*{i})\n" for i in k)
    branched = "".join(f"    if c > {i}:\n        t{i} = t{i} * 2.0\n" for i in k)
    summed = "".join(f"    s = s + t{i}\n" for i in k)
    return f"def f(x):\n    c = np.sum(x) * {n}\n    s = 0.0\n{made}{branched}{summed}    return np.sum(s)\n"


def loop(n: int) -> str:
    """A loop of three iterations whose body is a chain of n statements (the reverse sweep keeps
    a tape of them)."""
    lines = "".join(f"        s{k + 1} = s{k} + np.sin(s{k}*{k})\n" for k in range(n))
    return f"def f(x):\n    s{n} = x\n    for i in range(3):\n        s0 = s{n} * 0.5\n{lines}    return np.sum(s{n})\n"


SHAPES = {"chain": chain, "one value read by all": fan, "one expression of N terms": terms,
          "a branch per value": branches, "a loop body": loop}

# real-world programs (tests/realworld case ids) timed as written
REALWORLD = ("d2l_gru_lstm_scratch.lstm_loss", "cs231n_layers.network_loss_train",
             "filterpy_kalman_loglik.total_log_likelihood")


def load(directory: Path, name: str, source: str):
    """The function ``f`` of ``source``, imported from a file (the compiler reads the source)."""
    path = directory / f"{name}.py"
    path.write_text("import numpy as np\n" + source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def realworld_cases():
    """(case id, function, wrt, args) of each of REALWORLD."""
    sys.path.insert(0, str(HERE.parent / "realworld"))
    import test_realworld as corpus
    for case_id in REALWORLD:
        case = corpus.CASES[case_id]
        wrt = corpus.wrt_of(case)
        yield case_id, case["function"], (wrt if len(wrt) > 1 else wrt[0]), case["args"]()


def exponent(sizes: list[int], times: list[float]) -> float:
    """Least-squares slope of log(time) on log(size)."""
    return float(np.polyfit(np.log(sizes), np.log(times), 1)[0])


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3g} ms" if seconds < 1 else f"{seconds:.3g} s"


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 100, 300, 1000; 3 rounds")
    parser.add_argument("--sizes", help="comma-separated statement counts (default 100,300,1000,3000)")
    parser.add_argument("--rounds", type=int, help="rounds per measurement (default 5, --quick 3)")
    parser.add_argument("--json", help="also write the measurements to this file")
    parser.add_argument("--only", default="first,realworld,shapes,long",
                        help="which tables (comma-separated: first, realworld, shapes, long; statements = long)")
    options = parser.parse_args(argv)
    rounds = options.rounds or (3 if options.quick else 5)
    sizes = ([int(s) for s in options.sizes.split(",")] if options.sizes
             else [100, 300, 1000] if options.quick else [100, 300, 1000, 3000])
    warnings.simplefilter("ignore")
    parts = {"long" if part == "statements" else part for part in options.only.split(",")}
    results: dict = {"workloads": {}, "realworld": {}, "new shapes": {}, "long": {}}

    if "first" in parts:
        print("#### First call (workloads at their smoke sizes)\n\n| workload | first call |\n|---|---|")
    for module in (workloads, natural, natural2, natural3, natural4, natural5, natural6) if "first" in parts else ():
        for name in module.NAMES:
            w = module.make(name, "smoke")
            results["workloads"][name] = t = first_call(w.f, w.wrt, w.args, rounds)
            print(f"| {name} | {ms(t)} |", flush=True)

    if "realworld" in parts:
        print("\n#### Real-world programs\n\n| program | first call |\n|---|---|")
    for case_id, f, wrt, args in realworld_cases() if "realworld" in parts else ():
        results["realworld"][case_id] = t = first_call(f, wrt, args, rounds)
        print(f"| {case_id} | {ms(t)} |", flush=True)

    if "shapes" in parts:
        print("\n#### New argument shapes\n\n| workload | second shape | third shape | third shape, its 2nd call |"
              "\n|---|---|---|---|")
        cases = [(name, module.make(name, "smoke"), module.make(name, "full"), module.make(name, "quick"))
                 for module, name in ((workloads, "W3"), (workloads, "W4"), (workloads, "W6"), (natural, "N2"),
                                      (natural, "N3"))]
        with tempfile.TemporaryDirectory() as directory:
            f = load(Path(directory), "chain_50", chain(50))
            chain_cases = [Workload(f, 0, (np.linspace(0.1, 0.5, n),)) for n in (3, 11, 7)]
            for name, first, second, third in cases + [("chain, 50 statements", *chain_cases)]:
                times = (new_shape(first.f, first.wrt, [first.args], third.args, rounds),
                         new_shape(first.f, first.wrt, [first.args, second.args], third.args, rounds),
                         new_shape(first.f, first.wrt, [first.args, second.args], third.args, rounds, calls=2))
                results["new shapes"][name] = dict(zip(("second shape", "third shape", "third, 2nd call"), times))
                print(f"| {name} | " + " | ".join(map(ms, times)) + " |", flush=True)

    if "long" in parts:
        print("\n#### Long functions\n\n| shape | " + " | ".join(f"{n} statements" for n in sizes)
              + " | per 1,000 statements (largest) | exponent |\n|---|" + "---|" * (len(sizes) + 2))
    x = np.linspace(0.1, 0.5, 3)
    with tempfile.TemporaryDirectory() as directory:
        for label, make in SHAPES.items() if "long" in parts else ():
            times: list = []
            for n in sizes:
                try:
                    f = load(Path(directory), f"{make.__name__}_{n}", make(n))
                except RecursionError:          # (Python's own compiler: about 3,000 terms at most)
                    times.append(None)
                    continue
                times.append(first_call(f, 0, (x,), rounds if n < 2000 else 1))
            results["long"][label] = dict(zip(map(str, sizes), times))
            measured = [(n, t) for n, t in zip(sizes, times) if t is not None]
            cells = " | ".join("Python cannot compile it" if t is None else ms(t) for t in times)
            (largest, slowest) = measured[-1]
            fit = f"{exponent(*map(list, zip(*measured))):.2f}" if len(measured) > 1 else "(one size)"
            print(f"| {label} | {cells} | {ms(slowest * 1000 / largest)} | {fit} |", flush=True)
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
