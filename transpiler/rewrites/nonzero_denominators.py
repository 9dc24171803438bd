"""Rewrite ``nonzero_denominators``: a quotient guarded against ``0 / 0``, ``x / np.where(x == 0,
1.0, z)``, as ``x / z`` where ``z`` cannot be zero: a clip away from zero, ``np.clip(p, 1e-6,
1 - 1e-6)``, or one minus it (a pass on the reverse sweep's IR, for calls: where dtypes are known).

``xlogy(x, z)`` is 0 wherever ``x`` is, for every ``z``: its partial in ``z`` is written ``x /
np.where(x == 0, 1.0, z)`` so that it is 0 there also where ``z`` is 0 (not ``0 / 0``). A binary
cross-entropy, ``xlogy(y, p) + xlogy(1 - y, 1 - p)`` with ``p`` clipped into ``[eps, 1 - eps]``,
then makes a comparison and a selection per term (about three passes over the data each, the
hand's quotient one). Where ``z`` is nonzero wherever it is a number the guard changes nothing:
``0 / z`` is 0 too (its sign that of ``z``).

``z`` counts as nonzero where it is, each value bound once at the top level and never written into:
``np.clip(u, lo, hi)``, ``np.maximum(u, lo)`` with a number ``lo > 0`` (``np.minimum(u, hi)``,
``hi < 0``), and a number added to, subtracted from or negating such a value with its range
still off zero (``1 - p``; IEEE arithmetic: ``a - b`` is 0 only where ``a == b``). The
numbers are read as each float dtype ``z`` may have holds them (float32 and wider where an operand
is float32: ``1 - 1e-9`` is 1 in float32, and then ``1 - p`` may be 0: left as it is). Where ``u`` is NaN, ``z`` is NaN and the quotient at ``x =
0`` NaN rather than 0: there the value ``xlogy(0, nan)`` is NaN itself, and the derivative
follows the chain rule (JAX's), as tests/api/test_derivatives_where_the_value_is_nan.py pins.
"""
from __future__ import annotations

import ast
import dataclasses
import math

import numpy as np

from ..ir.nodes import Assign, Const, Function, Var
from ..opt.repeated import fixed, written_values
from ..primitives.registry import lookup, spelled_as, spelled_as_which
from .shapes import FunctionFacts, known_kinds

NAME = "nonzero_denominators"
DESCRIPTION = "x / np.where(x == 0, 1.0, z) as x / z where z is clipped away from zero (xlogy's partial)"

_ADD, _SUB, _DIV, _NEG = (lookup(op) for op in (ast.Add, ast.Sub, ast.Div, ast.USub))
_ARITHMETIC = frozenset(lookup(op) for op in (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub))
_FLOATS = tuple(np.dtype(t) for t in (np.float16, np.float32, np.float64, np.longdouble))
_DEPTH = 8


def drop_zero_guards(fn: Function, named_shapes: dict, input_kinds: dict) -> Function:
    """``fn`` with each top-level quotient ``x / np.where(x == 0, 1.0, z)`` of a ``z`` nonzero
    by construction written ``x / z`` (``fn`` itself where there is none)."""
    candidates = [i for i, stmt in enumerate(fn.body) if _is_quotient(stmt)]
    if not candidates or not any(_calls(s, np.where) for s in fn.body):
        return fn
    found = _Values(FunctionFacts(fn, named_shapes), written_values(fn), known_kinds(fn, input_kinds))
    body = list(fn.body)
    for i in candidates:
        stmt = body[i]
        denominator = found.unguarded(stmt.args[0], stmt.args[1], i)
        if denominator is not None:
            body[i] = dataclasses.replace(stmt, args=(stmt.args[0], denominator))
    return fn if all(a is b for a, b in zip(body, fn.body)) else dataclasses.replace(fn, body=body)


def _is_quotient(stmt) -> bool:
    return isinstance(stmt, Assign) and stmt.prim is _DIV and len(stmt.args) == 2 and not stmt.kwargs \
        and isinstance(stmt.args[1], Var)


