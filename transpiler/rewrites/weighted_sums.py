"""Rewrite ``weighted_sums``: a matrix broadcast along a last axis, times an array, summed over
one of the first two axes, as one batched matrix product; the product is never formed.

Pairwise models spell the differences of points by broadcasting, ``d = x[:, None, :] - x[None, :,
:]`` (n, n, k), and a function of the squared distances. The adjoint of ``d`` is then a weight per
pair broadcast along the last axis times ``d`` (``unreduce(w, d2, -1, False) * (2 * d)``), and
that of ``x`` its sums over each of the two pair axes. Summing an (n, n, 3) array over a first axis
walks rows of three numbers (about 30 µs for 64 points), and the product costs a pass of its own;
``sum_j w[i, j] * d[i, j, :]`` is ``(w[:, None, :] @ d)[:, 0, :]``, one batched matrix product
(about 5 µs), and the sum over ``i`` the same on the transposes. A number multiplying the array
(``2 * d``) multiplies the weights instead.

Applied to the code calls run, where the shapes are known: the array three-dimensional, the weight
exactly its first two axes, top-level statements, the broadcast and the product each read once,
nothing they read bound again before the sums. The sums are taken in another order, so the value
agrees to rounding, not bit for bit.
"""
from __future__ import annotations

import ast
import copy

from ..ir.code import bound_names, name_counts

NAME = "weighted_sums"
DESCRIPTION = "sum(w[:, :, None] * d, axis) for a 3-d d as a batched matrix product: the product is never formed"


def contract_weighted_sums(stmts: list, shapes: dict, fresh_name) -> list:
    """``stmts`` with each product of a broadcast weight and a three-dimensional array that only
    sums over a first axis read computed as batched matrix products."""
    loads = name_counts(stmts, ast.Load)
    out = list(stmts)
    for i, stmt in enumerate(stmts):
        broadcast = _broadcast_weight(stmt, shapes)
        if broadcast is None:
            continue
        found = _product(stmts, i, broadcast, shapes, loads)
        if found is None:
            continue
        j, product, array, factor = found
        sums = _sums(stmts, j, product, array, broadcast[1], loads)
        if sums is None:
            continue
        weight_name = fresh_name("_w")
        out[i] = _assign(weight_name, _scaled(broadcast[1], factor), stmt)
        out[j] = None
        for k in sums:
            out[k] = _SumsAsProducts(product, weight_name, array).visit(out[k])
    return [s for s in out if s is not None]


def _broadcast_weight(stmt, shapes: dict):
    """(target, weight expression, the array's shape) for ``target`` bound to a weight ``w`` (a
    name, or one negated) broadcast along a third axis: ``unreduce(w, x, -1, False)`` with ``x``
    three-dimensional, ``w[:, :, None]`` or ``np.broadcast_to(w[:, :, None], shape)``; ``w``
    exactly the first two axes."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return None
    found = _unreduced(stmt.value, shapes) or _spread(stmt.value, shapes)
    if found is None:
        return None
    weight, shape = found
    named = weight.operand if isinstance(weight, ast.UnaryOp) and isinstance(weight.op, ast.USub) else weight
    if shape is None or len(shape) != 3 or _shape(named, shapes) != shape[:2] or stmt.targets[0].id == _name(named):
        return None
    return stmt.targets[0].id, weight, shape


def _unreduced(value, shapes: dict):
    """(w, x's shape) for ``unreduce(w, x, -1, False)``."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "unreduce"
            and len(value.args) == 4 and not value.keywords):
        return None
    weight, like, axis, keepdims = value.args
    if not _constant(axis, (-1, 2)) or not _constant(keepdims, (False,)):
        return None
    return weight, _shape(like, shapes)


