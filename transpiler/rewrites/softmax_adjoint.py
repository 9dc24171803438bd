"""Rewrite ``softmax_adjoint``: a softmax's derivative in one step, as it is written by hand.

``e = np.exp(z); y = e / np.sum(e, axis=k, keepdims=True)`` (with or without a max subtracted
from ``z`` first, the sum's axes dropped and put back by a reshape, ``e.sum(1)[:, None]``, or
through ``scipy.special.softmax``) differentiated statement by statement gives
``d_e = d_y / s - sum(d_y * y) / s`` broadcast back, then ``d_z = d_e * e``: a division of the
large array, a broadcast of the small one and an extra pass. Where ``e`` is used only by the sum
and the division, and the sum only (through reshapes keeping its numbers in order) by the
division, the chain rule through the three statements is exactly

    d_z = y * (d_y - np.sum(d_y * y, axis=k, keepdims=True))      (reverse mode)
    t_y = y * (t_z - np.sum(t_z * y, axis=k, keepdims=True))      (forward mode)

(``d_e = (d_y - sum(d_y * y)) / s`` and ``e / s = y``), so ``e`` and the sum get no derivative of
their own. Equal to rounding with the rewrite switched off.
"""
from __future__ import annotations

import ast

import numpy as np

from ..analysis.facts import Facts
from ..ir.nodes import Assign, Const, Function, walk
from ..primitives.registry import spelled_as
from .shift_invariance import Graph

NAME = "softmax_adjoint"
DESCRIPTION = "a softmax's derivative in one step, `y * (g - (g * y).sum(axis, keepdims=True))`"


def find(fn: Function, shapes: dict) -> Facts:
    return Facts(softmax=softmaxes(fn, shapes))


def softmaxes(fn: Function, shapes: dict) -> frozenset:
    """``(id(division), z, axis)`` for each ``e / sum(e, axis)`` with ``e = exp(z)`` used by
    nothing else (``axis`` a constant, None for all axes)."""
    graph = Graph(fn, shapes)
    found = set()
    for exp in walk(fn.body):
        if not (_calls(exp, np.exp) and len(exp.args) == 1 and not exp.kwargs):
            continue
        uses = graph.uses.get(exp.target, [])
        total = next((u for u, i in uses if _calls(u, np.sum) and i == 0), None)
        if len(uses) != 2 or total is None or len(total.args) != 1:
            continue
        keywords = {k: v.value for k, v in total.kwargs if isinstance(v, Const)}
        if len(keywords) != len(total.kwargs) or not set(keywords) <= {"axis", "keepdims"}:
            continue
        division = next(u for u, i in uses if u is not total)
        if not graph.in_one_block(exp, total, division):
            continue                 # (a chain split by a loop's boundary: see Graph.in_one_block)
        if not (graph.is_softmax(exp.target, total, exp.args[0])
                or keywords.get("axis") is None and _divides_by_the_whole_sum(graph, division, exp.target, total)):
            continue
        found.add((id(division), exp.args[0], keywords.get("axis")))
    return frozenset(found)


def _divides_by_the_whole_sum(graph: Graph, division, e, total: Assign) -> bool:
    """``e / np.sum(e)``: a number (any shape of one element broadcasts alike)."""
    summed = graph.reshaped_onwards(total.target)
    return (isinstance(division, Assign) and (division.prim.spelling.binop is ast.Div or spelled_as(division.prim, np.divide))
            and division.args[0] == e
            and graph.only_use(summed) == (division, 1) and graph.shape(total.target) == ())


def _calls(stmt, function) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, function)