@dataclasses.dataclass
class _Values:
    facts: FunctionFacts
    written: frozenset
    kinds: dict

    def unguarded(self, numerator, guarded: Var, before: int):
        """``z`` where ``guarded`` is ``np.where(numerator == 0, c, z)`` (a nonzero number
        ``c``) and ``z`` is nonzero wherever it is a number; None else."""
        where = self._binding(guarded, before)
        if where is None or not _calls(where, np.where) or len(where.args) != 3 or where.kwargs:
            return None
        test, filler, z = where.args
        if not (_number(filler) and filler.value != 0 and self._is_zero_test(test, numerator, before)):
            return None
        return z if self._nonzero(z, before) else None

    def _binding(self, atom, before: int):
        """The one top-level ``Assign`` binding ``atom`` before position ``before``, its value
        the same everywhere (never written into); None else."""
        if not isinstance(atom, Var) or atom in self.written \
                or not fixed(atom, self.facts.chains, self.facts.position, before):
            return None
        stmt = self.facts.binding(atom)
        return stmt if isinstance(stmt, Assign) and not stmt.kwargs else None

    def _is_zero_test(self, test, numerator, before: int) -> bool:
        """Is ``test`` ``numerator == 0`` (or ``0 == numerator``), the compared value ``numerator``
        itself or the same operation on the same operands?"""
        stmt = self._binding(test, before)
        if stmt is None or getattr(getattr(stmt.prim, "spelling", None), "compare", None) is not ast.Eq \
                or len(stmt.args) != 2:
            return False
        for value, zero in (stmt.args, stmt.args[::-1]):
            if _number(zero) and zero.value == 0 and self._same_value(value, numerator, before):
                return True
        return False

    def _same_value(self, a, b, before: int) -> bool:
        """Is ``a`` the value ``b``: the same name, or one operator (``1 - y``) on the same operands?"""
        if a == b:
            return isinstance(a, Var)
        first, second = self._binding(a, before), self._binding(b, before)
        return first is not None and second is not None and first.prim is second.prim \
            and first.args == second.args and first.prim in (_ADD, _SUB)

    def _nonzero(self, z, before: int) -> bool:
        """Is ``z`` nonzero wherever it is a number, in each float dtype it may have?"""
        floor = self._least_precision(z, before)
        if floor is None:
            return False
        with np.errstate(all="ignore"):        # (a bound past float32's range reads as inf)
            return all(lo > 0 or hi < 0 for lo, hi in
                       (self._interval(z, d, before) for d in _FLOATS if d.itemsize >= floor))

    def _interval(self, atom, dtype, before: int, depth: int = 0) -> tuple:
        """``(lo, hi)``, numbers of ``dtype`` that ``atom``'s value (of ``dtype``) lies within
        wherever it is a number, ``(-inf, inf)`` where none is known: a clip's bounds, a
        maximum's or minimum's number, and through a negation or a number added or subtracted
        (rounding to nearest is monotone: ``c - v`` for ``v <= hi`` is at least ``c - hi`` rounded,
        and 0 only where it is exactly)."""
        unknown = (dtype.type(-np.inf), dtype.type(np.inf))
        stmt = self._binding(atom, before)
        if stmt is None or depth > _DEPTH:
            return unknown
        args = stmt.args
        if stmt.prim is _NEG and len(args) == 1:
            lo, hi = self._interval(args[0], dtype, before, depth + 1)
            return -hi, -lo
        if stmt.prim in (_ADD, _SUB) and len(args) == 2 and sum(map(_number, args)) == 1:
            (number, value), at = ((args[0], args[1]), 0) if _number(args[0]) else ((args[1], args[0]), 1)
            c, (lo, hi) = _as(number.value, dtype), self._interval(value, dtype, before, depth + 1)
            if stmt.prim is _ADD:
                return c + lo, c + hi
            return (c - hi, c - lo) if at == 0 else (lo - c, hi - c)
        return _bounds(stmt, unknown, dtype)

    def _least_precision(self, atom, before: int, depth: int = 0) -> int | None:
        """The fewest bytes of the float dtype ``atom`` may have: its kind's where known, else
        the most of its array operands' through arithmetic and ufuncs (NumPy's result holds each
        operand's float dtype; numbers, weak or not, only widen it); None where unknown or not a float."""
        kind = self.kinds.get(atom)
        if kind is not None:
            return int(kind[1:]) if kind[0] == "f" and kind[1:].isdigit() else None
        stmt = self.facts.binding(atom)        # (a write into an array keeps its dtype)
        if not isinstance(stmt, Assign) or stmt.kwargs or depth > _DEPTH or not (
                stmt.prim in _ARITHMETIC or getattr(stmt.prim, "ufunc", None) is not None or _calls(stmt, np.clip)):
            return None
        found = [self._least_precision(a, before, depth + 1) for a in stmt.args if isinstance(a, Var)]
        return max((f for f in found if f is not None), default=None)


def _bounds(stmt: Assign, unknown: tuple, dtype) -> tuple:
    """A clip's bounds, a maximum's or minimum's number, as ``dtype`` holds them; ``unknown``
    for other statements and for bounds that are not numbers."""
    which = spelled_as_which(stmt.prim, np.clip, np.maximum, np.minimum) if hasattr(stmt.prim, "spelling") else None
    args = stmt.args
    if which is np.clip and len(args) == 3:
        return (_as(args[1].value, dtype) if _number(args[1]) else unknown[0],
                _as(args[2].value, dtype) if _number(args[2]) else unknown[1])
    if which in (np.maximum, np.minimum) and len(args) == 2 and sum(map(_number, args)) == 1:
        c = _as(next(a for a in args if _number(a)).value, dtype)
        return (c, unknown[1]) if which is np.maximum else (unknown[0], c)
    return unknown


def _calls(stmt, function) -> bool:
    """Is ``stmt`` an ``Assign`` of ``function`` (a primitive a transform wrote has no spelling)?"""
    return isinstance(stmt, Assign) and hasattr(stmt.prim, "spelling") and spelled_as(stmt.prim, function)


def _number(atom) -> bool:
    return isinstance(atom, Const) and type(atom.value) in (int, float) and math.isfinite(atom.value)


def _as(value, dtype):
    """``value`` as an array of ``dtype`` holds it (``1 - 1e-9`` is 1.0 in float32)."""
    return np.asarray(value).astype(dtype)[()]
