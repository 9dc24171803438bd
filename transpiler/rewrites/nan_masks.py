"""Rewrite ``nan_masks``: a NaN mask that scales a value already NaN where the mask is True dropped:
``np.where(np.isnan(p), 0.0, s) * y`` as ``s * y`` where ``y`` is NaN wherever ``p`` is (a pass on
the reverse sweep's IR, for calls: where shapes and dtypes are known).

``np.nansum(v)`` is ``np.where(np.isnan(v), 0.0, v).sum()``: its adjoint is the seed where ``v`` is
not NaN and zero where it is, ``np.where(np.isnan(v), 0.0, g)``, a full array made from a number.
When ``v`` is ``e ** 2`` its adjoint goes on as that selection times ``2 * e``, and ``2 * e`` is NaN
wherever ``e ** 2`` is: the selection's zero times NaN is NaN, as the seed times NaN is. So the
product is ``g * (2 * e)`` itself, elementwise and in every bit but NaN's sign; the mask, and the
forward sweep's ``v`` kept only for it, die where nothing else reads them.

Exact (not only in exact arithmetic): where ``p`` is NaN both are NaN, elsewhere both are ``s * y``.
``y`` counts as NaN wherever ``p`` is when ``p`` is ``y``, ``x ** k`` for an integer ``k`` of a real
``x`` (``inf ** 2`` is ``inf``, never NaN; a complex ``x`` is left: ``(inf + 0j) ** 2`` is NaN), ``-x``,
``abs(x)``, ``np.square(x)`` or a nonzero finite literal times it of such an ``x``, and ``y`` is ``x`` or a sum, difference, product or quotient with
``x`` as an operand (IEEE arithmetic on a NaN is NaN), a nonzero power of it, ``np.sign`` or
``np.exp`` of it (functions that keep NaN), each value on the way bound once and of one
known shape (each element matches one element). Only where the product's shape and dtype are those
of ``s * y`` (the mask does not broadcast it, nor widen a float32 ``y`` to float64).
"""
from __future__ import annotations

import ast
import dataclasses
import math

import numpy as np

from ..ir.nodes import Assign, Const, Function, Var
from ..primitives.registry import lookup, spelled_as
from .shapes import FunctionFacts, known_kinds

NAME = "nan_masks"
DESCRIPTION = ("np.where(np.isnan(e ** 2), 0.0, g) * (2 * e) as g * (2 * e): a mask of NaNs the "
               "product has already")

_MULT = lookup(ast.Mult)
_ELEMENTWISE = (ast.Add, ast.Sub, ast.Mult, ast.Div)
_DEPTH = 8
# unary functions whose value at NaN is NaN
_KEEP_NAN = (np.negative, np.abs, np.square, np.sqrt, np.exp, np.log, np.sign, np.sin, np.cos, np.tanh)


def drop_nan_masks(fn: Function, named_shapes: dict, input_kinds: dict) -> Function:
    """``fn`` with each top-level product of a NaN mask and a value NaN wherever the mask is True
    written as the masked number times that value (``fn`` itself where there is none)."""
    candidates = [i for i, stmt in enumerate(fn.body) if _is_binop(stmt, ast.Mult)]
    if not candidates or not any(_is_nan_test(stmt) for stmt in fn.body):
        return fn
    facts = FunctionFacts(fn, named_shapes)
    kinds = known_kinds(fn, input_kinds)
    body = list(fn.body)
    for i in candidates:
        stmt = body[i]
        found = _masked_product(stmt, facts, kinds)
        if found is None:
            continue
        scale, value = found
        if not _keeps_kind(stmt, value, kinds):
            continue
        body[i] = Assign(stmt.target, _MULT, (scale, value), (), stmt.location, rebinds=stmt.rebinds)
    return fn if all(a is b for a, b in zip(body, fn.body)) else dataclasses.replace(fn, body=body)


def _masked_product(stmt: Assign, facts: FunctionFacts, kinds: dict):
    """(``s``, ``y``) where ``stmt`` is ``np.where(np.isnan(p), 0, s) * y`` (either order), ``y``
    NaN wherever ``p`` is and the product of ``y``'s shape; None else."""
    for mask, value in (stmt.args, stmt.args[::-1]):
        selection = facts.binding(mask)
        if selection is None or not _is_filled_zero(selection):
            continue
        test = facts.binding(selection.args[0])
        if test is None or not _is_nan_test(test):
            continue
        scale, tested = selection.args[2], test.args[0]
        shape = facts.shapes.get(stmt.target)
        if shape is None or facts.shapes.get(value) != shape or _shape_of(scale, facts) not in ((), shape):
            continue
        if _nans_within(tested, value, facts, kinds, shape):
            return scale, value
    return None


def _nans_within(tested, value, facts: FunctionFacts, kinds: dict, shape, depth: int = 0) -> bool:
    """Is ``value`` NaN wherever ``tested`` is (both of ``shape``)?"""
    if tested == value:
        return True
    if depth > _DEPTH or not isinstance(tested, Var) or facts.shapes.get(tested) != shape:
        return False
    if _nan_propagates_to(tested, value, facts, shape):
        return True
    stmt = facts.binding(tested)
    if stmt is None:
        return False
    base = _real_nan_source(stmt, kinds)
    return base is not None and _nans_within(base, value, facts, kinds, shape, depth + 1)


