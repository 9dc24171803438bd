"""Rewrite ``shift_invariance``: softmax, log-softmax and logsumexp pass no derivative to the shift.

``z = a - c`` followed by ``exp(z) / sum(exp(z))`` (softmax), ``z - log(sum(exp(z)))``
(log-softmax) or ``c + log(sum(exp(a - c)))`` (logsumexp) is the same function of ``a`` whatever
``c`` is, when ``c`` is constant along the summed axes (the usual ``c = np.max(a, axis=k,
keepdims=True)``, subtracted so that ``exp`` cannot overflow). ``c``'s adjoint is then exactly
zero in exact arithmetic (in floating point the sum of a softmax's adjoint is rounding noise): the
edges found carry none, so ``c`` and the ``np.max`` computing it get no adjoint at all. Switched
off, the same gradient is computed the long way (the ``np.max``'s adjoint included), equal to
rounding.

The sum may drop its axes (``np.sum(e, axis=1)``) when the value added back or divided by is the
same numbers reshaped to fit: ``m[:, 0] + log(sum(exp(a - m), axis=1))`` with ``m`` kept,
``m + log(sum(exp(a - m[:, None]), axis=1))`` with it dropped, ``e / e.sum(1)[:, None]``. Those
reshapes (``[:, 0]``, ``[:, None]``, ``np.reshape``, ``np.squeeze``, ``np.expand_dims``,
``np.ravel``) must keep every number in its order, which the shapes known for a call show.
"""
from __future__ import annotations

import ast
import math

import numpy as np

from ..analysis.facts import Facts
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives.registry import spelled_as

NAME = "shift_invariance"
DESCRIPTION = ("no derivative into the max subtracted in a softmax, log-softmax or logsumexp "
               "(it cancels exactly)")



def find(fn: Function, shapes: dict) -> Facts:
    return Facts(cut=invariant_shifts(fn, shapes))


def invariant_shifts(fn: Function, shapes: dict) -> frozenset:
    """Where a value is subtracted only to be cancelled exactly, so no derivative flows through it:

    * softmax, ``e = np.exp(a - c); e / np.sum(e, axis=k, keepdims=True)``;
    * log-softmax, ``z = a - c; z - np.log(np.sum(np.exp(z), axis=k, keepdims=True))``;
    * logsumexp, ``c + np.log(np.sum(np.exp(a - c), axis=k, keepdims=True))``;

    each the same function of ``a`` whatever ``c`` is when ``c`` is constant along axis ``k``
    (the usual ``c = np.max(a, axis=k, keepdims=True)``, subtracted so that ``exp`` cannot
    overflow), and each also with the sum's axes dropped where reshapes put them back (see the
    module's docstring). Mathematically ``c``'s adjoint is exactly zero there; the edges
    returned carry none, so ``c`` (and the ``np.max`` computing it) gets no adjoint at all.
    Returns ``(id(statement), position)`` pairs."""
    graph = Graph(fn, shapes)
    cut = set()
    for shift in walk(fn.body):
        if not (_is_binop(shift, ast.Sub, np.subtract) and isinstance(shift.args[1], Var)):
            continue
        z, c = graph.copied_onwards(shift.target), shift.args[1]
        z_uses = graph.uses.get(z, [])
        exps = [u for u, i in z_uses if _is(u, np.exp)]
        if not exps:
            continue
        e_uses = graph.uses.get(exps[0].target, [])
        total = next((u for u, _ in e_uses if _is(u, np.sum)), None)
        if total is None or not graph.constant_along(c, total, z):
            continue
        if len(e_uses) == 2 and len(z_uses) == 1:
            if graph.is_softmax(exps[0].target, total, z):
                cut.add((id(shift), 1))
            continue
        if len(e_uses) != 1:
            continue
        log, _ = graph.only_use(total.target)
        if not _is(log, np.log):
            continue
        summed = graph.reshaped_onwards(log.target)
        out, position = graph.only_use(summed)
        if (_is_binop(out, ast.Sub, np.subtract) and position == 1 and out.args[0] == z and len(z_uses) == 2
                and graph.fits_back(summed, log.target, total, z)):
            cut.add((id(shift), 1))                              # log-softmax
        elif (_is_binop(out, ast.Add, np.add) and len(z_uses) == 1
              and graph.same_numbers(out.args[1 - position], c, summed)):
            cut.update({(id(shift), 1), (id(out), 1 - position)})    # logsumexp
    return frozenset(cut)


