"""Rewrite ``clipped_selections``: a selection between a value and its sign times the bound its
magnitude was compared with, ``np.where(np.abs(x) <= d, s * x, s * d * np.sign(x))``, is ``s *
np.clip(x, -d, d)`` (a pass on the reverse sweep's IR of the code a call runs).

A Huber loss (smooth L1) written with ``np.where`` has that derivative:
``np.where(np.abs(r) <= delta, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta))`` gives ``r`` the
adjoint ``np.where(c, g * r, g * delta * np.sign(r))`` (``where``'s adjoint and ``selected_sums``),
which is four passes over the residuals besides the products (``np.abs``, the comparison,
``np.sign``, ``np.where``) where the hand-written gradient is one ``np.clip``; the magnitude and
the comparison then die with the selection (the forward sweep no longer computes them).

The bound: a number literal ``d >= 0`` gives ``np.clip(x, -d, d)``; a number known only at run time
(a parameter, a keyword default) gives ``clip_within(x, d)`` (primitives/elementwise.py), which
runs ``np.clip`` where ``d >= 0`` and the selection itself otherwise (where ``|x| <= d`` never
holds and the value is ``d * np.sign(x)``, no clip). The comparison may be ``<=`` or ``<`` (at
``|x| = d`` both branches are ``x``), written either way round (``d >= np.abs(x)``), or its
complement with the branches swapped (``np.where(np.abs(x) > d, s * d * np.sign(x), s * x)``).

Only where ``x`` may not be complex, ``d`` is a real number, the scale ``s`` is a product of
numbers (literals and values known to be numbers, bound once) with the same factors on both
branches (``d`` more on the sign's), ``x``, its magnitude, the comparison and the sign bound once,
and each value on the way from ``x`` (or its sign) to the selection is the binding of its block
that reaches it. Not in code that is differentiated again (Hessians' inner gradient): only the
code a call runs. Exact to rounding (the scale's factors multiplied in another order).
"""
from __future__ import annotations

import ast
import dataclasses
import math

import numpy as np

from ..analysis.complex_values import may_be_complex
from ..ir.defuse import def_use
from ..ir.nodes import Assign, Const, Copy, Function, If, Loop, Var
from ..primitives.elementwise import clip_within
from ..primitives.registry import lookup, spelled_as
from .shapes import known_shapes

NAME = "clipped_selections"
DESCRIPTION = "np.where(|x| <= d, s * x, s * d * np.sign(x)) as s * np.clip(x, -d, d): one pass where the selection takes four"

_CLIP, _CLIP_WITHIN, _TIMES = lookup(np.clip), lookup(clip_within), lookup(ast.Mult)
# |x| op d: is the first branch the one where |x| is within d?  (d op |x|: the operator flipped)
_WITHIN_FIRST = {ast.LtE: True, ast.Lt: True, ast.Gt: False, ast.GtE: False}
_FLIPPED = {ast.LtE: ast.GtE, ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.GtE: ast.LtE}


@dataclasses.dataclass(frozen=True)
class _Scaled:
    constant: float
    factors: tuple            # the names of the number values multiplied in, sorted
    base: Var                 # what is scaled


