"""Lists of constants: ``sz = [nin] + nouts`` with ``nin = 3`` and ``nouts = [4, 4, 1]``
(micrograd's ``MLP``), read at a constant index (``sz[i]`` in a loop over ``range(len(nouts))``
that is unrolled): the item is that constant, so ``range(sz[i])`` counts known while compiling.

A list value of the function is an SSA value: a write or an append makes another (the name is
rebound), so the items of one value never change. They are known for a display of constants
and for ``+`` of two such lists, and trusted, as a list's known length is (object_lists.py),
only with the same loops open as where the list was made."""
from __future__ import annotations

import ast

from ..ir import Const, Var
from ..primitives import indexing, lists, lookup
from . import aliasing
from .values import loop_depth


def constant_items(lowering) -> dict:
    """list value -> (its items, all constants; the loops open where it was made)."""
    return lowering.__dict__.setdefault("_constant_items", {})


def record_constant_items(lowering, prim, args: tuple, target: Var) -> None:
    """``target = prim(*args)``: a list display of constants, or ``+`` of two lists of them."""
    known = constant_items(lowering)
    if prim is indexing.LIST and all(isinstance(a, Const) for a in args):
        known[target] = (tuple(a.value for a in args), loops_open(lowering))
    elif prim is lookup(lists.concatenated) and len(args) == 2 \
            and all(_items(lowering, a) is not None for a in args):
        known[target] = (_items(lowering, args[0]) + _items(lowering, args[1]), loops_open(lowering))


def constant_item(lowering, value, pattern: ast.expr) -> Const | None:
    """``value[k]`` of a list of constants at a constant index ``k`` in range, else None."""
    items = _items(lowering, value)
    if items is None or not isinstance(pattern, ast.Constant) or type(pattern.value) is not int \
            or not -len(items) <= pattern.value < len(items):
        return None
    return Const(items[pattern.value])


def _items(lowering, value) -> tuple | None:
    if aliasing.hard(value) or aliasing.soft(value) or not isinstance(value, Var):
        return None
    items, loops = constant_items(lowering).get(value, (None, None))
    return items if loops == loops_open(lowering) else None


def loops_open(lowering) -> tuple:
    return tuple(id(loop) for loop in loop_depth(lowering))
