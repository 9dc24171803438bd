"""Argument positions where no derivative flows by construction (not a rewrite's finding, so
never switched off): index arguments (keys.py), and the values
a run-time ``unshared`` check compares with."""
from __future__ import annotations

from ..ir.nodes import Assign, Function, walk
from ..primitives import indexing
from .keys import index_arguments_cut


def comparands_cut(fn: Function) -> frozenset:
    """``(id(statement), position)`` of the values an ``unshared(x, where, *others)`` check
    compares ``x``'s memory with: the check passes ``x`` on and nothing of them."""
    return frozenset((id(s), i) for s in walk(fn.body) if isinstance(s, Assign) and s.prim is indexing.UNSHARED
                     for i in range(2, len(s.args)))


def structural_cuts(fn: Function) -> frozenset:
    return index_arguments_cut(fn) | comparands_cut(fn)
