"""Casts to another dtype: ``x.astype(np.float32)``, ``np.asarray(x, dtype=int)``,
``np.array(x, dtype=bool)``. A cast to floats passes the derivative on; a cast to integers or
booleans is piecewise constant, with no derivative (as ``np.floor``), never the identity's; a
cast to a dtype known only at run time (``x.astype(y.dtype)``) decides which where it runs."""
from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np

from .cast_adjoints import adjoint_in_operand_dtype, in_operand_dtype
from .model import Spelling
from .registry import nondifferentiable, vjp_rule
from .rearranging import same_as_first
from .runtime import helper

FAMILY = "shape and construction"


@dataclass(frozen=True)
class _AsType(Spelling):
    """``x.astype(dtype)``."""

    def build(self, args, kwargs=()):
        return ast.Call(func=ast.Attribute(value=args[0], attr="astype", ctx=ast.Load()), args=list(args[1:]),
                        keywords=[])

    def __str__(self) -> str:
        return self.path


def to_floats(x, dtype):
    """``x.astype(dtype)`` for a float ``dtype`` (the key of its rule; never called)."""
    return np.asarray(x).astype(dtype)


def to_integers(x, dtype):
    """``x.astype(dtype)`` for an integer or boolean ``dtype`` (the key of its rule; never called)."""
    return np.asarray(x).astype(dtype)


@helper(linear="joint")
def cast_tangent(t, dtype):
    """The tangent of ``x.astype(dtype)`` (a float dtype): ``t.astype(dtype)``, where the tangent of
    a NumPy number may be a Python float, which has no ``astype`` (``np.minimum(x, 0.1).astype(...)``
    of a number: an AttributeError in forward mode)."""
    return t.astype(dtype) if hasattr(t, "astype") else np.asarray(t).astype(dtype)[()]


def _to_floats_tangent(t, y, x, dtype):
    return cast_tangent(t, dtype), None


def _adjoint_in_known_dtype(site, index, d_y):
    """where ``x``'s float dtype is known, the adjoint in that dtype written out (``d_y``, or
    ``np.asarray(d_y, dtype=np.float64)``: :func:`adjoint_in_operand_dtype`)."""
    return adjoint_in_operand_dtype(site, d_y, site.args[1]) if index == 0 and len(site.args) > 1 else None


@vjp_rule(to_floats, family=FAMILY, spelling=_AsType(path="x.astype(float dtype)"), linear="joint",
          shape_rule=same_as_first, jvp=_to_floats_tangent, specialized=_adjoint_in_known_dtype)
def _to_floats(d_y, y, x, dtype):
    return in_operand_dtype(d_y, x), None


nondifferentiable(to_integers, family=FAMILY, shape_rule=same_as_first,
                  spelling=_AsType(path="x.astype(integer dtype)"))


def to_dtype(x, dtype):
    """``x.astype(dtype)`` for a ``dtype`` known only at run time (``y_hat.astype(y.dtype)``,
    d2l's ``accuracy``; the key of its rule; never called)."""
    return np.asarray(x).astype(dtype)


@helper(linear="joint")
def inexact_part(d, dtype):
    """The adjoint or tangent of ``x.astype(dtype)`` for a run-time ``dtype``: ``d`` itself for a
    float or complex dtype (complex for a complex one: a real tangent of a value made complex, written
    into later, would lose what a complex value written adds), zeros for an integer or boolean one."""
    kind = np.dtype(dtype).kind
    if kind == "c" and not np.iscomplexobj(d):
        return np.asarray(d, dtype)
    return d if kind in "fc" else np.zeros(np.shape(d))


def _to_dtype_tangent(t, y, x, dtype):
    return inexact_part(t, dtype), None


@vjp_rule(to_dtype, family=FAMILY, spelling=_AsType(path="x.astype(dtype)"), shape_rule=same_as_first,
          jvp=_to_dtype_tangent)
def _to_dtype(d_y, y, x, dtype):
    return in_operand_dtype(inexact_part(d_y, dtype), x), None


def cast_for(dtype) -> object | None:
    """The cast primitive's key for a constant ``dtype`` (a type, a dtype, a name such as
    ``"float32"``): ``to_floats``, ``to_integers``, ``to_dtype`` for a complex dtype (the cast
    that passes the derivative on, a real argument's adjoint the real part), or None (not a
    dtype)."""
    try:
        kind = np.dtype(dtype).kind
    except TypeError:
        return None
    return to_floats if kind == "f" else to_integers if kind in "iub" else to_dtype if kind == "c" else None
