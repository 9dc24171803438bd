"""Rewrite ``cholesky_terms``: the adjoint of a Cholesky factor's matrix from the terms of the
factor's adjoint whose own Cholesky adjoints are known in closed form (a pass on the reverse
sweep's IR, for calls: where shapes are known).

``L = np.linalg.cholesky(K)`` differentiates as ``d_K = cholesky_adjoint(d_L, L)``, ``½ L⁻ᵀ S
L⁻¹`` for ``S`` the product ``Lᵀ @ d_L`` mirrored: a triangular product and two solves with n
right-hand sides. The adjoint is linear in ``d_L``, which reverse mode builds as a sum of
contributions, one per reader of ``L``; two kinds have closed forms without the product:

* **a diagonal** ``diag(v)`` (``np.log(np.diag(L))``'s adjoint, ``v = g / diag(L)``): ``Lᵀ diag(v)``
  is upper triangular, so only its diagonal ``w = v * diag(L)`` survives the mirroring:
  ``½ L⁻ᵀ diag(w) L⁻¹`` (``cholesky_diagonal_adjoint``; for the log-determinant ``w = g``, ``½ g K⁻¹``);
* **two triangular outer products** ``tril(p zᵀ) + tril(q uᵀ)`` with ``p = L⁻ᵀ u`` and ``q =
  L⁻ᵀ z``: they are ``tril((G + Gᵀ) L)`` for ``G = p qᵀ``, the adjoint of ``L`` through ``K = L
  Lᵀ`` of a function of ``K`` alone, and the Cholesky adjoint of such a ``(G + Gᵀ) L`` is ``sym(G)``
  (it reads the lower triangle of ``Lᵀ d_L`` only, which ``tril`` keeps): ``½ (p qᵀ + q pᵀ)``
  (``symmetric_outer``), O(n²). ``cho_solve((L, True), b)`` (``L z = b``, ``Lᵀ α = z``) hands
  exactly these, ``u`` the adjoint of ``z`` and ``p = K⁻¹ d_α``: ``-sym(K⁻¹ d_α αᵀ)``, the
  derivative of ``K⁻¹ b``.

The contributions are traced through the top-level statements that bind them once (negations,
products by numbers, transposes, ``conjugated`` of real values); those of other shapes stay in a
``cholesky_adjoint`` of their sum, the closed forms added to it. Where every contribution has one
(a GP's ``cho_solve`` and ``log(diag(L))``), no product ``Lᵀ @ d_L`` is formed and the two solves
become one inversion of ``L``. Real values only (the complex factor's adjoint is another rule), and
a factor read as the lower triangle (``upper=False``). Exact in exact arithmetic.
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..analysis.complex_values import may_be_complex
from ..ir.nodes import Assign, Const, Copy, Function, Var, to_expr, walk
from ..opt.repeated import fixed, may_write
from ..primitives.decompositions import cholesky_diagonal_adjoint, symmetric_outer
from ..primitives.registry import lookup, spelled_as
from ..primitives.runtime import HELPERS
from ..primitives.linalg import diag_adjoint
from ..primitives.triangular import conjugated, triangular_outer, triangular_solve
from ..primitives.written import WrittenPrimitive, written
from .shapes import FunctionFacts
from .solve_reuse import scaling_step

NAME = "cholesky_terms"
DESCRIPTION = ("a Cholesky factor's adjoint from `log(diag(L))` and `cho_solve` in closed form, "
               "`½ L⁻ᵀ diag(w) L⁻¹` and `-sym(K⁻¹ d_α αᵀ)`: no product `Lᵀ @ d_L`")

_ADD, _SUB, _MUL, _NEG = lookup(ast.Add), lookup(ast.Sub), lookup(ast.Mult), lookup(ast.USub)
_SYMMETRIC_OUTER = lookup(symmetric_outer)


@dataclasses.dataclass(frozen=True)
class Outer:
    """``coefficient * tri(a bᵀ)``: the lower triangle of ``a bᵀ`` (``upper``: the upper one)."""

    coefficient: float
    a: Var
    b: Var
    upper: bool

    def scaled(self, factor: float, flips: bool) -> "Outer":
        if flips:       # tril(a bᵀ)ᵀ = triu(b aᵀ)
            return Outer(self.coefficient * factor, self.b, self.a, not self.upper)
        return dataclasses.replace(self, coefficient=self.coefficient * factor)


@dataclasses.dataclass(frozen=True)
class Diagonal:
    """``coefficient * diag(v)``."""

    coefficient: float
    v: Var

    def scaled(self, factor: float, flips: bool) -> "Diagonal":
        return dataclasses.replace(self, coefficient=self.coefficient * factor)


@dataclasses.dataclass(frozen=True)
class Item:
    """One contribution summed into the factor's adjoint: the value added (``source``, a Var) or
    the statement binding the sum's first value, with its sign, and what it was traced to."""

    sign: float
    source: object
    term: Outer | Diagonal | None


