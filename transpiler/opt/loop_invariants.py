"""Pure values a loop's iterations do not change computed once, before the loop, in the function's
own SSA before it is differentiated (driver/pipeline.py runs it as the ``loop_invariants`` stage,
between ``specialize`` and ``ad``).

A Kalman filter written as the maths reads (``P = F @ P @ F.T + Q``, ``(np.eye(2) - K @ H) @ P``)
transposes ``F`` and ``H`` and builds the identity in every step; so did its derivative, in the
forward sweep and again in the reverse one. Moved before the loop on the primal, each is computed
once, and the transforms see a value from outside the loop: forward mode computes its tangent
once too, reverse mode keeps it across the sweeps (no tape, no recomputation per iteration) and
accumulates its adjoint over the iterations, taking the adjoint of the statement itself once
(``inv(A)``'s two products, after the loop).

A statement moves where it computes a value from its operands and nothing else (an operator or
a NumPy function: no runtime helper, no effect, no draw, no pop, no element update, no
container made, no ``out=``), all its operands are bound
outside the loop (or by statements moved before it), it is at the top level of the loop's body
(run in every iteration) and nothing writes in place into its operands or its result, through a
view either. And it must not raise where the loop would not have run it: either it cannot raise
(a transpose, ``np.eye(3)`` of constants, ``+ - *`` of operands whose shapes are known and
broadcast, a matrix product of known, matching shapes) or the loop surely runs at least once
(a ``range`` of constants with a positive trip count). A statement that allocates an array a
later write may take for its own (``np.eye(2)``), or any array (``p[k] = x * 1.0`` in a loop over
keys would make every entry one array), moves only where every reader computes a new value from it
(arithmetic, a product), never stores it, views it or returns it.

Two kinds of statement stay for other passes: arithmetic on numbers giving a number (``-k``,
``i0 + i1``), which the ``invariants`` pass moves out of both sweeps' loops of the derivative
without an adjoint of its own to sum; and element and slice reads (``x[i]`` in an inner loop),
a view's cost, which moved between the loops of a nest would keep it from being one loop over
the index pairs (opt/nests.py).
"""
from __future__ import annotations

import ast

import numpy as np

from ..ir.liveness import pops
from ..ir.nodes import Assign, Const, Function, Loop, Var, to_expr, walk
from ..primitives.opaque import is_opaque
from ..primitives.registry import lookup, spelled_as, spelled_in
from ..primitives.written import WrittenPrimitive
from .invariants import hoisted
from .repeated import written_values

_NEVER_RAISING_ARITHMETIC = {id(lookup(op)) for op in (ast.Add, ast.Sub, ast.Mult, np.add, np.subtract, np.multiply)}
_PRODUCTS = {id(lookup(op)) for op in (ast.MatMult, np.matmul)}


def hoist_loop_invariants(fn: Function, shapes: dict) -> Function:
    """``fn`` (the function's SSA) with its loops' invariant pure statements computed before them
    (``fn`` itself where there is none). ``shapes``: the known shapes of its values, by name."""
    if not any(isinstance(stmt, Loop) for stmt in walk(fn.body)):
        return fn
    return hoisted(fn, _Invariants(fn, shapes).movable)


