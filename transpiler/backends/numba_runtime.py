"""The runtime helpers in forms numba's nopython mode compiles, and the numba backend's module
text that includes them in place of the NumPy helpers of the same name.

The NumPy helpers (primitives/runtime.py) are written for any Python value: they test types,
build axis tuples from generators and return arrays of a rank that depends on the values.
numba types each function once per argument types, so a helper here is written to give one
result type for them: ``isinstance`` tests (which numba decides when it compiles) for numbers,
and loops over the elements instead of NumPy calls whose result rank depends on an axis tuple.
Each computes the values its NumPy helper computes (tests/backends/test_numba_runtime.py); the
other helpers the gradient calls are printed as they are.
"""
from __future__ import annotations

import ast
from typing import Callable

import numpy as np

from ..ir.code import names
from ..primitives import runtime
from . import emit

NUMBA_HELPERS: dict[str, Callable] = {}


def _numba_version(fn: Callable) -> Callable:
    NUMBA_HELPERS[fn.__name__] = fn
    return fn


@_numba_version
def unbroadcast(g, x):
    """Sum the adjoint ``g`` back to the shape of ``x``, undoing NumPy broadcasting (numba's:
    one pass over ``g``'s elements, each added to the element of ``x`` it was broadcast from)."""
    if isinstance(x, (bool, int, float, complex)):
        if isinstance(g, (bool, int, float, complex)):
            return g
        return np.sum(g)
    shape = np.shape(x)
    a = np.asarray(g)
    if a.shape == shape:
        return np.ascontiguousarray(a).reshape(shape)
    flat = np.ascontiguousarray(a).ravel()
    extra = len(a.shape) - len(shape)          # g's leading axes that x lacks
    out = np.zeros(shape, a.dtype)
    into = out.reshape(out.size)
    for i in range(flat.size):
        rest, at, stride = i, 0, 1
        for k in range(len(a.shape) - 1, extra - 1, -1):
            index = rest % a.shape[k]
            rest //= a.shape[k]
            n = shape[k - extra]
            if n != 1:                         # (an axis of length 1 of x was stretched)
                at += index * stride
            stride *= n
        into[at] += flat[i]
    return out


@_numba_version
def slice_numbers(x, axis=None):
    """For each element of ``x`` (in C order), the number of the slice a reduction of ``x``
    over ``axis`` (None: all axes; an int; a tuple) puts it in: the index, in C order, of its
    element in the reduced array. Returns (those numbers, the number of slices)."""
    shape = np.shape(x)
    kept = np.ones(len(shape), np.int64)       # the reduced array's length along each axis of x
    if axis is not None:
        for k in range(len(shape)):
            kept[k] = shape[k]
        if isinstance(axis, int):
            kept[axis % len(shape)] = 1
        else:
            for k in axis:
                kept[k % len(shape)] = 1
    size, slices = 1, 1
    for k in range(len(shape)):
        size *= shape[k]
        slices *= kept[k]
    numbers = np.empty(size, np.int64)
    for i in range(size):
        rest, at, stride = i, 0, 1
        for k in range(len(shape) - 1, -1, -1):
            index = rest % shape[k]
            rest //= shape[k]
            if kept[k] != 1:
                at += index * stride
                stride *= kept[k]
        numbers[i] = at
    return numbers, slices


@_numba_version
def unreduce(g, x, axis=None, keepdims=False):
    """Broadcast the adjoint of a reduction of ``x`` back to ``x``'s shape (numba's: a new
    array, each element read from the element of ``g`` it was reduced into)."""
    if isinstance(x, (bool, int, float, complex)):
        return g
    numbers, _ = slice_numbers(x, axis)
    reduced = np.ascontiguousarray(np.asarray(g)).ravel()
    out = np.empty(numbers.size, reduced.dtype)
    for i in range(numbers.size):
        out[i] = reduced[numbers[i]]
    return out.reshape(np.shape(x))


