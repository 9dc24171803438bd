"""Rewrite ``log_softmax_adjoint``: the log of a softmax differentiated in one step, as a
log-softmax is by hand.

``y = e / np.sum(e, axis=k, keepdims=True)`` with ``e = np.exp(z)`` (any spelling
``softmax_adjoint`` takes: a max subtracted first, in place or not, the sum reshaped) read only by
``l = np.log(y)`` differentiates statement by statement into the log's ``d_y = d_l / y`` and the
softmax's ``y * (d_y - sum(d_y * y))``: a division and three passes more over the array. The
chain rule through the two is exactly

    d_z = d_l - y * np.sum(d_l, axis=k, keepdims=True)       (reverse mode)
    t_l = t_z - np.sum(t_z * y, axis=k, keepdims=True)       (forward mode)

(``y * (d_l / y) = d_l``; ``d log(y) = d y / y``), whatever ``d_l`` is: a cross-entropy's one-hot
labels ``Y`` make it ``-c * Y`` and ``d_z`` the hand's ``c * (y - Y)`` where the rows of ``Y``
sum to one (``one_hot_sums``), and labels that do not sum to one are just as right. No division,
so no ``0 * inf`` where ``y`` underflows to 0: the statements as written give NaN there (and the
call runs again with strong zeros), this gives the derivative at once. Only where the log is the
softmax's one use and the two are in one block (not a softmax before a loop whose body takes its
log: see ``Graph.in_one_block``)."""
from __future__ import annotations

import numpy as np

from ..analysis.facts import Facts
from ..ir.nodes import Assign, Function, walk
from ..primitives.registry import spelled_as
from .shift_invariance import Graph
from .softmax_adjoint import softmaxes

NAME = "log_softmax_adjoint"
DESCRIPTION = "the log of a softmax differentiated in one step, `g - y * g.sum(axis, keepdims=True)`"


def find(fn: Function, shapes: dict) -> Facts:
    return Facts(log_softmax=log_softmaxes(fn, shapes))


def log_softmaxes(fn: Function, shapes: dict) -> frozenset:
    """``(id(log), z, axis, y)`` for each ``l = np.log(y)`` of a softmax ``y`` of ``z`` over
    ``axis`` (:func:`softmaxes`) that nothing else reads, in the softmax's block."""
    found = softmaxes(fn, shapes)
    if not found:
        return frozenset()
    graph = Graph(fn, shapes)
    divisions = {id(stmt): stmt for stmt in walk(fn.body) if isinstance(stmt, Assign)}
    logs = set()
    for site, z, axis in found:
        division = divisions[site]
        log, position = graph.only_use(division.target)
        if _is_log(log) and position == 0 and graph.in_one_block(division, log):
            logs.add((id(log), z, axis, division.target))
    return frozenset(logs)


def _is_log(stmt) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, np.log) and len(stmt.args) == 1 and not stmt.kwargs

