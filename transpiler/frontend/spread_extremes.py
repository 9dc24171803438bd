"""``max(*xs)`` and ``min(a, *xs)``: the builtins given the items of a sequence as arguments.

With two arguments or more, Python's ``max`` compares its arguments; with one, it iterates it.
So ``max(*xs)`` is ``max(xs)`` wherever ``xs`` holds two items or more: lowered so, with a check
when it runs where the length is known only then (one item would be iterated itself, no items
is Python's TypeError). Several arguments, one of them spread, are spelled out (signatures.py
``_elements``: a display's items, or as many as its length known while compiling)."""
from __future__ import annotations

import ast
import os

from ..ir import Atom, Const, Effect
from ..primitives import effects
from .object_lists import known_length


def extreme_of_spread(lowering, node: ast.Call) -> Atom:
    """``max(*xs)``, ``min(*xs)``, ``max(a, *xs)`` without keywords (module docstring)."""
    with lowering._holding() as hold:
        if len(node.args) == 1:
            spread = node.args[0].value
            sequence = lowering._expr(spread)
            count = _count(lowering, sequence)
            if count is not None and count < 2:
                _refuse(lowering, node, count)
            if count is None:
                where = lowering.parsed.location(node)
                label = f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}: `{ast.unparse(node)}`"
                lowering.body.append(Effect(effects.EXPECT_AT_LEAST, (sequence, Const(2), Const(label)), where))
            args = [hold(sequence, spread)]
        else:
            args = []
            for arg in node.args:
                args += ([hold(a, arg) for a in lowering._elements(arg.value, node)]
                         if isinstance(arg, ast.Starred) else [arg])
            if len(args) < 2:
                _refuse(lowering, node, len(args))
        call = ast.fix_missing_locations(ast.copy_location(ast.Call(func=node.func, args=args, keywords=[]), node))
        return lowering._call(call, None)


def _count(lowering, sequence: Atom) -> int | None:
    """How many items ``sequence`` holds, where that is known while compiling."""
    if isinstance(sequence, Const) and isinstance(sequence.value, (tuple, list)):
        return len(sequence.value)
    if isinstance(lowering.displays.get(sequence), (tuple, list)):
        return len(lowering.displays[sequence])
    return known_length(lowering, sequence)


def _refuse(lowering, node: ast.Call, count: int) -> None:
    lowering._unsupported(node, f"`{ast.unparse(node)}` with {count} argument(s) once spread (with one, Python "
                          "iterates it; with none it raises TypeError)",
                          f"write `{ast.unparse(node.func)}(xs)` over the sequence itself")
