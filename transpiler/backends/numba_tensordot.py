"""``np.tensordot`` and its adjoints spelled so that numba's nopython mode compiles them.

numba has no ``np.tensordot``, and the runtime helpers of its adjoints (``tensordot_adjoint_a``,
``_b``) normalise the axes with lists and call it. Where both operands' shapes are known and the
axes are constants (written in the call, or a name bound once to a constant), each becomes what
NumPy's tensordot does itself: the operands transposed so that the summed axes meet, reshaped to
matrices, ``np.dot``, and the product reshaped (and, for an adjoint, transposed back to the
operand's axes, then made contiguous: later reshapes need it under numba).

A call it cannot spell is left as written: numba's first call then refuses it.
"""
from __future__ import annotations

import ast
import math

import numpy as np

from ..ad.derivative import Derivative
from ..ir.code import load

Shape = tuple[int, ...]


def spell_tensordots(d: Derivative) -> None:
    """Rewrite ``d.body``'s tensordots and their adjoints into ``np.dot`` of reshaped operands."""
    shapes = {**{k: v for k, v in d.param_shapes.items() if isinstance(v, tuple)}, **d.shapes}
    constants = _constants(d.body)
    respeller = _Respell(shapes, constants)
    body = [respeller.visit(stmt) for stmt in d.body]
    read = {node.id for stmt in body for node in ast.walk(stmt) if isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)}
    d.body = [stmt for stmt in body if not _binds_one_of(stmt, respeller.axes_read - read)]   # (no dead axes left)


def _binds_one_of(stmt: ast.stmt, names: set[str]) -> bool:
    return (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id in names)


def _constants(body: list[ast.stmt]) -> dict[str, object]:
    """Names bound exactly once, to a constant (``_t7 = [1, 0], [1, 2]``): name -> its value."""
    bound: dict[str, list[ast.expr]] = {}
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.setdefault(node.id, [])
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                bound.setdefault(node.targets[0].id, []).append(node.value)
    constants = {}
    for name, values in bound.items():
        if len(values) == 1:
            try:
                constants[name] = ast.literal_eval(values[0])
            except ValueError:
                pass
    stores = {}
    for stmt in body:                       # (a name also bound by a loop or unpacking is not one)
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                stores[node.id] = stores.get(node.id, 0) + 1
    return {name: value for name, value in constants.items() if stores.get(name) == 1}


class _Respell(ast.NodeTransformer):
    def __init__(self, shapes: dict[str, tuple], constants: dict[str, object]):
        self.shapes = shapes
        self.constants = constants
        self.axes_read: set[str] = set()      # the names of constant axes a rewritten call read

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "tensordot" and isinstance(func.value, ast.Name) \
                and func.value.id == "np":
            keywords = {k.arg: k.value for k in node.keywords}
            if set(keywords) <= {"axes"} and 2 <= len(node.args) + len(keywords) <= 3:
                a, b, *rest = [*node.args, *keywords.values()]
                spelled = self._product(a, b, rest[0] if rest else ast.Constant(2))
                return ast.copy_location(spelled, node) if spelled is not None else node
        if isinstance(func, ast.Name) and func.id in ("tensordot_adjoint_a", "tensordot_adjoint_b") \
                and not node.keywords and len(node.args) in (3, 4):
            g, a, b, *rest = node.args
            spelled = self._adjoint(g, a, b, rest[0] if rest else ast.Constant(2), func.id[-1])
            return ast.copy_location(spelled, node) if spelled is not None else node
        return node

    def _operands(self, a: ast.expr, b: ast.expr, axes: ast.expr):
        """Both shapes and the summed axes of each, where known."""
        sa, sb = (self.shapes.get(x.id) if isinstance(x, ast.Name) else None for x in (a, b))
        if not all(isinstance(s, tuple) and all(type(n) is int for n in s) for s in (sa, sb)):
            return None
        value = self.constants.get(axes.id) if isinstance(axes, ast.Name) else _literal_value(axes)
        summed = _summed_axes(value, len(sa), len(sb))
        if summed is None or [sa[k] for k in summed[0]] != [sb[k] for k in summed[1]]:
            return None
        if isinstance(axes, ast.Name):
            self.axes_read.add(axes.id)
        return sa, sb, summed

    def _product(self, a: ast.expr, b: ast.expr, axes: ast.expr) -> ast.expr | None:
        operands = self._operands(a, b, axes)
        if operands is None:
            return None
        sa, sb, (axes_a, axes_b) = operands
        return _contracted(a, sa, axes_a, b, sb, axes_b)[0]

    def _adjoint(self, g: ast.expr, a: ast.expr, b: ast.expr, axes: ast.expr, which: str) -> ast.expr | None:
        """products.py's tensordot_adjoint: g contracted with the other operand over the other's
        free axes, transposed back to the operand's axes."""
        operands = self._operands(a, b, axes)
        if operands is None:
            return None
        sa, sb, (axes_a, axes_b) = operands
        free_a = [k for k in range(len(sa)) if k not in axes_a]
        free_b = [k for k in range(len(sb)) if k not in axes_b]
        sg = tuple(sa[k] for k in free_a) + tuple(sb[k] for k in free_b)
        if which == "a":
            d, _ = _contracted(g, sg, list(range(len(free_a), len(sg))), b, sb, free_b)
            order = free_a + [axes_a[k] for k in np.argsort(axes_b)]
        else:
            d, _ = _contracted(a, sa, free_a, g, sg, list(range(len(free_a))))
            order = [axes_b[k] for k in np.argsort(axes_a)] + free_b
        back = tuple(int(k) for k in np.argsort(order))
        if back != tuple(range(len(back))):
            d = _np("ascontiguousarray", _np("transpose", d, _tuple(back)))
        return d