@_numba_version
def var_adjoint(g, y, x, axis=None, keepdims=False, ddof=0):
    """Adjoint of ``np.var(x, axis, ddof=ddof)``: ``2 (x - mean) / (n - ddof)`` times ``g``
    (numba's: the slices' means, then one pass over ``x``)."""
    numbers, slices = slice_numbers(x, axis)
    flat = np.ascontiguousarray(np.asarray(x)).ravel()
    reduced = np.ascontiguousarray(np.asarray(g)).ravel()
    means = np.zeros(slices, flat.dtype)
    for i in range(flat.size):
        means[numbers[i]] += flat[i]
    n = flat.size / slices
    means /= n
    scale = 2.0 / (n - ddof) if n > ddof else np.inf
    out = np.empty(flat.size, (reduced[:1] * flat[:1] * scale).dtype)
    for i in range(flat.size):
        out[i] = reduced[numbers[i]] * scale * (flat[i] - means[numbers[i]])
    return out.reshape(np.shape(x))


@_numba_version
def prod_adjoint(g, x, axis=None, keepdims=False):
    """Adjoint of ``np.prod(x, axis)``: each element gets the product of the other elements of
    its slice, without dividing by zero (numba's: each slice's product of its non-zero elements
    and count of zeros, then one pass over ``x``)."""
    numbers, slices = slice_numbers(x, axis)
    flat = np.ascontiguousarray(np.asarray(x)).ravel()
    reduced = np.ascontiguousarray(np.asarray(g)).ravel()
    rest = np.ones(slices, flat.dtype)
    zeros = np.zeros(slices, np.int64)
    for i in range(flat.size):
        if flat[i] == 0:
            zeros[numbers[i]] += 1
        else:
            rest[numbers[i]] *= flat[i]
    out = np.zeros(flat.size, (reduced[:1] * flat[:1]).dtype)
    for i in range(flat.size):
        k = numbers[i]
        if zeros[k] == 0:
            out[i] = reduced[k] * (rest[k] / flat[i])
        elif zeros[k] == 1 and flat[i] == 0:
            out[i] = reduced[k] * rest[k]
    return out.reshape(np.shape(x))


@_numba_version
def norm_adjoint(g, y, x, ord=None, axis=None, keepdims=False):
    """Adjoint of ``np.linalg.norm(x, ord)`` of a vector or a matrix, the norms numba's
    ``np.linalg.norm`` computes (numba's: no ``axis``, no ``keepdims``; matrix norms on ``x``
    viewed as rows and columns, loops for the column and row sums)."""
    if axis is not None or keepdims:
        raise ValueError("numba's norm_adjoint: axis and keepdims are not compiled (use backend='numpy')")
    x = np.asarray(x)
    safe = y if y != 0 else 1.0               # zero norm: zero gradient
    if ord is None:
        return g * x / safe
    if isinstance(ord, str):
        if ord == "nuc":
            u, _, vh = np.linalg.svd(np.ascontiguousarray(x).reshape(x.shape[0], -1), full_matrices=False)
            return g * (u @ vh).reshape(x.shape)
        return g * x / safe                    # 'fro'
    a, sign = np.abs(x), np.sign(x)
    if x.ndim == 1:
        if ord == 2:
            return g * x / safe
        if ord == 0:
            return g * np.zeros(x.shape)
        if ord == 1:
            return g * sign
        if np.isinf(ord):
            hit = a == y
            return g * sign * hit / np.sum(hit)
        return g * sign * (a / safe) ** (ord - 1)
    matrix = np.ascontiguousarray(x).reshape(x.shape[0], -1)
    if ord == 2 or ord == -2:                 # the largest / smallest singular value's vectors
        u, _, vh = np.linalg.svd(matrix, full_matrices=False)
        k = 0 if ord == 2 else vh.shape[0] - 1
        return g * np.outer(u[:, k], vh[k, :]).reshape(x.shape)
    # 1 / -1: the largest / smallest column sum of |x|; inf / -inf: the same for row sums
    columns = ord == 1 or ord == -1
    rows, cols = matrix.shape
    sums = np.zeros(cols if columns else rows)
    for i in range(rows):
        for j in range(cols):
            sums[j if columns else i] += abs(matrix[i, j])
    best = np.max(sums) if ord > 0 else np.min(sums)
    hit = (sums == best) / np.sum(sums == best)
    out = np.empty(matrix.shape, (g * matrix[:1, :1]).dtype)
    for i in range(rows):
        for j in range(cols):
            out[i, j] = g * np.sign(matrix[i, j]) * hit[j if columns else i]
    return out.reshape(x.shape)


