"""A clip with one bound, ``np.clip(x, lo, None)`` (a ReLU: ``np.clip(z, 0, None)``, ``z.clip(0)``)
or ``np.clip(x, None, hi)``, computed as ``np.maximum(x, lo)`` or ``np.minimum(x, hi)``: the same
values bit for bit (NaN, signed zeros and dtypes included: ``np.clip`` is ``np.minimum(np.maximum(x,
lo), hi)``), without ``np.clip``'s wrapper, which checks its bounds in Python on every call (about
5 µs of a 256 x 32 ReLU's 15). Its derivative is the same too: the clip's rule for one bound is
the extremum's (primitives/elementwise.py ``_clip_on_arrays``); this pass rewrites the code after
the transform, its forward sweep and anything else that clips.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..ir.nodes import Assign, Const, Function, with_blocks_rebuilt
from ..primitives.registry import lookup, spelled_as
from .present import calls

_MAXIMUM, _MINIMUM = lookup(np.maximum), lookup(np.minimum)


def clips_as_extrema(fn: Function) -> Function:
    """``fn`` with each ``np.clip`` of one bound ``None`` written as ``np.maximum`` or
    ``np.minimum`` of the other (``fn`` itself where there is none)."""
    if not calls(fn, np.clip):
        return fn
    body = with_blocks_rebuilt(fn.body, _as_extremum)
    return dataclasses.replace(fn, body=body)


def _as_extremum(stmt):
    if not (isinstance(stmt, Assign) and hasattr(stmt.prim, "spelling") and spelled_as(stmt.prim, np.clip)
            and len(stmt.args) == 3 and not stmt.kwargs):
        return stmt
    x, lo, hi = stmt.args
    if _is_none(hi) and not _is_none(lo):
        return dataclasses.replace(stmt, prim=_MAXIMUM, args=(x, lo))
    if _is_none(lo) and not _is_none(hi):
        return dataclasses.replace(stmt, prim=_MINIMUM, args=(x, hi))
    return stmt


def _is_none(atom) -> bool:
    return isinstance(atom, Const) and atom.value is None
