"""A call's arguments in the form its rule takes them: a reduction's axis given by position as the
keyword, NumPy's keyword spellings of positional parameters as positions, constant arguments as
values for a rule's ``refuses``, and ``np.einsum``'s interleaved operand/axis-list spelling as a
subscripts string. (The classes ``isinstance`` tests against are values like any other class:
frontend/functions.py's ``_library_class``.)"""
from __future__ import annotations

import ast
import inspect
from typing import Any, Callable

from ..ir import Const
from ..primitives.registry import NOT_CONSTANT, Primitive


def axis_by_keyword(prim: Primitive, args: list, keywords: list) -> tuple[list, list]:
    """A reduction's axis given by position as the keyword: ``np.max(a, 1)`` (``a.max(1)``) is
    ``np.max(a, axis=1)``, whose shape the analysis knows (constant keywords are read, constant
    positions are not)."""
    if (prim.family != "reductions" or prim.vjp_rule is None or len(args) != prim.arity + 1
            or prim.vjp_rule.params[2:][prim.arity:prim.arity + 1] != ("axis",)
            or any(k.arg == "axis" for k in keywords)):
        return args, keywords
    return args[:-1], [ast.keyword(arg="axis", value=args[-1]), *keywords]


def by_position(prim: Primitive, args: list, keywords: list) -> tuple[list, list]:
    """NumPy's keyword spellings of positional parameters as positions, the way the rules
    take them: ``np.repeat(x, repeats=2)`` is ``np.repeat(x, 2)``, ``np.clip(x, a_max=1.0)``
    is ``np.clip(x, None, 1.0)`` (the rule's defaults fill the gaps). Keywords the rule takes
    as keywords and does not differentiate, and calls it would refuse anyway, are left as
    they are."""
    if prim.aliases:
        keywords = [ast.keyword(arg=prim.aliases.get(k.arg, k.arg), value=k.value) for k in keywords]
    given = {k.arg: k.value for k in keywords}
    if prim.partials is not None:
        params, defaults = prim.partials.params, prim.partials.defaults
        wanted = params[len(args):]
    elif prim.vjp_rule is not None:
        # required parameters, and any the rule differentiates: derivatives flow through
        # positional arguments only (np.select(c, v, default=x) must reach x)
        params, defaults = prim.vjp_rule.params[2:], prim.vjp_rule.defaults
        carried = [i + 1 for i, p in enumerate(params) if i >= len(args) and p in given and prim.has_vjp(i)]
        wanted = params[len(args):max([prim.arity, *carried])]
    else:
        return args, keywords
    if not wanted or not any(p in given for p in wanted):
        return args, keywords
    last = len(wanted) - 1 if prim.partials is not None else max(i for i, p in enumerate(wanted) if p in given)
    moved = []
    for param in wanted[:last + 1]:
        if param in given:
            moved.append(given.pop(param))
        elif param in defaults:
            moved.append(ast.Constant(defaults[param]))
        else:
            return args, keywords          # a gap with no default: refused as written
    return args + moved, [k for k in keywords if k.arg in given]


def with_method_defaults(prim: Primitive, args: list) -> list:
    """An array method's arguments with the elementwise rule's defaults after the last one given:
    ``x.clip(0)`` is ``np.clip(x, 0, None)`` (the method's ``max`` defaults to None where the
    function's ``a_max`` has to be given). ``args`` as they are for any other rule."""
    if prim.partials is None or len(args) >= prim.arity:
        return args
    missing = prim.partials.params[len(args):prim.arity]
    if not all(p in prim.partials.defaults for p in missing):
        return args
    return args + [ast.Constant(prim.partials.defaults[p]) for p in missing]


def rule_arguments(prim: Primitive, function: Any, node: ast.Call, refuse: Callable[[str, str], Any]) -> tuple[list, list]:
    """``node``'s arguments in the form ``prim``'s rule takes them (``function`` is what it calls)."""
    if prim.family == "custom":
        return bound_to_signature(function, node, refuse)
    return by_position(prim, list(node.args), without_defaults(prim, function, list(node.keywords)))


