"""The checks of results written into arrays (``in_place_result``, ``same_kind_cast``:
primitives/in_place.py) that code specialised to a call's shapes and dtypes knows to pass, which
specialisation (specialize.py) replaces by their first argument: code made for a call pays for
no check its shapes and dtypes decide.

* ``y += v`` (``in_place_result(y + v, y)``): the sum has ``y``'s shape and dtype (a float64
  ``y`` and a ``v`` of its shape, or a number); ``np.sin(x, out=b)``: the result broadcasts to
  ``b``'s shape and has its dtype. Where both are numbers (shape ``()``: an item
  ``y[i] += v``, which NumPy adds out of place and writes back with a cast) the check does
  nothing, but for a 0-d array whose dtype is known to differ from the result's.
* ``np.copyto(dst, src)`` (``same_kind_cast(src, dst)``): ``src``'s dtype casts to ``dst``'s by
  the ``same_kind`` rule.

An item read of an array of a known float or complex dtype (``y[1:]``, ``Y[0]``) has that
dtype, and so has arithmetic of it with values of that dtype or Python numbers: the kinds the
check needs of ``y[1:] + v`` where the kinds analysis leaves items alone."""
from __future__ import annotations

import ast

import numpy as np

from ..ir.nodes import Assign, Const, Var
from ..primitives.in_place import IN_PLACE_RESULT, SAME_KIND_CAST

_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div)
_INEXACT = ("f4", "f8", "c8", "c16")


def passes(stmt: Assign, shape_of, kinds: dict, defined: dict) -> bool:
    """Is ``stmt``, a check of a result written into an array, known to pass and to return its
    first argument? ``shape_of``: an atom's shape where known (a tuple of ints), else None;
    ``defined``: the statements binding the values before ``stmt``."""
    value, into = stmt.args[:2]
    value_kind, into_kind = (_kind(a, kinds, defined) for a in (value, into))
    if stmt.prim is SAME_KIND_CAST:
        return _dtype(value_kind) is not None and _dtype(into_kind) is not None \
            and bool(np.can_cast(_dtype(value_kind), _dtype(into_kind), "same_kind"))
    shape, into_shape = shape_of(value), shape_of(into)
    if stmt.prim is not IN_PLACE_RESULT or shape is None or into_shape is None:
        return False
    if shape == into_shape == ():
        return value_kind == into_kind or value_kind is None or into_kind is None
    return _broadcasts(shape, into_shape) and _dtype(value_kind) is not None and value_kind == into_kind


def _broadcasts(shape: tuple, into: tuple) -> bool:
    """Does a value of ``shape`` broadcast to ``into`` (``np.sin(x, out=b)``, ``x`` a row of ``b``)?"""
    try:
        return np.broadcast_shapes(shape, into) == into
    except ValueError:
        return False


def _kind(atom, kinds: dict, defined: dict, depth: int = 0) -> str | None:
    """``atom``'s dtype kind where known: the kinds analysis's, else an item read of an array of
    a float or complex kind, or arithmetic of such values and Python numbers (a few levels)."""
    if isinstance(atom, Const):
        return None
    found = kinds.get(atom)
    stmt = defined.get(atom) if isinstance(atom, Var) else None
    if found is not None or stmt is None or depth > 3:
        return found
    prim = stmt.prim
    if prim.pattern is not None and not prim.updates and stmt.args:
        base = _kind(stmt.args[0], kinds, defined, depth + 1)
        return base if base in _INEXACT else None
    if prim.spelling.binop in _ARITHMETIC and len(stmt.args) == 2 and not stmt.kwargs:
        operands = [_kind(a, kinds, defined, depth + 1) for a in stmt.args if not _python_number(a)]
        return operands[0] if operands and operands[0] in _INEXACT and len(set(operands)) == 1 else None
    return None


def _python_number(atom) -> bool:
    return isinstance(atom, Const) and type(atom.value) in (bool, int, float)


def _dtype(kind) -> np.dtype | None:
    """The dtype a kind (``"f8"``) names; None for ``"list"``, ``"tuple"`` or an unknown kind."""
    if not isinstance(kind, str) or kind in ("list", "tuple", "dict"):
        return None
    try:
        return np.dtype(kind)
    except TypeError:
        return None
