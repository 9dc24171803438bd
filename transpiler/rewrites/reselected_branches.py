"""Rewrite ``reselected_branches``: a selection's branch that reads a selection on the same
condition, NaN elsewhere, reads the branch that one takes there: ``np.where(c, k * np.where(c, a,
np.nan), 0.0)`` as ``np.where(c, k * a, 0.0)`` (a pass on the reverse sweep's IR, for calls: where shapes are known).

Where the forward sweep fills a value's unwanted entries (``err = np.where(mask, r, np.nan)``),
its adjoint is selected by the same condition on its way back (``np.where(mask, d_err, 0.0)``),
and ``d_err`` reads ``err`` (``2 * err`` from ``err ** 2``): where ``mask`` is True, ``err`` is
``r``; where it is False, nothing ``d_err`` holds is selected. So the products on the way read
``r`` itself, and ``err`` dies where only they read it (the forward sweep's ``np.where`` with
its NaN array, in a gradient that does not return the value).

Only where the inner selection fills the other places with NaN (``np.where(m, r, np.nan)``: values
marked missing, computed on as NaN): a finite fill is the "double where" that keeps a function's
unselected places harmless (``np.log(np.where(x > 0, x, 1.0))``, whose gradient must not divide by
the zeros it hides), and is left alone. Exact, elementwise: in the branch a selection takes, an
inner selection on the same condition takes the same branch. Only along elementwise math
(operators, NumPy's ufuncs: ``np.cos``), each value on the way bound once at the top level, read
once, by the next step; only where the condition, the branch, every value on the way, the inner
selection and its branch all have one shape (each element matches one element) and the condition
is one value (a name bound once, before). The steps then compute at the places the outer
selection does not take on the inner branch's values there rather than on NaN: the same result,
but NumPy may warn of them where those are infinite or zero (``np.sin(inf)``: invalid value).
"""
from __future__ import annotations

import ast
import dataclasses
import math

import numpy as np

from ..ir.nodes import Assign, Const, Function, Var
from ..opt.repeated import fixed
from ..primitives.registry import spelled_as
from .shapes import FunctionFacts

NAME = "reselected_branches"
DESCRIPTION = ("np.where(c, k * np.where(c, a, np.nan), 0.0) as np.where(c, k * a, 0.0): a branch reads "
               "what the same condition selects")

_ELEMENTWISE = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_DEPTH = 8


def reselect_branches(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each top-level selection's branches reading, through elementwise arithmetic,
    the branch a selection on the same condition takes (``fn`` itself where there is none)."""
    selections = [i for i, stmt in enumerate(fn.body) if _is_selection(stmt)]
    if len(selections) < 2:
        return fn
    facts = FunctionFacts(fn, named_shapes)
    body = list(fn.body)
    for i in selections:
        outer = body[i]
        condition = outer.args[0]
        if not fixed(condition, facts.chains, facts.position, i) or facts.shapes.get(condition) is None:
            continue
        for taken in (1, 2):
            branch = outer.args[taken]
            if facts.shapes.get(branch) == facts.shapes[condition]:
                _reselect(branch, outer, condition, taken, facts.shapes[condition], body, facts)
    return fn if all(a is b for a, b in zip(body, fn.body)) else dataclasses.replace(fn, body=body)


def _reselect(var, reader, condition: Var, taken: int, shape: tuple, body: list, facts: FunctionFacts,
              depth: int = 0) -> None:
    """Rewrite in ``body`` the elementwise steps making ``var`` (of ``shape``, read by ``reader``
    alone) to read the ``taken`` branch (1 or 2) of each selection on ``condition`` they read."""
    if depth > _DEPTH or facts.shapes.get(var) != shape:
        return
    stmt = _only_binding(var, reader, facts)
    if stmt is None or not _is_elementwise(stmt):
        return
    at = facts.position[id(stmt)]
    args = list(stmt.args)
    for j, arg in enumerate(args):
        inner = facts.binding(arg)
        if inner is not None and _is_selection(inner) and inner.args[0] == condition \
                and _is_nan(inner.args[3 - taken]):
            branch = inner.args[taken]
            same_shape = facts.shapes.get(branch) == facts.shapes.get(arg) == shape
            if same_shape and isinstance(branch, Var) and fixed(branch, facts.chains, facts.position, at):
                args[j] = branch
        elif isinstance(arg, Var) and body[at] is stmt:
            _reselect(arg, stmt, condition, taken, shape, body, facts, depth + 1)
    if tuple(args) != stmt.args and body[at] is stmt:
        body[at] = dataclasses.replace(stmt, args=tuple(args))


def _is_elementwise(stmt: Assign) -> bool:
    """Elementwise math: an operator or a NumPy ufunc (``np.cos``, ``np.maximum``), no keywords
    (``out=``, ``where=``)."""
    return not stmt.kwargs and (stmt.prim.spelling.binop in _ELEMENTWISE or stmt.prim.ufunc is not None)


def _only_binding(var: Var, reader, facts: FunctionFacts):
    """The one top-level ``Assign`` binding ``var``, before ``reader``, where ``reader`` is its
    one reader; None else."""
    stmt = facts.binding(var)
    if stmt is None or facts.chains.uses.get(var, []) != [reader]:
        return None
    return stmt if facts.position[id(stmt)] < facts.position.get(id(reader), -1) else None


def _is_nan(atom) -> bool:
    return isinstance(atom, Const) and type(atom.value) is float and math.isnan(atom.value)


def _is_selection(stmt) -> bool:
    return (isinstance(stmt, Assign) and spelled_as(stmt.prim, np.where) and len(stmt.args) == 3
            and not stmt.kwargs and isinstance(stmt.args[0], Var))