def without_defaults(prim: Primitive, function: Any, keywords: list) -> list:
    """``keywords`` less those spelling the library function's own default (``out=None``,
    ``dtype=None``, ``where=True``, ``order=None``) that the rule has no parameter for: the call
    means what it means without them."""
    if not keywords:
        return keywords             # (most calls: no signature to read, on every call lowered)
    defaults = _library_defaults(function)
    if defaults is None:
        return keywords
    rule = prim.vjp_rule or prim.partials
    taken = set(rule.params) if rule is not None else set()

    def is_the_default(keyword: ast.keyword) -> bool:
        default = defaults.get(keyword.arg, inspect.Parameter.empty)
        return (keyword.arg not in taken and isinstance(keyword.value, ast.Constant)
                and type(keyword.value.value) is type(default) and keyword.value.value == default)
    return [k for k in keywords if not is_the_default(k)]


# A library function's parameters' defaults, read once per function (``inspect.signature`` of a
# builtin or ufunc parses its text signature, tens of microseconds, asked again at every call
# lowered with a keyword). Only a module's functions and builtins: no object that a user's
# ``rs.randn`` is bound to is kept alive, and none whose defaults may be changed.
_DEFAULTS: dict = {}


def _library_defaults(function: Any) -> dict | None:
    """The defaults of ``function``'s parameters by name, None where it has no signature."""
    owner = getattr(function, "__self__", None)
    if owner is not None and not inspect.ismodule(owner) or inspect.isfunction(function):
        return _defaults(function)
    try:
        return _DEFAULTS[function]
    except KeyError:
        found = _DEFAULTS[function] = _defaults(function)
        return found
    except TypeError:               # (unhashable)
        return _defaults(function)


def _defaults(function: Any) -> dict | None:
    try:
        return {p.name: p.default for p in inspect.signature(function).parameters.values() if p.default is not p.empty}
    except (TypeError, ValueError):
        return None


_LITERALS = (int, float, complex, str, bytes, bool, type(None))


