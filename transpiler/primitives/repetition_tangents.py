"""Forward mode of a list's repetition ``xs * n`` (``repeated(xs, n)``, lists.py) and of its
adjoint's ``product_cotangent``: an integer count carries no derivative. Where the count is an
item of a list with tangents (``[0.0] * nt[0]`` with ``nt = [0] + list(q)``, pyliferisk's
mortality table), its tangent is the float 0.0, which as a count made the tangent NumPy's product,
one item long (an index then read another item's tangent). Both modules' helpers were declared
linear in each argument, their terms added by ``+``, which concatenates two lists: here each
term is the count's own, and terms are added item by item (``accumulate``)."""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from . import runtime
from .lists import repeated
from .registry import REGISTRY
from .runtime import helper, zeros_like_adjoint


@helper("zeros_like_adjoint", linear="multi", args=(0, 2))
def count_tangent(xs, n, t_n):
    """The term of ``repeated(xs, n)``'s tangent that ``n``'s makes: NumPy's product ``xs * t_n``,
    or for an integer count zeros, one per item of the repetition."""
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool):
        return zeros_like_adjoint(xs) * n
    return np.multiply(xs, t_n)


@helper("zeros_like_adjoint", linear="multi", args=(0, 2))
def count_cotangent_tangent(d_y, y, t_n):
    """The term of ``product_cotangent(d_y, y, n)``'s tangent that ``n``'s makes: ``d_y * t_n``
    for NumPy's product, zeros for a repetition (the list ``y``: its cotangent is ``d_y`` whatever
    the count)."""
    if isinstance(y, (list, tuple)):
        return zeros_like_adjoint(d_y)
    return np.multiply(d_y, t_n)


def _call(name: str, *args: ast.expr) -> ast.expr:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


def _added(terms: list) -> ast.expr | None:
    """The terms' sum, item by item for lists."""
    total = terms[0] if terms else None
    for term in terms[1:]:
        total = _call("accumulate", total, term)
    return total


def _repeated_tangent(site, tangents):
    (xs, n), (t_xs, t_n) = site.args, tangents
    return _added(([_call("repeated", t_xs, n)] if t_xs is not None else [])
                  + ([_call("count_tangent", xs, n, t_n)] if t_n is not None else []))


def _product_cotangent_tangent(site, tangents):
    (d_y, y, n), (t_dy, _, t_n) = site.args, tangents       # (y is read for its type only)
    return _added(([_call("product_cotangent", t_dy, y, n)] if t_dy is not None else [])
                  + ([_call("count_cotangent_tangent", d_y, y, t_n)] if t_n is not None else []))


REGISTRY[repeated] = dataclasses.replace(REGISTRY[repeated], jvp_builder=_repeated_tangent)
runtime.TANGENT_BUILDERS["product_cotangent"] = _product_cotangent_tangent    # (declared by helper_rules)