def _spread(value, shapes: dict):
    """(w, its shape with a third axis of the length broadcast to) for ``w[:, :, None]`` (that
    length unknown: None) or ``np.broadcast_to(w[:, :, None], shape)``."""
    target = None
    if isinstance(value, ast.Call) and ast.unparse(value.func) == "np.broadcast_to" and len(value.args) == 2 \
            and not value.keywords:
        value, target = value.args
        if not (isinstance(target, ast.Tuple) and all(_number(e) for e in target.elts)):
            return None
        target = tuple(e.value for e in target.elts)
    if not (isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Tuple) and len(value.slice.elts) == 3):
        return None
    first, second, new = value.slice.elts
    if not (_full_slice(first) and _full_slice(second) and isinstance(new, ast.Constant) and new.value is None):
        return None
    weight = value.value
    named = weight.operand if isinstance(weight, ast.UnaryOp) and isinstance(weight.op, ast.USub) else weight
    shape = _shape(named, shapes)
    if target is None:
        return (weight, (*shape, None)) if shape is not None and len(shape) == 2 else None
    return weight, target


def _full_slice(node) -> bool:
    return isinstance(node, ast.Slice) and node.lower is None and node.upper is None and node.step is None


def _product(stmts: list, i: int, broadcast: tuple, shapes: dict, loads: dict):
    """(position, target, array name, number or None) of the statement after ``i`` binding the
    broadcast weight times ``array`` (or times ``number * array``; or a sum of such terms, all
    of one array: ``t * d + t * d``, the adjoint of ``d * d``), every read of the weight there and
    nothing it reads bound between."""
    target, weight, shape = broadcast
    reads = {n.id for n in ast.walk(weight) if isinstance(n, ast.Name)}
    for j in range(i + 1, len(stmts)):
        stmt = stmts[j]
        if _name_read(stmt, target):
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
                return None
            terms = _terms(stmt.value, target)
            product = stmt.targets[0].id
            if terms is None or len(terms) != loads.get(target) or len({a for a, _ in terms}) != 1:
                return None
            array = terms[0][0]
            if not _fits(_shape(ast.Name(id=array), shapes), shape) or product in (array, *reads):
                return None
            return j, product, array, _summed([factor for _, factor in terms])
        if bound_names(stmt) & (reads | {target}):
            return None
    return None


def _terms(node, target: str) -> list | None:
    """[(array name, number or None)] for ``target * x`` terms summed (``x`` an array name or a
    number times one); None for anything else."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _terms(node.left, target), _terms(node.right, target)
        return None if left is None or right is None else left + right
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult)):
        return None
    for one, other in ((node.left, node.right), (node.right, node.left)):
        if _name(one) == target:
            array, factor = _array_times(other)
            return None if array is None else [(array, factor)]
    return None


def _summed(factors: list):
    """The number the terms' factors add up to (None: 1, a single term without one)."""
    if len(factors) == 1:
        return factors[0]
    total = sum(1 if f is None else f.value for f in factors)
    return ast.Constant(value=total)


def _sums(stmts: list, j: int, product: str, array: str, weight: ast.expr, loads: dict) -> list | None:
    """The positions of the statements after ``j`` that read ``product``, where every read is a sum
    over axis 0 or 1 and neither it nor ``array`` is bound again before the last; None else."""
    found, reads = [], 0
    for k in range(j + 1, len(stmts)):
        counted = _sum_reads(stmts[k], product)
        if counted is None:
            return None          # (read other than by a sum over a first axis)
        if counted:
            found.append(k)
            reads += counted
        if reads == loads.get(product):
            return found
        if bound_names(stmts[k]) & {product, array}:
            return None
    return None


def _sum_reads(stmt, product: str) -> int | None:
    """How many of ``stmt``'s reads of ``product`` are sums over axis 0 or 1; None where another
    read is."""
    sums = [n for n in ast.walk(stmt) if _axis_sum(n, product) is not None]
    inside = {id(n.func.value) for n in sums}
    others = [n for n in ast.walk(stmt) if isinstance(n, ast.Name) and n.id == product and id(n) not in inside]
    return None if others else len(sums)


