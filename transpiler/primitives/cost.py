"""What a primitive costs, and the one policy that uses it: store versus recompute.

A reverse loop needs the values each iteration made. It has two ways to get them back: keep them
on a tape in the forward sweep (memory: the value's bytes, per iteration) or compute them again
from the loop-carried values it keeps anyway (time: the primitive's work, once more). Each
primitive has a **cost class**, declared once on it (``cost=`` of the declaring helpers in
registry.py; where not declared, its family's):

==================  =====================================================  =========================
class               what                                                   work per output element
==================  =====================================================  =========================
``free``            views, indexing, shape changes, comparisons, logic     about nothing
``cheap``           arithmetic, reductions, abs/maximum/where/clip         one operation
``transcendental``  exp, log, tanh, sin, ... ; scipy.special, scipy.stats  tens of operations
``expensive``       matrix products, solves, decompositions, FFTs          the inner dimension, or more
==================  =====================================================  =========================

:func:`estimate` turns a class and the shapes (where known) into floating-point operations and
the bytes of the result. The policy (:func:`worth_keeping`): **the reverse sweep never computes
an expensive or transcendental array value again; it keeps it** (one array per iteration, as the
carried values take), and so is a number or an array reduced from a larger array (a norm, a
maximum, a sum along an axis: one smaller value to push, where computing it again reads the
array and whatever made it). Other free and cheap ones are
recomputed (about as cheap as a push and a pop), as are transcendental functions of a single number. A memory budget (``grad(f, memory=BYTES)``,
ad/checkpoints.py) is the one exception: over budget, whole iterations are recomputed from
checkpoints, the kept values with them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

COST_CLASSES = ("free", "cheap", "transcendental", "expensive")

# The cost class of a family's primitives, unless a primitive declares its own.
FAMILY_COSTS = {
    "linear algebra": "expensive", "fft": "expensive", "scipy.linalg": "expensive",
    "elementwise math": "transcendental", "scipy.special": "transcendental", "scipy.stats": "transcendental",
    "shape": "free", "indexing": "free", "indexing and containers": "free", "containers": "free",
    "constructors": "free", "comparison": "free", "logic": "free", "predicates and queries": "free",
    "complex parts": "free", "shape and construction": "free",
}

# Operations per output element of a transcendental function (exp, tanh: a few tens in libm).
TRANSCENDENTAL_FLOPS = 20


def cost_class(prim: Any) -> str:
    """The primitive's own cost class, else its family's, else ``cheap``."""
    return prim.cost or FAMILY_COSTS.get(prim.family, "cheap")


@dataclass(frozen=True)
class Cost:
    """An estimate of one application: floating-point operations, and bytes of its result
    (None where a shape is not known)."""

    flops: int | None
    bytes: int | None


def estimate(prim: Any, arg_shapes: list, out_shape: Any, itemsize: int = 8) -> Cost:
    """The work and result size of ``prim`` applied to arguments of ``arg_shapes`` giving
    ``out_shape`` (shapes are tuples, or None where unknown)."""
    size = _size(out_shape)
    out_bytes = None if size is None else size * itemsize
    kind = cost_class(prim)
    if kind == "free" or size is None:
        return Cost(0 if kind == "free" else None, out_bytes)
    if kind == "cheap":
        return Cost(size, out_bytes)
    if kind == "transcendental":
        return Cost(TRANSCENDENTAL_FLOPS * size, out_bytes)
    inner = _inner_dimension(arg_shapes)          # a product's contraction; else the input's size
    return Cost(2 * size * inner if inner is not None else None, out_bytes)


def worth_keeping(prim: Any, shape: Any, operand_shapes: tuple = ()) -> bool:
    """Should a reverse loop keep this primitive's value (of ``shape``, None if unknown) on a
    tape rather than compute it again? Expensive ones always; transcendental ones unless on a
    number; a number reduced from an array (``np.max(np.abs(z_new - z))``, a norm, a sum:
    ``operand_shapes`` the operands' shapes, where known), whose push costs one number where
    computing it again reads the array and everything that made it; no other free or cheap one."""
    kind = cost_class(prim)
    if kind == "expensive" or (kind == "transcendental" and shape != ()):
        return True
    if kind == "free":
        return False
    return shape == () and any(isinstance(s, tuple) and len(s) > 0 for s in operand_shapes) \
        or _reduces(shape, operand_shapes)


def _reduces(shape: Any, operand_shapes: tuple) -> bool:
    """Is a value of ``shape`` at most half the size of one of its operands (a row's norm, an
    axis's sum of an array of known shape)? Its push is one array of the smaller size; computing it
    again reads the larger operand, and whatever made that (N61: the distances of each centre,
    ``np.linalg.norm(X - c, axis=1)``, 1000 numbers from 4000, cost a third of the gradient
    recomputed). Elementwise work never reduces; a slice is free."""
    size = _size(shape)
    return size is not None and any((_size(s) or 0) >= 2 * size for s in operand_shapes)


def _size(shape: Any) -> int | None:
    if not isinstance(shape, tuple) or not all(type(n) is int for n in shape):
        return None
    return math.prod(shape)


def _inner_dimension(arg_shapes: list) -> int | None:
    """A matrix product's contracted length (the first argument's last axis); for a one-argument
    operation (a solve's, a decomposition's matrix) the argument's last axis."""
    first = arg_shapes[0] if arg_shapes else None
    if isinstance(first, tuple) and first and type(first[-1]) is int:
        return first[-1]
    return None
