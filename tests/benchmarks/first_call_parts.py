#!/usr/bin/env python
"""The first calls of every workload (W1-W8, N1-N31), and two of their parts timed alone.

    PYTHONPATH=$PWD python tests/benchmarks/first_call_parts.py [--rounds N] [--only first,parts]

Prints on stdout:

* ``first``: each workload's cold first call ``transpiler.grad(f, wrt)(*args)`` at its smoke
  size (caches cleared as tests/benchmarks/compile_time.py clears them: parse, lower, transform,
  emit, ``compile``, one run), the fastest of ``--rounds`` (default 3), and their sum;
* ``parts``: the functions those first calls ask ``value_kinds`` (analysis/kinds.py) and
  ``inline_temporaries`` / ``fold_negations`` (opt/temporaries.py) about, recorded once, then
  each part run again over all of them, the fastest of 7 rounds; with a digest of what they
  found (the kinds; the functions printed), equal on two trees where the part's result is.

Process CPU time. Not a test: nothing here asserts a time (docs/performance.md, "Compile time").
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import math
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compile_time  # noqa: E402
import natural  # noqa: E402
import natural2  # noqa: E402
import natural3  # noqa: E402
import workloads  # noqa: E402

import transpiler  # noqa: E402
from transpiler.analysis import kinds  # noqa: E402
from transpiler.backends import python_code  # noqa: E402
from transpiler.opt import temporaries  # noqa: E402


def cases() -> list:
    return [(name, module.make(name, "smoke")) for module in (workloads, natural, natural2, natural3)
            for name in module.NAMES]


def first_calls(rounds: int) -> None:
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, w in cases():
            compile_time.clear_caches()
            gc.collect()
            start = time.process_time()
            transpiler.grad(w.f, w.wrt)(*w.args)
            best[name] = min(best.get(name, math.inf), time.process_time() - start)
    print("| first call | time |\n|---|---|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds * 1e3:.1f} ms |")
    print(f"| all {len(best)} | {sum(best.values()) * 1e3:.0f} ms |")


def parts() -> None:
    asked_kinds, asked_temporaries = [], []
    value_kinds, substitution = kinds._value_kinds, temporaries._Substitution.__init__

    def recording_kinds(fn, arg_kinds):
        asked_kinds.append((fn, dict(arg_kinds)))
        return value_kinds(fn, arg_kinds)

    def recording_substitution(self, fn, *args, **kwargs):
        asked_temporaries.append((fn, args, kwargs))
        substitution(self, fn, *args, **kwargs)

    kinds._value_kinds, temporaries._Substitution.__init__ = recording_kinds, recording_substitution
    try:
        for _, w in cases():
            compile_time.clear_caches()
            transpiler.grad(w.f, w.wrt)(*w.args)
    finally:
        kinds._value_kinds, temporaries._Substitution.__init__ = value_kinds, substitution
    kinds_found = timed("value_kinds", lambda: [value_kinds(fn, a) for fn, a in asked_kinds])
    print("    digest", digest(repr([sorted((v.name, k) for v, k in found.items()) for found in kinds_found])))
    folded = timed("inline_temporaries", lambda: [temporaries._Substitution(fn, *a, **k).run()
                                                  for fn, a, k in asked_temporaries])
    print("    digest", digest("\n".join(python_code.module_source(fn) for fn in folded)))


def timed(label: str, run):
    best, result = math.inf, None
    for _ in range(7):
        gc.collect()
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    print(f"{label}: {len(result)} functions, {best * 1e3:.1f} ms")
    return result


def digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of first calls (default 3)")
    parser.add_argument("--only", default="first,parts", help="first, parts or both (comma-separated)")
    options = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    chosen = options.only.split(",")
    if "first" in chosen:
        first_calls(options.rounds)
    if "parts" in chosen:
        parts()


if __name__ == "__main__":
    main(sys.argv[1:])
