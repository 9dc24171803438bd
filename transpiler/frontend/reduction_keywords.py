"""NumPy reductions' ``where=`` and ``initial=`` keywords, written as the reductions they mean:
``np.sum(x, where=m)`` is ``np.sum(np.where(m, x, 0.0))`` (1.0 for products), ``np.max(x,
initial=v, where=m)`` is ``np.maximum(np.max(np.where(m, x, -np.inf)), v)``, ``np.mean(x, where=m)``
is the sum of the chosen elements over their count. The rewritten call is lowered as written, so
its derivative is the chosen elements' (the others get 0)."""
from __future__ import annotations

import ast
from typing import Callable

import numpy as np

IDENTITIES = {np.sum: 0.0, np.prod: 1.0, np.max: -np.inf, np.amax: -np.inf, np.min: np.inf, np.amin: np.inf}
EXTREMA = {np.max: "maximum", np.amax: "maximum", np.min: "minimum", np.amin: "minimum"}


def _call(func: ast.expr, args: list, keywords: list = ()) -> ast.Call:
    return ast.Call(func=func, args=list(args), keywords=list(keywords))


def without_reduction_keywords(node: ast.Call, callee, function: Callable[[Callable], ast.expr]) -> ast.expr | None:
    """``node`` (a call of ``callee``) rewritten without ``where=`` / ``initial=``; None if it
    has neither or ``callee`` is not one of these reductions. ``function(np.where)``: an
    expression naming that NumPy function in the rewritten call (the user's module need not
    have imported NumPy as ``np``)."""
    _np = lambda name: function(getattr(np, name))  # noqa: E731
    given = {k.arg: k.value for k in node.keywords}
    if callee not in (*IDENTITIES, np.mean) or not ({"where", "initial"} & set(given)) or not node.args:
        return None
    where, initial = given.pop("where", None), given.pop("initial", None)
    x, rest = node.args[0], node.args[1:]
    keywords = [ast.keyword(arg=k, value=v) for k, v in given.items()]
    if callee is np.mean:
        if initial is not None:
            return None
        chosen = _call(_np("where"), [where, x, ast.Constant(0.0)])
        count = _call(_np("broadcast_to"), [where, _call(_np("shape"), [x])])
        total = _call(_np("sum"), [chosen, *rest], keywords)
        return ast.BinOp(left=total, op=ast.Div(), right=_call(_np("sum"), [count, *rest], keywords))
    if where is not None:
        x = _call(_np("where"), [where, x, ast.Constant(IDENTITIES[callee])])
    reduced = _call(function(callee), [x, *rest], keywords)
    if initial is None:
        return reduced
    if callee in EXTREMA:
        return _call(_np(EXTREMA[callee]), [reduced, initial])
    return ast.BinOp(left=reduced, op=ast.Add() if callee is np.sum else ast.Mult(), right=initial)
