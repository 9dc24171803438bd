"""A sweep: the program of each seed (:func:`generate`), run over a range of seeds, in worker
processes if asked (:func:`fuzz`), and summarised (:func:`summary`)."""
from __future__ import annotations

import multiprocessing
import tempfile

from .classes import build, pick_class
from .generator import Generator
from .known_bugs import KNOWN_BUGS
from .outcome import FAILURES, Outcome
from .program import Program
from .roundtrip import roundtrip_program
from .run import run_program


def generate(seed: int, include_known_bugs: bool = False, max_statements: int = 7,
             features=None) -> Program:
    """The fuzz program for ``seed`` (the same source every time): 2 to ``max_statements``
    top-level statements, or, for about a third of the seeds, a program of one of the classes in
    :data:`~.classes.CLASSES` enabled by ``features`` (a collection of class names; None: all,
    ``()``: none). Which class a seed gets is drawn from its own stream, so a seed that gets none
    is the same program whatever ``features`` is."""
    avoid = frozenset() if include_known_bugs else frozenset(k for k, b in KNOWN_BUGS.items() if b.avoid)
    cls = pick_class(seed, features)
    if cls:
        return build(cls, seed, avoid)
    return Generator(seed, avoid, max_statements).program()


def _run_seeds(job: tuple) -> list[Outcome]:
    seeds, include_known_bugs, forward, features, cross, roundtrip = job
    with tempfile.TemporaryDirectory(prefix="transpiler_fuzz_") as directory:
        if roundtrip:
            return [roundtrip_program(generate(seed, include_known_bugs, features=features), directory)
                    for seed in seeds]
        return [run_program(generate(seed, include_known_bugs, features=features), directory,
                            forward=forward, cross=cross)
                for seed in seeds]


def fuzz(count: int, seed: int = 0, jobs: int = 1, include_known_bugs: bool = False,
         forward: bool = False, features=None, cross: bool = False, roundtrip: bool = False) -> list[Outcome]:
    """Run programs ``seed, seed + 1, ..., seed + count - 1`` (``features``: as for
    :func:`generate`; ``cross``: see :func:`~.run.cross_check`; ``roundtrip``: instead of the
    derivatives, check the printed IR's value, :mod:`.roundtrip`)."""
    seeds = list(range(seed, seed + count))
    if jobs <= 1:
        return _run_seeds((seeds, include_known_bugs, forward, features, cross, roundtrip))
    chunks = [(seeds[i::jobs], include_known_bugs, forward, features, cross, roundtrip) for i in range(jobs)]
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        results = [o for part in pool.map(_run_seeds, chunks) for o in part]
    return sorted(results, key=lambda o: o.seed)


def summary(outcomes: list[Outcome]) -> str:
    """``N programs, M mismatches`` and every failure in full."""
    counts = {s: sum(o.status == s for o in outcomes)
              for s in ("ok", "refused", "mismatch", "crash", "forward", "cross", "roundtrip", "known",
                        "inconclusive", "invalid")}
    failed = counts["mismatch"] + counts["crash"] + counts["forward"] + counts["cross"] + counts["roundtrip"]
    known = {}
    for o in outcomes:
        if o.status == "known":
            known[o.known] = known.get(o.known, 0) + 1
    detail = [f"{counts['mismatch']} wrong gradients", f"{counts['crash']} crashes"]
    if counts["forward"]:
        detail.append(f"{counts['forward']} forward-mode failures")
    if counts["cross"]:
        detail.append(f"{counts['cross']} disagreements with autograd")
    if counts["roundtrip"]:
        detail.append(f"{counts['roundtrip']} printed IRs computing another value")
    detail += [f"{counts['ok']} ok"]
    if counts["refused"]:
        detail.append(f"{counts['refused']} refused with a located error")
    detail += [f"{counts['inconclusive']} inconclusive near a kink",
               f"{counts['invalid']} invalid programs"]
    if known:
        detail.append("known bugs: " + ", ".join(f"{k} x{n}" for k, n in sorted(known.items())))
    lines = [f"{len(outcomes)} programs, {failed} mismatches ({'; '.join(detail)})"]
    lines += [o.describe() for o in outcomes if o.status in FAILURES]
    return "\n".join(lines)
