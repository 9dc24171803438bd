"""A cast's adjoint in its operand's dtype: a float64 value read as float32 (``x.astype(np.float32)``,
``np.asarray(x, dtype=np.float32)``, ``np.float32(x)``) has a float64 adjoint, as a gradient has its
argument's dtype (docs/syntax.md); a float32 value read as float64 a float32 one. Used by the rules of
the casts (casts.py) and of the calls that cast on the way (shape.py, selecting.py)."""
from __future__ import annotations

import ast

import numpy as np

from ..ir.code import dotted
from .runtime import helper
from .target import NUMPY


@helper(linear="joint")
def in_operand_dtype(d, x):
    """The adjoint of a cast ``x.astype(dtype)`` in ``x``'s own float dtype: a float64 ``x`` read
    as float32 has a float64 adjoint (a gradient has its argument's dtype), a float32 ``x`` read as
    float64 a float32 one. Where ``x`` is not a float array or NumPy number, ``d`` as it is."""
    dtype = getattr(x, "dtype", None)
    d_dtype = getattr(d, "dtype", dtype)          # (a complex adjoint stays: the API takes the real part)
    if getattr(dtype, "kind", None) != "f" or d_dtype == dtype or getattr(d_dtype, "kind", "f") != "f":
        return d
    return d.astype(dtype)


def adjoint_in_operand_dtype(site, d_y, dtype: ast.expr | None):
    """The adjoint of a cast of ``x`` (argument 0) to the float ``dtype`` (``x.astype(D)``,
    ``np.asarray(x, dtype=D)``, ``np.float32(x)``) in ``x``'s own dtype: ``d_y`` itself where the
    cast keeps ``x``'s dtype (analysis/kinds.py), ``d_y`` read as ``x``'s dtype where it changes it,
    and the run-time :func:`in_operand_dtype` where ``x``'s dtype is not known. None (the rule as
    it is) for no ``dtype`` or one not written out."""
    target = _dtype_named(dtype) if dtype is not None else None
    if target is None:
        return None
    kind = site.arg_kinds[0] if site.arg_kinds else None
    if kind not in ("f2", "f4", "f8") or site.target is not NUMPY:
        return ast.Call(func=ast.Name(id="in_operand_dtype", ctx=ast.Load()), args=[d_y, site.args[0]], keywords=[])
    if np.dtype(kind) == target:
        return d_y
    name = dotted(f"np.{np.dtype(kind).name}")
    if site.arg_shapes and site.arg_shapes[0] == ():
        return ast.Call(func=name, args=[d_y], keywords=[])
    return ast.Call(func=dotted("np.asarray"), args=[d_y], keywords=[ast.keyword(arg="dtype", value=name)])


def _dtype_named(node: ast.expr) -> np.dtype | None:
    """The float dtype a cast's argument names where it is written out (``np.float32``,
    ``"float32"``, ``float``), else None."""
    if isinstance(node, ast.Constant):
        value = node.value
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("np", "numpy"):
        value = getattr(np, node.attr, None)
    elif isinstance(node, ast.Name) and node.id == "float":
        value = float
    else:
        return None
    try:
        dtype = np.dtype(value)
    except TypeError:
        return None
    return dtype if dtype.kind == "f" else None


def adjoint_in_given_dtype(site, index, d_y):
    """with a float dtype given (``np.asarray(x, dtype=np.float32)``), the adjoint in ``x``'s own
    dtype (:func:`adjoint_in_operand_dtype`; ``d_y`` without one: shape.py)."""
    given = dict(site.kwargs).get("dtype", site.args[1] if len(site.args) > 1 else None)
    return adjoint_in_operand_dtype(site, d_y, given) if index == 0 else None
