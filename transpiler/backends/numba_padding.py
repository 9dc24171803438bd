"""``np.pad`` and its adjoint spelled so that numba's nopython mode compiles them.

numba has no ``np.pad``, and the runtime helper of its adjoint (``unpad``) builds index tuples
from generators and calls ``np.add.at``. Where the padded array's shape is known, the widths
are constants and the mode copies the array's own elements or a constant ('constant', 'edge',
'wrap', 'reflect', 'symmetric'), both are written as functions of the gradient's module: each
position along an axis reads from the position ``pad_positions`` says (np.pad's rule for the
mode), the primal gathering, the adjoint adding back (a copied element gets the adjoints of all
its copies, as NumPy's helper adds them). The widths are passed as one (before, after) pair per
axis, as NumPy broadcasts them, and the primal's result shape as a tuple of numbers.

A call it cannot spell (a statistic or ramp mode, widths or shape not known) is left as
written: numba's first call then refuses it.
"""
from __future__ import annotations

import ast

import numpy as np

from ..ad.derivative import Derivative
from ..ir.code import load

PAD_POSITIONS = '''
def {name}(n, before, after, mode):
    """For each position of an axis of length ``n`` padded by ``before`` and ``after``, the
    position of the element np.pad's ``mode`` copies there (-1: the constant)."""
    positions = np.empty(before + n + after, np.int64)
    for i in range(before + n + after):
        p = i - before
        if 0 <= p < n:
            q = p
        elif mode == "constant":
            q = -1
        elif mode == "edge":
            q = min(max(p, 0), n - 1)
        elif mode == "wrap":
            q = p % n
        elif mode == "reflect":              # about the end elements: period 2n - 2
            q = 0 if n == 1 else p % (2 * n - 2)
            q = 2 * n - 2 - q if q >= n else q
        else:                                # symmetric, the end elements repeated: period 2n
            q = p % (2 * n)
            q = 2 * n - 1 - q if q >= n else q
        positions[i] = q
    return positions
'''

PADDED = '''
def {name}(array, pairs, shape, mode, value):
    """``np.pad(array, pairs, mode, constant_values=value)`` for numba, the result of ``shape``:
    each element read from the element its position copies, or ``value``."""
    a = np.ascontiguousarray(np.asarray(array))
    flat = a.ravel()
    out = np.empty(shape, a.dtype)
    into = out.reshape(out.size)
    widest = 1
    for k in range(len(shape)):
        widest = max(widest, shape[k])
    reads = np.full((len(shape), widest), -1, np.int64)
    for k in range(len(shape)):
        reads[k, :shape[k]] = {positions}(a.shape[k], pairs[k][0], pairs[k][1], mode)
    for i in range(into.size):
        rest, at, stride, inside = i, 0, 1, True
        for k in range(len(shape) - 1, -1, -1):
            q = reads[k, rest % shape[k]]
            rest //= shape[k]
            inside = inside and q >= 0
            at += q * stride
            stride *= a.shape[k]
        into[i] = flat[at] if inside else value
    return out
'''

UNPADDED = '''
def {name}(g, array, pairs, mode):
    """``unpad(g, array, pairs, mode)`` for numba: each element of ``g`` added to the element
    of ``array`` its position copies (the constant's positions to none)."""
    a = np.ascontiguousarray(np.asarray(g))
    flat = a.ravel()
    out = np.zeros(array.shape, np.result_type(g, 1.0))
    into = out.reshape(out.size)
    widest = 1
    for k in range(a.ndim):
        widest = max(widest, a.shape[k])
    reads = np.full((a.ndim, widest), -1, np.int64)
    for k in range(a.ndim):
        reads[k, :a.shape[k]] = {positions}(array.shape[k], pairs[k][0], pairs[k][1], mode)
    for i in range(flat.size):
        rest, at, stride, inside = i, 0, 1, True
        for k in range(a.ndim - 1, -1, -1):
            q = reads[k, rest % a.shape[k]]
            rest //= a.shape[k]
            inside = inside and q >= 0
            at += q * stride
            stride *= array.shape[k]
        if inside:
            into[at] += flat[i]
    return out
'''

MODES = frozenset({"constant", "edge", "wrap", "reflect", "symmetric"})


