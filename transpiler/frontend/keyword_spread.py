"""``f(x, **params)`` where ``params`` is a dict whose keys are known only at run time (a
parameter, an item of a list of dicts: picoGPT's ``linear(x, **c_fc)``,
``transformer_block(x, **block, n_head=n_head)``).

The callee is inlined, so its parameters are bound while lowering. Those the call does not give
otherwise are read from the dict by name (``params["w"]``); the generated code first checks that
the dict holds exactly those keys (effects.expect_keywords), as Python's call needs. A parameter
with a default is bound to its default: a dict that holds it too is refused by that check, never
read as if it did not. Where the callee takes ``**kwargs`` itself and the call gives each of its
named parameters otherwise (``def helper(x, **kw)`` called ``helper(x, **kwargs)``, the
differentiated function's own ``**kwargs`` passed on), its ``**kw`` is a copy of the whole dict
(:func:`whole_dict`), after a run-time check that the dict names none of those parameters (a
name Python would bind there, or refuse as given twice). Where the callee's parameters are not
known while lowering (a function without source) the spread stays refused."""
from __future__ import annotations

import ast
import inspect
import os
import types

from ..ir import Atom, Const, Effect, Var
from ..primitives import effects, indexing, lists
from .values import PythonFunction, SourceFunction


def keywords_from_dict(lowering, atom: Atom, spread: ast.expr, call: ast.Call) -> dict[str, Atom] | None:
    """The keyword values ``call`` takes from the run-time dict ``atom`` (spelled ``**spread``):
    ``{name: atom[name]}`` for each parameter of the callee the call leaves unbound and has no
    default; None where they are not known while lowering."""
    if not isinstance(atom, Var) or sum(k.arg is None for k in call.keywords) != 1 \
            or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    names = _unbound_parameters(lowering, call)
    if names is None:
        return None
    names += _optional_parameters_named(lowering, spread, call, names)
    where = lowering.parsed.location(call)
    label = f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}: `{ast.unparse(call)}`"
    keys = lowering._apply(spread, lists.DICT_KEYS, (atom,), (), None)
    lowering.body.append(Effect(effects.EXPECT_KEYWORDS, (keys, Const(tuple(names)), Const(label)), where))
    return {name: lowering._apply(spread, indexing.subscript_primitive(ast.Constant(name)), (atom,), (), name)
            for name in names}


def _optional_parameters_named(lowering, spread: ast.expr, call: ast.Call, required: list[str]) -> list[str]:
    """The callee's parameters with a default that the dict ``spread`` names, where it is a global
    or closure dict (``bandpass(x, **SETTINGS)``): its keys now, which the run-time check holds it
    to (a key added or removed later raises there, never runs with a default the dict overrides)."""
    if not isinstance(spread, ast.Name) or spread.id in lowering.env:
        return []
    held = lowering.parsed.lookup(spread.id)
    if not isinstance(held, dict):
        return []
    named = {k.arg for k in call.keywords if k.arg is not None}
    positional = [name for name, kind, _ in _parameters(lowering, call.func)
                  if kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    given = set(positional[:len(call.args)]) | named | set(required)
    return [name for name, kind, has_default in _parameters(lowering, call.func)
            if has_default and name in held and name not in given
            and kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]


WHOLE_DICT = "**"      # the keyword that stands for a dict spread whole into a callee's own `**kwargs`


def whole_dict(lowering, atom: Atom, spread: ast.expr, call: ast.Call) -> dict[str, Atom] | None:
    """``{WHOLE_DICT: copy}``, ``copy`` the run-time dict ``atom`` (spelled ``**spread``) copied,
    where ``call``'s callee takes ``**kwargs`` and the call gives every named parameter without a
    default otherwise (the copy is then that ``**kwargs``: signatures.py binds it); the generated
    code first checks that the dict names none of the named parameters. None for any other call."""
    if not isinstance(atom, Var) or sum(k.arg is None for k in call.keywords) != 1 \
            or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    params = _parameters(lowering, call.func)
    if params is None or not any(kind == inspect.Parameter.VAR_KEYWORD for _, kind, _ in params):
        return None
    named = [name for name, kind, _ in params if kind in (inspect.Parameter.POSITIONAL_ONLY,
                                                         inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                         inspect.Parameter.KEYWORD_ONLY)]
    if any(k.arg is not None and k.arg not in named for k in call.keywords) \
            or _unbound_parameters(lowering, call, with_kwargs=True):
        return None          # (a keyword for the callee's **kwargs beside the dict's; a parameter the dict must fill)
    where = lowering.parsed.location(call)
    label = f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}: `{ast.unparse(call)}`"
    for name in named:
        absent = lowering._apply_prim(call, ast.NotIn, (Const(name), atom))
        message = ast.Constant(f"{label}: the dict spread with `**` names `{name}`, a named parameter of the function "
                               "called (the compiler passed the dict whole to its `**` parameter): pass it explicitly")
        lowering.body.append(Effect(effects.assertion(message), (absent,), where))
    return {WHOLE_DICT: _copied(lowering, atom, spread)}