class _Invariants:
    """Which statements of a loop's body :func:`hoist_loop_invariants` moves."""

    def __init__(self, fn: Function, shapes: dict):
        self.shapes = shapes
        self.written = _written_through_views(fn)
        self.readers: dict[str, list] = {}
        for stmt in walk(fn.body):
            for v in (stmt.uses() if not isinstance(stmt, Loop) else ()):
                self.readers.setdefault(v.name, []).append(stmt)
        self.result = fn.result.name if isinstance(fn.result, Var) else None

    def movable(self, stmt: Assign, loop: Loop) -> bool:
        if stmt.prim.pattern is not None or self._numbers_only(stmt):
            return False
        if not _pure(stmt) or stmt.target.name in self.written or any(v.name in self.written for v in stmt.uses()):
            return False
        if not self._consumed(stmt.target):      # (computed once, one array would be every iteration's)
            return False
        return self._cannot_raise(stmt) or _runs_at_least_once(loop)

    def _numbers_only(self, stmt: Assign) -> bool:
        """Arithmetic on numbers giving a number: left to the ``invariants`` pass on the
        derivative, which moves it out of both sweeps' loops with no adjoint of its own to sum."""
        return self._shape(stmt.target) == () and all(self._shape(a) == () for a in stmt.args)

    def _consumed(self, target: Var) -> bool:
        """Does every reader of ``target`` compute a new value from it (never keep it, store it,
        view it, return it)?"""
        if target.name == self.result:
            return False
        return all(isinstance(r, Assign) and _pure(r) and not r.prim.allocates and not r.prim.may_view(r.args)
                   for r in self.readers.get(target.name, []))

    def _cannot_raise(self, stmt: Assign) -> bool:
        prim = stmt.prim
        if spelled_as(prim, np.transpose) and len(stmt.args) == 1 and not stmt.kwargs:
            return True
        if spelled_as(prim, np.eye, np.zeros, np.ones) and not stmt.kwargs:
            return all(isinstance(a, Const) and type(a.value) is int and a.value >= 0 for a in stmt.args)
        if stmt.kwargs or len(stmt.args) != 2:
            return False
        shapes = [self._shape(a) for a in stmt.args]
        if any(s is None for s in shapes):
            return False
        if id(prim) in _NEVER_RAISING_ARITHMETIC:
            return _broadcast(*shapes)
        return id(prim) in _PRODUCTS and _multiplies(*shapes)

    def _shape(self, atom) -> tuple | None:
        """A known shape of an array or number (a float or an integer constant's ``()``)."""
        if isinstance(atom, Const):
            return () if type(atom.value) in (int, float) else None
        shape = self.shapes.get(atom.name)
        return shape if isinstance(shape, tuple) and all(type(n) is int for n in shape) else None


def _pure(stmt) -> bool:
    """Does ``stmt`` compute a value from its operands and nothing else? An operator or a NumPy
    function only: the runtime helpers of generated code (differentiated again, for a Hessian)
    include some that write into an argument (``add_into(zeros_like_adjoint(r), k, g)``)."""
    if not isinstance(stmt, Assign) or isinstance(stmt.prim, WrittenPrimitive) or is_opaque(stmt.prim):
        return False
    prim = stmt.prim
    spelling = prim.spelling
    if not (spelling.binop or spelling.unaryop or spelling.compare or spelled_in(prim, np)):
        return False
    if prim.effect or prim.pops or prim.updates or prim.display or prim.container or prim.recursive is not None:
        return False
    if any(name == "out" for name, _ in stmt.kwargs):
        return False
    value = prim.primal([to_expr(a) for a in stmt.args], [(k, to_expr(v)) for k, v in stmt.kwargs])
    return not pops(value)


def _written_through_views(fn: Function) -> frozenset[str]:
    """The names of the values some statement may write into, and of those they may be views of."""
    written = {v.name for v in written_values(fn)}
    views = [s for s in walk(fn.body) if isinstance(s, Assign) and s.prim.may_view(s.args)]
    grown = True
    while grown:
        grown = False
        for stmt in views:
            if stmt.target.name in written:
                new = {v.name for v in stmt.uses()} - written
                written |= new
                grown = grown or bool(new)
    return frozenset(written)


def _runs_at_least_once(loop: Loop) -> bool:
    """Is ``loop`` a ``for`` loop over a range of constants that is not empty? (Its first iteration
    then runs every top-level statement of its body: a ``break`` leaves the rest of an iteration
    under a branch.)"""
    counted = (loop.kind == "for" and loop.count is None and loop.first is None and bool(loop.range_args)
               and all(isinstance(a, Const) and type(a.value) is int for a in loop.range_args))
    return counted and len(range(*(a.value for a in loop.range_args))) > 0


def _broadcast(a: tuple, b: tuple) -> bool:
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


def _multiplies(a: tuple, b: tuple) -> bool:
    """Does ``a @ b`` of these shapes (vectors or matrices) have matching inner dimensions?"""
    if not (1 <= len(a) <= 2 and 1 <= len(b) <= 2):
        return False
    return a[-1] == (b[0] if len(b) == 1 else b[-2])
