"""``ACTIVATIONS[name](x)``: a call of a dict of functions (a global's, a closure's, a display's)
at a key known only at run time (a string parameter, a loop's item). Python calls the one function
the key selects; the lowering, which inlines calls of functions it knows, writes the choice out as
the branches it means::

    if name == "tanh":
        _called = ACTIVATIONS["tanh"](x)
    elif name == "relu":
        _called = ACTIVATIONS["relu"](x)
    else:
        raise KeyError(name)

each branch a call of a known function, inlined; the key is a constant of the derivative (it
selects, it is not differentiated). The same where the function is first bound to a name
(``f = ACTIVATIONS[name]`` then ``f(x)``, or ``f(X)`` for its effect on ``X``: a
``DispatchedFunction``). And ``for name, f in ACTIVATIONS.items()`` (``.values()``,
``.keys()``): unrolled, one copy of the body per entry."""
from __future__ import annotations

import ast
from dataclasses import dataclass

from ..errors import TranspileError
from ..ir import Atom, Const
from .values import PartialFunction, PythonFunction, SourceFunction, Static, StaticDict, VectorizedFunction

MAX_KEYS = 16       # (each key a copy of the call: beyond this, a program of its own)


def dispatched_call(lowering, node: ast.Call, name: str | None):
    """The value of ``node`` (``fs[key](...)``) where ``fs`` is a dict of functions and ``key``
    is known only at run time; None for any other call."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "get" and isinstance(func.value, (ast.Name, ast.Attribute)):
        return _got_function(lowering, node)
    if not (isinstance(func, ast.Subscript) and isinstance(func.value, (ast.Name, ast.Attribute))
            and not isinstance(func.slice, ast.Slice)):
        return None
    functions = dict_of_functions(lowering, func.value)
    if functions is None:
        return None
    key = lowering._expr(func.slice)
    if _known(key, functions, func.slice):
        return None                 # (a key known now: the call of that one function)
    if len(functions.items) > MAX_KEYS:
        lowering._unsupported(node, f"calling one of a dict of {len(functions.items)} functions chosen at run time",
                              f"keep it to {MAX_KEYS} functions, or pass the function itself")
    with lowering._holding() as hold:
        return _call_chosen(lowering, node, hold(key, func.slice), functions, name,
                            lambda k: ast.Subscript(value=func.value, slice=ast.Constant(k), ctx=ast.Load()))


def _got_function(lowering, node: ast.Call):
    """``fs.get(key, default)`` of a dict of functions ``fs``: the function at ``key`` (a constant),
    or the default's; at a key known only at run time, a ``DispatchedFunction`` whose dict holds
    the default at a key of its own, chosen where the key is none of ``fs``'s. None: another call."""
    functions = dict_of_functions(lowering, node.func.value)
    if functions is None or node.keywords or not 1 <= len(node.args) <= 2:
        return None
    key = lowering._expr(node.args[0])
    default = lowering._expr(node.args[1]) if len(node.args) == 2 else Const(None)
    if isinstance(key, Const):
        return functions.items.get(key.value, default)
    if len(functions.items) >= MAX_KEYS:
        lowering._unsupported(node, f"choosing one of a dict of {len(functions.items)} functions at run time",
                              f"keep it to {MAX_KEYS} functions, or pass the function itself")
    if len(node.args) == 1:         # (a missing key gives None, which cannot be called: Python's TypeError there)
        lowering._unsupported(node, "`.get(key)` of a dict of functions with no default",
                              "write `fs[key]` (a missing key raises KeyError) or give a default function")
    other = "<default>"             # (a key of its own: no key of the dict)
    while other in functions.items:
        other = f"<{other}>"
    with lowering._holding() as hold:
        held = hold(key, node.args[0])
        known = ast.Compare(left=held, ops=[ast.In()],
                            comparators=[ast.Tuple(elts=[ast.Constant(k) for k in functions.items], ctx=ast.Load())])
        chosen = ast.IfExp(test=known, body=held, orelse=ast.Constant(other))
        chosen_key = lowering._expr(ast.fix_missing_locations(ast.copy_location(chosen, node.args[0])))
    return DispatchedFunction(StaticDict({**functions.items, other: default}), chosen_key, ast.unparse(node))


