"""The adjoints of a two-operand ``np.einsum`` as matrix products.

``np.einsum`` without ``optimize`` contracts in its own loops, not through BLAS: for the
attention of a batch, ``np.einsum('btd,de->bte', X, W)`` takes some 7x ``X @ W``'s time. The
adjoint of each operand is itself a two-operand contraction (``'bte,btd->de'`` for ``W``). Where
the shapes are known, each label appears once per operand, no length 1 is broadcast and no label
is summed within one operand alone, that contraction is written as one matrix product (a batched
one where labels are shared by both operands and the result): each operand's axes put in the
order (batch, kept, contracted) by a transpose that is a view, grouped by a reshape, multiplied
with ``@``, and the result reshaped and transposed to the adjoint's labels. The values are the
same sums in another order. The primal einsum of known shapes is written so too (``on_shapes``),
in the code calls run on NumPy.
"""
from __future__ import annotations

import ast
import math

from .registry import dotted


def _terms(subscripts) -> tuple[list[str], str] | None:
    if not isinstance(subscripts, str) or "..." in subscripts or "->" not in subscripts:
        return None
    inputs, out = subscripts.replace(" ", "").split("->")
    return inputs.split(","), out


def _call(path: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=dotted(path), args=list(args), keywords=[])


def _arranged(x: ast.expr, labels: str, batch: str, rows: str, columns: str, sizes: dict) -> ast.expr:
    """``x`` (axes ``labels``) as a (stack of) matrix with axes ``batch``, then ``rows`` grouped
    into one axis, then ``columns`` grouped: where ``x`` is laid out (batch, columns, rows), the
    transpose of its grouping (a view), else its axes moved into place and grouped."""
    def grouped(x, order, groups):
        if order != labels:
            x = _call("np.transpose", x, ast.Constant(tuple(labels.index(l) for l in order)))
        if any(len(g) != 1 for g in groups):
            x = _call("np.reshape", x, ast.Constant(tuple(math.prod(sizes[l] for l in g) for g in groups)))
        return x

    if labels == batch + columns + rows and labels != batch + rows + columns:
        swapped = grouped(x, labels, [*batch, columns, rows])
        if not batch:
            return ast.Attribute(value=swapped, attr="T", ctx=ast.Load())
        return _call("np.swapaxes", swapped, ast.Constant(-1), ast.Constant(-2))
    return grouped(x, batch + rows + columns, [*batch, rows, columns])


def as_matrix_product(subscripts: str, left: ast.expr, right: ast.expr, shapes: list) -> ast.expr | None:
    """``np.einsum(subscripts, left, right)`` as ``@`` of rearranged operands, or None where it
    is not one matrix product (see the module's docstring)."""
    parsed = _terms(subscripts)
    if parsed is None or len(parsed[0]) != 2 or not all(isinstance(s, tuple) for s in shapes):
        return None
    (a, b), out = parsed
    if any(len(set(t)) != len(t) for t in (a, b, out)) or len(a) != len(shapes[0]) or len(b) != len(shapes[1]):
        return None
    sizes: dict = {}
    for labels, shape in ((a, shapes[0]), (b, shapes[1])):
        for label, n in zip(labels, shape):
            if sizes.setdefault(label, n) != n:
                return None                   # broadcast lengths: not a plain product
    if not set(out) <= set(a) | set(b) or (set(a) ^ set(b)) - set(out):
        return None                           # a label summed in one operand alone
    batch = "".join(l for l in out if l in a and l in b)
    contracted = "".join(l for l in a if l in b and l not in out)
    free_a, free_b = "".join(l for l in out if l in a and l not in b), "".join(l for l in out if l in b and l not in a)
    if out.find(free_b[:1] or "\0") < out.find(free_a[:1] or "\0") and free_a and free_b:
        (a, left, free_a), (b, right, free_b) = (b, right, free_b), (a, left, free_a)
    product = ast.BinOp(left=_arranged(left, a, batch, free_a, contracted, sizes), op=ast.MatMult(),
                        right=_arranged(right, b, batch, contracted, free_b, sizes))
    labels = batch + free_a + free_b
    if any(len(g) != 1 for g in (free_a, free_b)):
        product = _call("np.reshape", product, ast.Constant(tuple(sizes[l] for l in labels)))
    if labels != out:
        product = _call("np.transpose", product, ast.Constant(tuple(labels.index(l) for l in out)))
    return product


def einsum_as_product(args: list, shapes: list) -> ast.expr | None:
    """The primal ``np.einsum(subscripts, a, b)`` of known shapes as a matrix product."""
    if len(args) != 3 or not isinstance(args[0], ast.Constant):
        return None
    return as_matrix_product(args[0].value, args[1], args[2], shapes[1:])


def einsum_products(site, index: int, d_y: ast.expr) -> ast.expr | None:
    """Two operands of known shapes, each label once per operand: each adjoint one (batched)
    matrix product of ``d_y`` and the other operand, ``X.reshape(n, d).T @ d_y.reshape(n, e)``.

    None where that does not apply (then the general rule's ``einsum_adjoint``)."""
    subscripts = site.args[0].value if isinstance(site.args[0], ast.Constant) else None
    parsed = _terms(subscripts)
    if index not in (1, 2) or parsed is None or len(parsed[0]) != 2 or site.kwargs:
        return None
    if not site.specialize or (site.target is not None and not site.target.primals_for_shapes):
        return None                           # NumPy's own spellings, for code of these shapes
    (a, b), out = parsed
    mine, other = (a, b) if index == 1 else (b, a)
    other_expr, other_shape = site.args[3 - index], site.arg_shapes[3 - index]
    if set(mine) - set(out) - set(other):
        return None                           # a label only this operand has, summed: broadcast back
    shapes = [site.out_shape, other_shape, site.arg_shapes[index]]
    if not all(isinstance(s, tuple) and len(s) == len(t) for s, t in zip(shapes, (out, other, mine))):
        return None
    lengths = dict(zip(out, site.out_shape)) | dict(zip(other, other_shape))
    if any(lengths.get(l) != n for l, n in zip(mine, site.arg_shapes[index])):
        return None                           # the operand was broadcast (a length 1): summed back
    return as_matrix_product(f"{out},{other}->{mine}", d_y, other_expr, [site.out_shape, other_shape])
