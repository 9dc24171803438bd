"""``x.copy()`` of a list or dict, and ``dict(d)``: a new container holding the same items.

NumPy's ``ndarray.copy`` is new memory; ``list.copy``, ``dict.copy`` and ``dict(d)`` make a new
container whose items are the old one's (a shallow copy): replacing an item of the copy
(``e["a"] = v``, ``ys[0] = v``) leaves the original alone, while the arrays both hold are the
same memory. A value the function made as a list or dict is copied as one here; a parameter's
or free value's ``x.copy()`` is NumPy's copy marked as the method's, which opt/sequences.py
turns into a copy of the container where the call passes a list, tuple or dict; anything else is
an array, copied by ``np.copy`` (calls.py's ``_method``)."""
from __future__ import annotations

import ast
import collections

import numpy as np

from ..ir import Atom, Const, Var
from ..primitives import lists
from ..primitives.registry import lookup
from . import aliasing
from .dict_views import copied_kind, record_ordered


def copied_container(lowering, node: ast.Call, name: str | None) -> Atom | None:
    """``x.copy()`` with no arguments of a list, a dict or a parameter (module docstring); None
    for any other call, which lowers nothing."""
    if node.func.attr != "copy" or node.args or node.keywords or not isinstance(node.func.value, ast.Name):
        return None
    known = aliasing.value_of(lowering.env.get(node.func.value.id))
    if node.func.value.id not in lowering.env and isinstance(lowering._resolve(node.func.value), dict):
        return _copied_dict_argument(lowering, node, node.func.value, name)     # a global or closure dict
    if known in lowering.parameters or known in lowering.external or _kind_unknown(lowering, known):
        source = lowering._expr(node.func.value)         # its kind is the call's: opt/sequences.py
        made = lowering._apply(node, lookup(np.copy), (source,), METHOD_COPY, name)
        method_copies(lowering).add(made)
        return made
    if not (is_dict(lowering, known) or known in lowering.lists):
        return None
    source = lowering._expr(node.func.value)             # (a stale name is refused here)
    if known in lowering.dict_entries:
        return copied_kind(lowering, known, new_dict(lowering, node, lowering.dict_entries[known], name))
    if known in lowering.lists and not is_dict(lowering, known):
        return lowering._apart_from(lowering._new_list(lowering._apply(node, lookup(list), (source,), (), name)), source)
    return copied_kind(lowering, known, _same_items(lowering, node, source, name))   # (an OrderedDict's: one)


def _kind_unknown(lowering, known) -> bool:
    """A value neither made as a list or dict here nor known to be one: a loop's or branch's
    merge of a parameter and its updates (``params = params.copy()`` in a loop over the steps of
    a solver whose ``params`` is the caller's dict). Its kind is decided with the call's
    (opt/sequences.py), as a parameter's: ``np.copy`` of a dict would be a 0-d object array."""
    return isinstance(known, Var) and not (is_dict(lowering, known) or known in lowering.lists)


def dict_call(lowering, node: ast.Call, callee, name: str | None) -> Atom | None:
    """A call of ``dict`` the compiler follows: ``dict(W=W, b=b)`` (a display), ``dict(zip(ks,
    vs))`` (a comprehension: dicts.py), ``dict(d)`` (:func:`copied_dict`); ``G.copy()`` of a
    global or closure dict (``callee`` its bound method); None for another."""
    if type(getattr(callee, "__self__", None)) is dict and isinstance(node.func, ast.Attribute):
        return copied_container(lowering, node, name)
    if callee is collections.OrderedDict:      # a dict, whose order is that of insertion too,
        return record_ordered(lowering, dict_call(lowering, node, dict, name))   # compared by order (dict_views.py)
    if callee is not dict:
        return None
    if not node.args and all(k.arg is not None for k in node.keywords):
        display = ast.Dict(keys=[ast.Constant(k.arg) for k in node.keywords], values=[k.value for k in node.keywords])
        return lowering._expr(ast.copy_location(display, node), name)
    if (pairs := lowering._dict_of_zip(node)) is not None:
        return lowering._expr(pairs, name)
    if (display := call_as_display(node)) is not None:
        return lowering._expr(display, name)      # dict(d, k=v): dict_spreads.py
    if (pairs := _dict_of_pairs(lowering, node, name)) is not None:
        return pairs
    return copied_dict(lowering, node, name, pairs_too=True)


_DICT_SPELLINGS = (ast.Name, ast.Dict, ast.Subscript, ast.Attribute)


