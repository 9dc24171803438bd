"""Rewrite ``symmetric_solve``: matrices symmetric by construction, for the solve's rule.

A solve's adjoint needs ``solve(a.T, d_y)``; for an ``a`` known symmetric that is
``solve(a, d_y)``, and for the quadratic form ``b @ solve(a, b)`` it is the solve's own output:
no second solve and no run-time check (``primitives.linalg``, ``_known_solve``). This module
finds the matrices; the rule reads them through ``CallSite.arg_symmetric``. Switched off, the
general rule runs (which checks symmetry at run time).
"""
from __future__ import annotations

import ast

import numpy as np

from ..analysis.facts import Facts
from ..ir.nodes import Assign, Const, Copy, Function, Var, walk
from ..primitives.registry import spelled_as

NAME = "symmetric_solve"
DESCRIPTION = "a solve with a matrix symmetric by construction: no transposed solve, none at all for b @ solve(K, b)"


def find(fn: Function, shapes: dict) -> Facts:
    return Facts(symmetric=symmetric_matrices(fn, shapes))


def symmetric_matrices(fn: Function, shapes: dict) -> frozenset:
    """Square matrices symmetric by construction, so that rules may use ``a.T == a`` (a solve's
    adjoint then needs no second solve, and no run-time check):

    * ``np.eye(n)``, ``np.identity(n)``; ``A @ A.T`` and ``A.T @ A``;
    * ``u[:, None] - u[None, :]`` is antisymmetric, ``u[:, None] + u[None, :]`` and
      ``u[:, None] * u[None, :]`` symmetric (also for ``X[:, None, k]`` and ``X[None, :, k]``);
    * an antisymmetric matrix squared (``** 2``, ``* itself``, ``np.abs``) is symmetric; negated or
      scaled by a number it stays antisymmetric;
    * elementwise functions of symmetric matrices and numbers are symmetric (``np.exp(-D / s)``,
      ``K1 + K2 + 1e-3 * np.eye(n)``).

    (Symmetric in exact arithmetic: ``A @ A.T`` may differ from its transpose by rounding.)"""
    symmetric, antisymmetric, spread = set(), set(), {}     # spread: Var -> ("col"|"row", vector key)
    transposes = {}
    number = lambda atom: (isinstance(atom, Const) and type(atom.value) in (int, float)) \
        or isinstance(atom, Var) and shapes.get(atom) == ()  # noqa: E731
    for stmt in walk(fn.body):
        if isinstance(stmt, Copy) and stmt.source in symmetric:
            symmetric.add(stmt.target)
        if not isinstance(stmt, Assign):
            continue
        prim, args, target = stmt.prim, stmt.args, stmt.target
        shape = shapes.get(target)
        square = isinstance(shape, tuple) and len(shape) == 2 and shape[0] == shape[1]
        binop = prim.spelling.binop
        if prim.pattern is not None and isinstance(args[0], Var):
            spread_of = _spread(prim.pattern, args)
            if spread_of is not None:
                spread[target] = spread_of
            continue
        if spelled_as(prim, np.transpose) and len(args) == 1 and not stmt.kwargs:
            transposes[target] = args[0]
        if not square:
            continue
        if spelled_as(prim, np.eye, np.identity) and len(args) == 1 and not stmt.kwargs:
            symmetric.add(target)
        elif binop is ast.MatMult or spelled_as(prim, np.matmul):
            a, b = args
            if transposes.get(b) == a or transposes.get(a) == b:
                symmetric.add(target)
        elif prim.partials is not None and not stmt.kwargs:
            arrays = [a for a in args if not number(a)]
            kinds = {("s" if a in symmetric else "a" if a in antisymmetric else spread.get(a)) for a in arrays}
            if kinds == {"s"} or not arrays:
                symmetric.add(target)
            elif len(arrays) == 2 and binop in (ast.Sub, ast.Add, ast.Mult) and _crossed(*(spread.get(a) for a in arrays)):
                (antisymmetric if binop is ast.Sub else symmetric).add(target)
            elif kinds == {"a"}:
                even = binop is ast.Pow and isinstance(args[1], Const) and args[1].value in (2, 4)
                if even or spelled_as(prim, np.abs, abs, np.square) or binop is ast.Mult and len(arrays) == 2:
                    symmetric.add(target)
                elif prim.spelling.unaryop is ast.USub or binop in (ast.Mult, ast.Div) and len(arrays) == 1:
                    antisymmetric.add(target)       # (-a, a * s, a / s, s / a)
    return frozenset(symmetric)


def _spread(pattern: ast.expr, args: tuple):
    """``u[:, None, *rest]`` -> ("col", key), ``u[None, :, *rest]`` -> ("row", key): one vector
    spread along a column or a row (the key names the vector: base value, rest of the index)."""
    parts = pattern.elts if isinstance(pattern, ast.Tuple) else [pattern]
    if len(parts) < 2:
        return None
    full = lambda p: isinstance(p, ast.Slice) and p.lower is None and p.upper is None and p.step is None  # noqa: E731
    new = lambda p: isinstance(p, ast.Constant) and p.value is None  # noqa: E731
    if full(parts[0]) and new(parts[1]):
        side = "col"
    elif new(parts[0]) and full(parts[1]):
        side = "row"
    else:
        return None
    rest = ast.dump(ast.Tuple(elts=parts[2:], ctx=ast.Load()))
    return side, (args[0], rest, tuple(args[1:]))


def _crossed(a, b) -> bool:
    """A column and a row spread from the same vector (in either order)."""
    return a is not None and b is not None and a[1] == b[1] and {a[0], b[0]} == {"col", "row"}
