"""The command line: ``python -m transpiler.check.fuzz`` (see :mod:`transpiler.check.fuzz`)."""
from __future__ import annotations

import argparse
import tempfile

from .classes import CLASSES
from .outcome import FAILURES
from .reduce import reduce_source
from .roundtrip import roundtrip_program
from .run import run_program
from .sweep import fuzz, generate, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m transpiler.check.fuzz",
        description="Check transpiler's reverse-mode gradient of random programs against finite "
                    "differences. Prints 'N programs, M mismatches' and, for each mismatch or "
                    "crash, the program, its inputs and the seed that reproduces it.",
        epilog="examples:\n  python -m transpiler.check.fuzz --count 10000 --seed 0 --jobs 8\n"
               "  python -m transpiler.check.fuzz --show 1234 --reduce",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="number of programs (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--show", type=int, metavar="SEED", help="print the program for SEED, check it, and exit")
    parser.add_argument("--reduce", action="store_true",
                        help="with --show: also print the failing program reduced statement by statement")
    parser.add_argument("--forward", action="store_true",
                        help="also check forward mode (transpiler.jvp) against the reverse gradient")
    parser.add_argument("--features", metavar="CLASS,...",
                        help="program classes to generate besides the random DAG programs: a "
                             "comma-separated subset of " + ", ".join(_class_names()) +
                             ", 'all' (the default) or 'none'")
    parser.add_argument("--roundtrip", action="store_true",
                        help="instead of derivatives, check the frontend: each program lowered, its "
                             "IR printed as Python and run must give the program's value")
    parser.add_argument("--cross-check", action="store_true",
                        help="also compare each DAG program's gradient with autograd's, where "
                             "autograd imports and can run the program (never a dependency)")
    parser.add_argument("--include-known-bugs", action="store_true",
                        help="also generate programs that trigger the known bugs KNOWN_BUGS avoids")
    args = parser.parse_args(argv)
    features = _parse_features(parser, args.features)
    if args.show is not None:
        program = generate(args.show, args.include_known_bugs, features=features)
        with tempfile.TemporaryDirectory(prefix="transpiler_fuzz_") as directory:
            if args.roundtrip:
                outcome = roundtrip_program(program, directory)
                print(outcome.describe())
                return 1 if outcome.status in FAILURES else 0
            outcome = run_program(program, directory, forward=args.forward, cross=args.cross_check)
            print(outcome.describe())
            if args.reduce and outcome.status in ("mismatch", "crash", "known", "forward"):
                print("--- reduced:")
                print(reduce_source(program.source, program.params, outcome.inputs, directory,
                                    forward=args.forward))
        return 1 if outcome.status in FAILURES else 0
    outcomes = fuzz(args.count, args.seed, args.jobs, args.include_known_bugs, args.forward, features,
                    args.cross_check, args.roundtrip)
    print(summary(outcomes))
    return 1 if any(o.status in FAILURES for o in outcomes) else 0


def _class_names() -> list[str]:
    return list(CLASSES)


def _parse_features(parser, text: str | None):
    """``--features``: None (every class), () (none) or the named classes."""
    if text is None or text == "all":
        return None
    if text == "none":
        return ()
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in _class_names()]
    if unknown:
        parser.error(f"unknown feature class(es) {', '.join(unknown)}; choose from "
                     f"{', '.join(_class_names())}")
    return tuple(names)
