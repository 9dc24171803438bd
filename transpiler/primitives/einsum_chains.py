"""An ``np.einsum`` of three or more operands of known shapes as a chain of pairwise products.

``np.einsum`` without ``optimize`` contracts all its operands in one loop over every label:
``np.einsum('ni,ij,nj->n', X, W, Z)`` is ``n * i * j`` multiply-adds of three operands in
NumPy's own loops (12x ``np.sum((X @ W) * Z, axis=1)`` at 2000x20x15), and each operand's adjoint
(``'n,ni,nj->ij'`` for ``W``) is such a loop again. Where every shape is known the order of the
pairwise contractions is worked out once, when the code is generated (``np.einsum_path`` of
zero-stride stand-ins: NumPy's own greedy order), and each pair is written as what it is: a
(batched) matrix product of views and reshapes (einsum_products.py), a broadcast product where
the pair shares no summed label, else a two-operand ``np.einsum``. This is what ``optimize=True``
does at run time, without the path search on every call. The values are the same sums in another
order. None (the plain einsum) where a label repeats within an operand, a length 1 is broadcast,
the subscripts hold ``...`` or NumPy's path contracts more than two operands at once.
"""
from __future__ import annotations

import ast

import numpy as np

from .einsum_products import as_matrix_product, call, terms_of


def _sizes(terms: list[str], shapes: list) -> dict | None:
    """Each label's length, or None where a shape is unknown, a label repeats within a term or
    two lengths of a label differ (a broadcast length 1)."""
    sizes: dict = {}
    for labels, shape in zip(terms, shapes):
        if not isinstance(shape, tuple) or len(shape) != len(labels) or len(set(labels)) != len(labels):
            return None
        for label, n in zip(labels, shape):
            if sizes.setdefault(label, n) != n:
                return None
    return sizes


def _aligned(x: ast.expr, labels: str, result: str, sizes: dict) -> ast.expr:
    """``x`` (axes ``labels``) with its axes in ``result``'s order and a length 1 for each label
    of ``result`` it lacks: ready to broadcast against the other factor."""
    order = "".join(l for l in result if l in labels)
    if order != labels:
        x = call("np.transpose", x, ast.Constant(tuple(labels.index(l) for l in order)))
    if order != result:
        x = call("np.reshape", x, ast.Constant(tuple(sizes[l] if l in labels else 1 for l in result)))
    return x


def _pair(a: tuple, b: tuple, result: str, sizes: dict) -> ast.expr:
    """The contraction of operands ``a`` and ``b`` (each ``(labels, expr)``) onto ``result``."""
    (la, xa), (lb, xb) = a, b
    spec = f"{la},{lb}->{result}"
    if set(la) | set(lb) == set(result):                 # nothing summed: a broadcast product
        return ast.BinOp(left=_aligned(xa, la, result, sizes), op=ast.Mult(),
                         right=_aligned(xb, lb, result, sizes))
    product = as_matrix_product(spec, xa, xb, [tuple(sizes[l] for l in la), tuple(sizes[l] for l in lb)])
    return product if product is not None else call("np.einsum", ast.Constant(spec), xa, xb)


def _path(terms: list[str], out: str, sizes: dict) -> list | None:
    """NumPy's greedy contraction order for these terms, as pairs of positions in the shrinking
    operand list (the pair removed, its result appended); None where a step takes more than two."""
    stand_ins = [np.broadcast_to(np.zeros(()), tuple(sizes[l] for l in t)) for t in terms]
    path, _ = np.einsum_path(",".join(terms) + "->" + out, *stand_ins, optimize="greedy")
    steps = path[1:]
    return steps if all(len(step) == 2 for step in steps) else None


def contraction_chain(subscripts: str, operands: list, shapes: list) -> ast.expr | None:
    """``np.einsum(subscripts, *operands)`` (three or more, of ``shapes``) as nested pairwise
    contractions, or None where that does not apply (see the module's docstring)."""
    parsed = terms_of(subscripts)
    if parsed is None or len(parsed[0]) != len(operands) or len(operands) < 3:
        return None
    terms, out = parsed
    sizes = _sizes(terms, shapes)
    if sizes is None or len(set(out)) != len(out) or not set(out) <= set(sizes):
        return None
    steps = _path(terms, out, sizes)
    if steps is None:
        return None
    pending = list(zip(terms, operands))
    for i, j in steps:
        a, b = pending[min(i, j)], pending[max(i, j)]
        del pending[max(i, j)], pending[min(i, j)]
        elsewhere = set(out).union(*(labels for labels, _ in pending))
        result = out if not pending else "".join(dict.fromkeys(l for l in a[0] + b[0] if l in elsewhere))
        pending.append((result, _pair(a, b, result, sizes)))
    (labels, expr), = pending
    return expr if labels == out else None
