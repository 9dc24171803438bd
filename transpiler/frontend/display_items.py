"""The items of one container display are objects of their own: ``{"a": x * 1.0, "b": x * 1.0}``
holds two arrays, so a write through one entry (``w = d["a"]; w *= 2``) must not reach the
other. The lowering shares the value of an expression computed already (common subexpressions)
and tells a container's entries apart by their values, so both entries were doubled (12 where
Python gives 9). An item is therefore never the value of an earlier item of the same display;
the IR's own common-subexpression pass merges them again where nothing writes either."""
from __future__ import annotations

import ast

from ..ir import Atom, Var


def shared_value(lowering, key) -> Atom | None:
    """The value computed already for the expression ``key`` (frontend/expressions.py
    ``expression_key``), unless it is an array made for an earlier item of the display being
    lowered (computed anew: another object); None where there is none."""
    atom = lowering.available.get(key) if key is not None else None
    if atom in getattr(lowering, "_earlier_items", ()) and atom in lowering._storage(atom):
        return None
    return atom


def item_apart(lowering, node: ast.expr, earlier: list) -> Atom:
    """The item ``node`` of a container display whose ``earlier`` items are lowered already."""
    saved = getattr(lowering, "_earlier_items", frozenset())
    lowering._earlier_items = frozenset(a for a in earlier if isinstance(a, Var))
    try:
        return lowering._arg(node)
    finally:
        lowering._earlier_items = saved


def items_apart(lowering, nodes: list) -> tuple:
    """The items ``nodes`` of a container display, each lowered apart from the earlier ones."""
    items: list = []
    for node in nodes:
        items.append(item_apart(lowering, node, items))
    return tuple(items)
