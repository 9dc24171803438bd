"""What the compiler knows of dict views and OrderedDicts that plain lists and dicts do not tell.

``d.keys()``, ``d.values()`` and ``d.items()`` are lowered as a list of the entries (dicts.py),
which iterating, ``len``, ``in`` and ``list(...)`` read as Python reads the view. Two things
differ, and are kept here: the view's class (``isinstance(v, list)`` is False for a view:
values.py asks :func:`view_class`), and that the view is live: it shares the dict's identity, so
a write into the dict makes the view's name stale, and reading it afterwards is refused, located,
rather than read as the old entries.

An ``collections.OrderedDict`` made in the function is lowered as a dict (its order is that of
insertion, as a dict's). ``==`` between two of them compares their order too, as Python does;
between an OrderedDict and a dict it does not (:func:`compared_dicts`)."""
from __future__ import annotations

import ast

from ..ir import Atom, Var
from . import aliasing

_VIEW_CLASSES = {"keys": type({}.keys()), "values": type({}.values()), "items": type({}.items())}


def _views(lowering) -> dict:
    return lowering.__dict__.setdefault("_dict_views", {})


def is_dict(lowering, value) -> bool:
    """Is ``value`` known to be a dict while compiling (shallow_copies.py's, which imports this)?"""
    return value in lowering.dict_entries or value in lowering.__dict__.get("_known_dicts", ())


def _ordered(lowering) -> set:
    return lowering.__dict__.setdefault("_ordered_dicts", set())


def record_view(lowering, view: Atom, method: str, viewed: Atom | None, dict_name: str | None = None) -> Atom:
    """``view`` is ``viewed.<method>()`` (``dict_name.<method>()``): remember its class, and let
    it share the dict's identity (a write into the dict makes the view's name stale)."""
    if isinstance(view, Var):
        _views(lowering)[view] = _VIEW_CLASSES[method]
        if dict_name is not None and isinstance(viewed, Var):
            lowering.__dict__.setdefault("_view_sources", {})[view] = (dict_name, method, viewed)
        if isinstance(viewed, Var):
            lowering.storage[view] = lowering._storage(view) | lowering._list_identity(viewed)
    return view


def iterated_view(lowering, node: ast.For) -> ast.For | None:
    """``for k in keys`` where ``keys = d.keys()`` and ``d`` is unchanged since: the loop as
    ``for k in d.keys()``, which reads ``d`` as it is when the loop reaches each key (dicts.py
    ``_dict_view_iterated``), so that the body may write ``d[k]``. None for any other loop."""
    if not isinstance(node.iter, ast.Name):
        return None
    view = lowering.env.get(node.iter.id)
    source = lowering.__dict__.get("_view_sources", {}).get(view) if isinstance(view, Var) else None
    if source is None or aliasing.value_of(lowering.env.get(source[0])) is not source[2]:
        return None
    method = ast.Attribute(value=ast.Name(id=source[0], ctx=ast.Load()), attr=source[1], ctx=ast.Load())
    viewed = ast.copy_location(ast.Call(func=method, args=[], keywords=[]), node.iter)
    loop = ast.For(target=node.target, iter=viewed, body=node.body, orelse=node.orelse, type_comment=None)
    return ast.fix_missing_locations(ast.copy_location(loop, node))


def view_class(lowering, value) -> type | None:
    """``dict_keys``, ``dict_values`` or ``dict_items`` for a view lowered here, else None."""
    return _views(lowering).get(value)


def record_ordered(lowering, made: Atom) -> Atom:
    """``made`` is an ``OrderedDict`` (``collections.OrderedDict(...)``, or a copy of one)."""
    if isinstance(made, Var):
        _ordered(lowering).update(lowering.lists.get(made, frozenset()))
    return made


def copied_kind(lowering, source, copy: Atom) -> Atom:
    """``copy`` is ``source.copy()``: an OrderedDict where ``source`` is one, open (:func:`is_ordered`
    None) where a merge leaves ``source`` open."""
    kind = is_ordered(lowering, source)
    if kind:
        return record_ordered(lowering, copy)
    if kind is None and isinstance(copy, Var) and is_dict(lowering, source):
        lowering.__dict__.setdefault("_open_dicts", set()).update(lowering.lists.get(copy, frozenset()))
    return copy


def is_ordered(lowering, value) -> bool | None:
    """True for an OrderedDict made here, False for another dict made here, None where a merge
    of the two (or a value the compiler does not know as a dict) leaves it open."""
    identity = lowering.lists.get(value) if is_dict(lowering, value) else None
    if not identity or identity & lowering.__dict__.get("_open_dicts", set()):
        return None
    ordered = identity & _ordered(lowering)
    return bool(ordered) if not ordered or ordered == identity else None


def compared_dicts(lowering, node: ast.Compare, name: str | None) -> Atom | None:
    """``a == b`` or ``a != b`` of two names holding dicts made here, at least one of them an
    OrderedDict: ``list(a.items()) == list(b.items())`` where both are (Python compares their
    order), the plain comparison where one is not (None: lowered as any ``==``); refused, located,
    where a merge leaves it open which one is. None for any other comparison."""
    if not (isinstance(node.ops[0], (ast.Eq, ast.NotEq)) and isinstance(node.left, ast.Name)
            and isinstance(node.comparators[0], ast.Name)):
        return None
    operands = [node.left, node.comparators[0]]
    values = [aliasing.value_of(lowering.env.get(n.id)) for n in operands]
    kinds = [is_ordered(lowering, v) for v in values]
    if not any(kinds):
        return None       # (no OrderedDict made here: as any `==`; one compared with a value not
                          # known as a dict, `copy.copy(od)`, a parameter: refused below)
    if None in kinds:
        a, b = (n.id for n in operands)
        lowering._unsupported(node, "`==` of dicts where it is not known which one is an OrderedDict "
                              "(Python compares the order of two OrderedDicts only)",
                              f"compare `list({a}.items()) == list({b}.items())`, or `dict({a}) == dict({b})`")
    if not all(kinds):
        return None
    pairs = [ast.Call(func=ast.Name(id="list", ctx=ast.Load()),
                      args=[ast.Call(func=ast.Attribute(value=ast.Name(id=n.id, ctx=ast.Load()), attr="items",
                                                        ctx=ast.Load()), args=[], keywords=[])], keywords=[])
             for n in operands]
    compared = ast.Compare(left=pairs[0], ops=[node.ops[0]], comparators=[pairs[1]])
    return lowering._expr(ast.fix_missing_locations(ast.copy_location(compared, node)), name)