def call_as_display(node: ast.Call) -> ast.Dict | None:
    """``dict(d, k=v)``, ``dict(**d, k=v)``, ``dict(d, **e)``: the display ``{**d, "k": v}``
    it builds (``d`` a name, or an item or attribute: ``dict(params[ch], beta=b)``);
    ``dict({"a": x})`` and ``dict([("a", x), ("b", y)], c=z)`` (pairs written out):
    ``{"a": x, "b": y, "c": z}``. None for another call of ``dict`` (``dict(d)``, ``dict(k=v)``),
    lowered by dict_spreads.py as a display with ``**`` is."""
    spread = any(k.arg is None for k in node.keywords)
    written = node.args and _written_pairs(node.args[0])
    if len(node.args) > 1 or not (spread or node.args and node.keywords or written) \
            or node.args and not (isinstance(node.args[0], _DICT_SPELLINGS) or written):
        return None
    first_keys, first_values = ([None] * len(node.args), list(node.args)) if not written else written
    keys: list = [*first_keys, *(None if k.arg is None else ast.Constant(k.arg) for k in node.keywords)]
    values = [*first_values, *(k.value for k in node.keywords)]
    return ast.copy_location(ast.Dict(keys=keys, values=values), node)


def _written_pairs(node: ast.expr) -> tuple[list, list] | None:
    """(keys, values) of a dict display, or of a list or tuple display of pairs written out
    (``[("a", x), ("b", y)]``): what ``dict(...)`` of it holds, in order."""
    if isinstance(node, ast.Dict):
        return list(node.keys), list(node.values)
    if isinstance(node, (ast.List, ast.Tuple)) and all(
            isinstance(e, (ast.Tuple, ast.List)) and len(e.elts) == 2 and not any(isinstance(p, ast.Starred) for p in e.elts)
            for e in node.elts):
        return [e.elts[0] for e in node.elts], [e.elts[1] for e in node.elts]
    return None


# `x.copy()` of a parameter or free value, as lowered: NumPy's copy (`ndarray.copy` keeps an array
# subclass, as `subok=True` does), the keyword telling it from `np.copy(x)` (an array even of a
# list) until the call's kinds decide (opt/sequences.py), which then drops it.
METHOD_COPY = (("subok", Const(True)),)
# `ys.sort()` of such a copy, as lowered: NumPy's sort (`order=None` is its default), marked so
# that where the call passes a list it is the list's sort (opt/sequences.py).
METHOD_SORT = (("order", Const(None)),)


def method_copies(lowering) -> set:
    """The values of ``x.copy()`` of a parameter or free value (their kind is the call's)."""
    return lowering.__dict__.setdefault("_method_copies", set())


def is_method_copy(lowering, value) -> bool:
    return value in method_copies(lowering)


def copied_dict(lowering, node: ast.Call, name: str | None, pairs_too: bool = False) -> Atom | None:
    """``dict(d)`` of a value known to be a dict: a new dict of the same entries. None for any
    other call of ``dict`` (``dict(pairs)`` of a list), which lowers nothing. ``pairs_too``: a
    call of ``dict`` (not a display's ``{**d}``), which takes a parameter's list of pairs too."""
    if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Name):
        return None
    known = aliasing.value_of(lowering.env.get(node.args[0].id))
    if known in lowering.parameters or known in lowering.external or _kind_unknown(lowering, known) \
            or node.args[0].id not in lowering.env and isinstance(lowering._resolve(node.args[0]), dict):
        return _copied_dict_argument(lowering, node, node.args[0], name, pairs_too)   # (a global or closure dict)
    if not is_dict(lowering, known):
        return None
    source = lowering._expr(node.args[0])                # (a stale name is refused here)
    if known in lowering.dict_entries:
        return new_dict(lowering, node, lowering.dict_entries[known], name)
    return _same_items(lowering, node, source, name)


def _copied_dict_argument(lowering, node: ast.Call, argument: ast.Name, name: str | None,
                          pairs_too: bool = False) -> Atom:
    """``dict(d)`` of a parameter or free value, whose kind is the call's, or ``d.copy()`` of a
    global or closure dict: the comprehension ``{k: v for k, v in d.items()}`` it equals, a new
    dict of the same entries whose keys are known at run time (dicts.py). With ``pairs_too``
    (``dict(obs)`` of a parameter, which Python also builds from a list of ``(key, value)``
    pairs, as a 4D-Var window's observations are passed) the branch on ``isinstance(d, dict)``
    that the code specialised to the call's kinds folds (opt/specialize.py); otherwise a
    run-time check that ``d`` is a dict (``{**d}`` of a list is Python's TypeError)."""
    is_a_dict = _call("isinstance", _name(argument.id), _name("dict"))
    items = ast.Call(func=ast.Attribute(value=_name(argument.id), attr="items", ctx=ast.Load()), args=[], keywords=[])
    if pairs_too and not isinstance(lowering._resolve(argument), dict):
        holder = lowering.names.invent("_copied_dict")
        branches = ast.If(test=is_a_dict, body=[_assigned(holder, _comprehension(items))],
                          orelse=[_assigned(holder, _comprehension(_name(argument.id)))])
        with lowering._scoped([holder]):
            lowering._statement(ast.fix_missing_locations(ast.copy_location(branches, node)))
            return lowering._new_list(lowering.env[holder])
    message = (f"`{ast.unparse(node)}` is compiled as a copy of a dict: pass a dict, or build "
               "the dict from pairs inside the function")
    check = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=is_a_dict),
                   body=[ast.Raise(exc=_call("TypeError", ast.Constant(message)), cause=None)], orelse=[])
    lowering._statement(ast.fix_missing_locations(ast.copy_location(check, node)))
    made = lowering._expr(ast.fix_missing_locations(ast.copy_location(_comprehension(items), node)), name)
    return lowering._new_list(made)     # (a new dict: writing its entries changes no other name's)


