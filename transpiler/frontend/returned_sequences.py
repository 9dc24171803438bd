"""``for f in make_fns():``: a loop over what a helper of the user's returns is lowered as
``fs = make_fns()`` then ``for f in fs:`` (Python evaluates the iterable once, before the first
iteration), and the same for the sequence given to ``enumerate``, ``zip`` or ``reversed``. A list or
tuple of functions the helper returns is known while compiling, so the loop is unrolled (one
copy of the body per function, each call inlined) as over a name bound to it; before, the call
in the loop's header was refused ("a list of functions used as a value here")."""
from __future__ import annotations

import ast
import copy
import inspect
import types

from .. import primitives as rules

_SEQUENCE_CALLS = (enumerate, zip, reversed)


def hoisted_iterable(lowering, node: ast.For, hold) -> ast.For | None:
    """``node`` with each call of a user function in its header (the iterable, or an argument
    of ``enumerate``/``zip``/``reversed`` there) lowered once and held under a name; None where
    there is none (nothing lowered)."""
    it = node.iter
    if _user_call(lowering, it):
        return _replaced(node, _held(lowering, it, hold))
    if not (isinstance(it, ast.Call) and isinstance(it.func, (ast.Name, ast.Attribute))
            and lowering._resolve(it.func) in _SEQUENCE_CALLS and any(_user_call(lowering, a) for a in it.args)):
        return None
    args = [_held(lowering, a, hold) if _user_call(lowering, a) else a for a in it.args]
    return _replaced(node, ast.copy_location(ast.Call(func=it.func, args=args, keywords=it.keywords), it))


def _user_call(lowering, node: ast.expr) -> bool:
    """A call of a function of the user's module (inlined: not a generator, which generators.py
    lowers as the loop it stands for, nor a function with a rule or from a library)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and not any(isinstance(a, ast.Starred) for a in node.args)):
        return False
    if node.func.id in lowering.env:
        return False                    # (a local function or a value: the other paths' business)
    function = lowering._resolve(node.func)
    return (isinstance(function, types.FunctionType) and not inspect.isgeneratorfunction(function)
            and rules.lookup(function) is None and not rules.registry.from_a_library(function)
            and not hasattr(function, "__transpiler_original__"))


def _held(lowering, call: ast.Call, hold) -> ast.Name:
    return hold(lowering._expr(call), call)


def _replaced(node: ast.For, iterable: ast.expr) -> ast.For:
    loop = copy.copy(node)              # (the loop's own marks too: its exit flag, jumps.py)
    loop.iter = iterable
    return loop
