"""Rewrite ``solve_reuse``: a solve of the reverse sweep whose right-hand side is a multiple of
an earlier solve's, against the same matrix, is that solve's output scaled: no second solve.

A quadratic form spelled ``np.sum(r * np.linalg.solve(K, r.T).T)`` (a Gaussian's Mahalanobis
term) has for the solve's right-hand side the adjoint ``c * r.T``, a number times the primal's
own right-hand side, and for a matrix symmetric by construction its rule solves against ``K``
again (``symmetric_solve``): ``solve(K, c * B) == c * solve(K, B)``, the forward sweep's output.
The right-hand sides are traced back through the statements that bind them once (the function's
own straight-line code, no loop or branch in between): multiplications and divisions by number
literals, negations, transposes (``np.transpose(x)``, ``untranspose(g, None)``, ``x.T``) and
copies. Exact in exact arithmetic; switched off, the reverse sweep runs its solve.
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..ir.defuse import DefUse, def_use
from ..opt.repeated import fixed as _fixed, written_values
from ..ir.nodes import Assign, Const, Copy, Function, Var, to_expr
from ..primitives.registry import lookup, spelled_as
from ..primitives.runtime import untranspose
from ..primitives.written import WrittenPrimitive

NAME = "solve_reuse"
DESCRIPTION = "a solve of a number times an earlier solve's right-hand side (same matrix): that solve's output scaled"

@dataclasses.dataclass(frozen=True)
class Multiple:
    """A value as ``factor * T(base)``, ``T`` a full transpose where ``transposed``."""

    factor: float
    base: Var
    transposed: bool


def reuse_solves(fn: Function) -> Function:
    """``fn`` with each top-level solve whose right-hand side is a multiple of an earlier
    top-level solve's (same matrix) replaced by that solve's output scaled (``fn`` itself where
    there is none)."""
    chains = def_use(fn)
    position = {id(stmt): i for i, stmt in enumerate(fn.body)}
    earlier: list[tuple[Assign, Multiple]] = []     # the solves seen, with their right-hand sides
    body = list(fn.body)
    written = written_values(fn)        # (written in place or told apart by `is`: two arrays, as in Python)
    for i, stmt in enumerate(fn.body):
        if not _is_solve(stmt) or stmt.target in written or not _fixed(stmt.target, chains, position, len(fn.body)):
            continue
        matrix, rhs = stmt.args
        if not _fixed(matrix, chains, position, i):
            continue
        multiple = _as_multiple(rhs, chains, position, i)
        if multiple is None:
            continue
        for primal, its_rhs in earlier:
            if primal.args[0] == matrix and its_rhs.base == multiple.base \
                    and its_rhs.transposed == multiple.transposed and its_rhs.factor != 0:
                body[i] = _scaled(stmt, multiple.factor / its_rhs.factor, primal.target)
                break
        else:
            earlier.append((stmt, multiple))
    return fn if body == fn.body else dataclasses.replace(fn, body=body)


def _is_solve(stmt) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, np.linalg.solve) and len(stmt.args) == 2 \
        and not stmt.kwargs


def _as_multiple(atom, chains: DefUse, position: dict, before: int) -> Multiple | None:
    """``atom`` as a number times a (transposed) value, traced through the top-level statements
    binding it once; the value it stops at is itself ``1 * base``."""
    factor, transposed = 1.0, False
    while _fixed(atom, chains, position, before):
        stmt = chains.definition(atom)
        step = scaling_step(stmt) if stmt is not None else None
        if step is None:
            break
        scale, flips, atom = step
        factor, transposed = factor * scale, transposed ^ flips
        before = position[id(stmt)]
    # (a base bound again somewhere is no one value: two right-hand sides naming it may differ)
    return Multiple(factor, atom, transposed) if _fixed(atom, chains, position, before) else None


def _number(atom) -> float | None:
    if isinstance(atom, Const) and type(atom.value) in (int, float):
        return float(atom.value)
    return None


def scaling_step(stmt) -> tuple[float, bool, object] | None:
    """(scale, transposes?, operand) where ``stmt`` binds ``scale * T(operand)``; None else."""
    if isinstance(stmt, Copy):
        return 1.0, False, stmt.source
    if not isinstance(stmt, Assign) or stmt.kwargs:
        return None
    spelling, args = stmt.prim.spelling, stmt.args
    if spelling.binop is ast.Mult and len(args) == 2:
        for number, other in ((args[0], args[1]), (args[1], args[0])):
            if _number(number) is not None and isinstance(other, Var):
                return _number(number), False, other
    if spelling.binop is ast.Div and len(args) == 2 and _number(args[1]) and isinstance(args[0], Var):
        return 1.0 / _number(args[1]), False, args[0]
    if spelling.unaryop is ast.USub and len(args) == 1:
        return -1.0, False, args[0]
    if spelled_as(stmt.prim, np.transpose, untranspose) and len(args) in (1, 2) \
            and all(a == Const(None) for a in args[1:]):
        return 1.0, True, args[0]
    if len(args) == 1 and isinstance(args[0], Var) and isinstance(stmt.prim, WrittenPrimitive):
        printed = stmt.prim.primal([to_expr(args[0])]) if hasattr(stmt.prim, "primal") else None
        if isinstance(printed, ast.Attribute) and printed.attr == "T" \
                and isinstance(printed.value, ast.Name) and printed.value.id == args[0].name:
            return 1.0, True, args[0]        # a written `x.T`
    return None


def _scaled(stmt: Assign, factor: float, solved: Var):
    """``stmt``'s target bound to ``factor * solved`` (the copy ``solved`` for a factor of 1)."""
    if factor == 1.0:
        return Copy(stmt.target, solved, stmt.location, rebinds=stmt.rebinds)
    return Assign(stmt.target, lookup(ast.Mult), (Const(factor), solved), (), stmt.location, rebinds=stmt.rebinds)
