"""The primitives a function's statements apply, worked out once per function (ir/memo.py): a
pass that can change only the statements of particular primitives asks this instead of walking
the function itself, and most functions hold none of what most passes look for. The passes run
one after another, most leaving the function as it was, so one walk answers several of them."""
from __future__ import annotations

from ..ir.memo import remembered
from ..ir.nodes import Assign, Effect, Function, walk
from ..primitives.registry import spelled_as


def primitives_in(fn: Function) -> frozenset:
    """The primitives of ``fn``'s assignments and effects, in branches and loops too."""
    return remembered(fn, "primitives",
                      lambda: frozenset(stmt.prim for stmt in walk(fn.body) if isinstance(stmt, (Assign, Effect))))


def calls(fn: Function, *functions) -> bool:
    """Does a statement of ``fn`` apply one of ``functions`` (:func:`spelled_as`)? (A statement
    a transform wrote, which has a primitive of its own, has no spelling: it applies none.)"""
    return any(spelled_as(prim, *functions) for prim in primitives_in(fn) if hasattr(prim, "spelling"))
