"""A path whose test is known false while compiling, and which cannot be compiled.

A helper written for lists or arrays (``if isinstance(v, list): return sum(x * x for x in v)``
then ``return np.sum(v * v)``), or for an optional argument (``if bias is None: ... else:
bias.T``), is compiled per call with its test known (values.py ``static_isinstance``,
functions.py ``_static_identity``). The path not taken never runs, yet it is lowered like any
branch, and for the other kind of value it may hold code the lowering refuses (``*`` on a list).
Python never reads that code, so neither do we: the refused path becomes a ``raise`` (which a
branch already handles: the names after the ``if`` come from the path taken), and specialisation
then drops the branch (opt/specialize.py folds a known test).
"""
from __future__ import annotations

import ast

from ..errors import UnknownFunctionError, UnsupportedSyntaxError
from ..ir import Effect
from ..primitives import effects


def never_run_path(lowering, lower_it):
    """``lower_it`` as the lowering of a path that never runs: ``lowering.unreachable`` counts
    such paths while they are lowered (a call of None there is None, not refused)."""
    def unreachable():
        lowering.unreachable += 1
        try:
            return lowered_or_raising(lowering, lower_it)
        finally:
            lowering.unreachable -= 1
    return unreachable


def lowered_or_raising(lowering, lower_it):
    """``lower_it()`` for a path that never runs; where that code is refused, a ``raise`` in its
    place (the environment and statements as before it, the refusal's message in the raise)."""
    body, env, available = list(lowering.body), dict(lowering.env), dict(lowering.available)
    try:
        return lower_it()
    except (UnsupportedSyntaxError, UnknownFunctionError) as refused:
        lowering.body[:] = body
        lowering.env.clear()
        lowering.env.update(env)
        lowering.available = available
        message = f"a path known not to run was taken: {refused}"
        error = ast.Call(func=ast.Name(id="AssertionError", ctx=ast.Load()), args=[ast.Constant(message)],
                         keywords=[])
        lowering.body.append(Effect(effects.raising(error), (), refused.location))
        return None      # (a conditional expression's value: the other path's, lowering.py `_if`)
