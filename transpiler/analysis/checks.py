"""Argument positions where no derivative flows by construction (not a rewrite's finding, so
never switched off): index arguments (keys.py), the values a run-time ``unshared`` check
compares with, the array an in-place result is checked against (its shape and dtype alone), and
a value written into an integer or boolean array (truncated)."""
from __future__ import annotations

from ..ir.nodes import Assign, Function, walk
from ..primitives import in_place, indexing
from .keys import index_arguments_cut


def comparands_cut(fn: Function) -> frozenset:
    """``(id(statement), position)`` of the values an ``unshared(x, where, *others)`` check
    compares ``x``'s memory with: the check passes ``x`` on and nothing of them."""
    return frozenset((id(s), i) for s in walk(fn.body) if isinstance(s, Assign) and s.prim is indexing.UNSHARED
                     for i in range(2, len(s.args)))


def checked_against_cut(fn: Function) -> frozenset:
    """``(id(statement), 1)`` of each ``in_place_result(new, old)`` and ``same_kind_cast(v, into)``:
    ``old``'s (``into``'s) shape and dtype decide what is checked; its value reaches nothing."""
    return frozenset((id(s), 1) for s in walk(fn.body) if isinstance(s, Assign) and s.prim in in_place.CHECKED_RESULTS)


def structural_cuts(fn: Function, kinds: dict, varied: set) -> frozenset:
    return index_arguments_cut(fn) | comparands_cut(fn) | checked_against_cut(fn) | truncating_writes(fn, kinds, varied)


def truncating_writes(fn: Function, kinds: dict, varied: set) -> frozenset:
    """``(id(statement), 1)`` of each item write ``k[i] = v`` into an integer or boolean array no
    differentiated value reaches (``k = np.zeros(n, dtype=int)``): NumPy casts ``v`` to ``k``'s
    dtype, a float truncated, whose derivative is 0, so none flows back into ``v``."""
    return frozenset((id(s), 1) for s in walk(fn.body) if isinstance(s, Assign) and s.prim.updates
                     and len(s.args) > 1 and s.args[0] not in varied and (kinds.get(s.args[0]) or "?")[0] in "biu")
