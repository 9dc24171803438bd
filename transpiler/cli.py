"""The ``transpiler`` command: print generated derivative code (or the SSA) of FILE.py:FUNC."""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from . import api, pipeline
from .errors import TranspileError

EXAMPLES = {
    "grad": "example:\n  transpiler grad examples/seed_functions.py:sigmoid_loss --wrt w,x\n"
            "  transpiler grad examples/seed_functions.py:sigmoid_loss --ssa",
}


class UsageError(Exception):
    """A problem with what the user typed: reported in one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transpiler", description="Print the derivative code transpiler generates.",
        epilog=EXAMPLES["grad"], formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    grad = commands.add_parser(
        "grad", help="print the reverse-mode gradient of FILE.py:FUNC",
        description="Print the reverse-mode gradient of FILE.py:FUNC as a Python module.",
        epilog=EXAMPLES["grad"], formatter_class=argparse.RawDescriptionHelpFormatter)
    grad.add_argument("target", metavar="FILE.py:FUNC")
    grad.add_argument("--wrt", default=None,
                      help="comma-separated parameter names or indices (default: the first)")
    grad.add_argument("--ssa", action="store_true", help="print the SSA (Wengert list) instead")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        func = load_function(args.target)
        if args.ssa:
            sys.stdout.write(pipeline.lowered(func).listing())
        else:
            sys.stdout.write(api.Gradient(func, parse_wrt(args.wrt), returns_value=False).source())
    except TranspileError as exc:
        print(f"transpiler: error: {exc.one_line()}", file=sys.stderr)
        return 2
    except (UsageError, ValueError, TypeError) as exc:
        print(f"transpiler: error: {exc}", file=sys.stderr)
        return 2
    return 0


def parse_wrt(text: str | None):
    if text is None:
        return 0
    items = [int(t) if t.strip().lstrip("-").isdigit() else t.strip() for t in text.split(",")]
    return tuple(items) if len(items) > 1 else items[0]


def load_function(target: str):
    path, sep, name = target.rpartition(":")
    if not sep or not path or not name:
        raise UsageError(f"expected FILE.py:FUNC, got {target!r}")
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"no such file: {path}")
    spec = importlib.util.spec_from_file_location(f"_transpiler_cli_{file.stem}", file)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(file.resolve().parent))
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the user's module failed to import: report, don't trace back
        raise UsageError(f"importing {path} failed: {type(exc).__name__}: {exc}") from None
    finally:
        sys.path.pop(0)
    func = getattr(module, name, None)
    if func is None:
        raise UsageError(f"{path} has no function {name!r}")
    if not callable(func):
        raise UsageError(f"{path}:{name} is not a function")
    return func