def _contracted(a: ast.expr, sa: Shape, axes_a: list[int], b: ast.expr, sb: Shape, axes_b: list[int]):
    """``np.tensordot(a, b, (axes_a, axes_b))`` as ``np.dot`` of two matrices, and its shape."""
    free_a = [k for k in range(len(sa)) if k not in axes_a]
    free_b = [k for k in range(len(sb)) if k not in axes_b]
    m, k, n = (math.prod(sa[i] for i in free_a), math.prod(sa[i] for i in axes_a), math.prod(sb[i] for i in free_b))
    left = _matrix(a, free_a + axes_a, (m, k))
    right = _matrix(b, axes_b + free_b, (k, n))
    shape = tuple(sa[i] for i in free_a) + tuple(sb[i] for i in free_b)
    product = _np("dot", left, right)
    return ast.Call(func=ast.Attribute(value=product, attr="reshape", ctx=ast.Load()), args=[_tuple(shape)],
                    keywords=[]), shape


def _matrix(x: ast.expr, order: list[int], shape: tuple[int, int]) -> ast.expr:
    """``x`` with its axes in ``order``, as a contiguous matrix of ``shape``."""
    moved = x if order == sorted(order) else _np("transpose", x, _tuple(tuple(order)))
    return ast.Call(func=ast.Attribute(value=_np("ascontiguousarray", moved), attr="reshape", ctx=ast.Load()),
                    args=[_tuple(shape)], keywords=[])


def _summed_axes(axes, na: int, nb: int) -> tuple[list[int], list[int]] | None:
    """np.tensordot's reading of ``axes``: the last ``axes`` of a with the first of b, or a
    pair of axis sequences (or of single axes); each axis made non-negative."""
    if type(axes) is int:
        if not 0 <= axes <= min(na, nb):
            return None
        pairs = list(range(na - axes, na)), list(range(axes))
    elif isinstance(axes, (tuple, list)) and len(axes) == 2:
        pairs = tuple([k] if type(k) is int else list(k) if isinstance(k, (tuple, list)) else None for k in axes)
        if pairs[0] is None or pairs[1] is None or len(pairs[0]) != len(pairs[1]):
            return None
    else:
        return None
    axes_a, axes_b = pairs
    if not all(type(k) is int and -na <= k < na for k in axes_a) or not all(type(k) is int and -nb <= k < nb for k in axes_b):
        return None
    axes_a, axes_b = [k % na for k in axes_a], [k % nb for k in axes_b]
    if len(set(axes_a)) != len(axes_a) or len(set(axes_b)) != len(axes_b):
        return None
    return axes_a, axes_b


def _literal_value(node: ast.expr):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def _tuple(values: tuple) -> ast.Tuple:
    return ast.Tuple(elts=[ast.Constant(int(v)) for v in values], ctx=ast.Load())


def _np(function: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Attribute(value=load("np"), attr=function, ctx=ast.Load()), args=list(args), keywords=[])
