"""NumPy's rules for results written into an existing array, which the generated code (never
writing into an array in place) computes out of place first.

``y += v`` on an array is ``np.add(y, v, out=y)``: the result must fit ``y``'s shape (NumPy:
"non-broadcastable output operand") and cast to its dtype by the ``same_kind`` rule (an integer
array refuses a float). So does a ufunc's ``out=b``, and ``np.copyto(dst, src)`` casts by the same
rule. The lowering computes ``y + v`` as a new value; ``in_place_result(y + v, y)`` and
``same_kind_cast(src, dst)`` then raise NumPy's error where NumPy raises, and otherwise give what
NumPy leaves in ``y`` (a float64 result rounded into a float32 ``y``). Code specialised to the
call's shapes and dtypes drops them where both are known to fit (opt/in_place_results.py): they
cost a call only in code made for any shapes."""
from __future__ import annotations

import numpy as np

from .registry import ON_OBJECT_ARRAYS, REGISTRY, Primitive, Spelling
from .runtime import helper



@helper(linear="joint")
def in_place_result(x, into):
    """``x`` (``into op v`` computed out of place) as NumPy leaves it in ``into`` where that is an
    array: cast to ``into``'s dtype. Raises NumPy's ValueError where ``x``'s shape does not
    broadcast to ``into``'s, and TypeError where its dtype does not cast to ``into``'s by the
    ``same_kind`` rule. ``into`` a number (or a list): ``x`` itself (``y += v`` rebinds ``y``)."""
    if not isinstance(into, np.ndarray):
        return x
    shape = np.shape(x)
    if shape != into.shape and np.broadcast_shapes(shape, into.shape) != into.shape:
        raise ValueError(f"non-broadcastable output operand with shape {into.shape} doesn't match the "
                         f"broadcast shape {shape}")
    dtype = np.result_type(x)
    if dtype == into.dtype:
        return x
    if not np.can_cast(dtype, into.dtype, "same_kind"):
        raise TypeError(f"Cannot cast ufunc output from {dtype!r} to {into.dtype!r} with casting rule 'same_kind'")
    return np.asarray(x, dtype=into.dtype) if np.ndim(x) else into.dtype.type(x)


@helper(linear="joint")
def same_kind_cast(x, into):
    """``x``, where ``np.copyto(into, x)`` may cast it to ``into``'s dtype by NumPy's default
    ``same_kind`` rule; raises NumPy's TypeError where it may not (a float into an integer array).
    A Python number casts as NumPy's array of it would (an int into any integer array)."""
    if not isinstance(into, np.ndarray):
        return x
    dtype = np.result_type(type(x) if isinstance(x, (bool, int, float, complex)) else x)
    if not np.can_cast(dtype, into.dtype, "same_kind"):
        raise TypeError(f"Cannot cast array data from {dtype!r} to {into.dtype!r} according to the rule 'same_kind'")
    return x


def _identity_adjoint(site, i, d_y):
    """The result is the first argument (cast to a dtype of the same kind): its adjoint is the
    result's; the second argument is read for its shape and dtype alone."""
    if i != 0:
        return None
    return True if site is None else d_y


def _checked_result(helper_fn) -> Primitive:
    return Primitive(name=helper_fn.__name__, spelling=Spelling(path=helper_fn.__name__), family="runtime helpers",
                     vjp_builder=_identity_adjoint, shape_rule=lambda shapes, kwargs: shapes[0], linear="joint",
                     reads_shape=(1,), effect=True,      # kept where its value is unused: it may raise
                     sympy=ON_OBJECT_ARRAYS)


IN_PLACE_RESULT = REGISTRY[in_place_result] = _checked_result(in_place_result)
SAME_KIND_CAST = REGISTRY[same_kind_cast] = _checked_result(same_kind_cast)
CHECKED_RESULTS = (IN_PLACE_RESULT, SAME_KIND_CAST)