@_numba_version
def diag_adjoint(g, v, k=0):
    """Adjoint of ``np.diag(v, k)``: read the diagonal back (vector ``v``) or scatter ``g`` onto
    the k-th diagonal of zeros shaped like ``v`` (numba's: ``v.ndim``, which numba knows when it
    compiles, picks the branch; a loop scatters)."""
    if v.ndim == 1:
        return np.diag(g, k)
    full = np.zeros(v.shape, dtype=np.result_type(g, 1.0))
    for i in range(g.shape[0]):
        full[i + max(-k, 0), i + max(k, 0)] = g[i]
    return full


@_numba_version
def axis_blocks(shape, axis):
    """``shape`` seen as (before, along, after) around ``axis``: the lengths a C-ordered array
    of that shape is reshaped to, to loop along one axis."""
    k = axis % len(shape)
    before, after = 1, 1
    for j in range(len(shape)):
        if j < k:
            before *= shape[j]
        elif j > k:
            after *= shape[j]
    return before, shape[k], after


@_numba_version
def running_sum_backward(g, x, axis=None):
    """``s[i] = g[i] + x[i+1] * s[i+1]`` along ``axis`` (the flattened arrays where None)
    (numba's: one loop over ``g``'s copy viewed as (before, along, after))."""
    xs = np.ascontiguousarray(np.asarray(x))
    s = np.ascontiguousarray(np.asarray(g)).astype(np.result_type(g, x))
    if not isinstance(axis, int):             # (None: numba decides isinstance, not `is None`, when it compiles)
        flat_x, flat_s = xs.ravel(), s.ravel()
        for i in range(flat_s.size - 2, -1, -1):
            flat_s[i] += flat_x[i + 1] * flat_s[i + 1]
        return flat_s
    before, n, after = axis_blocks(xs.shape, axis)
    blocks_x, blocks_s = xs.reshape((before, n, after)), s.reshape((before, n, after))
    for b in range(before):
        for i in range(n - 2, -1, -1):
            for c in range(after):
                blocks_s[b, i, c] += blocks_x[b, i + 1, c] * blocks_s[b, i + 1, c]
    return s


@_numba_version
def cumsum_along(a, axis):
    """``np.cumsum(a, axis)`` for numba, whose cumsum takes no axis: one loop along ``axis``
    over a copy of ``a`` viewed as (before, along, after), in the dtype cumsum gives (bool and
    small integers summed as int64)."""
    start = np.ascontiguousarray(np.asarray(a))
    out = start.astype(np.cumsum(np.zeros(1, start.dtype)).dtype)
    before, n, after = axis_blocks(out.shape, axis)
    blocks = out.reshape((before, n, after))
    for b in range(before):
        for i in range(1, n):
            for c in range(after):
                blocks[b, i, c] += blocks[b, i - 1, c]
    return out


@_numba_version
def uncumsum(g, x, axis=None):
    """Adjoint of ``np.cumsum(x, axis)``: each element gets the sum of ``g`` from its position
    to the end (numba's: one loop backwards over a contiguous copy of ``g``, flattened where
    ``axis`` is None, else viewed as (before, along, after))."""
    out = np.ascontiguousarray(np.asarray(g)).copy()
    if not isinstance(axis, int):             # (None: numba decides isinstance when it compiles)
        flat = out.ravel()
        for i in range(flat.size - 2, -1, -1):
            flat[i] += flat[i + 1]
        return flat.reshape(np.shape(x))
    before, n, after = axis_blocks(out.shape, axis)
    blocks = out.reshape((before, n, after))
    for b in range(before):
        for i in range(n - 2, -1, -1):
            for c in range(after):
                blocks[b, i, c] += blocks[b, i + 1, c]
    return out


