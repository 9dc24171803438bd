"""``python tests/peers/report.py [-v] [--every-mode] [file ...]``: every peer check through
transpiler, counted by the peer's test file and outcome (probe.py says what each outcome means);
``-v`` lists every check that did not pass, as it is checked. ``--every-mode`` checks more than
the peer does: every argument that is not an integer, both modes, to second order (forward over
forward left out for an argument of more than 100 values: a pass per value)."""
from __future__ import annotations

import collections
import dataclasses
import os
import sys
import warnings

import numpy as np

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_HERE, os.path.dirname(os.path.dirname(_HERE))]     # this worktree's transpiler

from probe import OUTCOMES, Entry, check, checks_of   # noqa: E402
from tables import TABLES                      # noqa: E402


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    every_mode = "--every-mode" in argv
    files = [a for a in argv if not a.startswith("-")]
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    warnings.simplefilter("ignore")
    for entry in TABLES:
        if files and entry.file not in files:
            continue
        for label, fun, args, i, mode, order, alone in checks_of(_every_mode(entry) if every_mode else entry):
            if every_mode and (mode, order) == ("fwd", 2) and np.size(args[i]) > 100:
                continue
            try:
                outcome, detail = check(fun, args, i, mode, order, alone=alone)
            except Exception as e:      # noqa: BLE001 -- the probe's own failure, counted, not fatal
                outcome, detail = "crash", f"(in the probe) {type(e).__name__}: {e}"
            counts[entry.file][outcome] += 1
            if verbose and outcome != "pass":
                print(f"{entry.file} {label}: {outcome}: {detail}"[:400], flush=True)
    total: collections.Counter = collections.Counter()
    print("| peer file | checks | " + " | ".join(OUTCOMES) + " |")
    print("|---|---|" + "---|" * len(OUTCOMES))
    for file in sorted(counts):
        c = counts[file]
        total.update(c)
        print(f"| {file} | {sum(c.values())} | " + " | ".join(str(c[o]) for o in OUTCOMES) + " |")
    print(f"| **all** | {sum(total.values())} | " + " | ".join(str(total[o]) for o in OUTCOMES) + " |")


def _every_mode(entry: Entry) -> Entry:
    differentiable = tuple(i for i, values in enumerate(entry.args) if not isinstance(values[0], int))
    return dataclasses.replace(entry, argnums=differentiable, modes=("fwd", "rev"), order=2)


if __name__ == "__main__":
    main(sys.argv[1:])