@dataclass(eq=False)
class DispatchedFunction(Static):
    """``f = ACTIVATIONS[name]``, ``name`` known only at run time: the function of the dict of
    functions ``functions`` at the key ``key`` (an atom), called as ``dispatched_call`` calls."""

    functions: StaticDict
    key: Atom
    label: str

    def describe(self) -> str:
        return f"`{self.label}` (a function of a dict, chosen at run time)"


def _known(key: Atom, functions: StaticDict, written: ast.expr) -> bool:
    """Is ``key`` a constant the lowering picks the function by: one of the dict's keys, or a
    missing one written as a literal (refused where it is read)? A missing string a name holds
    (a string argument, a constant of the call: ``grad(f)(x, "sigmoid")``) raises Python's
    KeyError for the call, as the function itself does."""
    if isinstance(key, Const) and key.value not in functions.items and not isinstance(written, ast.Constant):
        raise KeyError(key.value)
    return isinstance(key, Const)


def dispatched_function(lowering, value, node: ast.Subscript) -> DispatchedFunction | None:
    """``fs[key]`` of a dict of functions ``value`` at a key known only at run time, or None."""
    if not isinstance(value, StaticDict) or isinstance(node.slice, ast.Slice) or len(value.items) > MAX_KEYS:
        return None
    key = lowering._expr(node.slice)
    if _known(key, value, node.slice):
        return None
    with lowering._holding() as hold:        # (Python looks the key up here: a missing one raises now)
        held = hold(key, node.slice)
        missing = ast.If(test=ast.Compare(left=held, ops=[ast.NotIn()],
                                          comparators=[ast.Tuple(elts=[ast.Constant(k) for k in value.items],
                                                                 ctx=ast.Load())]),
                         body=[ast.Raise(exc=ast.Call(func=ast.Name(id="KeyError", ctx=ast.Load()), args=[held],
                                                      keywords=[]), cause=None)], orelse=[])
        lowering._statement(ast.fix_missing_locations(ast.copy_location(missing, node)))
    return DispatchedFunction(value, key, ast.unparse(node))


def call_dispatched(lowering, node: ast.Call, value: DispatchedFunction, name: str | None, discarded: bool = False):
    """``f(...)`` of a ``DispatchedFunction``: the branches over its keys (the module's
    docstring). ``discarded``: called for its effects (each branch a statement: a helper
    writing into its argument, dispatched_procedures.py)."""
    with lowering._holding() as hold:
        functions = {k: hold(f, node.func) for k, f in value.functions.items.items()}
        return _call_chosen(lowering, node, hold(value.key, node.func), value.functions, name,
                            functions.__getitem__, discarded)


def _call_chosen(lowering, node: ast.Call, key: ast.expr, functions: StaticDict, name: str | None, function,
                 discarded: bool = False):
    """``if key == k1: _called = function(k1)(...) elif ...: else: raise KeyError(key)``."""
    result = f"_called_{node.lineno}_{node.col_offset}"
    chain: list[ast.stmt] = [ast.Raise(exc=ast.Call(func=ast.Name(id="KeyError", ctx=ast.Load()),
                                                    args=[key], keywords=[]), cause=None)]
    for k in reversed(list(functions.items)):
        call = ast.Call(func=function(k), args=node.args, keywords=node.keywords)
        body = ast.Expr(value=call) if discarded else ast.Assign(targets=[ast.Name(id=result, ctx=ast.Store())],
                                                                 value=call)
        chain = [ast.If(test=ast.Compare(left=key, ops=[ast.Eq()], comparators=[ast.Constant(k)]),
                        body=[body], orelse=chain)]
    lowering._statement(ast.fix_missing_locations(ast.copy_location(chain[0], node)))
    if discarded:
        return Const(None)
    return lowering._expr(ast.copy_location(ast.Name(id=result, ctx=ast.Load()), node), name)


def dict_view_iterations(lowering, it: ast.expr, target: ast.expr):
    """(number of iterations, bind(k)) of a loop over a dict of functions' ``.items()``,
    ``.values()`` or ``.keys()``; None where ``it`` is no such view."""
    functions = _viewed_dict(lowering, it)
    if functions is None:
        return None
    keys, view = list(functions.items), it.func.attr
    if view == "items":
        if not (isinstance(target, ast.Tuple) and len(target.elts) == 2):
            lowering._unsupported(target, "this target for `.items()`", "unpack into two names: `for name, f in ...`")
        return len(keys), lambda k: (lowering._bind(target.elts[0], Const(keys[k])),
                                     lowering._bind(target.elts[1], functions.items[keys[k]]))
    if view == "values":
        return len(keys), lambda k: lowering._bind(target, functions.items[keys[k]])
    return len(keys), lambda k: lowering._bind(target, Const(keys[k]))


