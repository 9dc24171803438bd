"""The shapes of slices inside loops over constant ranges, worked out for each value of their
counters (``x[i:i + 30, j:j + 30]``: the same for every ``i`` and ``j``); facts.py's shapes
analysis asks them where a slice's shape rule knows nothing."""
from __future__ import annotations

import ast
import itertools
import math

from ..ir.nodes import Assign, Const, Function, Loop, walk
from ..primitives.indexing import subscript_shape_at


# Loops whose counters the shapes of slices are worked out for, value by value: at most this many
# combinations of counter values per slice.
_COUNTED_COMBINATIONS = 1024


def counted_values(fn: Function) -> tuple[dict, dict]:
    """(counter -> its values, for ``for`` loops over constant ranges; integer -> (counter,
    offset), for the counters and what adds a constant to them: ``i + 30``, ``i + 32 - 2``)."""
    values, offsets = {}, {}
    for stmt in walk(fn.body):
        if (isinstance(stmt, Loop) and stmt.kind == "for" and stmt.target is not None and stmt.range_args
                and all(isinstance(a, Const) and type(a.value) is int for a in stmt.range_args)):
            values[stmt.target] = tuple(range(*[a.value for a in stmt.range_args]))
            offsets[stmt.target] = (stmt.target, 0)
        elif isinstance(stmt, Assign) and stmt.prim.spelling.binop in (ast.Add, ast.Sub) and len(stmt.args) == 2:
            a, b = stmt.args
            sign = 1 if stmt.prim.spelling.binop is ast.Add else -1
            if a in offsets and isinstance(b, Const) and type(b.value) is int:
                offsets[stmt.target] = (offsets[a][0], offsets[a][1] + sign * b.value)
            elif sign == 1 and b in offsets and isinstance(a, Const) and type(a.value) is int:
                offsets[stmt.target] = (offsets[b][0], offsets[b][1] + a.value)
    return values, offsets


def counted_slice_shape(stmt: Assign, shape, counted: tuple[dict, dict]) -> tuple | None:
    """The shape of ``x[i:i + 30, j:j + 30]`` inside loops over ``i`` and ``j``: the same for
    every value the counters take (worked out for each), or None; of ``x[:K]`` with ``K`` folded."""
    values, offsets = counted
    if not (isinstance(shape, tuple) and all(type(n) is int for n in shape)):
        return None
    holes = stmt.args[1:]
    if not all(isinstance(h, Const) and type(h.value) is int or h in offsets for h in holes):
        return None
    counters = list(dict.fromkeys(offsets[h][0] for h in holes if h in offsets))
    if math.prod(len(values[c]) for c in counters) > _COUNTED_COMBINATIONS:
        return None
    found = set()
    for point in itertools.product(*(values[c] for c in counters)):
        at = dict(zip(counters, point))
        found.add(subscript_shape_at(stmt.prim.pattern, shape, [
            h.value if isinstance(h, Const) else at[offsets[h][0]] + offsets[h][1] for h in holes]))
        if len(found) > 1 or None in found:
            return None
    return found.pop() if found else None
