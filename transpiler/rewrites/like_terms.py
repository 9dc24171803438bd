"""Rewrite ``like_terms``: a sum (or difference) of two multiples of one value, each transposed
alike, is that value times the factors' sum: ``0.5 * r.T + (0.5 * r).T`` is ``r.T``.

The chain rule writes one adjoint contribution per use of a value, and a value read twice in one
expression gets two that differ only by where a number or a transpose sits. A quadratic form
``np.sum(r * np.linalg.solve(K, r.T).T)`` gives ``r`` the adjoint ``0.5 * a + (0.5 * a.T).T``
(``a`` the solve's output): two scalings and a sum over the large array, where the hand writes
``a``, and the reduction after it then reads a strided array. The terms are traced back through
the statements binding them once (solve_reuse.py's steps: multiplications and divisions by number
literals, negations, transposes, copies); where both end at one value, the sum is that value
(transposed: an existing ``np.transpose`` of it, or a new one) times the summed factor, a copy of
it for a factor of 1.

Only where the result keeps its dtype: the value is known to be floating (a linear-algebra call's
output, a true division, arithmetic with a float literal, or a float64 value the analysis knows),
since ``0.5 * n + 0.5 * n`` is a float where ``n`` is an integer array and ``b + b`` a logical or
where ``b`` is boolean. Nothing any statement may write into is traced through, and a result
that would share the value's memory (a copy, a transposed view) is never one that is written
into. Exact where the factors' sum is (``0.5 + 0.5``); otherwise the same to rounding.
"""
from __future__ import annotations

import ast
import bisect
import dataclasses
import functools

import numpy as np

from ..ir.defuse import DefUse, def_use
from ..ir.nodes import Assign, Const, Copy, Function, Var, to_expr, walk
from ..opt.repeated import may_write
from ..primitives.registry import lookup
from ..primitives.written import WrittenPrimitive
from .shapes import known_kinds
from .solve_reuse import scaling_step

NAME = "like_terms"
DESCRIPTION = "a sum of two multiples of one value (transposed alike) as that value times the factors' sum"

_REDUCTIONS = frozenset({"sum", "mean", "max", "min", "prod"})


@dataclasses.dataclass(frozen=True)
class _Term:
    factor: float
    base: Var
    transposed: bool
    through: tuple          # the values the trace read, the term itself first
    bindings: tuple         # (statement, position) binding each value of ``through`` read ((None, -1): none)


def combine_like_terms(fn: Function, input_kinds: dict | None = None) -> Function:
    """``fn`` with each top-level ``p + q`` (``p - q``) whose terms are multiples of one value,
    transposed alike, computed as that multiple (``fn`` itself where there is none). ``input_kinds``:
    the parameters' and free names' dtype kinds by name (a float64 argument's residual
    ``r = model - y`` is then known to be floating)."""
    order = _Bindings(def_use(fn), {id(stmt): i for i, stmt in enumerate(fn.body)})
    written = _Writes(fn)   # (worked out for the first pair of like terms: most functions have none)
    kinds = None            # (likewise)
    body: list = []
    for i, stmt in enumerate(fn.body):
        terms = _like_terms(stmt, order, i, written)
        if terms is not None and kinds is None:
            kinds = known_kinds(fn, input_kinds)
        if terms is None or not _floating(terms[0], kinds):
            body.append(stmt)
            continue
        sign = 1.0 if stmt.prim.spelling.binop is ast.Add else -1.0
        factor = terms[0].factor + sign * terms[1].factor
        if (factor == 1.0 or terms[0].transposed) and stmt.target in written.at:
            body.append(stmt)       # (the result would share the value's memory, and is written into)
            continue
        body.extend(_multiple(stmt, factor, terms, fn, order, i))
    return fn if len(body) == len(fn.body) and all(a is b for a, b in zip(body, fn.body)) \
        else dataclasses.replace(fn, body=body)


def _like_terms(stmt, order: "_Bindings", i: int, written: "_Writes") -> tuple | None:
    """The two terms of ``stmt``, a sum or difference of multiples of one value transposed alike."""
    if not isinstance(stmt, Assign) or stmt.kwargs or len(stmt.args) != 2 \
            or stmt.prim.spelling.binop not in (ast.Add, ast.Sub):
        return None
    terms = [_traced(a, order, i) for a in stmt.args]
    if None in terms:
        return None
    first, second = terms
    if first.base != second.base or first.transposed != second.transposed:
        return None
    for term in terms:
        for var, (_, at) in zip(term.through, term.bindings):
            if any(at < where <= i for where in written.at.get(var, ())):
                return None     # (written into between its binding and the sum: not one value)
    return first, second


class _Writes:
    """:func:`_writes` of a function, worked out when first read."""

    def __init__(self, fn: Function):
        self.fn = fn

    @functools.cached_property
    def at(self) -> dict:
        return _writes(self.fn)


def _writes(fn: Function) -> dict:
    """Value -> the positions of the top-level statements that may write into it (a statement
    in a loop or branch at its loop's or branch's position)."""
    found: dict = {}
    for i, top in enumerate(fn.body):
        for stmt in walk([top]):
            if may_write(stmt) and not _reduces(stmt):
                for var in stmt.uses():
                    found.setdefault(var, []).append(i)
    return found


