#!/usr/bin/env python
"""Where the compile of code specialised to a new argument shape spends its time, stage by stage.

    PYTHONPATH=$PWD python tests/benchmarks/new_shape_stages.py [--rounds N]

For each of compile_time.py's new-shape cases (W3, W4, W6, N2, N3 and the 50-statement chain),
a gradient object is called at its first, second and third shape, and then the call that
compiles code specialised to the third shape is timed (with api/tiers.py: the third shape's
second call; N2, not tiered: its first): the call's process CPU time, fastest of ``--rounds``
(default 5), and in that round the *exclusive* process time of each stage (a stage run inside
another counts for itself only):

* ``spec``: what the call compiles (api/gradient.py ``spec_for``: the output's shape and whether
  it has a derivative, analysed for the new shapes; the specialisation it makes is the compile's);
* ``specialise``: opt/specialize.py folding the shape queries (where ``spec`` has not made it);
* ``transform``: the reverse transform (ad/reverse.py);
* ``IR passes``: the passes on the transform's IR (opt/passes.py and the backend's own);
* ``print``: the IR printed as Python (backends/python_code.py);
* ``code passes``: the backend's passes on the printed code (buffers reused, arrays freed early);
* ``module text``: the module printed (backends/emit.py, astor);
* ``compile``: Python's ``compile`` (none where another shape's code was the same text);
* ``rest``: everything else in the call (lowering looked up, iteration resolved, the runner
  made, the code run once).

With ``--by-pass``, a row under each case names the passes that took 1 ms or more. With
``--run-times``, also what the specialised compile buys: at the third shape, one call of
the code for any shapes and one of the code specialised to it (the generated functions called
directly, the free values passed), each the fastest of 7 rounds of 50 calls.

Not a test: nothing here asserts a time (docs/performance.md, "Compile time"). It wraps the
pipeline's stage functions where driver/pipeline.py and api/gradient.py look them up.
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import math
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, Callable

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compile_time  # noqa: E402
import natural  # noqa: E402
import workloads  # noqa: E402

import transpiler  # noqa: E402
from transpiler.api import gradient as gradient_api  # noqa: E402
from transpiler.backends import emit  # noqa: E402
from transpiler.driver import pipeline  # noqa: E402

STAGES = ("spec", "specialise", "transform", "IR passes", "print", "code passes", "module text", "compile")


class Timer:
    """Exclusive process time per stage: a stage's time less that of the stages run inside it."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.inner: list[float] = []       # per open stage, the time of the stages inside it

    def timed(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            self.inner.append(0.0)
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.process_time() - start
                inside = self.inner.pop()
                self.spent[stage] = self.spent.get(stage, 0.0) + elapsed - inside
                if self.inner:
                    self.inner[-1] += elapsed
        return run


def instrument(timer: Timer, by_pass: bool = False) -> None:
    """Every stage's function wrapped where the pipeline looks it up (``by_pass``: each pass
    timed as a stage of its own, named "IR passes: NAME", "code passes: NAME")."""
    gradient_api.Gradient.spec_for = timer.timed("spec", gradient_api.Gradient.spec_for)
    pipeline.specialize = timer.timed("specialise", pipeline.specialize)
    pipeline.reverse = timer.timed("transform", pipeline.reverse)
    pipeline._printed = timer.timed("print", pipeline._printed)
    pipeline._module_text = timer.timed("module text", pipeline._module_text)
    emit.compile_function = timer.timed("compile", emit.compile_function)
    ir_passes, passes = pipeline.ir_passes, pipeline.passes
    def named(stage: str, name: str) -> str:
        return f"{stage}: {name}" if by_pass else stage
    pipeline.ir_passes = lambda spec: [dataclasses.replace(p, run=timer.timed(named("IR passes", p.name), p.run))
                                       for p in ir_passes(spec)]
    pipeline.passes = lambda spec: [dataclasses.replace(p, run=timer.timed(named("code passes", p.name), p.run))
                                    for p in passes(spec)]


def cases(directory: Path) -> list[tuple[str, Any, Any, list[tuple[Any, ...]]]]:
    """(name, function, wrt, the argument tuples of its three shapes) of compile_time.py's cases."""
    made = []
    for module, name in ((workloads, "W3"), (workloads, "W4"), (workloads, "W6"), (natural, "N2"), (natural, "N3")):
        sized = [module.make(name, size) for size in ("smoke", "full", "quick")]
        made.append((name, sized[0].f, sized[0].wrt, [w.args for w in sized]))
    chain = compile_time.load(directory, "chain_50", compile_time.chain(50))
    made.append(("chain, 50 statements", chain, 0, [(np.linspace(0.1, 0.5, n),) for n in (3, 11, 7)]))
    return made


def specialised_compile(timer: Timer, f: Any, wrt: Any, shapes: list[tuple[Any, ...]],
                        rounds: int) -> tuple[float, dict[str, float]]:
    """(process time, exclusive time per stage) of the fastest call compiling code specialised
    to the third shape."""
    best: tuple[float, dict[str, float]] = (math.inf, {})
    for _ in range(rounds):
        compile_time.clear_caches()
        gradient = transpiler.grad(f, wrt)
        for args in shapes:
            gradient(*args)
        third = shapes[-1]
        if "Code for any shapes" not in gradient.compiled(third).source:    # (not tiered: its first call)
            compile_time.clear_caches()
            gradient = transpiler.grad(f, wrt)
            for args in shapes[:-1]:
                gradient(*args)
        gc.collect()
        timer.spent.clear()
        start = time.process_time()
        gradient(*third)
        elapsed = time.process_time() - start
        if elapsed < best[0]:
            best = (elapsed, dict(timer.spent))
    return best


def per_call(function: Callable[..., Any], args: tuple[Any, ...], free: dict[str, Any]) -> float:
    """Process time of one call of ``function``: the fastest of 7 rounds of 50 calls."""
    best = math.inf
    for _ in range(7):
        start = time.process_time()
        for _ in range(50):
            function(*args, **free)
        best = min(best, (time.process_time() - start) / 50)
    return best


def run_times(f: Any, wrt: Any, shapes: list[tuple[Any, ...]]) -> tuple[float, float] | None:
    """(one call of the code for any shapes, one of the code specialised) at the third shape,
    or None where the tier does not apply."""
    gradient = transpiler.grad(f, wrt)
    for args in shapes:
        gradient(*args)
    third = shapes[-1]
    generic = gradient.compiled(third)
    if "Code for any shapes" not in generic.source:
        return None
    gradient(*third)
    specialised = gradient.compiled(third)
    return (per_call(generic.function, third, generic.free_values()),
            per_call(specialised.function, third, specialised.free_values()))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per case (default 5)")
    parser.add_argument("--by-pass", action="store_true",
                        help="also list, per case, the passes that took 1 ms or more")
    parser.add_argument("--run-times", action="store_true", help="also time the two codes' calls at the third shape")
    options = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    timer = Timer()
    instrument(timer, options.by_pass)
    print(f"| code specialised to a new shape | call | {' | '.join(STAGES)} | rest |\n|---|---|"
          + "---|" * (len(STAGES) + 1))
    with tempfile.TemporaryDirectory() as directory:
        for name, f, wrt, shapes in cases(Path(directory)):
            total, spent = specialised_compile(timer, f, wrt, shapes, options.rounds)
            for group in ("IR passes", "code passes"):      # (--by-pass: summed into their column)
                spent[group] = sum(t for stage, t in spent.items() if stage.startswith(group))
            cells = [spent.get(stage, 0.0) for stage in STAGES]
            print(f"| {name} | {compile_time.ms(total)} | "
                  + " | ".join(compile_time.ms(t) if t else "-" for t in cells)
                  + f" | {compile_time.ms(total - sum(cells))} |", flush=True)
            slow = sorted(((t, stage) for stage, t in spent.items() if ": " in stage and t >= 1e-3), reverse=True)
            if slow:
                print("|  | " + ", ".join(f"{stage} {compile_time.ms(t)}" for t, stage in slow) + " |", flush=True)
        if options.run_times:
            print("\n| third shape, one call | code for any shapes | specialised | ratio |\n|---|---|---|---|")
        for name, f, wrt, shapes in cases(Path(directory)) if options.run_times else ():
            times = run_times(f, wrt, shapes)
            cells = "not tiered | | " if times is None else (
                f"{compile_time.ms(times[0])} | {compile_time.ms(times[1])} | {times[0] / times[1]:.2f}")
            print(f"| {name} | {cells} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
