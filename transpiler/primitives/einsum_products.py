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


def terms_of(subscripts) -> tuple[list[str], str] | None:
    if not isinstance(subscripts, str) or "..." in subscripts or "->" not in subscripts:
        return None
    inputs, out = subscripts.replace(" ", "").split("->")
    return inputs.split(","), out


def call(path: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=dotted(path), args=list(args), keywords=[])


def _arranged(x: ast.expr, labels: str, batch: str, rows: str, columns: str, sizes: dict) -> ast.expr:
    """``x`` (axes ``labels``) as a (stack of) matrix with axes ``batch``, then ``rows`` grouped
    into one axis, then ``columns`` grouped: where ``x`` is laid out (batch, columns, rows), the
    transpose of its grouping (a view), else its axes moved into place and grouped."""
    def grouped(x, order, groups):
        if order != labels:
            x = call("np.transpose", x, ast.Constant(tuple(labels.index(l) for l in order)))
        if any(len(g) != 1 for g in groups):
            x = call("np.reshape", x, ast.Constant(tuple(math.prod(sizes[l] for l in g) for g in groups)))
        return x

    if labels == batch + columns + rows and labels != batch + rows + columns:
        swapped = grouped(x, labels, [*batch, columns, rows])
        if not batch:
            return ast.Attribute(value=swapped, attr="T", ctx=ast.Load())
        return call("np.swapaxes", swapped, ast.Constant(-1), ast.Constant(-2))
    return grouped(x, batch + rows + columns, [*batch, rows, columns])


def as_matrix_product(subscripts: str, left: ast.expr, right: ast.expr, shapes: list) -> ast.expr | None:
    """``np.einsum(subscripts, left, right)`` as ``@`` of rearranged operands, or None where it
    is not one matrix product (see the module's docstring)."""
    parsed = terms_of(subscripts)
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
        product = call("np.reshape", product, ast.Constant(tuple(sizes[l] for l in labels)))
    if labels != out:
        product = call("np.transpose", product, ast.Constant(tuple(labels.index(l) for l in out)))
    return product


def einsum_as_product(args: list, shapes: list) -> ast.expr | None:
    """The primal ``np.einsum(subscripts, a, b)`` of known shapes as a matrix product."""
    if len(args) != 3 or not isinstance(args[0], ast.Constant):
        return None
    return as_matrix_product(args[0].value, args[1], args[2], shapes[1:])


def adjoint_contraction(site, index: int, d_y: ast.expr) -> tuple[str, list, list] | None:
    """The adjoint of operand ``index`` (1 the first) of an einsum of known shapes, each label
    once per operand, as a contraction ``(subscripts, operands, shapes)`` of ``d_y`` and the other
    operands onto the operand's labels; None where it is not one (a label only the operand has,
    summed: broadcast back; a length 1 broadcast; unknown shapes): the general rule's
    ``einsum_adjoint``."""
    subscripts = site.args[0].value if isinstance(site.args[0], ast.Constant) else None
    parsed = terms_of(subscripts)
    if index < 1 or parsed is None or len(parsed[0]) != len(site.args) - 1 or site.kwargs:
        return None
    if not site.specialize or (site.target is not None and not site.target.primals_for_shapes):
        return None                           # NumPy's own spellings, for code of these shapes
    terms, out = parsed
    mine = terms[index - 1]
    others = [k for k in range(1, len(site.args)) if k != index]
    if set(mine) - set(out) - set().union(*(terms[k - 1] for k in others)):
        return None                           # a label only this operand has, summed: broadcast back
    labels = [out] + [terms[k - 1] for k in others]
    shapes = [site.out_shape] + [site.arg_shapes[k] for k in others]
    if not all(isinstance(s, tuple) and len(s) == len(t) for s, t in zip(shapes, labels)) \
            or not isinstance(site.arg_shapes[index], tuple):
        return None
    lengths = {l: n for t, s in zip(labels, shapes) for l, n in zip(t, s)}
    if any(lengths.get(l) != n for l, n in zip(mine, site.arg_shapes[index])):
        return None                           # the operand was broadcast (a length 1): summed back
    return ",".join(labels) + "->" + mine, [d_y] + [site.args[k] for k in others], shapes

