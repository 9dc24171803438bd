"""Shrinking a failing fuzz program: :func:`reduce_source` deletes statements and unwraps
``if``/loops while the program fails the same way (``--show SEED --reduce``)."""
from __future__ import annotations

import ast
import itertools
import shutil
import tempfile

import numpy as np

from .outcome import Outcome
from .program import Program
from .run import run_program
from .timing import TimeLimitExceeded, time_limit


def signature(outcome: Outcome) -> tuple:
    """What kind of failure an outcome is: the status, and for a crash the exception type."""
    if outcome.status in ("crash", "known", "forward"):
        return (outcome.status, outcome.error.split(":", 1)[0])
    return (outcome.status,)


def check_source(source: str, params: list[str], args: list, directory, seed: int = -1,
                 forward: bool = False) -> Outcome:
    """Run the gradient check on a program given as source, with fixed inputs."""
    program = Program(seed, source, params, [np.shape(a) for a in args], set())
    program.inputs = lambda attempt=0: [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    return run_program(program, directory, attempts=1, forward=forward)


def reduce_source(source: str, params: list[str], args: list, directory=None,
                  forward: bool = False) -> str:
    """Delete statements and unwrap ``if``/loops while the program fails the same way.

    Greedy, statement-level delta debugging: the result is 1-minimal with respect to deleting
    or unwrapping one statement at a time.
    """
    own = directory is None
    directory = directory or tempfile.mkdtemp(prefix="transpiler_reduce_")
    counter = itertools.count()
    try:
        target = signature(check_source(source, params, args, directory, -next(counter) - 1, forward))
        if target == ("ok",):
            return source

        def fails(candidate: str) -> bool:
            try:
                compile(candidate, "<candidate>", "exec")
            except SyntaxError:
                return False
            try:
                with time_limit(10.0):   # deleting `k = k + 1` can make a while loop endless
                    out = check_source(candidate, params, args, directory, -next(counter) - 1, forward)
            except TimeLimitExceeded:
                return False
            return signature(out) == target

        def edits(tree):
            """Every (block, index, replacement) single edit of the function body."""
            fn = tree.body[-1]
            blocks = []
            for node in ast.walk(fn):
                for name in ("body", "orelse"):
                    block = getattr(node, name, None)
                    if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                        blocks.append(block)
            for block in blocks:
                for i, stmt in enumerate(block):
                    if isinstance(stmt, ast.Return) and block is fn.body:
                        continue
                    yield block, i, []
                    for name in ("body", "orelse"):
                        inner = getattr(stmt, name, None)
                        if isinstance(stmt, (ast.If, ast.For, ast.While)) and inner:
                            yield block, i, inner

        progress = True
        while progress:
            progress = False
            tree = ast.parse(source)
            for n, (block, i, replacement) in enumerate(list(edits(tree))):
                tree = ast.parse(source)
                block, i, replacement = list(edits(tree))[n]
                block[i:i + 1] = replacement or [ast.Pass()]
                candidate = ast.unparse(ast.fix_missing_locations(tree)) + "\n"
                if len(candidate) < len(source) and fails(candidate):
                    source, progress = candidate, True
                    break
        return source
    finally:
        if own:
            shutil.rmtree(directory, ignore_errors=True)
