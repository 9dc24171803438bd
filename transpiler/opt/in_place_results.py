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
  the ``same_kind`` rule."""
from __future__ import annotations

import numpy as np

from ..ir.nodes import Assign
from ..primitives.in_place import IN_PLACE_RESULT, SAME_KIND_CAST


def passes(stmt: Assign, shape_of, kinds: dict) -> bool:
    """Is ``stmt``, a check of a result written into an array, known to pass and to return its
    first argument? ``shape_of``: an atom's shape where known (a tuple of ints), else None."""
    value, into = stmt.args[:2]
    value_kind, into_kind = kinds.get(value), kinds.get(into)
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


def _dtype(kind) -> np.dtype | None:
    """The dtype a kind (``"f8"``) names; None for ``"list"``, ``"tuple"`` or an unknown kind."""
    if not isinstance(kind, str) or kind in ("list", "tuple", "dict"):
        return None
    try:
        return np.dtype(kind)
    except TypeError:
        return None
