"""Iterators a call that simply runs makes (``iter(xs)``, ``itertools.chain(a, b)``,
``itertools.accumulate(xs)``, ``np.nditer(x)``): listed where they are made.

A call that simply runs is computed once, in the forward sweep, and a reverse loop that needs
its value pops it from a tape (primitives/opaque.py). What is computed *from* it is recomputed
there: ``list(it)``, a ``for`` over it. An iterator is spent by its first reader, so the reverse
sweep's ``list(it)`` was empty and the derivative through the items zero (``for k in range(2):
for v in list(itertools.chain(a, b)): s = s + v * x`` gave 0). So where such an iterator is
read whole (``list(it)``, ``tuple(it)``, a ``for`` or comprehension over it), that reading is a
second call that simply runs, ``list(it)``: the items are read once, in the forward sweep, and
kept on the tape like any such value. ``next(it)`` reads the iterator itself, in order, as before."""
from __future__ import annotations

import ast
import builtins
import itertools

from ..ir import Atom, Var
from ..primitives import opaque


def makes_an_iterator(callee, call: ast.Call | None = None) -> bool:
    """Does calling ``callee`` make a finite iterator: ``iter``, or a class whose instances are
    iterators (itertools', ``np.nditer``)? Not the endless ones (``itertools.count()``,
    ``cycle``, ``repeat(v)`` without a count: listing them would never end; a loop over them
    stays refused, and they may still be read with ``next``)."""
    if callee in (itertools.count, itertools.cycle) or callee is itertools.repeat and (
            call is None or len(call.args) + len(call.keywords) < 2):
        return False
    return callee is builtins.iter or isinstance(callee, type) and hasattr(callee, "__next__") \
        and hasattr(callee, "__iter__")


def made_iterators(lowering) -> set:
    """The values calls that simply run made that may be iterators (:func:`makes_an_iterator`)."""
    return lowering.__dict__.setdefault("_made_iterators", set())


def listed(lowering, node: ast.AST, seq: Atom) -> Atom | None:
    """``list(seq)`` as a call that simply runs, where ``seq`` is an iterator such a call made
    (module docstring); None for any other value."""
    if not isinstance(seq, Var) or seq not in made_iterators(lowering):
        return None
    written = lowering._readable(ast.unparse(node))
    prim = opaque.opaque_call("list", "list", (written,), lowering._chain(), path="list")
    made = lowering._new_list(lowering._apply(node, prim, (seq,), (), None))
    lowering.__dict__.setdefault("_listed", set()).add(made)
    return made


def is_listed(lowering, atom: Atom) -> bool:
    """Is ``atom`` the list :func:`listed` made of an iterator (no other name holds it)?"""
    return atom in lowering.__dict__.get("_listed", ())
