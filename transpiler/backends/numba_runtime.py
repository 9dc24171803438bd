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