def _reduces(stmt) -> bool:
    """Is ``stmt`` a reduction method a transform wrote (``g.sum(axis=0)``), which reads only?"""
    if not (isinstance(stmt, Assign) and isinstance(stmt.prim, WrittenPrimitive)):
        return False
    printed = stmt.prim.primal([to_expr(a) for a in stmt.args])
    return isinstance(printed, ast.Call) and isinstance(printed.func, ast.Attribute) \
        and printed.func.attr in _REDUCTIONS and isinstance(printed.func.value, ast.Name) \
        and not any(k.arg == "out" for k in printed.keywords)


def _traced(atom, order: "_Bindings", before: int) -> _Term | None:
    """``atom`` as a number times a (transposed) value, traced through the top-level statements
    binding what it holds at position ``before`` (solve_reuse.py's steps; an adjoint's name is
    bound again as contributions are added, so the binding that reaches the read is the one
    taken); None where it is no such value or the value is not the same at ``before``."""
    factor, transposed, through, at, bindings = 1.0, False, [atom], before, []
    while True:
        found = _reaching(atom, order, at)
        if found is None:
            return None
        bindings.append(found)
        stmt, at = found
        step = scaling_step(stmt) if stmt is not None else None
        if step is None or not isinstance(step[2], Var):
            break
        scale, flips, atom = step
        factor, transposed = factor * scale, transposed ^ flips
        through.append(atom)
    if not _unchanged(atom, order, at, before):
        return None         # (rebound between: the base read at ``before`` would be another value)
    return _Term(factor, atom, transposed, tuple(through), tuple(bindings))


def _reaching(atom, order: "_Bindings", before: int) -> tuple | None:
    """(the top-level statement whose binding of ``atom`` reaches position ``before``, its
    position); (None, -1) for a value bound nowhere (a parameter); None where a binding is nested
    in a loop or branch, or none comes before."""
    if not isinstance(atom, Var):
        return None
    found = order.of(atom)
    if found is None:
        return None
    stmts, positions = found
    if not stmts:
        return None, -1
    k = bisect.bisect_left(positions, before) - 1
    if k < 0:
        return None
    return stmts[k], positions[k]


def _unchanged(atom: Var, order: "_Bindings", after: int, before: int) -> bool:
    """Is ``atom`` bound by no statement between positions ``after`` and ``before``?"""
    found = order.of(atom)
    if found is None:
        return False
    positions = found[1]
    k = bisect.bisect_right(positions, after)
    return k == len(positions) or positions[k] >= before


class _Bindings:
    """The top-level statements binding each value, in order of position: looked up by bisection,
    since an adjoint rebound once per contribution has as many bindings as its value has uses (a
    scan of them all per sum was quadratic in long code)."""

    def __init__(self, chains: DefUse, position: dict):
        self.chains, self.position = chains, position
        self._sorted: dict = {}

    def of(self, atom: Var) -> tuple | None:
        """(statements, their positions) binding ``atom``, by position; None where one is nested."""
        if atom not in self._sorted:
            bindings = self.chains.definitions.get(atom, [])
            if any(id(b) not in self.position for b in bindings):
                self._sorted[atom] = None
            else:
                ordered = sorted(bindings, key=lambda b: self.position[id(b)])
                self._sorted[atom] = (ordered, [self.position[id(b)] for b in ordered])
        return self._sorted[atom]


def _floating(term: _Term, kinds: dict) -> bool:
    """Is the term's value known to be floating (so that scaling it keeps its dtype)?"""
    if kinds.get(term.base, "")[:1] in ("f", "c"):
        return True
    stmt = term.bindings[-1][0]
    if not isinstance(stmt, Assign):
        return False
    spelling = stmt.prim.spelling
    if stmt.prim.floating_result or spelling.binop is ast.Div:
        return True
    return spelling.binop in (ast.Mult, ast.Add, ast.Sub) \
        and any(isinstance(a, Const) and type(a.value) is float for a in stmt.args)


def _multiple(stmt: Assign, factor: float, terms: tuple, fn: Function, order: "_Bindings",
              i: int) -> list:
    """Statements binding ``stmt``'s target to ``factor`` times the terms' (transposed) value."""
    base, extra = terms[0].base, []
    if terms[0].transposed:
        shown = _transposed(base, terms, order, i)
        if shown is None:
            shown = Var(fn.names.temp())
            extra.append(Assign(shown, lookup(np.transpose), (base,), (), stmt.location))
        base = shown
    if factor == 1.0:
        return [*extra, Copy(stmt.target, base, stmt.location, rebinds=stmt.rebinds)]
    number = int(factor) if factor.is_integer() else factor
    return [*extra, Assign(stmt.target, lookup(ast.Mult), (Const(number), base), (), stmt.location,
                           rebinds=stmt.rebinds)]


def _transposed(base: Var, terms: tuple, order: "_Bindings", i: int) -> Var | None:
    """A value the terms' traces read that is ``base`` transposed, itself (``np.transpose``),
    and still so at position ``i``."""
    for term in terms:
        for var, (stmt, at) in zip(term.through, term.bindings):
            if stmt is not None and scaling_step(stmt) == (1.0, True, base) \
                    and _unchanged(var, order, at, i):
                return var
    return None
