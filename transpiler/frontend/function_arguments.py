"""Functions passed as arguments of the differentiated function: d2l's
``sequence_loss(params, gru, init_gru_state)``, ``loss(w, predictor)``, ``act=np.tanh`` as a
parameter's default the caller may replace.

Which function a parameter holds is the call's, as an object's class is (parameter_classes.py):
each function argument is an entry of the call's ``classes`` (part of the derivative's spec and
so of its cache key, by the function's identity; the runner's call key holds it too), and the
lowering for those classes binds the parameter to the function itself, a constant of the
program: its source is inlined (a ``def``, a lambda, a closure) or its rule applied (``np.sin``)
as if the function had been named where it is called. The argument is still passed to the
generated code, which never reads it. Without the classes (a listing of the function alone) a
call of such a parameter is a call that simply runs, refused where a differentiated value flows
through it (calls.py's ``_opaque``)."""
from __future__ import annotations

import ast
import functools
import types
from typing import Any

import numpy as np

from ..ir import Const, Var
from .values import PythonFunction, StaticDict, StaticSequence

FUNCTION = "function"       # (a classes entry's marker: (position, type, FUNCTION, the function))

# What a function argument may be: a `def` or lambda (a closure too), a builtin, a ufunc, one of
# NumPy's dispatched functions (np.sum), a partial. Not a bound method (its receiver is a value)
# nor a class (a constructor: parameter_classes.py's business) nor an object with `__call__`.
# A string is a constant of the call the same way (an option's name: `getattr(np, name)`,
# `ACTIVATIONS[name]`, `if mode == "sum":`): a call with another string compiles anew. Not an
# int: a count or size varies from call to call, and compiling per value would be slow.
FUNCTION_TYPES = frozenset({types.FunctionType, types.BuiltinFunctionType, np.ufunc, type(np.sum),
                            functools.partial, str})


def is_function_argument(value: Any) -> bool:
    """Is ``value`` a function the code is compiled for (a constant of the call)?"""
    return type(value) in FUNCTION_TYPES


def function_entry(index: int, value: Any) -> tuple[Any, ...]:
    """The call's ``classes`` entry for the function ``value`` passed at ``index``."""
    return (index, type(value), FUNCTION, value)


FUNCTIONS = "functions"     # (position, tuple, list or dict, FUNCTIONS, the functions: for a dict, its items)
_MAX_FUNCTIONS = 64         # (api/flat.py's MAX_ELEMENTS: its call key holds each one that far)


def is_function_sequence(value: Any) -> bool:
    """A tuple, list or dict (string keys) of functions: ``acts=(np.tanh, np.sin)``,
    ``{"hidden": np.tanh, "out": np.sin}``. Each function is a constant of the call, as one
    function passed is (api/flat.py's call key holds each one itself)."""
    if type(value) is dict and not all(type(k) is str for k in value):
        return False
    items = list(value.values()) if type(value) is dict else value
    return type(value) in (tuple, list, dict) and 0 < len(items) <= _MAX_FUNCTIONS \
        and all(type(v) in FUNCTION_TYPES and type(v) is not str for v in items)


def function_sequence_entry(index: int, value: Any) -> tuple[Any, ...]:
    """The call's ``classes`` entry for the functions ``value`` holds (hashable: a dict's items)."""
    return (index, type(value), FUNCTIONS, tuple(value.items()) if type(value) is dict else tuple(value))


def bind_function_sequence(lowering, param: Var, kind: type, functions: tuple) -> None:
    """Bind the parameter whose value is ``param`` to its functions: a loop over a tuple or list
    is unrolled and each call inlined, as over a global ``ACTS = (np.tanh, np.sin)``; a dict's
    entries are read by constant key, as a global ``ACTIVATIONS`` dict's."""
    def held(f):
        return PythonFunction(f, getattr(f, "__qualname__", None) or getattr(f, "__name__", None) or repr(f))
    value = StaticDict({k: held(f) for k, f in functions}) if kind is dict \
        else StaticSequence(tuple(held(f) for f in functions))
    for name, atom in list(lowering.env.items()):
        if atom is param:
            lowering.env[name] = value


def bind_function_parameter(lowering, param: Var, function: Any) -> None:
    """Bind the parameter whose value is ``param`` to ``function``: calls of it are the
    function's, inlined or by its rule; reading it is reading that function."""
    for name, value in list(lowering.env.items()):
        if value is param and type(function) is str:
            lowering.env[name] = Const(function)
        elif value is param:
            label = getattr(function, "__qualname__", None) or getattr(function, "__name__", None) or name
            lowering.env[name] = PythonFunction(function, label)


def string_constants(node: ast.expr, env: dict) -> tuple[str, ...] | None:
    """The strings of a list or tuple display of string constants, or of a local name bound to a
    tuple of them: a loop over them is unrolled (each is an option's name, ``getattr(np, name)``,
    ``ACTIVATIONS[name]``, known while compiling in each copy of the body); else None."""
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts \
            and all(isinstance(e, ast.Constant) and type(e.value) is str for e in node.elts):
        return tuple(e.value for e in node.elts)
    value = env.get(node.id) if isinstance(node, ast.Name) else None
    if isinstance(value, Const) and type(value.value) in (tuple, list) and value.value \
            and all(type(v) is str for v in value.value):
        return tuple(value.value)
    return None
