"""NumPy's concatenation index tricks written as the calls they mean: ``np.r_[a, b, 1:4]`` is
``np.concatenate((np.atleast_1d(a), np.atleast_1d(b), np.arange(1, 4)), axis=0)`` and
``np.c_[a, b]`` is ``np.concatenate((np.column_stack((a,)), np.column_stack((b,))), axis=-1)``
(each piece made at least 2-d with a vector as a column, then joined on the last axis: NumPy's
``c_``, also for pieces of more than two dimensions). The rewritten call is lowered as written,
so both modes and second derivatives follow the calls' rules."""
from __future__ import annotations

import ast
from typing import Callable

import numpy as np

TRICKS = {id(np.r_): "r_", id(np.c_): "c_"}


def index_trick(obj: object) -> str | None:
    """``"r_"`` or ``"c_"`` where ``obj`` is NumPy's index trick, else None."""
    return TRICKS.get(id(obj))


def _call(func: ast.expr, args: list, keywords: list = ()) -> ast.Call:
    return ast.Call(func=func, args=list(args), keywords=list(keywords))


def pieces(index: ast.expr) -> list[ast.expr]:
    """The items between the brackets, in order."""
    return list(index.elts) if isinstance(index, ast.Tuple) else [index]


def refusal(items: list[ast.expr]) -> tuple[str, str] | None:
    """(what, hint) for the spellings not rewritten: a directive string (``np.r_['0,2', a, b]``)
    and a slice with a complex step (``np.r_[0:1:5j]``, a linspace)."""
    for item in items:
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            return f"a directive string ({item.value!r})", "write np.concatenate(..., axis=...) or np.stack"
        if isinstance(item, ast.Slice) and isinstance(item.step, ast.Constant) and isinstance(item.step.value, complex):
            return "a slice with a complex step (a linspace)", "write np.linspace(start, stop, num)"
    return None


def rewritten(trick: str, items: list[ast.expr], function: Callable[[Callable], ast.expr]) -> ast.expr:
    """``np.r_[items]`` / ``np.c_[items]`` as a concatenation; ``function(np.arange)``: an
    expression naming that NumPy function (the user's module need not import NumPy as ``np``)."""
    _np = lambda name: function(getattr(np, name))  # noqa: E731
    made = []
    for item in items:
        if isinstance(item, ast.Slice):          # 1:10 -> np.arange(1, 10)
            piece: ast.expr = _call(_np("arange"), [item.lower or ast.Constant(0), item.upper,
                                                    item.step or ast.Constant(1)])
        else:
            piece = item
        made.append(_call(_np("atleast_1d" if trick == "r_" else "column_stack"),
                          [piece if trick == "r_" else ast.Tuple(elts=[piece], ctx=ast.Load())]))
    axis = ast.Constant(0 if trick == "r_" else -1)
    return _call(_np("concatenate"), [ast.Tuple(elts=made, ctx=ast.Load())], [ast.keyword(arg="axis", value=axis)])
