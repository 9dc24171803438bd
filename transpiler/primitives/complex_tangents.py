"""A tangent written into as complex as the array it is the tangent of. The tangent of a real
array made complex (``x.astype(complex)``, ``x + 0j``) may stay a real array (the tangent of a
real ``x``); a complex value's tangent written into it (``z[1:3] = z[1:3] * 1j``) then lost its
imaginary part, as NumPy casts it (a silent wrong forward derivative; pr7's B2), or raised."""
from __future__ import annotations

import ast

import numpy as np

from .runtime import helper


@helper(linear="joint", reads_shape=(1,))
def complex_as(t, x):
    """``t`` (the tangent of ``x``) as a complex array where ``x`` is one and ``t`` is real."""
    if isinstance(t, np.ndarray) and np.iscomplexobj(x) and not np.iscomplexobj(t):
        return t.astype(np.result_type(t, x))
    return t


def complex_enough(t_x: ast.expr, site) -> ast.expr:
    """``t_x``, the tangent of the array ``x`` of ``x[i] = v``, made complex where ``x`` is known to
    be a complex array (``x.astype(complex)``, ``x + 0j``: analysis/kinds.py); as it is elsewhere,
    so a loop's writes into a real tangent stay in place (opt/array_writes.py: ``stored_at``)."""
    kind = site.arg_kinds[0] if site.arg_kinds else None
    if kind is None or kind[0] != "c":
        return t_x
    return ast.Call(func=ast.Name(id="complex_as", ctx=ast.Load()), args=[t_x, site.args[0]], keywords=[])


def assign_at_tangent(site, tangents: list) -> ast.expr | None:
    """The tangent of the helper call ``assign_at(x, index, v)`` in a gradient's code, differentiated
    again (a Hessian, forward over reverse): the same write into ``x``'s tangent, made complex where
    ``x`` is known complex (``z = x + 0j; z[1] = ...``: ``x``'s real tangent took a complex one and
    raised TypeError, as the user's own ``z[1] = ...`` did before :func:`complex_enough`)."""
    t_x, t_v = tangents[0], (tangents[2] if len(tangents) > 2 else None)
    if t_x is None and t_v is None:
        return None
    t_x = complex_enough(t_x if t_x is not None else _zeros_like(site.args[0]), site)
    t_v = t_v if t_v is not None else _zeros_like(site.args[2])
    return ast.Call(func=ast.Name(id="assign_at", ctx=ast.Load()), args=[t_x, site.args[1], t_v], keywords=[])


def _zeros_like(atom: ast.expr) -> ast.expr:
    return ast.Call(func=ast.Name(id="zeros_like_adjoint", ctx=ast.Load()), args=[atom], keywords=[])


def complex_when_added(binop, site, tangents: list, tangent: ast.expr) -> ast.expr:
    """``tangent``, the tangent of ``a + b`` (``a - b``; ``binop``), as complex as the sum where a
    complex term has no tangent: ``x + 0j`` (``z + x``, ``z`` complex and constant) is complex and
    its tangent, ``x``'s alone, real, so a complex tangent written into it (``y[1:3] = y[1:3] * 1j``)
    would lose its imaginary part where no analysis knows ``y`` complex (``np.concatenate([x + 0j,
    x])``: :func:`complex_enough` cannot tell)."""
    if binop not in (ast.Add, ast.Sub):
        return tangent
    kinds = list(site.arg_kinds or ()) + [None] * len(site.args)
    if not any(t is None and (isinstance(a, ast.Constant) and isinstance(a.value, complex) or str(k)[:1] == "c")
               for a, t, k in zip(site.args, tangents, kinds)):
        return tangent
    return ast.Call(func=ast.Name(id="complex_as", ctx=ast.Load()), args=[tangent, site.out], keywords=[])
