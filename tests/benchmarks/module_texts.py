#!/usr/bin/env python
"""The generated module text of a fixed corpus, one file each, to compare two trees' code.

    PYTHONPATH=<tree> python tests/benchmarks/module_texts.py DIR [--seeds 400]
    python tests/benchmarks/module_texts.py --compare DIR_A DIR_B

Writes to DIR (one ``.py`` file per text; a refusal or an error is written as its message, in a
``.refused`` file):

* the ``grad`` of the fuzz programs of seeds 0-399 (``transpiler.check.fuzz.sweep.generate``),
  at their first inputs; of those not of a class, their ``jvp`` and, where the first parameter is
  a vector, their ``hessian``;
* every benchmark workload's (W*, N*) ``grad`` and ``value_and_grad`` at the smoke size, and its
  ``jvp``;
* the five long shapes of tests/benchmarks/compile_time.py at 30 and 120 statements: ``grad``,
  ``jvp`` and ``hessian``;
* every real-world case's ``grad`` (tests/realworld).

``--compare`` prints the names of the files that differ, or are in one directory only, and exits
1 if there are any. Used to show that a change to the compiler leaves generated code unchanged
(docs/performance.md, "Compile time"). Not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "realworld"))

import compile_time  # noqa: E402
import natural  # noqa: E402
import natural2  # noqa: E402
import natural3  # noqa: E402
import workloads  # noqa: E402

import transpiler  # noqa: E402
from transpiler.api.sources import hessian_source, tangent_source  # noqa: E402
from transpiler.check.fuzz.program import load_module  # noqa: E402
from transpiler.check.fuzz.sweep import generate  # noqa: E402


ROOT = str(HERE.parent.parent)
SCRATCH = "<scratch>"


def portable(text: str, scratch: str) -> str:
    """``text`` with the tree's and the scratch directory's paths replaced (two trees compare)."""
    return text.replace(ROOT, "<tree>").replace(scratch, SCRATCH)


def write(directory: Path, name: str, make, scratch: str = SCRATCH) -> None:
    """``make()``'s text to ``name.py``, or the exception it raises to ``name.refused``."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = str(make())
        (directory / f"{name}.py").write_text(portable(text, scratch))
    except Exception as exc:                       # a refusal (TranspileError) or any other failure
        (directory / f"{name}.refused").write_text(portable(f"{type(exc).__name__}: {exc}\n", scratch))


def fuzz_texts(directory: Path, scratch: str, seeds: int) -> None:
    for seed in range(seeds):
        program = generate(seed)
        try:
            f = getattr(load_module(program.source, scratch, f"fuzz_{seed}"), program.name)
            args = program.inputs(0)
        except Exception as exc:
            message = f"invalid: {type(exc).__name__}: {exc}\n"
            (directory / f"fuzz_{seed}.refused").write_text(portable(message, scratch))
            continue
        wrt = program.check.get("wrt", tuple(range(len(args))))
        write(directory, f"fuzz_{seed}_grad", lambda: transpiler.grad(f, wrt).source(args=tuple(args)), scratch)
        if program.cls:
            continue
        write(directory, f"fuzz_{seed}_jvp", lambda: tangent_source(f, wrt, args=tuple(args)), scratch)
        if np.ndim(args[0]) == 1:
            write(directory, f"fuzz_{seed}_hessian", lambda: hessian_source(f, 0, args=tuple(args)), scratch)


def workload_texts(directory: Path) -> None:
    for module in (workloads, natural, natural2, natural3):
        for name in module.NAMES:
            w = module.make(name, "smoke")
            args = tuple(w.args)
            write(directory, f"{name}_grad", lambda: transpiler.grad(w.f, w.wrt).source(args=args))
            write(directory, f"{name}_value_and_grad",
                  lambda: transpiler.value_and_grad(w.f, w.wrt).source(args=args))
            write(directory, f"{name}_jvp", lambda: tangent_source(w.f, w.wrt, args=args))


def long_texts(directory: Path, scratch: str) -> None:
    x = (np.linspace(0.1, 0.5, 3),)
    for make in compile_time.SHAPES.values():
        for n in (30, 120):
            f = compile_time.load(Path(scratch), f"{make.__name__}_{n}", make(n))
            stem = f"long_{make.__name__}_{n}"
            write(directory, f"{stem}_grad", lambda: transpiler.grad(f, 0).source(args=x), scratch)
            write(directory, f"{stem}_jvp", lambda: tangent_source(f, 0, args=x), scratch)
            write(directory, f"{stem}_hessian", lambda: hessian_source(f, 0, args=x), scratch)


def realworld_texts(directory: Path) -> None:
    import test_realworld as corpus
    for case_id, case in corpus.CASES.items():
        wrt = corpus.wrt_of(case)
        wrt = wrt if len(wrt) > 1 else wrt[0]
        write(directory, f"realworld_{case_id}_grad",
              lambda: transpiler.grad(case["function"], wrt).source(args=tuple(case["args"]())))


def compare(a: Path, b: Path) -> int:
    names_a = {p.name for p in a.iterdir()}
    names_b = {p.name for p in b.iterdir()}
    differing = sorted(n for n in names_a & names_b if (a / n).read_bytes() != (b / n).read_bytes())
    for name in differing:
        print(f"differs: {name}")
    for name in sorted(names_a - names_b):
        print(f"only in {a}: {name}")
    for name in sorted(names_b - names_a):
        print(f"only in {b}: {name}")
    total = len(differing) + len(names_a ^ names_b)
    print(f"{len(names_a & names_b)} files in both; {total} differ or are in one only")
    return 1 if total else 0


def main(argv: list[str]) -> int:
    if os.environ.get("PYTHONHASHSEED") is None:
        # one string hashing for both trees, unless one is asked for: the code must not depend on
        # it (tests/frontend/test_deterministic_code.py), and two runs under two seeds show if it does
        os.execve(sys.executable, [sys.executable, __file__, *argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", help="where to write the texts")
    parser.add_argument("--seeds", type=int, default=400, help="fuzz seeds 0..N-1 (default 400)")
    parser.add_argument("--compare", nargs=2, metavar=("DIR_A", "DIR_B"), help="print the files that differ")
    options = parser.parse_args(argv)
    if options.compare:
        return compare(*map(Path, options.compare))
    if not options.directory:
        parser.error("give a directory, or --compare DIR_A DIR_B")
    directory = Path(options.directory)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="module_texts_") as scratch:
        fuzz_texts(directory, scratch, options.seeds)
        workload_texts(directory)
        long_texts(directory, scratch)
        realworld_texts(directory)
    print(f"{sum(1 for _ in directory.iterdir())} files in {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