def _axis_sum(node, product: str):
    """(axis, keepdims) for ``product.sum(axis=a, keepdims=k)`` with ``a`` in 0, 1, -3, -2."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "sum"
            and _name(node.func.value) == product):
        return None
    keywords = {k.arg: k.value for k in node.keywords}
    if node.args or set(keywords) - {"axis", "keepdims"} or "axis" not in keywords:
        return None
    axis, keepdims = keywords["axis"], keywords.get("keepdims", ast.Constant(value=False))
    for value in (0, 1, -3, -2):
        if _constant(axis, (value,)) and _constant(keepdims, (True, False)):
            return value % 3, keepdims.value
    return None


class _SumsAsProducts(ast.NodeTransformer):
    """Each ``product.sum(axis=a, keepdims=k)`` as a batched matrix product of the weight and the
    array: ``sum_j w[i, j] a[i, j, :]`` is ``(w[:, None, :] @ a)[:, 0, :]``, the sum over ``i``
    the same on both transposed."""

    def __init__(self, product: str, weight: str, array: str):
        self.product, self.weight, self.array = product, weight, array

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        found = _axis_sum(node, self.product)
        if found is None:
            return node
        axis, keepdims = found
        weight, array = _load(self.weight), _load(self.array)
        if axis == 0:
            weight = ast.Attribute(value=weight, attr="T", ctx=ast.Load())
            array = _transpose(array)
        rows = ast.Subscript(value=weight, slice=_index(_full(), ast.Constant(value=None), _full()), ctx=ast.Load())
        core = ast.BinOp(left=rows, op=ast.MatMult(), right=array)       # (n, 1, k)
        if keepdims:
            return _transpose(core) if axis == 0 else core
        return ast.Subscript(value=core, slice=_index(_full(), ast.Constant(value=0), _full()), ctx=ast.Load())


def _fits(shape, broadcast: tuple) -> bool:
    """Is ``shape`` (the array's) the broadcast's (whose third length None: any)?"""
    return shape is not None and len(shape) == 3 and shape[:2] == broadcast[:2] \
        and broadcast[2] in (None, shape[2])


def _array_times(node) -> tuple:
    """(name, number) for ``name``, ``number * name`` or ``name * number``; (None, None) else."""
    if _name(node) is not None:
        return node.id, None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        for number, other in ((node.left, node.right), (node.right, node.left)):
            if _number(number) and _name(other) is not None:
                return other.id, number
    return None, None


def _scaled(weight: ast.expr, factor) -> ast.expr:
    """``factor * weight``, a negation folded into the number."""
    weight = copy.deepcopy(weight)
    if factor is None:
        return weight
    if isinstance(weight, ast.UnaryOp) and isinstance(weight.op, ast.USub):
        return ast.BinOp(left=ast.Constant(value=-factor.value), op=ast.Mult(), right=weight.operand)
    return ast.BinOp(left=copy.deepcopy(factor), op=ast.Mult(), right=weight)


def _assign(name: str, value: ast.expr, like: ast.stmt) -> ast.Assign:
    return ast.copy_location(ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=value), like)


def _transpose(node: ast.expr) -> ast.expr:
    axes = ast.Tuple(elts=[ast.Constant(value=a) for a in (1, 0, 2)], ctx=ast.Load())
    return ast.Call(func=ast.Attribute(value=_load("np"), attr="transpose", ctx=ast.Load()), args=[node, axes],
                    keywords=[])


def _index(*parts) -> ast.Tuple:
    return ast.Tuple(elts=list(parts), ctx=ast.Load())


def _full() -> ast.Slice:
    return ast.Slice(lower=None, upper=None, step=None)


def _load(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Load())


def _name(node) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _name_read(stmt, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in ast.walk(stmt))


def _number(node) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _constant(node, allowed: tuple) -> bool:
    """Is ``node`` one of the ``allowed`` integers (``-1`` also as a negated literal) or booleans?"""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
            and type(node.operand.value) is int:
        node = ast.Constant(value=-node.operand.value)
    return isinstance(node, ast.Constant) and type(node.value) in (int, bool) and node.value in allowed \
        and (type(node.value) is bool) == all(type(a) is bool for a in allowed)


def _shape(node, shapes: dict):
    shape = shapes.get(node.id) if isinstance(node, ast.Name) else None
    return tuple(shape) if shape is not None else None
