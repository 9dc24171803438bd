"""NumPy reductions' ``where=``, ``initial=``, ``dtype=`` (``np.sum(np.asarray(x, dtype=d))``),
``out=None`` and ``correction=`` (``ddof=``) keywords, written as the reductions they mean:
``np.sum(x, where=m)`` is ``np.sum(np.where(m, x, 0.0))`` (1.0 for products), ``np.max(x,
initial=v, where=m)`` is ``np.maximum(np.max(np.where(m, x, -np.inf), initial=-np.inf), v)`` (an
empty slice reduces to the identity, then ``v``), ``np.mean(x, where=m)``
is the sum of the chosen elements over their count, ``np.var(x, where=m)`` (and ``np.std``) the
chosen elements' spread about their mean. The rewritten call is lowered as written, so
its derivative is the chosen elements' (the others get 0)."""
from __future__ import annotations

import ast
from typing import Callable

import numpy as np

from .values import PythonFunction

IDENTITIES = {np.sum: 0.0, np.prod: 1.0, np.max: -np.inf, np.amax: -np.inf, np.min: np.inf, np.amin: np.inf}
# Reductions taking ``dtype=`` (the accumulator's and result's dtype: the reduction of the
# argument cast to it, as NumPy casts each element as it reads it) and ``out=``
TYPED = (np.sum, np.prod, np.mean, np.cumsum, np.cumprod, np.var, np.std)
# The keywords rewritten here; ``correction=`` is NumPy 2's name for ``ddof=`` of var and std
REWRITTEN_KEYWORDS = frozenset({"where", "initial", "dtype", "out", "correction"})
EXTREMA = {np.max: "maximum", np.amax: "maximum", np.min: "minimum", np.amin: "minimum"}
SPREADS = (np.var, np.std)


def _call(func: ast.expr, args: list, keywords: list = ()) -> ast.Call:
    return ast.Call(func=func, args=list(args), keywords=list(keywords))


def lowered_without_reduction_keywords(lowering, node: ast.Call, callee, name: str | None):
    """A reduction's ``where=`` / ``initial=`` / ``dtype=`` ... written as the reduction they
    mean (:func:`without_reduction_keywords`), lowered; None where the call has none of them."""
    with lowering._holding() as hold:
        def function(f):
            return hold(PythonFunction(f, f"np.{f.__name__}"), node)
        # each argument lowered once, in Python's order (the rewrite reads some twice); `out=None`
        # is no keyword at all
        out_none = any(is_none_out(k) for k in node.keywords)
        initial_none = callee in IDENTITIES and any(_is_none_initial(k) for k in node.keywords)
        node = ast.copy_location(ast.Call(func=node.func, args=[hold(lowering._arg(a), a) for a in node.args],
                                          keywords=[ast.keyword(arg=k.arg, value=hold(lowering._arg(k.value), k.value))
                                                    for k in node.keywords
                                                    if not is_none_out(k) and not (initial_none and _is_none_initial(k))]),
                                 node)
        rewritten = without_reduction_keywords(node, callee, function, out_none)
        if rewritten is None and not initial_none:
            return None
        # `initial=None`: NumPy's default, no initial value (the function, for a method's spelling too)
        rewritten = rewritten or _call(function(callee), node.args, node.keywords)
        return lowering._expr(ast.fix_missing_locations(ast.copy_location(rewritten, node)), name)


def without_reduction_keywords(node: ast.Call, callee, function: Callable[[Callable], ast.expr],
                               out_none: bool = False) -> ast.expr | None:
    """``node`` (a call of ``callee``) rewritten without ``where=`` / ``initial=``; None if it
    has none or ``callee`` is not one of these reductions (``out_none``: it had ``out=None``,
    left out of ``node``). ``function(np.where)``: an
    expression naming that NumPy function in the rewritten call (the user's module need not
    have imported NumPy as ``np``)."""
    _np = lambda name: function(getattr(np, name))  # noqa: E731
    given = {k.arg: k.value for k in node.keywords}
    if not node.args:
        return None
    if callee in TYPED and ({"dtype", "correction"} & set(given) or out_none):
        return _typed(node, callee, given, function)
    if callee not in (*IDENTITIES, np.mean, *SPREADS) or not ({"where", "initial"} & set(given)):
        return None
    where, initial = given.pop("where", None), given.pop("initial", None)
    x, rest = node.args[0], node.args[1:]
    if callee in SPREADS:
        return None if initial is not None else _spread(callee, x, rest, given, where, _np)
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
    if initial is not None and callee in EXTREMA:
        # the reduction's own identity as its initial: an empty slice is -inf (inf), not an error
        identity = ast.keyword(arg="initial", value=ast.Constant(IDENTITIES[callee]))
        return _call(_np(EXTREMA[callee]), [_call(function(callee), [x, *rest], [*keywords, identity]), initial])
    reduced = _call(function(callee), [x, *rest], keywords)
    if initial is None:
        return reduced
    return ast.BinOp(left=reduced, op=ast.Add() if callee is np.sum else ast.Mult(), right=initial)