def _copied(lowering, atom: Atom, spread: ast.expr) -> Atom:
    """``{k: v for k, v in d.items()}`` of the run-time dict ``atom``: Python's ``**kw``, a new dict
    (a ``kw.pop(...)`` in the callee, run as written, leaves the caller's dict alone)."""
    with lowering._holding() as hold:
        key, value = (ast.Name(id=n, ctx=ast.Store()) for n in ("_spread_key", "_spread_value"))
        items = ast.Call(func=ast.Attribute(value=hold(atom, spread), attr="items", ctx=ast.Load()), args=[],
                         keywords=[])
        copy = ast.DictComp(key=ast.Name(id=key.id, ctx=ast.Load()), value=ast.Name(id=value.id, ctx=ast.Load()),
                            generators=[ast.comprehension(target=ast.Tuple(elts=[key, value], ctx=ast.Store()),
                                                          iter=items, ifs=[], is_async=0)])
        made = lowering._expr(ast.fix_missing_locations(ast.copy_location(copy, spread)), "kwargs")
    return lowering._new_list(made)


def _unbound_parameters(lowering, call: ast.Call, with_kwargs: bool = False) -> list[str] | None:
    """The callee's parameters that may be passed by keyword, have no default and are not given
    by ``call``'s positional arguments or named keywords; None for a callee whose parameters are
    not known while lowering or that takes ``**kwargs`` (unless ``with_kwargs``)."""
    params = _parameters(lowering, call.func)
    if params is None or not with_kwargs and any(kind == inspect.Parameter.VAR_KEYWORD for _, kind, _ in params):
        return None
    named = {k.arg for k in call.keywords if k.arg is not None}
    positional = [p for p in params if p[1] in (inspect.Parameter.POSITIONAL_ONLY,
                                                 inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    given = {name for name, _, _ in positional[:len(call.args)]} | named
    return [name for name, kind, has_default in params
            if name not in given and not has_default
            and kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]


def _parameters(lowering, func: ast.expr) -> list[tuple[str, object, bool]] | None:
    """(name, kind, has a default) of each parameter of the function ``func`` names, less a
    method's ``self``; None if it is not a Python function with source."""
    value = lowering._callee_value(func)
    if isinstance(value, SourceFunction):                          # a lambda or nested def
        args = value.node.args
        positional = [*args.posonlyargs, *args.args]
        firsts = len(positional) - len(args.defaults)
        out = [(a.arg, inspect.Parameter.POSITIONAL_ONLY if a in args.posonlyargs
                else inspect.Parameter.POSITIONAL_OR_KEYWORD, i >= firsts) for i, a in enumerate(positional)]
        if args.vararg is not None:
            out.append((args.vararg.arg, inspect.Parameter.VAR_POSITIONAL, False))
        out += [(a.arg, inspect.Parameter.KEYWORD_ONLY, d is not None) for a, d in zip(args.kwonlyargs, args.kw_defaults)]
        if args.kwarg is not None:
            out.append((args.kwarg.arg, inspect.Parameter.VAR_KEYWORD, False))
        return out
    receiver = False
    if isinstance(value, PythonFunction):
        function, receiver = value.obj, value.receiver is not None
    elif value is None:
        function = lowering._resolve(func)
    else:
        return None
    function = getattr(function, "__transpiler_original__", function)
    if not isinstance(function, types.FunctionType):
        return None
    params = [(p.name, p.kind, p.default is not p.empty) for p in inspect.signature(function).parameters.values()]
    return params[1:] if receiver else params
