"""Dicts built from other dicts: ``{**sat, "rho": r}``, ``dict(sat, rho=r)``, ``dict(**sat,
rho=r)``, ``{**defaults, **overrides}``, ``{**DEFAULTS, **kwargs}`` of a helper's keywords.

Python evaluates every item of the display, then builds a new dict: the first dict's entries,
then each later key's value (replacing an earlier one in its place) and each later dict's
entries. Lowered as exactly that: each item held under a name of its own in order, a copy of the
first dict (``dict(d)``: shallow_copies.py) or a display of the leading entries, then one entry
write per later key and one ``update`` per later dict (dict_updates.py): the writes the
lowering already follows, so a differentiated value stored under a key reaches its reads. A
later ``**other`` whose keys only the run time knows (a parameter) is refused, located: its
entries would replace keys the compiler cannot name."""
from __future__ import annotations

import ast

from ..ir import Atom
from . import aliasing
from .shallow_copies import copied_dict, is_dict


def merged_display(lowering, node: ast.Dict, name: str | None) -> Atom:
    """The value of a dict display with ``**`` items (``node.keys`` holds None for each)."""
    held: list[str] = []

    def hold(value: ast.expr) -> ast.Name:
        """``value`` evaluated now, in the display's order, under a name of its own."""
        held.append(lowering.names.invent("_merged_item"))
        lowering.env[held[-1]] = lowering._expr(value)
        return _located(ast.Name(id=held[-1], ctx=ast.Load()), value)

    # (a first name is read first anyway: kept, so that a run-time check names it as written)
    items = [(key, value if i == 0 and isinstance(value, ast.Name) else hold(value))
             for i, (key, value) in enumerate(zip(node.keys, node.values))]
    made = lowering.names.invent(f"{name or 'merged'}_merged")
    with lowering._scoped([*held, made]):
        lowering.env[made] = _first(lowering, node, items, name)
        start = 0 if _keywords_first(lowering, items) else _leading(items)
        for (key, value), shown in list(zip(items, node.values))[start:]:
            if key is None:
                _update(lowering, made, value, shown)
            else:
                write = ast.Assign(targets=[ast.Subscript(value=_load(made), slice=key, ctx=ast.Store())], value=value)
                lowering._statement(_located(write, node))
        return lowering._expr(_located(_load(made), node))


def dict_union(lowering, node: ast.BinOp, left: Atom, right: Atom, name: str | None) -> Atom | None:
    """``a | b`` where ``a`` or ``b`` is known to be a dict (Python 3.9's merge): the display
    ``{**a, **b}``; None for another operator or operands (NumPy's or Python's ``|``)."""
    if not isinstance(node.op, ast.BitOr) or not any(is_dict(lowering, aliasing.value_of(v)) for v in (left, right)):
        return None
    operands = [lowering.names.invent("_merged_operand") for _ in range(2)]
    with lowering._scoped(operands):
        lowering.env.update(zip(operands, (left, right)))
        values = [side if _names(lowering, side, atom) else _located(_load(n), side)
                  for n, side, atom in zip(operands, (node.left, node.right), (left, right))]
        return merged_display(lowering, _located(ast.Dict(keys=[None, None], values=values), node), name)


def _leading(items: list) -> int:
    """How many items the first value covers: the first ``**d``, or the entries before any."""
    if items[0][0] is None:
        return 1
    return next((i for i, (key, _) in enumerate(items) if key is None), len(items))


def _keywords_first(lowering, items: list) -> bool:
    """Is the first item a helper's ``**kwargs``, whose keywords are known while lowering (never
    a value of the generated code, so never copied)?"""
    key, value = items[0]
    return key is None and isinstance(value, ast.Name) \
        and isinstance(lowering.displays.get(aliasing.value_of(lowering.env.get(value.id))), dict)


def _first(lowering, node: ast.Dict, items: list, name: str | None) -> Atom:
    """A new dict: a copy of the first ``**d``, or the display of the entries before any."""
    if _keywords_first(lowering, items):          # {**kwargs, ...}: {} then one write per keyword
        return lowering._expr(_located(ast.Dict(keys=[], values=[]), node), name)
    count = _leading(items)
    if items[0][0] is not None:
        display = ast.Dict(keys=[k for k, _ in items[:count]], values=[v for _, v in items[:count]])
        return lowering._expr(_located(display, node), name)
    first = items[0][1]
    copied = copied_dict(lowering, _located(ast.Call(func=ast.Name(id="dict", ctx=ast.Load()), args=[first],
                                                     keywords=[]), node), name)
    if copied is None:
        lowering._unsupported(node, f"`**{ast.unparse(node.values[0])}` of a value not known to be a dict",
                              "pass a dict, or build the dict with `d = dict(...)` and `d[k] = v`")
    return copied


def _update(lowering, made: str, other: ast.Name, shown: ast.expr) -> None:
    """``made.update(other)``: one entry write per key where ``other``'s keys are known while
    compiling (a dict built with constant keys, a ``**kwargs``), else the loop ``for k in other: made[k] = other[k]``, whose
    keys the run time gives (a parameter's: dicts.py)."""
    known = aliasing.value_of(lowering.env.get(other.id))
    keywords = lowering.displays.get(known)       # (a helper's or the function's own `**kwargs`)
    if known in lowering.dict_entries or isinstance(keywords, dict):
        for key in lowering.dict_entries.get(known, keywords):
            entry = ast.Subscript(value=other, slice=ast.Constant(key), ctx=ast.Load())
            write = ast.Assign(targets=[ast.Subscript(value=_load(made), slice=ast.Constant(key), ctx=ast.Store())],
                               value=entry)
            lowering._statement(_located(write, shown))
        return
    key = lowering.names.invent("_merged_key")
    write = ast.Assign(targets=[ast.Subscript(value=_load(made), slice=_load(key), ctx=ast.Store())],
                       value=ast.Subscript(value=other, slice=_load(key), ctx=ast.Load()))
    with lowering._scoped([key]):
        lowering._statement(_located(ast.For(target=ast.Name(id=key, ctx=ast.Store()), iter=other, body=[write],
                                             orelse=[]), shown))


def _names(lowering, side: ast.expr, atom: Atom) -> bool:
    """Is ``side`` a name still bound to the operand ``atom`` (read again, it is the same)?"""
    return isinstance(side, ast.Name) and aliasing.value_of(lowering.env.get(side.id)) == aliasing.value_of(atom)


def _load(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Load())


def _located(new: ast.AST, where: ast.AST) -> ast.AST:
    return ast.fix_missing_locations(ast.copy_location(new, where))
