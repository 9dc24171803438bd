"""Cheaper forms of the adjoint of ``x[index]`` (ad/adjoints.py's scatter) where what is read
allows one:

* the last element of a cumulative sum, ``np.cumsum(x)[-1]``, is the total of ``x``: its adjoint
  reaches ``x`` whole, a number broadcast over ``x`` (no one-hot buffer summed backwards through
  the cumsum's adjoint, and the cumsum itself is left to the value, if that is wanted);
* positions that may repeat, read from a 1-d float64 array, are added by ``counted_at``
  (primitives/runtime.py: ``np.bincount``) rather than ``np.add.at``.
"""
from __future__ import annotations

import ast
from typing import Callable

import numpy as np

from ..analysis.facts import Analysis
from ..ir.algebra import constant
from ..ir.nodes import Assign, Const, Var
from ..primitives.registry import spelled_as


def summed_by_last_read(var: Var, index: ast.expr, definition: Callable[[str], Assign | None],
                        info: Analysis) -> Var | None:
    """``x`` where ``var`` is ``np.cumsum(x)`` (flattened, or along the only axis of a 1-d ``x``)
    and ``index`` is ``-1``: the read is ``np.sum(x)``, exactly. None elsewhere."""
    if constant(index) != -1 or type(constant(index)) is not int:
        return None
    made = definition(var.name)
    if made is None or not spelled_as(made.prim, np.cumsum) or not made.args or not isinstance(made.args[0], Var):
        return None
    x = made.args[0]
    axis = [a for a in made.args[1:]] + [value for name, value in made.kwargs if name == "axis"]
    if len(made.args) > 2 or any(name != "axis" for name, _ in made.kwargs) or len(axis) > 1:
        return None
    if axis and not (isinstance(axis[0], Const) and (axis[0].value is None or (
            type(axis[0].value) is int and axis[0].value in (0, -1) and len(info.shape(x) or ()) == 1))):
        return None
    return x if x in info.active else None


def counted(var: Var, index: ast.expr, info: Analysis) -> bool:
    """May ``x[index]``'s scatter be ``counted_at`` (``np.bincount`` for an array of integer
    positions, ``np.add.at`` for any other index)? Where ``x`` is a 1-d float64 array and
    ``index`` one value not known to be a mask (bincount sums in float64: a float32 or complex
    buffer keeps ``np.add.at``)."""
    shape = info.shape(var)
    index_kind = info.kinds.get(Var(index.id), "i") if isinstance(index, ast.Name) else "b"
    return isinstance(shape, tuple) and len(shape) == 1 and info.kinds.get(var) == "f8" and index_kind[0] in "iu"