def solve_cholesky_terms(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each top-level ``cholesky_adjoint(d_L, L)`` whose ``d_L`` has terms of closed
    form computed from them (``fn`` itself where there is none)."""
    candidates = [i for i, stmt in enumerate(fn.body) if _adjoint_call(stmt) is not None]
    if not candidates:
        return fn
    rewriting = _Rewriting(fn, named_shapes)
    replaced = {i: new for i in candidates if (new := rewriting.rewritten(i)) is not None}
    if not replaced:
        return fn
    return dataclasses.replace(fn, body=[s for i, stmt in enumerate(fn.body) for s in replaced.get(i, [stmt])])


def _adjoint_call(stmt) -> tuple[Var, Var] | None:
    """``(d_L, L)`` of ``d_K = cholesky_adjoint(d_L, L, False)`` as the Cholesky rule wrote it."""
    if not (isinstance(stmt, Assign) and isinstance(stmt.prim, WrittenPrimitive) and len(stmt.args) == 2
            and all(isinstance(a, Var) for a in stmt.args)):
        return None
    printed = stmt.prim.primal([to_expr(a) for a in stmt.args])
    if not (isinstance(printed, ast.Call) and isinstance(printed.func, ast.Name)
            and printed.func.id == "cholesky_adjoint" and not printed.keywords and len(printed.args) in (2, 3)):
        return None
    by_name = {a.name: a for a in stmt.args}       # (the arguments in the order a walk meets them)
    read = [by_name.get(a.id) if isinstance(a, ast.Name) else None for a in printed.args[:2]]
    if None in read or read[0] == read[1]:
        return None
    if len(printed.args) == 3 and not (isinstance(printed.args[2], ast.Constant) and printed.args[2].value is False):
        return None
    return read[0], read[1]


def _writes_into(stmt) -> bool:
    """May ``stmt`` write into a value it reads? (A runtime helper's call, as the rules write
    ``cholesky_adjoint(d_L, L, False)``, makes its own arrays: opt/repeated.py's ``may_write``
    counts every written call.)"""
    if isinstance(stmt, Assign) and isinstance(stmt.prim, WrittenPrimitive):
        printed = stmt.prim.primal([to_expr(a) for a in stmt.args])
        if isinstance(printed, ast.Call) and isinstance(printed.func, ast.Name) and printed.func.id in HELPERS \
                and not any(k.arg == "out" for k in printed.keywords):
            return False
    return may_write(stmt)


class _Rewriting:
    def __init__(self, fn: Function, named_shapes: dict):
        self.fn = fn
        self.factor: Var | None = None      # the factor whose adjoint is rewritten
        self.facts = FunctionFacts(fn, named_shapes)
        self.complex = may_be_complex(fn, {})
        # (a value written into after it is bound, ``d_x[i] += g``, is not the one its binding made)
        self.written = {var for stmt in walk(fn.body) if _writes_into(stmt) for var in stmt.uses()}

    # ------------------------------------------------------------------ the sum's terms
    def rewritten(self, i: int) -> list | None:
        stmt = self.fn.body[i]
        g, factor = _adjoint_call(stmt)
        shape = self.facts.shapes.get(factor)
        if factor in self.complex or factor in self.written or not (isinstance(shape, tuple) and len(shape) == 2 and shape[0] == shape[1]):
            return None
        self.factor = factor
        items = self._items(g, i)
        if items is None:
            return None
        closed, rest = self._closed_forms(items, factor, i)
        if not closed or any(self.facts.shapes.get(item.source if isinstance(item.source, Var) else item.source.target)
                             != shape for item in rest):
            return None     # (a part broadcast in the sum would change shape in a sum of the rest alone)
        return self._emitted(stmt, factor, closed, rest)

    def _items(self, g: Var, i: int) -> list[Item] | None:
        """The contributions summed into ``g`` by the top-level statements binding it before
        ``i``: the first binding, then ``g = g + part`` or ``g = g - part`` each; a sum of two
        values split into its terms."""
        chains, position = self.facts.chains, self.facts.position
        bindings = chains.definitions.get(g, [])
        if not bindings or any(position.get(id(b), i) >= i for b in bindings):
            return None
        bindings = sorted(bindings, key=lambda b: position[id(b)])
        items = self._split(1.0, bindings[0], None, i)
        for binding in bindings[1:]:
            if items is None or not (isinstance(binding, Assign) and binding.prim in (_ADD, _SUB)
                                     and len(binding.args) == 2 and not binding.kwargs):
                return None
            if binding.args[0] == g and binding.args[1] != g:
                part, sign = binding.args[1], (1.0 if binding.prim is _ADD else -1.0)
            elif binding.prim is _ADD and binding.args[1] == g and binding.args[0] != g:
                part, sign = binding.args[0], 1.0
            else:
                return None
            if not fixed(part, chains, position, position[id(binding)]):
                return None
            more = self._split(sign, chains.definition(part), part, i)
            items = None if more is None else items + more
        return items

    def _split(self, sign: float, stmt, var: Var | None, i: int, depth: int = 0) -> list[Item] | None:
        """``stmt`` (binding ``var``; None: the sum's first binding) as contributions: the terms
        of a sum or difference of two values bound once, or one item."""
        if isinstance(stmt, Assign) and stmt.prim in (_ADD, _SUB) and len(stmt.args) == 2 and not stmt.kwargs \
                and depth < 4 and all(self._binding(a, i) is not None or self._stays(a, i) for a in stmt.args):
            left = self._split(sign, self._binding(stmt.args[0], i), stmt.args[0], i, depth + 1)
            right = self._split(-sign if stmt.prim is _SUB else sign, self._binding(stmt.args[1], i), stmt.args[1], i,
                                depth + 1)
            return None if left is None or right is None else left + right
        if var is None and not all(v not in self.written and fixed(v, self.facts.chains, self.facts.position, i)
                                   for v in stmt.uses()):
            return None     # (made again for cholesky_adjoint where it has no closed form)
        return [Item(sign, stmt if var is None else var, self._term(stmt, i))]

    def _term(self, stmt, i: int, depth: int = 0) -> Outer | Diagonal | None:
        """What ``stmt`` binds as one term, traced through the statements binding its operand
        once (negations, numbers, transposes, ``conjugated`` of a real value)."""
        if stmt is None or depth > 8 or not isinstance(stmt, (Assign, Copy)):
            return None
        if isinstance(stmt, Copy):
            return self._term(self._binding(stmt.source, i), i, depth + 1)
        if spelled_as(stmt.prim, diag_adjoint):
            return self._diagonal(stmt, i)
        if spelled_as(stmt.prim, triangular_outer):
            return self._outer(stmt, i)
        if spelled_as(stmt.prim, conjugated) and len(stmt.args) == 1 and stmt.args[0] not in self.complex:
            return self._term(self._binding(stmt.args[0], i), i, depth + 1)
        step = scaling_step(stmt)
        if step is None or not isinstance(step[2], Var):
            return None
        inner = self._term(self._binding(step[2], i), i, depth + 1)
        return inner.scaled(step[0], step[1]) if inner is not None else None

    def _binding(self, atom, i: int):
        """The one top-level statement binding ``atom`` before ``i``; None for anything else."""
        if not (isinstance(atom, Var) and atom not in self.written and fixed(atom, self.facts.chains, self.facts.position, i)):
            return None
        return self.facts.chains.definition(atom)

    def _diagonal(self, stmt: Assign, i: int) -> Diagonal | None:
        """``diag_adjoint(v, L, 0)``: ``diag(v)`` for a vector ``v``."""
        if len(stmt.args) != 3 or stmt.kwargs or stmt.args[2] != Const(0):
            return None
        v, matrix = stmt.args[0], stmt.args[1]
        n = self._size(matrix)
        if self._as_factor(matrix, self.factor, i) is None:
            return None
        if not (isinstance(v, Var) and self._stays(v, i) and n is not None and self.facts.shapes.get(v) == (n,)):
            return None
        return Diagonal(1.0, v)

    def _outer(self, stmt: Assign, i: int) -> Outer | None:
        """``triangular_outer(u, x, a, lower, transposed, False)``: ``tri(u xᵀ)`` (``tri(x uᵀ)``
        where transposed), the triangle of ``a`` read."""
        if len(stmt.args) != 6 or stmt.kwargs or stmt.args[5] != Const(False):
            return None
        u, x, matrix, lower, transposed, _ = stmt.args
        if not all(isinstance(c, Const) and type(c.value) is bool for c in (lower, transposed)):
            return None
        flipped = self._as_factor(matrix, self.factor, i)       # (its transpose: the upper triangle read)
        if flipped is None or lower.value == flipped:
            return None
        if not all(isinstance(v, Var) and self._stays(v, i) for v in (u, x)):
            return None
        n, shape = self._size(stmt.args[2]), self.facts.shapes.get(u)
        if n is None or shape != self.facts.shapes.get(x) or not (isinstance(shape, tuple) and 1 <= len(shape) <= 2
                                                                   and shape[0] == n):
            return None
        a, b = (x, u) if transposed.value else (u, x)
        return Outer(1.0, a, b, flipped)

    def _stays(self, var: Var, i: int) -> bool:
        """Does ``var`` hold one real value, the same at ``i``?"""
        return var not in self.complex and var not in self.written and fixed(var, self.facts.chains, self.facts.position, i)

    def _size(self, matrix) -> int | None:
        shape = self.facts.shapes.get(matrix)
        return shape[0] if isinstance(shape, tuple) and len(shape) == 2 and shape[0] == shape[1] else None

    # ------------------------------------------------------------------ closed forms
    def _closed_forms(self, items: list[Item], factor: Var, i: int) -> tuple[list, list[Item]]:
        """([(coefficient, kind, values)], the items left to ``cholesky_adjoint``)."""
        closed, used = [], set()
        terms = {k: dataclasses.replace(item.term, coefficient=item.sign * item.term.coefficient)
                 for k, item in enumerate(items) if item.term is not None}
        for k, term in terms.items():
            if isinstance(term, Diagonal):
                closed.append((term.coefficient, "diagonal", (term.v,)))
                used.add(k)
        outers = {k: t for k, t in terms.items() if isinstance(t, Outer) and not t.upper}
        for k, first in outers.items():
            if k in used:
                continue
            for j, second in outers.items():
                if j != k and j not in used and second.coefficient == first.coefficient \
                        and self._left_solve(first.a, second.b, factor, i) and self._left_solve(second.a, first.b, factor, i):
                    closed.append((first.coefficient, "outer", (first.a, second.a)))
                    used.update((k, j))
                    break
        return closed, [item for k, item in enumerate(items) if k not in used]

    def _as_factor(self, matrix, factor: Var, i: int) -> bool | None:
        """``False`` where ``matrix`` is ``factor`` (or ``conjugated`` of the real factor), ``True``
        where it is its transpose; None otherwise."""
        flipped = False
        for _ in range(4):
            if matrix == factor:
                return flipped
            stmt = self._binding(matrix, i)
            if isinstance(stmt, Assign) and spelled_as(stmt.prim, conjugated) and len(stmt.args) == 1:
                matrix = stmt.args[0]
                continue
            step = scaling_step(stmt) if isinstance(stmt, (Assign, Copy)) else None
            if step is None or step[0] != 1.0:
                return None
            flipped, matrix = flipped ^ step[1], step[2]
        return None

    def _left_solve(self, solution, rhs, factor: Var, i: int) -> bool:
        """Is ``solution`` bound to ``L⁻ᵀ rhs``: a triangular solve with ``factor`` transposed
        (or with its transpose, read as the upper triangle)?"""
        stmt = self._binding(solution, i)
        if not (isinstance(stmt, Assign) and spelled_as(stmt.prim, triangular_solve) and len(stmt.args) == 5
                and not stmt.kwargs and stmt.args[1] == rhs and stmt.args[4] == Const(False)):
            return False
        flipped = self._as_factor(stmt.args[0], factor, i)
        return flipped is not None and stmt.args[2] == Const(not flipped) and stmt.args[3] == Const(not flipped)

    # ------------------------------------------------------------------ the new statements
    def _emitted(self, stmt: Assign, factor: Var, closed: list, rest: list[Item]) -> list:
        g = _adjoint_call(stmt)[0]
        new: list = []
        terms = []          # (coefficient, value)
        for coefficient, kind, values in closed:
            value = Var(self.fn.names.temp())
            if kind == "diagonal":
                prim, _ = written(ast.Call(func=ast.Name(id="cholesky_diagonal_adjoint", ctx=ast.Load()),
                                           args=[to_expr(values[0]), to_expr(factor)], keywords=[]),
                                  {values[0].name, factor.name}.__contains__)
                new.append(Assign(value, prim, (values[0], factor), (), stmt.location))
            else:
                new.append(Assign(value, _SYMMETRIC_OUTER, values, (), stmt.location))
            terms.append((coefficient, value))
        if rest:
            summed = self._summed_rest(rest, stmt, new)
            value = Var(self.fn.names.temp())
            new.append(Assign(value, stmt.prim, tuple(summed if a == g else a for a in stmt.args), (),
                              stmt.location))     # cholesky_adjoint(rest, L), its arguments in the call's order
            terms.append((1.0, value))
        new.extend(_sum(terms, stmt.location, self.fn, stmt.target))
        new[-1] = dataclasses.replace(new[-1], rebinds=stmt.rebinds)
        return new

    def _summed_rest(self, rest: list[Item], stmt: Assign, new: list) -> Var:
        """The contributions without a closed form summed again, under new names (the sum's own
        name holds the whole sum)."""
        values = []
        for item in rest:
            if isinstance(item.source, Var):
                values.append((item.sign, item.source))
                continue
            first = Var(self.fn.names.temp())     # the first binding's own value, made again
            source = item.source
            new.append(Copy(first, source.source, stmt.location) if isinstance(source, Copy)
                       else Assign(first, source.prim, source.args, source.kwargs, stmt.location))
            values.append((item.sign, first))
        summed = Var(self.fn.names.temp())
        new.extend(_sum(values, stmt.location, self.fn, summed))
        return summed


def _sum(terms: list[tuple[float, Var]], location, fn: Function, final: Var) -> list:
    """Statements binding ``final`` to ``Σ coefficient * value``."""
    out: list = []
    total = None
    for k, (coefficient, value) in enumerate(terms):
        if abs(coefficient) != 1.0:
            scaled = Var(fn.names.temp())
            out.append(Assign(scaled, _MUL, (Const(abs(coefficient)), value), (), location))
            value = scaled
        name = final if k == len(terms) - 1 else Var(fn.names.temp())
        if total is None:
            out.append(Assign(name, _NEG, (value,), (), location) if coefficient < 0 else Copy(name, value, location))
        else:
            out.append(Assign(name, _ADD if coefficient > 0 else _SUB, (total, value), (), location))
        total = name
    return out
