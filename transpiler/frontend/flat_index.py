"""``a.flat[s]`` (read or written, scikit-learn's ``A.flat[:: n_features + 1] += alpha``) written
as the plain indexing it means, ``a[np.unravel_index(np.arange(np.size(a))[s], np.shape(a))]``
(the same elements, C order), so reads and writes of it are lowered as any ``x[...]`` (a write
rebinds ``x`` to an updated copy). (``np.fill_diagonal(a, v)`` is primitives/writes.py's.)

``function(f)`` names a NumPy function in the AST built, whatever the user's module
imported."""
from __future__ import annotations

import ast
from typing import Callable

import numpy as np


def is_flat_index(node: ast.AST) -> bool:
    """``a.flat[s]`` with ``a`` a plain name."""
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
            and node.value.attr == "flat" and isinstance(node.value.value, ast.Name))


def unflattened(node: ast.Subscript, function: Callable) -> ast.Subscript:
    """``a.flat[s]`` as an index of ``a`` itself (the context of ``node`` kept)."""
    name = node.value.value.id

    def base() -> ast.Name:
        return ast.Name(id=name, ctx=ast.Load())

    positions = ast.Subscript(value=_call(function(np.arange), _call(function(np.size), base())),
                              slice=node.slice, ctx=ast.Load())
    index = _call(function(np.unravel_index), positions, _call(function(np.shape), base()))
    return _located(ast.Subscript(value=base(), slice=index, ctx=node.ctx), node)


def _call(func: ast.expr, *args: ast.expr) -> ast.Call:
    return ast.Call(func=func, args=list(args), keywords=[])


def _located(tree: ast.AST, where: ast.AST) -> ast.AST:
    """Every node of ``tree`` at ``where`` (errors point at the user's line)."""
    for node in ast.walk(tree):
        if "lineno" in node._attributes:
            ast.copy_location(node, where)
    return tree
