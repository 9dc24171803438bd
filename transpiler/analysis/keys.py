"""Keys of a dict iterated where the type is not known: ``for k in d`` over a value whose kind the
call does not tell (a dict inside a list) goes through ``iterated(d)`` (frontend/loops.py), whose
rules are right for a dict and for a sequence alike. Its items may then be a dict's keys, and a
key used as an index (``d[k]``) looks active to the analysis. An index carries no derivative
whatever it is (a key, an integer, a boolean mask), so no derivative flows through that argument."""
from __future__ import annotations

from ..ir.nodes import Assign, Function, walk
from ..primitives import lists


def iterated_keys_cut(fn: Function) -> frozenset:
    """``(id(statement), position)`` of each index argument that is an item of an ``iterated``."""
    iterated = {s.target for s in walk(fn.body) if isinstance(s, Assign) and s.prim is lists.ITERATED}
    if not iterated:
        return frozenset()
    items = {s.target for s in walk(fn.body)
             if isinstance(s, Assign) and s.prim.pattern is not None and s.args[0] in iterated}
    return frozenset((id(s), i) for s in walk(fn.body) if isinstance(s, Assign) and s.prim.pattern is not None
                     for i, a in enumerate(s.args) if i > 0 and a in items)
