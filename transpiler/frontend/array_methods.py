"""Array methods that write into their array, and methods given ``out=``: lowered as the writes
they make, never as calls whose value is dropped.

``a.fill(v)`` ran as a call that simply runs whose value (None) nothing read, so it was dropped
and ``a`` kept what it held before (``out = np.empty(4); out.fill(0.5)``: the value and gradient
were computed from uninitialised memory); ``a.put(i, v)`` and ``a.partition(k)`` likewise. They
are the writes ``a[...] = v``, ``np.put(a, i, v)``, ``a[...] = np.partition(a, k)``.
``y.clip(0, 1, out=y)`` was ``np.clip(y, 0, 1, out=y)`` as a value, dropped the same way: a
method given ``out=`` is its function's spelling, whose ``out=`` is the write it makes
(out_arguments.py)."""
from __future__ import annotations

import ast

import numpy as np

from ..ir import Var
from ..primitives import writes

_WRITING = {"fill": 1, "put": 2, "partition": 1}      # method -> its least count of arguments


def _root_is_an_array_name(lowering, receiver: ast.expr) -> bool:
    """``a``, ``a[0]``, ``a[:, 1]``: a name of the function holding a value (not an object,
    whose own ``fill`` method would be meant)."""
    while isinstance(receiver, ast.Subscript):
        receiver = receiver.value
    return isinstance(receiver, ast.Name) and isinstance(lowering.env.get(receiver.id), Var)


def lowered_array_write(lowering, call: ast.Call) -> bool:
    """``a.fill(v)``, ``a.put(i, v)``, ``a.partition(k)`` as a statement on an array of the
    function: lowered as the write it makes. False for any other call."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in _WRITING and _root_is_an_array_name(lowering, func.value)):
        return False
    if len(call.args) < _WRITING[func.attr] or any(isinstance(a, ast.Starred) for a in call.args) \
            or any(k.arg is None for k in call.keywords):
        return False
    receiver = func.value
    whole = ast.copy_location(ast.Subscript(value=receiver, slice=ast.Constant(Ellipsis), ctx=ast.Store()), call)
    if func.attr == "fill":
        if len(call.args) != 1 or call.keywords:
            return False
        lowering._assign(whole, call.args[0])
        return True
    with lowering._holding() as hold:
        function = lowering._numpy_function(hold, call)
        if func.attr == "put":
            spelled = ast.copy_location(ast.Call(func=function(np.put), args=[receiver, *call.args],
                                                 keywords=call.keywords), call)
            lowering._written_in_place(spelled, writes.in_place_write(np.put))
            return True
        partitioned = ast.copy_location(ast.Call(func=function(np.partition), args=[receiver, *call.args],
                                                 keywords=call.keywords), call)
        lowering._assign(whole, ast.fix_missing_locations(partitioned))
        return True


def method_with_out(lowering, call: ast.Call, function, name: str | None):
    """``y.clip(0, 1, out=y)``: ``np.clip(y, 0, 1, out=y)``, whose ``out=`` is a write; None
    for a method call without ``out=``."""
    if not any(k.arg == "out" for k in call.keywords):
        return None
    with lowering._holding() as hold:
        spelled = ast.copy_location(ast.Call(func=lowering._numpy_function(hold, call)(function),
                                             args=[call.func.value, *call.args], keywords=call.keywords), call)
        return lowering._expr(ast.fix_missing_locations(spelled), name)