def _is_none_initial(keyword: ast.keyword) -> bool:
    return keyword.arg == "initial" and isinstance(keyword.value, ast.Constant) and keyword.value.value is None


def is_none_out(keyword: ast.keyword) -> bool:
    """``out=None``: the result in a new array, as without the keyword."""
    return keyword.arg == "out" and isinstance(keyword.value, ast.Constant) and keyword.value.value is None


def _typed(node: ast.Call, callee, given: dict, function: Callable[[Callable], ast.expr]) -> ast.expr | None:
    """``np.sum(x, dtype=d)`` as ``np.sum(np.asarray(x, dtype=d))``, ``np.var(x, correction=c)``
    as ``np.var(x, ddof=c)``, ``out=None`` left out (the keywords of ``node`` without it are
    ``given``); None for an ``out=`` array (refused as the reduction's own keyword)."""
    if "out" in given or "correction" in given and (callee not in SPREADS or "ddof" in given):
        return None
    if "correction" in given:
        given["ddof"] = given.pop("correction")
    x, rest = node.args[0], node.args[1:]
    if "dtype" in given:
        x = _call(function(np.asarray), [x], [ast.keyword(arg="dtype", value=given.pop("dtype"))])
    return _call(function(callee), [x, *rest], [ast.keyword(arg=k, value=v) for k, v in given.items()])


def initial_is_the_identity(node: ast.Call, callee) -> bool:
    """Is ``node`` an extremum with its identity as ``initial=`` and no ``where=`` (as the rewrite
    above writes it), which its rule takes as it is?"""
    given = {k.arg: k.value for k in node.keywords}
    initial = given.get("initial")
    return (callee in EXTREMA and "where" not in given and isinstance(initial, ast.Constant)
            and initial.value == IDENTITIES[callee])


def _spread(callee, x: ast.expr, rest: list, given: dict, where: ast.expr, _np) -> ast.expr | None:
    """``np.var`` / ``np.std`` of the elements ``where`` chooses (axis positional or by keyword;
    ``ddof``, ``keepdims``); None for another spelling (``dtype``, ``out``, ``mean``)."""
    if len(rest) > 1 or (rest and "axis" in given) or set(given) - {"axis", "keepdims", "ddof"}:
        return None
    axis = rest[0] if rest else given.get("axis", ast.Constant(None))
    keepdims = given.get("keepdims", ast.Constant(False))
    ddof = given.get("ddof", ast.Constant(0))

    def summed(value: ast.expr, keep: ast.expr) -> ast.Call:
        return _call(_np("sum"), [value], [ast.keyword(arg="axis", value=axis), ast.keyword(arg="keepdims", value=keep)])

    chosen = _call(_np("broadcast_to"), [where, _call(_np("shape"), [x])])
    mean = ast.BinOp(left=summed(_call(_np("where"), [where, x, ast.Constant(0.0)]), ast.Constant(True)),
                     op=ast.Div(), right=summed(chosen, ast.Constant(True)))
    # the unchosen elements' differences are replaced before squaring: a NaN there reaches
    # neither the value nor (0 times its partial) the derivative
    centered = _call(_np("where"), [where, ast.BinOp(left=x, op=ast.Sub(), right=mean), ast.Constant(0.0)])
    count = _call(_np("maximum"), [ast.BinOp(left=summed(chosen, keepdims), op=ast.Sub(), right=ddof),
                                   ast.Constant(0)])          # NumPy's max(n - ddof, 0)
    variance = ast.BinOp(left=summed(ast.BinOp(left=centered, op=ast.Pow(), right=ast.Constant(2)), keepdims),
                         op=ast.Div(), right=count)
    return variance if callee is np.var else _call(_np("sqrt"), [variance])