def _comprehension(pairs: ast.expr) -> ast.DictComp:
    """``{k: v for k, v in pairs}``."""
    key, value = "_copied_key", "_copied_value"
    target = ast.Tuple(elts=[_name(key, ast.Store()), _name(value, ast.Store())], ctx=ast.Store())
    return ast.DictComp(key=_name(key), value=_name(value),
                        generators=[ast.comprehension(target=target, iter=pairs, ifs=[], is_async=0)])


def _assigned(target: str, value: ast.expr) -> ast.Assign:
    return ast.Assign(targets=[_name(target, ast.Store())], value=value)


def _dict_of_pairs(lowering, node: ast.Call, name: str | None) -> Atom | None:
    """``dict(pairs)`` of a list the function made of ``(key, value)`` pairs: the comprehension
    ``{k: v for k, v in pairs}`` it equals (dicts.py). None for another call (``{**items}`` of a
    list is Python's TypeError: dict_spreads.py refuses it)."""
    if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Name):
        return None
    argument = node.args[0]
    known = aliasing.value_of(lowering.env.get(argument.id))
    if known not in lowering.lists or is_dict(lowering, known):
        return None
    made = ast.fix_missing_locations(ast.copy_location(_comprehension(_name(argument.id)), node))
    return lowering._new_list(lowering._expr(made, name))


def _name(identifier: str, ctx=None) -> ast.Name:
    return ast.Name(id=identifier, ctx=ctx or ast.Load())


def _call(function: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=_name(function), args=list(args), keywords=[])


def _same_items(lowering, node: ast.AST, source: Atom, name: str | None) -> Atom:
    """A dict whose entries are known only at run time (one a loop carries, ``dict(opts)`` of a
    parameter), copied: a new dict of the same entries, ``{k: v for k, v in d.items()}``. (The
    same value under another name was a silent wrong value: a ``pop`` runs as written, in place,
    so ``kw2 = dict(kw); kw2.pop("a")`` emptied ``kw`` too.)"""
    holder = lowering.names.invent("_copied_dict")
    key, value = "_copied_key", "_copied_value"
    pairs = ast.Tuple(elts=[_name(key, ast.Store()), _name(value, ast.Store())], ctx=ast.Store())
    items = ast.Call(func=ast.Attribute(value=_name(holder), attr="items", ctx=ast.Load()), args=[], keywords=[])
    copied = ast.DictComp(key=_name(key), value=_name(value),
                          generators=[ast.comprehension(target=pairs, iter=items, ifs=[], is_async=0)])
    with lowering._scoped([holder]):
        lowering.env[holder] = source
        made = lowering._expr(ast.fix_missing_locations(ast.copy_location(copied, node)), name)
    if isinstance(made, Var):
        known_dicts(lowering).add(made)
    return lowering._new_list(made)     # (in a loop: another object each iteration)


def known_dicts(lowering) -> set:
    """Values known to be dicts whose entries are not known (a dict a loop carries, one a key
    known only at run time was written into)."""
    return lowering.__dict__.setdefault("_known_dicts", set())


def is_dict(lowering, value) -> bool:
    """Is ``value`` known to be a dict while compiling?"""
    return value in lowering.dict_entries or value in known_dicts(lowering)


def merged_dict(lowering, merged: Var, sources: list) -> None:
    """A value merged from branches or loop iterations is a dict if each source is one."""
    if sources and all(is_dict(lowering, s) for s in sources):
        known_dicts(lowering).add(merged)


def new_dict(lowering, node: ast.AST, entries: dict, name: str | None) -> Atom:
    """A new dict holding ``entries`` (a display of them), a container of its own."""
    made = lowering._apply(node, lists.DICT_OF, (Const(tuple(entries)), *entries.values()), (), name)
    lowering.dict_entries[made] = dict(entries)
    lowering._new_list(made)
    return made