@_numba_version
def undiff(g, shape, n=1, axis=-1):
    """The adjoint of ``np.diff(x, n, axis)``: each ``x[j]`` gets ``g[j - 1] - g[j]`` (zero past
    either end), ``n`` times; zeros of ``x``'s ``shape`` where the difference is empty (numba's:
    loops over (before, along, after) blocks)."""
    dtype = np.result_type(g, 1.0)
    before, m, after = axis_blocks(np.shape(g), axis)
    if m == 0:
        return np.zeros(shape, dtype)
    blocks = np.ascontiguousarray(np.asarray(g)).astype(dtype).reshape((before, m, after))
    for _ in range(n):
        wider = np.zeros((before, m + 1, after), dtype)
        for b in range(before):
            for i in range(m):
                for c in range(after):
                    wider[b, i + 1, c] += blocks[b, i, c]
                    wider[b, i, c] -= blocks[b, i, c]
        blocks, m = wider, m + 1
    return blocks.reshape(shape)


@_numba_version
def zeros_like_adjoint(x):
    """The adjoint of a value the output does not depend on: zeros shaped like ``x`` (numba's:
    a number or an array, whose zeros are floating point, as ``np.result_type(x, 1.0)``)."""
    if isinstance(x, (bool, int, float, complex)):
        return 0.0
    return np.zeros(np.shape(x), np.asarray(x).dtype) + 0.0


@_numba_version
def add_into(d, index, g):
    """``d[index] += g`` in place on an adjoint buffer the generated code owns; returns ``d``
    (numba's: numbers and arrays). An index other than an integer may repeat an element (an
    integer array), where ``+=`` would add once what NumPy's helper adds at each repeat: the
    hits are counted first, and a repeat refused (numba has no ``np.add.at``, and types no
    ``isinstance`` of a slice or an array)."""
    if isinstance(d, (bool, int, float, complex)):
        return d + g
    if not isinstance(index, int):
        hits = np.zeros(d.shape, np.int64)
        hits[index] += 1
        if np.sum(hits) != np.asarray(hits[index]).size:
            raise ValueError("numba's add_into: an index repeats an element (use backend='numpy')")
    d[index] += g
    return d


@_numba_version
def squared_distances(XA, XB):
    """``cdist(XA, XB, "sqeuclidean")`` (numba's: one loop over the pairs, no SciPy call)."""
    out = np.empty((XA.shape[0], XB.shape[0]))
    for i in range(XA.shape[0]):
        for j in range(XB.shape[0]):
            total = 0.0
            for k in range(XA.shape[1]):
                difference = XA[i, k] - XB[j, k]
                total += difference * difference
            out[i, j] = total
    return out


def to_source(function: ast.FunctionDef, docstring: str = "", companions: list = (), program=None) -> str:
    """The module text (emit.to_source's) with each helper that has a numba version here
    printed in that version."""
    functions = emit.printable(function, docstring, companions)
    used = names(functions)
    header = (["import math"] if "math" in used else []) + ["import numpy as np"]
    needed = set()
    known = {**NUMBA_HELPERS, **runtime.HELPERS}
    pending = [name for name in known if name in used]
    while pending:                       # helpers that helpers call, all the way down
        name = pending.pop()
        if name in needed:
            continue
        needed.add(name)
        calls = (names([ast.parse(emit.helper_source(NUMBA_HELPERS[name]))]) if name in NUMBA_HELPERS
                 else set(runtime.DEPENDS.get(name, [])))
        pending += [n for n in calls if n in known and n not in needed]
    own = [name for name in NUMBA_HELPERS if name not in runtime.HELPERS]     # (slice_numbers)
    order = [*own, *runtime.HELPERS]
    helpers = [emit.helper_source(NUMBA_HELPERS.get(name) or runtime.HELPERS[name]) for name in order if name in needed]
    return emit.module_text(header, helpers, emit.functions_text(functions), used)
