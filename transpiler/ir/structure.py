"""Structural keys of Python ASTs: equal exactly where ``ast.dump`` prints the same text (node
types, fields, constants by ``repr``: ``1``, ``1.0`` and ``True`` differ; locations ignored),
at a fraction of its cost, and hashable: what common-subexpression sharing looks values up by
and what the adjoint of a branch compares."""
from __future__ import annotations

import ast
from typing import Any

_FIELDS: dict[type, tuple[str, ...]] = {}


def structural_key(node: Any) -> Any:
    """A hashable value equal for two trees exactly when ``ast.dump`` prints them alike (a
    missing field counts as None)."""
    cls = type(node)
    if cls is ast.Name:                                   # (the commonest node, its key at once)
        return (ast.Name, node.id, type(node.ctx))
    if cls is ast.Constant:
        value = node.value
        return (ast.Constant, type(value), repr(value), getattr(node, "kind", None))
    if isinstance(node, ast.AST):
        fields = _FIELDS.get(cls)
        if fields is None:
            fields = _FIELDS[cls] = cls._fields
        if not fields:                                    # a context or an operator
            return cls
        return (cls, *[structural_key(getattr(node, name, None)) for name in fields])
    if isinstance(node, list):
        return (list, *[structural_key(item) for item in node])
    return node if node is None or type(node) is str else (type(node), repr(node))


def same_structure(a: Any, b: Any) -> bool:
    """Do ``a`` and ``b`` (ASTs, or None) print alike (``ast.dump``)? The same object at once."""
    if a is b:
        return True
    if a is None or b is None:
        return False
    return structural_key(a) == structural_key(b)