def bound_to_signature(function: Any, node: ast.Call, refuse: Callable[[str, str], Any]) -> tuple[list, list]:
    """A call of a function with a custom rule as its rule is called (docs/custom-rules.md): the
    call bound to the function's signature, its positional parameters by position in the
    signature's order up to the last one the call gives (by position or by keyword; the
    function's defaults fill the gaps), its keyword-only ones by keyword. ``scale(x, b=3.0)`` of
    ``def scale(x, a=1.0, b=2.0)`` is ``scale(x, 1.0, 3.0)``, so that ``vjp(d_y, y, x, a, b)``
    gets the ``b`` the function gets. A call spelled with ``*`` or ``**``, or of a function
    without a signature (a ufunc), is left as written."""
    args, keywords = list(node.args), list(node.keywords)
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return args, keywords
    if any(isinstance(a, ast.Starred) for a in args) or any(k.arg is None for k in keywords):
        return args, keywords
    name = getattr(function, "__name__", "the function")
    try:
        bound = signature.bind(*args, **{k.arg: k.value for k in keywords})
    except TypeError as error:
        refuse(f"`{ast.unparse(node)}` ({error})", f"call `{name}` as its signature `{name}{signature}` allows")
    positional = [p for p in signature.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    given = [i for i, p in enumerate(positional) if p.name in bound.arguments]
    moved = []
    for param in positional[:max(given, default=-1) + 1]:
        if param.name in bound.arguments:
            moved.append(bound.arguments[param.name])
        elif isinstance(param.default, _LITERALS):
            moved.append(ast.Constant(param.default))
        else:            # (a default that is not a literal cannot be spelled in the generated code)
            refuse(f"`{ast.unparse(node)}` leaving out `{param.name}`, whose default is not a literal, "
                   f"before a later argument", f"pass `{param.name}` explicitly")
    extra = [p for p in signature.parameters.values() if p.kind == p.VAR_POSITIONAL]
    moved += list(bound.arguments.get(extra[0].name, ())) if extra else []
    named = [ast.keyword(arg=p.name, value=bound.arguments[p.name]) for p in signature.parameters.values()
             if p.kind == p.KEYWORD_ONLY and p.name in bound.arguments]
    spread = [p for p in signature.parameters.values() if p.kind == p.VAR_KEYWORD]
    named += [ast.keyword(arg=k, value=v) for k, v in bound.arguments.get(spread[0].name, {}).items()] if spread else []
    return moved, named


def decided_from_values(lowering, node: ast.Call, prim: Primitive, atoms: tuple, kwargs: tuple) -> tuple:
    """``(prim, atoms, kwargs)`` of a call ``node`` (as its rule takes it: ``x.var(0)`` as
    ``np.var(x, 0)``) where the rule decides from constant values (``refuses``, ``variant``):
    the call refused, or the variant it takes; folded globals (a MODE) count as constants."""
    if prim.refuses is None and prim.variant is None:
        return prim, atoms, kwargs
    atoms = tuple(lowering._static(a) for a in atoms)
    kwargs = tuple((k, lowering._static(v)) for k, v in kwargs)
    values = [constant_value(a, n) for a, n in zip(atoms, node.args)]
    keyword_values = {k.arg: constant_value(v, k.value) for k, (_, v) in zip(node.keywords, kwargs)}
    refused = prim.refuses(values, keyword_values) if prim.refuses is not None else None
    if refused is not None:
        lowering._unsupported(node, f"`{ast.unparse(node.func)}` {refused[0]}", refused[1])
    return (prim.variant(values, keyword_values) if prim.variant is not None else None) or prim, atoms, kwargs


def constant_value(atom, node: ast.expr):
    """A call's argument as its rule's ``refuses`` sees it: its value if a constant (a
    literal such as ``[1, 3]`` too)."""
    if isinstance(atom, Const):
        return atom.value
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return NOT_CONSTANT


def einsum_subscripts(args: list) -> list:
    """``np.einsum(a, [0, 1], b, [1, 2], [0, 2])`` (operands interleaved with constant lists of
    axis numbers) as ``np.einsum('ab,bc->ac', a, b)``, the spelling the rule differentiates."""
    def labels(node):
        if not isinstance(node, (ast.List, ast.Tuple)):
            return None
        out = ""
        for e in node.elts:
            if isinstance(e, ast.Constant) and e.value is Ellipsis or isinstance(e, ast.Name) and e.id == "Ellipsis":
                out += "..."            # `...` or the name `Ellipsis`
            elif isinstance(e, ast.Constant) and type(e.value) is int and 0 <= e.value < 52:
                out += "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[e.value]
            else:
                return None
        return out

    if len(args) < 2 or (isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)):
        return args
    operands, terms = args[0::2][:len(args) // 2], [labels(a) for a in args[1::2]]
    output = labels(args[-1]) if len(args) % 2 else None
    if any(t is None for t in terms) or (len(args) % 2 and output is None):
        return args
    spec = ",".join(terms) + ("" if output is None else "->" + output)
    return [ast.copy_location(ast.Constant(spec), args[0]), *operands]


def is_literal(node: ast.expr) -> bool:
    """A number or a (nested) list/tuple of numbers written in the source: ``np.array(1,
    dtype=np.int32)`` of one is a constant array, not a cast of a value (whose code would call
    ``.astype`` on a Python number)."""
    try:
        ast.literal_eval(node)
        return True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


def as_str_format(node: ast.Call) -> ast.Call:
    """``"{:.2f}".format(x)`` as ``str.format("{:.2f}", x)``: a call of a known function."""
    formatted = ast.Call(func=ast.Attribute(value=ast.Name(id="str", ctx=ast.Load()), attr="format", ctx=ast.Load()),
                         args=[node.func.value, *node.args], keywords=node.keywords)
    return ast.copy_location(formatted, node)


def formats_a_literal(node: ast.Call) -> bool:
    """``"{:.2f}".format(...)``: the method of a string written in the source."""
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "format" and isinstance(func.value, ast.Constant)
            and isinstance(func.value.value, str))


# (``np.divide(a, b, out=y, where=m)``, the safe-divide idiom: the value it leaves in ``y`` spelled as one)
KEYWORDS_HINT = ("; for `out=y` assign the result (`y = f(...)`), for `out=y, where=m` write "
                 "`y = np.where(m, f(...), y)` (with a denominator `b`: `a / np.where(m, b, 1.0)` inside)")


def keywords_named(keywords) -> str:
    """"the keyword(s) `out=`, `where=`" for a refused call's keywords (``ast.keyword`` nodes or
    their names)."""
    return f"the keyword(s) {', '.join(f'`{k if isinstance(k, str) else k.arg}=`' for k in keywords)}"
