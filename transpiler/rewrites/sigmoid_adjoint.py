"""Rewrite ``sigmoid_adjoint``: a logistic sigmoid's derivative from its output, as it is
written by hand.

``y = 1 / (1 + np.exp(u))`` (``u = -z`` in the usual spelling ``1 / (1 + np.exp(-z))``)
differentiated statement by statement keeps ``e = exp(u)`` and ``s = 1 + e`` for the reverse
sweep and computes ``d_s = -d_y * y / s`` then ``d_u = d_s * e``: two values kept per sigmoid
where one would do, and inside a loop the reverse sweep recomputes ``s`` and ``y`` from the
kept ``e`` (an LSTM's three gates: six array passes per step). Where ``e`` is used only by
the sum and the sum only by the division, the chain rule through the three statements is
exactly

    d_u = -(d_y * (y * (1 - y)))          (dy/du = -e / (1 + e)**2 = -y * (1 - y))

so the reverse sweep needs ``y`` alone (inside a loop its tape holds ``y`` in place of ``e``:
ad/reverse.py's ``_kept``), and the sign folds into ``u = -z``'s own rule. This is the
derivative ``jax.nn.sigmoid`` and PyTorch's ``sigmoid`` take. It agrees with the statement-by-
statement one to rounding in absolute terms: where ``e`` is below about 1e-16, ``y`` rounds to
1 and ``1 - y`` to 0, so a slope under 1e-16 (of the largest, 0.25) reads as 0 (where ``e``
overflows the other way, the statement-by-statement ``0 * inf`` is NaN and the call runs again
with strong zeros; here it is 0 at once).
"""
from __future__ import annotations

import ast

import numpy as np

from ..analysis.facts import Facts
from ..ir.nodes import Assign, Const, Function, walk
from ..primitives.registry import spelled_as
from .shift_invariance import Graph

NAME = "sigmoid_adjoint"
DESCRIPTION = "a sigmoid `1 / (1 + np.exp(u))`'s derivative from its output, `-(g * (y * (1 - y)))`"


def find(fn: Function, shapes: dict) -> Facts:
    return Facts(sigmoid=sigmoids(fn, shapes))


def sigmoids(fn: Function, shapes: dict) -> frozenset:
    """``(id(division), u)`` for each ``y = 1 / s``, ``s = 1 + e`` (or ``e + 1``), ``e = np.exp(u)``
    where ``e`` is used by the sum alone and ``s`` by the division alone, all three in one block
    (not ``e`` and ``s`` computed before a loop whose body divides)."""
    graph = Graph(fn, shapes)
    found = set()
    for exp in walk(fn.body):
        if not (isinstance(exp, Assign) and spelled_as(exp.prim, np.exp) and len(exp.args) == 1
                and not exp.kwargs):
            continue
        total, position = graph.only_use(exp.target)
        if not (_binary(total, ast.Add) and _is_one(total.args[1 - position])):
            continue
        division, position = graph.only_use(total.target)
        if _binary(division, ast.Div) and position == 1 and _is_one(division.args[0]) \
                and graph.in_one_block(exp, total, division):
            found.add((id(division), exp.args[0]))
    return frozenset(found)


def _binary(stmt, op: type) -> bool:
    return (isinstance(stmt, Assign) and stmt.prim.spelling.binop is op and len(stmt.args) == 2
            and not stmt.kwargs)


def _is_one(atom) -> bool:
    return isinstance(atom, Const) and type(atom.value) in (int, float) and atom.value == 1
