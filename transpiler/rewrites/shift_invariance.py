"""Rewrite ``shift_invariance``: log-softmax and logsumexp pass no derivative to the shift.

``z = a - c`` followed by ``z - log(sum(exp(z)))`` (log-softmax) or ``c + log(sum(exp(a - c)))``
(logsumexp) is the same function of ``a`` whatever ``c`` is, when ``c`` is constant along the
summed axes (the usual ``c = np.max(a, axis=k, keepdims=True)``, subtracted so that ``exp``
cannot overflow). ``c``'s adjoint is then exactly zero in exact arithmetic (in floating point
the sum of a softmax's adjoint is rounding noise): the edges found carry none, so ``c`` and the
``np.max`` computing it get no adjoint at all. Switched off, the same gradient is computed the
long way (the ``np.max``'s adjoint included), equal to rounding.
"""
from __future__ import annotations

import ast

from ..analysis.facts import Facts
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk

NAME = "shift_invariance"
DESCRIPTION = "no derivative into the max subtracted in a log-softmax or logsumexp (it cancels exactly)"


def find(fn: Function, shapes: dict) -> Facts:
    return Facts(cut=invariant_shifts(fn, shapes))


def invariant_shifts(fn: Function, shapes: dict) -> frozenset:
    """Where a value is subtracted only to be added back exactly, so no derivative flows through it:

    * log-softmax, ``z = a - c; z - np.log(np.sum(np.exp(z), axis=k, keepdims=True))``, is the
      same function of ``a`` whatever ``c`` is when ``c`` is constant along axis ``k`` (the usual
      ``c = np.max(a, axis=k, keepdims=True)``, subtracted so that ``exp`` cannot overflow);
    * logsumexp, ``c + np.log(np.sum(np.exp(a - c), axis=k, keepdims=True))``, likewise.

    Mathematically ``c``'s adjoint is exactly zero there (in floating point, the sum of a
    softmax's adjoint is rounding noise); the edges returned carry none, so ``c`` (and the
    ``np.max`` computing it) gets no adjoint at all. Returns ``(id(statement), position)`` pairs."""
    uses: dict[Var, list] = {}
    for stmt in walk(fn.body):
        args = stmt.args if isinstance(stmt, (Assign, Effect)) else ()
        for i, atom in enumerate(args):
            if isinstance(atom, Var):
                uses.setdefault(atom, []).append((stmt, i))
        for _, atom in getattr(stmt, "kwargs", ()):
            if isinstance(atom, Var):
                uses.setdefault(atom, []).append((stmt, None))
        for atom in (stmt.uses() if isinstance(stmt, (Copy, If, Loop)) else ()):
            uses.setdefault(atom, []).append((stmt, None))
    if isinstance(fn.result, Var):
        uses.setdefault(fn.result, []).append((None, None))

    def only_use(var):
        found = uses.get(var, [])
        return found[0] if len(found) == 1 else (None, None)

    def is_(stmt, path):
        return isinstance(stmt, Assign) and stmt.prim.spelling.path == path

    def is_subtract(stmt):
        return isinstance(stmt, Assign) and (stmt.prim.spelling.binop is ast.Sub or stmt.prim.spelling.path == "np.subtract")

    def is_add(stmt):
        return isinstance(stmt, Assign) and (stmt.prim.spelling.binop is ast.Add or stmt.prim.spelling.path == "np.add")

    cut = set()
    definitions = {s.target: s for s in walk(fn.body) if isinstance(s, Assign)}
    for shift in walk(fn.body):
        if not (is_subtract(shift) and isinstance(shift.args[1], Var)):
            continue
        z, c = shift.target, shift.args[1]
        exps = [u for u, i in uses.get(z, []) if is_(u, "np.exp")]
        if not exps:
            continue
        total, _ = only_use(exps[0].target)
        if not (is_(total, "np.sum") and (_keeps_axis_constant(total, shapes.get(z), shapes.get(c))
                                          or _reduced_along(definitions.get(c), total))):
            continue
        log, _ = only_use(total.target)
        if not is_(log, "np.log"):
            continue
        out, position = only_use(log.target)
        z_uses = uses.get(z, [])
        if is_subtract(out) and position == 1 and out.args[0] == z and len(z_uses) == 2:
            cut.add((id(shift), 1))                              # log-softmax
        elif is_add(out) and len(z_uses) == 1 and out.args[1 - position] == c:
            cut.update({(id(shift), 1), (id(out), 1 - position)})    # logsumexp
    return frozenset(cut)


def _reduced_along(made: Assign | None, total: Assign) -> bool:
    """Is ``made`` a reduction keeping its axes (``np.max(a, axis=k, keepdims=True)``) over the
    axes ``total`` sums: constant along them whatever the shapes?"""
    if made is None or made.prim.family != "reductions" or len(made.args) != 1:
        return False
    keywords = lambda s: {k: v.value for k, v in s.kwargs if isinstance(v, Const)}  # noqa: E731
    mine, theirs = keywords(made), keywords(total)
    return (len(mine) == len(made.kwargs) and mine.get("keepdims") is True
            and mine.get("axis") == theirs.get("axis"))


def _keeps_axis_constant(total: Assign, z_shape, c_shape) -> bool:
    """Is ``total`` a keepdims sum over axes along which ``c`` (of shape ``c_shape``) is
    constant, ``z`` being ``a - c`` of shape ``z_shape``?"""
    keywords = {k: v.value for k, v in total.kwargs if isinstance(v, Const)}
    if len(total.args) != 1 or len(keywords) != len(total.kwargs) or keywords.get("keepdims") is not True:
        return False
    if c_shape == ():
        return True
    if not (isinstance(z_shape, tuple) and isinstance(c_shape, tuple) and len(c_shape) == len(z_shape)):
        return False
    axis = keywords.get("axis")
    axes = range(len(z_shape)) if axis is None else [axis] if type(axis) is int else axis
    try:
        return all(c_shape[a % len(z_shape)] == 1 for a in axes)
    except (TypeError, IndexError, ZeroDivisionError):
        return False