def _viewed_dict(lowering, it: ast.expr) -> StaticDict | None:
    """The dict of functions ``it`` (``fs.items()``, ``fs.values()``, ``fs.keys()``) views, or None."""
    if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and not it.args and not it.keywords
            and it.func.attr in ("items", "values", "keys") and isinstance(it.func.value, (ast.Name, ast.Attribute))):
        return None
    return dict_of_functions(lowering, it.func.value)


def dict_of_functions(lowering, node: ast.expr) -> StaticDict | None:
    """The dict of functions the name or attribute ``node`` holds (a display bound in the
    function, a global's, a closure's), or None; decided before lowering ``node``, so that
    nothing is read in vain (a free name read only to learn it is no such dict)."""
    key = lowering._env_key(node)
    if key in lowering.env:
        value = lowering.env[key]
        return value if isinstance(value, StaticDict) else None
    try:
        obj = lowering._resolve(node)
    except TranspileError:
        return None
    if not (type(obj) is dict and obj and all(callable(v) for v in obj.values())):
        return None
    value = lowering._expr(node)
    return value if isinstance(value, StaticDict) else None


def chosen_function(lowering, test: Atom, node: ast.IfExp) -> DispatchedFunction | None:
    """``F = expit if link == "logit" else norm.cdf``, the test known only at run time, both sides
    naming functions: the function of the dict ``{True: expit, False: norm.cdf}`` at the key
    ``bool(test)``, so that ``F(x)`` is the two calls' branches, as ``ACTIVATIONS[name](x)``'s
    (None where a side is not the name of a function)."""
    if not (_names_a_function(lowering, node.body) and _names_a_function(lowering, node.orelse)):
        return None
    then_value, else_value = lowering._expr(node.body), lowering._expr(node.orelse)
    if not (isinstance(then_value, Static) and isinstance(else_value, Static)):
        return None
    with lowering._holding() as hold:
        truth = ast.Call(func=ast.Name(id="bool", ctx=ast.Load()), args=[hold(test, node.test)], keywords=[])
        key = lowering._expr(ast.fix_missing_locations(ast.copy_location(truth, node.test)))
    return DispatchedFunction(StaticDict({True: then_value, False: else_value}), key, ast.unparse(node))


def function_chosen_by(lowering, test: Atom, then_value: Static, else_value: Static,
                       node: ast.AST) -> DispatchedFunction | None:
    """After ``if activation == "relu": act = relu`` ``else: act = np.tanh``, the test known only
    at run time: ``act`` is the function of ``{True: relu, False: np.tanh}`` at ``bool(test)``, as
    ``chosen_function``'s; None where a side is not a function (an object, a dict of functions,
    a name bound on one path only)."""
    if not (isinstance(then_value, _FUNCTIONS) and isinstance(else_value, _FUNCTIONS)):
        return None
    with lowering._holding() as hold:
        truth = ast.Call(func=ast.Name(id="bool", ctx=ast.Load()), args=[hold(test, node)], keywords=[])
        key = lowering._expr(ast.fix_missing_locations(ast.copy_location(truth, node)))
    return DispatchedFunction(StaticDict({True: then_value, False: else_value}), key,
                              f"the function chosen by the branch at line {getattr(node, 'lineno', '?')}")


def _names_a_function(lowering, node: ast.expr) -> bool:
    """Is ``node`` a name or attribute holding a function (a local one, or one read outside)?
    Decided before lowering it, so that nothing is read in vain."""
    if not isinstance(node, (ast.Name, ast.Attribute)):
        return False
    key = lowering._env_key(node)
    if key in lowering.env:
        return isinstance(lowering.env[key], Static)
    try:
        obj = lowering._resolve(node)
    except TranspileError:
        return False
    return callable(obj) and not isinstance(obj, type)


_FUNCTIONS = (PythonFunction, SourceFunction, PartialFunction, VectorizedFunction)