def _real_nan_source(stmt: Assign, kinds: dict):
    """``x`` where ``stmt`` is NaN exactly where ``x`` is: ``x ** k`` (an integer ``k``), ``-x``,
    ``abs(x)``, ``np.square(x)``, ``3.0 * x``, of a real ``x``; None else."""
    args = stmt.args
    if stmt.kwargs or not args or not isinstance(args[0], Var):
        return None
    if _is_binop(stmt, ast.Pow):
        k = args[1]
        exact = isinstance(k, Const) and type(k.value) in (int, float) and float(k.value).is_integer()
        return args[0] if exact and _is_real(args[0], kinds) else None
    if len(args) == 1 and (stmt.prim.spelling.unaryop is ast.USub or spelled_as(stmt.prim, np.negative, np.abs, np.square)):
        return args[0] if _is_real(args[0], kinds) else None
    scaled = _scaled_by_number(stmt)
    return scaled if scaled is not None and _is_real(scaled, kinds) else None


def _scaled_by_number(stmt: Assign):
    """``x`` where ``stmt`` is ``c * x``, ``x * c`` or ``x / c`` for a nonzero finite literal ``c``
    (``c * inf`` is infinite, never NaN); None else."""
    binop, args = stmt.prim.spelling.binop, stmt.args
    if len(args) != 2:         # (one operand, `np.cosh(x)`: neither product nor quotient)
        return None
    orders = {ast.Mult: (args, args[::-1]), ast.Div: ((args[1], args[0]),)}.get(binop, ())
    for number, x in orders:
        if isinstance(number, Const) and type(number.value) in (int, float) and number.value != 0 \
                and math.isfinite(number.value) and isinstance(x, Var):
            return x
    return None


def _nan_propagates_to(source: Var, value, facts: FunctionFacts, shape, depth: int = 0) -> bool:
    """Is ``value`` ``source``, or elementwise math on it that keeps a NaN a NaN, each step of
    ``shape`` (a NaN of ``source`` is a NaN of ``value`` at the same place)?"""
    if value == source:
        return True
    if depth > _DEPTH or not isinstance(value, Var) or facts.shapes.get(value) != shape:
        return False
    stmt = facts.binding(value)
    if stmt is None or stmt.kwargs:
        return False
    return any(_nan_propagates_to(source, a, facts, shape, depth + 1) for a in _nan_operands(stmt))


def _nan_operands(stmt: Assign) -> tuple:
    """The operands of ``stmt`` a NaN of which makes its result NaN at that place: both of
    ``+ - * /`` (IEEE arithmetic on a NaN is NaN), a power's base where the exponent is a nonzero
    number (``nan ** 0`` is 1), the one of a unary function that keeps NaN."""
    binop, args = stmt.prim.spelling.binop, stmt.args
    if len(args) == 2 and binop in _ELEMENTWISE:
        return args
    if len(args) == 2 and binop is ast.Pow and isinstance(args[1], Const) and type(args[1].value) in (int, float) \
            and args[1].value != 0:
        return args[:1]
    if len(args) == 1 and (stmt.prim.spelling.unaryop is ast.USub or spelled_as(stmt.prim, *_KEEP_NAN)):
        return args
    return ()


def _is_filled_zero(stmt: Assign) -> bool:
    """``np.where(c, 0, s)``: zero where ``c`` is True."""
    if not (spelled_as(stmt.prim, np.where) and len(stmt.args) == 3 and not stmt.kwargs):
        return False
    zero = stmt.args[1]
    return isinstance(zero, Const) and type(zero.value) in (int, float) and zero.value == 0


def _is_nan_test(stmt) -> bool:
    return (isinstance(stmt, Assign) and spelled_as(stmt.prim, np.isnan) and len(stmt.args) == 1
            and not stmt.kwargs)


def _is_binop(stmt, op) -> bool:
    return isinstance(stmt, Assign) and stmt.prim.spelling.binop is op and len(stmt.args) == 2 and not stmt.kwargs


def _is_real(atom, kinds: dict) -> bool:
    kind = kinds.get(atom)
    return kind is not None and kind[0] in "fiub"


def _shape_of(atom, facts: FunctionFacts):
    if isinstance(atom, Const):
        return np.shape(atom.value) if isinstance(atom.value, (int, float)) else None
    return facts.shapes.get(atom)


def _keeps_kind(stmt: Assign, value, kinds: dict) -> bool:
    """Is the product's dtype ``value``'s: known to be, or ``value`` float64 or complex128, which
    no number, and no mask of one, widens (a float32 ``y`` times a Python float is float32, times
    the mask's float64 array float64)?"""
    kind = kinds.get(value)
    return kind in ("f8", "c16") or kind is not None and kind == kinds.get(stmt.target)