def _is(stmt, function) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, function)


def _is_binop(stmt, op, function) -> bool:
    return isinstance(stmt, Assign) and (stmt.prim.spelling.binop is op or spelled_as(stmt.prim, function))


def _keywords(stmt: Assign) -> dict | None:
    """``stmt``'s keyword arguments, or None where one is not a constant."""
    found = {k: v.value for k, v in stmt.kwargs if isinstance(v, Const)}
    return found if len(found) == len(stmt.kwargs) else None


def _known(shape) -> bool:
    return isinstance(shape, tuple) and all(type(n) is int for n in shape)


class Graph:
    """The uses and definitions of ``fn``'s values, and its known shapes."""

    def __init__(self, fn: Function, shapes: dict):
        self.shapes = shapes
        self.uses: dict[Var, list] = {}
        for stmt in walk(fn.body):
            args = stmt.args if isinstance(stmt, (Assign, Effect)) else ()
            for i, atom in enumerate(args):
                if isinstance(atom, Var):
                    self.uses.setdefault(atom, []).append((stmt, i))
            for _, atom in getattr(stmt, "kwargs", ()):
                if isinstance(atom, Var):
                    self.uses.setdefault(atom, []).append((stmt, None))
            for atom in (stmt.uses() if isinstance(stmt, (Copy, If, Loop)) else ()):
                self.uses.setdefault(atom, []).append((stmt, None))
        if isinstance(fn.result, Var):
            self.uses.setdefault(fn.result, []).append((None, None))
        self.definitions = {s.target: s for s in walk(fn.body) if isinstance(s, Assign)}
        self._block_of: dict[int, int] = {}
        self._note_blocks(fn.body)

    def _note_blocks(self, block: list) -> None:
        for stmt in block:
            self._block_of[id(stmt)] = id(block)
            for inner in (stmt.blocks() if isinstance(stmt, (If, Loop)) else ()):
                self._note_blocks(inner)

    def in_one_block(self, *stmts) -> bool:
        """Whether the statements are in the same block, run together (a chain of statements
        split by a loop's boundary, one of them moved before the loop by opt/loop_invariants.py,
        runs once on one side and once per iteration on the other: a derivative taken straight
        through the chain would skip the adjoint the loop sums up for the statement outside)."""
        return len({self._block_of.get(id(s)) for s in stmts}) == 1

    def only_use(self, var):
        found = self.uses.get(var, [])
        return found[0] if len(found) == 1 else (None, None)

    def copied_onwards(self, var):
        """The end of the chain of copies ``var`` goes through as its only use (``z -= c`` in
        place: the checked result, specialised to a copy of the difference). A loop's copies can
        close a cycle (``a = b`` carried back to ``b = a``): the chain stops where it returns."""
        seen = {var}
        while True:
            use, _ = self.only_use(var)
            if not (isinstance(use, Copy) and use.source == var) or use.target in seen:
                return var
            var = use.target
            seen.add(var)

    def shape(self, var):
        shape = self.shapes.get(var)
        return shape if _known(shape) else None

    # ------------------------------------------------------------------ reshapes keeping the order
    def is_reshape(self, stmt) -> bool:
        """Does ``stmt`` give its first argument's numbers, in order, another shape?"""
        if not (isinstance(stmt, Assign) and isinstance(stmt.args[0], Var)):
            return False
        if stmt.prim.pattern is not None and len(stmt.args) == 1:
            return self._unit_index(stmt)
        keywords = _keywords(stmt)
        return (spelled_as(stmt.prim, np.reshape, np.ravel, np.squeeze, np.expand_dims)
                and keywords is not None and "order" not in keywords
                and all(isinstance(a, Const) for a in stmt.args[1:]))

    def _unit_index(self, stmt: Assign) -> bool:
        """``x[:, 0]``, ``x[:, None]``, ``x[..., 0, :]``: full slices, new axes, and integers
        only on axes of length one (the sizes known show it)."""
        parts = stmt.prim.pattern.elts if isinstance(stmt.prim.pattern, ast.Tuple) else [stmt.prim.pattern]
        integers = False
        for part in parts:
            if isinstance(part, ast.Slice):
                if part.lower or part.upper or part.step:
                    return False
            elif isinstance(part, ast.Constant) and (part.value is None or part.value is Ellipsis):
                continue
            elif isinstance(part, ast.Constant) and type(part.value) is int:
                integers = True
            else:
                return False
        if not integers:
            return True
        before, after = self.shape(stmt.args[0]), self.shape(stmt.target)
        return before is not None and after is not None and math.prod(before) == math.prod(after)

    def root(self, var):
        """The value ``var`` reshapes (``var`` itself if it is no reshape)."""
        while self.is_reshape(self.definitions.get(var)):
            var = self.definitions[var].args[0]
        return var

    def reshaped_onwards(self, var):
        """The end of the chain of reshapes ``var`` goes through as its only use."""
        while True:
            use, position = self.only_use(var)
            if position != 0 or not self.is_reshape(use):
                return var
            var = use.target

    # ------------------------------------------------------------------ the conditions
    def axes(self, total: Assign, z) -> list | None:
        keywords = _keywords(total)
        shape = self.shapes.get(z)
        if keywords is None or len(total.args) != 1 or not isinstance(shape, tuple):
            return None
        axis = keywords.get("axis")
        axes = range(len(shape)) if axis is None else [axis] if type(axis) is int else axis
        try:
            return sorted({a % len(shape) for a in axes}) if shape else []
        except (TypeError, ZeroDivisionError):
            return None

    def kept_shape(self, total: Assign, z):
        """``z``'s shape with the summed axes kept as ones (None where unknown)."""
        shape, axes = self.shape(z), self.axes(total, z)
        if shape is None or axes is None:
            return None
        return tuple(1 if i in axes else n for i, n in enumerate(shape))

    def constant_along(self, c, total: Assign, z) -> bool:
        """Is ``c`` constant along the axes ``total`` sums ``z = a - c`` over?"""
        keywords = _keywords(total)
        if keywords is None or len(total.args) != 1:
            return False
        if self.shapes.get(c) == ():
            return True
        made = self.definitions.get(c)
        if made is not None and made.prim.family == "reductions" and len(made.args) == 1:
            mine = _keywords(made)              # np.max(a, axis=k, keepdims=True): whatever the shapes
            if mine is not None and mine.get("keepdims") is True and mine.get("axis") == keywords.get("axis"):
                return True
        z_shape, c_shape, axes = self.shapes.get(z), self.shapes.get(c), self.axes(total, z)
        if not (isinstance(c_shape, tuple) and isinstance(z_shape, tuple) and axes is not None
                and len(c_shape) == len(z_shape)):
            return False
        return all(c_shape[a] == 1 for a in axes)

    def fits_back(self, summed, sum_value, total: Assign, z) -> bool:
        """Does ``summed`` (the sum, reshaped) broadcast against ``z`` as the sum with its axes
        kept would?"""
        if summed == sum_value and _keywords(total).get("keepdims") is True:
            return True
        kept = self.kept_shape(total, z)
        return kept is not None and self.shape(summed) == kept

    def same_numbers(self, u, c, summed) -> bool:
        """Is ``u``, added to ``summed`` (a sum over the axes ``c`` is constant along), ``c``
        with those axes gone: the same numbers, in the same order, in ``summed``'s shape?"""
        if u == c:
            return True
        if self.root(u) != self.root(c):
            return False
        u_shape, c_shape, out_shape = self.shape(u), self.shape(c), self.shape(summed)
        return (u_shape is not None and c_shape is not None and u_shape == out_shape
                and math.prod(c_shape) == math.prod(out_shape))

    def is_softmax(self, e, total: Assign, z) -> bool:
        """Is ``e``'s other use ``e / total`` (the sum, reshaped to broadcast as if kept)?"""
        divide = next((u for u, i in self.uses[e] if u is not total and i == 0), None)
        if not _is_binop(divide, ast.Div, np.divide) or divide.args[0] != e:
            return False
        summed = self.reshaped_onwards(total.target)
        return self.only_use(summed) == (divide, 1) and self.fits_back(summed, total.target, total, z)
