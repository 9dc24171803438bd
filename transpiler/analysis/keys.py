"""Index arguments carry no derivative. An index is an integer, a slice bound, a boolean mask or a
dict's key wherever it runs (NumPy refuses a float index), so no derivative flows through the
index arguments of a read ``x[i]`` or of a write ``x[i] = v`` (``assign_at``), whatever computed
them. The case that makes one look active: ``for k in d`` over a value whose kind the call does not
tell (a dict another ``grad`` returned, a dict inside a list) goes through ``iterated(d)``
(frontend/loops.py), whose rules are right for a dict and for a sequence alike, so its items, a
dict's keys there, follow ``d``'s activity; ``out[k] = g[k] * w`` then writes at a key that looks
differentiated."""
from __future__ import annotations

from ..ir.nodes import Assign, Function, walk


def index_arguments_cut(fn: Function) -> frozenset:
    """``(id(statement), position)`` of each index argument of an element read (arguments: x,
    then the index's holes) or an element write (x, v, then the holes)."""
    return frozenset((id(s), i) for s in walk(fn.body) if isinstance(s, Assign)
                     for i in range(_first_index(s), len(s.args)) if _first_index(s))


def _first_index(stmt: Assign) -> int:
    """The position of ``stmt``'s first index argument, 0 where it takes none."""
    if stmt.prim.pattern is not None:
        return 1
    return 2 if stmt.prim.updates else 0