def clip_selections(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each such selection computed from a clip (``fn`` itself where there is none)."""
    if not any(_where(stmt) for stmt in _statements(fn.body)):
        return fn
    context = _Context(fn, def_use(fn), known_shapes(fn, named_shapes), may_be_complex(fn, {}))
    body = context.block(fn.body)
    return fn if body is fn.body else dataclasses.replace(fn, body=body)


def _statements(block: list):
    for stmt in block:
        yield stmt
        for inner in (stmt.blocks() if isinstance(stmt, (If, Loop)) else ()):
            yield from _statements(inner)


def _where(stmt) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, np.where) and len(stmt.args) == 3 and not stmt.kwargs \
        and all(isinstance(a, Var) for a in stmt.args)


@dataclasses.dataclass
class _Context:
    fn: Function
    chains: object
    shapes: dict
    complex_values: set

    def block(self, block: list) -> list:
        """``block`` rewritten, and the blocks nested in it (``block`` itself where nothing changed)."""
        nested = [self._nested(stmt) for stmt in block]
        position = {id(stmt): i for i, stmt in enumerate(block)}
        out, changed = [], any(a is not b for a, b in zip(nested, block))
        for i, stmt in enumerate(nested):
            replaced = self._clipped(stmt, block, position, i) if _where(stmt) else None
            out.extend(replaced or [stmt])
            changed = changed or replaced is not None
        return out if changed else block

    def _nested(self, stmt):
        if isinstance(stmt, Loop):
            body = self.block(stmt.body)
            return stmt if body is stmt.body else dataclasses.replace(stmt, body=body)
        if isinstance(stmt, If):
            body, orelse = self.block(stmt.body), self.block(stmt.orelse)
            return stmt if body is stmt.body and orelse is stmt.orelse \
                else dataclasses.replace(stmt, body=body, orelse=orelse)
        return stmt

    # The pattern ---------------------------------------------------------------------------
    def _clipped(self, stmt: Assign, block: list, position: dict, at: int) -> list | None:
        """The statements computing ``stmt``'s selection from a clip; None where it is no such one."""
        condition, first, second = stmt.args
        compared = self._compared(condition)
        if compared is None:
            return None
        x, bound, within_first = compared
        within, outside = (first, second) if within_first else (second, first)
        kept = self._scaled(within, block, position, at, lambda atom: atom == x)
        signed = self._scaled(outside, block, position, at, lambda atom: self._sign_of(atom) == x)
        if kept is None or signed is None or not self._bound_scales(kept, signed, bound):
            return None
        clipped = Var(self.fn.names.temp())
        if isinstance(bound, Const):
            made = Assign(clipped, _CLIP, (x, Const(-bound.value), bound), (), stmt.location)
        else:
            made = Assign(clipped, _CLIP_WITHIN, (x, bound), (), stmt.location)
        return [made, *self._scaled_clip(kept, clipped, stmt)]

    def _compared(self, condition: Var):
        """(x, d, whether the selection's first branch is where |x| is within d) for a condition
        ``|x| op d`` (or ``d op |x|``) bound once; None else."""
        stmt = self._only(condition)
        op = stmt.prim.spelling.compare if isinstance(stmt, Assign) and len(stmt.args) == 2 else None
        if op not in _WITHIN_FIRST:
            return None
        left, right = stmt.args
        x = self._magnitude_of(left)
        if x is not None:
            bound = right
        else:
            x, bound, op = self._magnitude_of(right), left, _FLIPPED[op]
        if x is None or x in self.complex_values or not self._real_number(bound):
            return None
        return x, bound, _WITHIN_FIRST[op]

    def _magnitude_of(self, atom) -> Var | None:
        """``x`` where ``atom`` is ``np.abs(x)`` (``abs(x)``), each bound once."""
        stmt = self._only(atom)
        if isinstance(stmt, Assign) and spelled_as(stmt.prim, np.absolute, abs) and len(stmt.args) == 1 \
                and not stmt.kwargs and isinstance(stmt.args[0], Var) and self._stable(stmt.args[0]):
            return stmt.args[0]
        return None

    def _sign_of(self, atom) -> Var | None:
        stmt = self._only(atom)
        if isinstance(stmt, Assign) and spelled_as(stmt.prim, np.sign) and len(stmt.args) == 1 \
                and not stmt.kwargs and isinstance(stmt.args[0], Var):
            return stmt.args[0]
        return None

    def _real_number(self, atom) -> bool:
        if isinstance(atom, Const):
            return type(atom.value) in (int, float) and atom.value >= 0      # (NaN: not >= 0)
        return self.shapes.get(atom) == () and self._stable(atom) and atom not in self.complex_values

    # Scales ----------------------------------------------------------------------------------
    def _scaled(self, atom, block: list, position: dict, at: int, is_base) -> _Scaled | None:
        """``atom`` (read at position ``at``) as a product of numbers times a base, traced through
        the bindings of the block that reach each read; None where it is no such product."""
        constant, factors = 1.0, []
        while not is_base(atom):
            found = self._reaching(atom, block, position, at)
            if found is None:
                return None
            stmt, at = found
            if isinstance(stmt, Copy):
                atom = stmt.source
                continue
            step = self._step(stmt)
            if step is None:
                return None
            (c, names), operand = step
            constant, factors = constant * c, factors + names
            atom = stmt.args[operand]
        return _Scaled(constant, tuple(sorted(factors)), atom)

    def _step(self, stmt: Assign):
        """((constant, factor names), position of the scaled operand) of a product by a number, a
        negation or a division by a literal; None for anything else."""
        binop, args = stmt.prim.spelling.binop, stmt.args
        if stmt.kwargs:
            return None
        if stmt.prim.spelling.unaryop is ast.USub and len(args) == 1:
            return (-1.0, []), 0
        if binop is ast.Mult and len(args) == 2:
            for k in (0, 1):
                number = self._number(args[k])
                if number is not None and self._number(args[1 - k]) is None:
                    return number, 1 - k
        if binop is ast.Div and len(args) == 2 and isinstance(args[1], Const) and type(args[1].value) in (int, float) \
                and args[1].value != 0:
            return (1.0 / args[1].value, []), 0
        return None

    def _number(self, atom, depth: int = 0):
        """A number as (constant, the names of the values multiplied in): a literal, a product or
        negation of numbers bound once, or a value known to be a number bound once; None where
        ``atom`` may be an array or complex. (An adjoint's named shape is the shape it would have
        broadcast, ``d_t4 = 0.0002 * 0.5`` is a number all the same: products are followed first.)"""
        if isinstance(atom, Const):
            return (float(atom.value), []) if type(atom.value) in (int, float) else None
        if not self._stable(atom) or atom in self.complex_values:
            return None
        stmt = self._only(atom)
        if depth < 8 and isinstance(stmt, Assign) and not stmt.kwargs:
            if stmt.prim.spelling.binop is ast.Mult and len(stmt.args) == 2:
                parts = [self._number(a, depth + 1) for a in stmt.args]
                if None not in parts:
                    return parts[0][0] * parts[1][0], parts[0][1] + parts[1][1]
            if stmt.prim.spelling.unaryop is ast.USub and len(stmt.args) == 1:
                inner = self._number(stmt.args[0], depth + 1)
                if inner is not None:
                    return -inner[0], inner[1]
        return (1.0, [atom.name]) if self.shapes.get(atom) == () else None

    def _bound_scales(self, kept: _Scaled, signed: _Scaled, bound) -> bool:
        """Is the sign's scale the kept value's times the bound?"""
        if isinstance(bound, Const):
            want, names = kept.constant * bound.value, kept.factors
        else:
            found = self._number(bound)
            want, names = kept.constant * found[0], tuple(sorted(kept.factors + tuple(found[1])))
        return signed.factors == tuple(names) and math.isclose(signed.constant, want, rel_tol=1e-12, abs_tol=0.0)

    # Bindings --------------------------------------------------------------------------------
    def _only(self, atom):
        """The one statement binding ``atom``; None for a constant, a parameter or a value bound again."""
        bindings = self.chains.definitions.get(atom, []) if isinstance(atom, Var) else []
        return bindings[0] if len(bindings) == 1 else None

    def _stable(self, atom: Var) -> bool:
        """Bound at most once (a parameter, or one statement): the same value wherever it is read."""
        return len(self.chains.definitions.get(atom, [])) <= 1

    def _reaching(self, atom, block: list, position: dict, at: int):
        """(the statement of ``block`` binding ``atom`` last before position ``at``, its position);
        None where ``atom`` is bound in another block, or not before."""
        if not isinstance(atom, Var):
            return None
        bindings = self.chains.definitions.get(atom, [])
        if not bindings or any(id(b) not in position or block[position[id(b)]] is not b for b in bindings):
            return None
        before = [position[id(b)] for b in bindings if position[id(b)] < at]
        return (block[max(before)], max(before)) if before else None

    def _scaled_clip(self, kept: _Scaled, clipped: Var, selection: Assign) -> list:
        """The clip times the kept branch's scale (its literals multiplied into one number, then
        each value multiplied in), the last product binding the selection's target."""
        steps = ([Const(int(kept.constant) if kept.constant.is_integer() else kept.constant)]
                 if kept.constant != 1.0 else []) + [Var(name) for name in kept.factors]
        out, value = [], clipped
        for k, factor in enumerate(steps):
            last = k == len(steps) - 1
            target = selection.target if last else Var(self.fn.names.temp())
            out.append(Assign(target, _TIMES, (factor, value), (), selection.location,
                              rebinds=selection.rebinds if last else False))
            value = target
        if not steps:
            out.append(Copy(selection.target, clipped, selection.location, rebinds=selection.rebinds))
        return out