def spell_pads(d: Derivative) -> None:
    """Rewrite ``d.body``'s ``np.pad`` and ``unpad`` calls that it can into calls of the
    functions above, which become companions of ``d``."""
    shapes = {**{k: v for k, v in d.param_shapes.items() if isinstance(v, tuple)}, **d.shapes}
    respeller = _Respell(shapes, d.fresh_name)
    d.body = [respeller.visit(stmt) for stmt in d.body]
    if respeller.names:
        positions = respeller.names["positions"]
        d.companions = [*d.companions, *(_function(template, name, positions) for template, name in (
            (PAD_POSITIONS, positions), (PADDED, respeller.names.get("padded")),
            (UNPADDED, respeller.names.get("unpadded"))) if name is not None)]


def _function(template: str, name: str, positions: str) -> ast.FunctionDef:
    function = ast.parse(template.format(name=name, positions=positions)).body[0]
    assert isinstance(function, ast.FunctionDef)
    return function


class _Respell(ast.NodeTransformer):
    def __init__(self, shapes: dict[str, tuple], fresh_name):
        self.shapes = shapes
        self.fresh_name = fresh_name
        self.names: dict[str, str] = {}       # "positions", "padded", "unpadded" -> the function's name

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "pad" and isinstance(func.value, ast.Name)
                and func.value.id == "np"):
            return self._pad(node) or node
        if isinstance(func, ast.Name) and func.id == "unpad":
            return self._unpad(node) or node
        return node

    def _pad(self, node: ast.Call) -> ast.expr | None:
        """``padded(a, pairs, shape, mode, value)`` for ``np.pad(a, widths[, mode],
        [mode=..., constant_values=c])``."""
        keywords = {k.arg: k.value for k in node.keywords}
        if not 2 <= len(node.args) <= 3 or not set(keywords) <= {"mode", "constant_values"} or (
                len(node.args) == 3 and "mode" in keywords):
            return None
        array, widths = node.args[:2]
        shape = self._shape(array)
        mode = _constant(node.args[2] if len(node.args) == 3 else keywords.get("mode"), "constant")
        value = _constant(keywords.get("constant_values"), 0)
        pairs = _pairs(widths, len(shape)) if shape is not None else None
        if pairs is None or mode not in MODES or type(value) not in (int, float):
            return None
        result = tuple(n + before + after for n, (before, after) in zip(shape, pairs))
        return ast.copy_location(ast.Call(func=load(self._name("padded")), args=[
            array, _literal(pairs), _literal(result), ast.Constant(mode), ast.Constant(value)], keywords=[]), node)

    def _unpad(self, node: ast.Call) -> ast.expr | None:
        """``unpadded(g, a, pairs, mode)`` for the runtime helper's ``unpad(g, a, widths[, mode])``."""
        if node.keywords or not 3 <= len(node.args) <= 4:
            return None
        g, array, widths = node.args[:3]
        shape = self._shape(array)
        mode = _constant(node.args[3] if len(node.args) == 4 else None, "constant")
        pairs = _pairs(widths, len(shape)) if shape is not None else None
        if pairs is None or mode not in MODES:
            return None
        return ast.copy_location(ast.Call(func=load(self._name("unpadded")), args=[
            g, array, _literal(pairs), ast.Constant(mode)], keywords=[]), node)

    def _shape(self, array: ast.expr) -> tuple[int, ...] | None:
        """The array's shape where known as numbers (a name's), with at least one axis."""
        shape = self.shapes.get(array.id) if isinstance(array, ast.Name) else None
        if isinstance(shape, tuple) and shape and all(type(n) is int for n in shape):
            return shape
        return None

    def _name(self, kind: str) -> str:
        for needed in ("positions", kind):
            if needed not in self.names:
                self.names[needed] = self.fresh_name(f"pad_{needed}" if needed == "positions" else needed)
        return self.names[kind]


def _constant(node: ast.expr | None, default):
    """A constant argument's value (``default`` where not given); None where not a constant."""
    if node is None:
        return default
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def _pairs(widths: ast.expr, rank: int) -> tuple[tuple[int, int], ...] | None:
    """The constant ``widths`` as np.pad reads them: one (before, after) pair per axis."""
    value = _constant(widths, None)
    try:
        pairs = np.broadcast_to(np.asarray(value), (rank, 2))
    except (ValueError, TypeError):
        return None
    if pairs.dtype.kind not in "iu" or np.any(pairs < 0):
        return None
    return tuple((int(before), int(after)) for before, after in pairs)


def _literal(value: tuple) -> ast.expr:
    return ast.parse(repr(value), mode="eval").body
