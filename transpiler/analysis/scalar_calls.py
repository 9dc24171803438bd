"""Python's scalar functions on arrays: ``max(x, 0.5)``, ``min(a, b)``, ``float(x)``,
``math.exp(x)`` of an array raise in Python (an array's truth value is ambiguous unless it has
one element; only a 0-d array converts to a number, or, before NumPy 2, a one-element one). Their rules are NumPy's elementwise
ones (``np.maximum``'s partials), so a gradient whose code never runs the primal call (its value
unused) came out as if the user had written ``np.maximum``: a silent answer to a function Python
cannot run. Refused here, located, where the call's shapes are known."""
from __future__ import annotations

import math
import warnings

import numpy as np

from ..errors import UnsupportedSyntaxError
from ..ir.nodes import Assign, Const, Function, Var, walk
from ..primitives.registry import spelled_as, spelled_in
from .kinds import SEQUENCES


def _for_arrays(prim) -> str | None:
    """What to write for arrays instead of ``prim``, one of Python's functions of numbers (its
    NumPy ufunc: ``np.maximum(a, b)`` for ``max``); None where ``prim`` is none of them."""
    if spelled_as(prim, max, min):
        return f"{prim.ufunc}(a, b)"
    if spelled_as(prim, float, int):
        return f"x.astype({prim.spelling.path}), or {prim.spelling.path}(x[i])"
    if spelled_in(prim, math):
        return f"{prim.ufunc or 'np.' + prim.spelling.path.rpartition('.')[2]}(x)"
    return None


def _one_element_converts() -> bool:
    """Does this NumPy convert a one-element array of one axis to a number (``float(x[:1])``)?
    NumPy 2.x refuses what 1.x only warned about."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            float(np.ones(1))
    except TypeError:
        return False
    return True


_CONVERTS = _one_element_converts()


def refuse_scalar_calls_on_arrays(fn: Function, shapes: dict, kinds: dict) -> None:
    for stmt in walk(fn.body):
        if not (isinstance(stmt, Assign) and stmt.prim.shape_rule == "scalar"):
            continue
        instead = _for_arrays(stmt.prim)
        if instead is None:
            continue
        compares = spelled_as(stmt.prim, max, min)    # (a one-element array's truth value is its element's)
        for atom in stmt.args:
            shape = _shape(atom, shapes, kinds)
            if shape is None or shape == () or math.prod(shape) == 1 and (compares or _CONVERTS):
                continue
            raise UnsupportedSyntaxError(
                f"`{stmt.prim.spelling.path}(...)` of an array of shape {shape} (Python raises: it takes numbers, and an array's "
                "truth value is ambiguous)", stmt.location, hint=f"write {instead} for arrays")


def _shape(atom, shapes: dict, kinds: dict) -> tuple | None:
    """An array argument's shape, where known (None for numbers, sequences, and shapes known
    only at run time)."""
    if isinstance(atom, Const):
        return tuple(np.shape(atom.value)) if isinstance(atom.value, np.ndarray) else None
    if not isinstance(atom, Var) or kinds.get(atom) in (*SEQUENCES, "dict"):
        return None
    shape = shapes.get(atom)
    if not isinstance(shape, tuple) or not all(isinstance(n, (int, np.integer)) for n in shape):
        return None
    return tuple(int(n) for n in shape)
