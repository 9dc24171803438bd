"""What a derivative hands back: arrays of the caller's own (never a view of an argument),
containers in the arguments' own structure, Jacobian blocks assembled from rows or columns."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..trees import field_of, is_record, record_fields, record_like

_ndarray = np.ndarray


def own(g: Any, args: Sequence[Any]) -> Any:
    """An array gradient handed to the user is a float array of their own: a reduction's adjoint
    is a read-only broadcast view, and a gradient may be (a view of) an argument, e.g. the
    gradient of ``np.sum(x * y)`` with respect to ``x`` is ``y`` itself; such results are copied.
    Integer arrays (the gradient of ``np.sum(x * n)`` for an integer array ``n``) and NumPy
    integers become floats.
    (On every call: the checks are ordered so that a fresh float array passes the fastest.)"""
    if type(g) is not _ndarray:
        if isinstance(g, np.generic):
            # a 0-d integer array's gradient (x ** 2 at np.array(2)) is a float; a NumPy float is immutable
            return np.float64(g) if isinstance(g, (np.integer, np.bool_)) else g
        if type(g) is not float and any(a is g for a in args) and hasattr(g, "__array_namespace__"):
            return g.__array_namespace__().asarray(g, copy=True)   # an argument of another library's
        return g
    if g.dtype.kind in "biu":
        return g.astype(float)
    if g.base is None:
        for a in args:
            if a is g:
                return g.copy()
        return g if g.flags.writeable else g.copy()
    if not g.flags.writeable or any(type(a) is _ndarray and np.may_share_memory(g, a) for a in args):
        return g.copy()
    return g


def in_structure_of(gradient: Any, args: Sequence[Any], many: bool) -> Any:
    """Container adjoints are built as lists: give them back the arguments' own structure. An
    element that is an integer or a boolean (a record's ``n_steps``, a dict's ``"k": 3``) is a
    count, not a point of a continuum: its gradient is 0.0 (zeros for an integer array), whatever
    its formula's slope there."""
    def shape(g: Any, like: Any) -> Any:
        if isinstance(like, (bool, int, np.integer, np.bool_)):
            return 0.0
        if type(like) is _ndarray and like.dtype.kind in "biu":
            return np.zeros(like.shape)
        if is_record(like):        # a dataclass or NamedTuple: its gradient is a dict by field
            return record_like(like, [shape(field_of(g, name, k), getattr(like, name))
                                      for k, name in enumerate(record_fields(like))])
        if isinstance(like, (list, tuple)):
            return type(like)(shape(gi, li) for gi, li in zip(g, like))
        if isinstance(like, dict):
            return {k: shape(g[k], v) for k, v in like.items()}
        return g
    if many:
        return tuple(shape(g, a) for g, a in zip(gradient, args))
    return shape(gradient, args[0])


def entry_dtype(*values: Any) -> np.dtype[Any]:
    """The dtype of derivatives between ``values``: NumPy's promotion of their floating dtypes
    (float32 with float32 is float32), a Python number or an integer counting as float64."""
    dtypes = [np.asarray(v).dtype for v in values]
    if not dtypes:          # no leaves (a Hessian with respect to an empty dict): an empty float64 block
        return np.dtype(np.float64)
    return np.result_type(*[d if d.kind in "fc" else np.dtype(np.float64) for d in dtypes])


def block(parts: Sequence[Any], axis: int, shape: tuple[int, ...], between: tuple[Any, ...] = ()) -> Any:
    """A Jacobian block of ``shape`` from its rows (``axis=0``) or columns (``axis=-1``); a float
    when both sides are scalars. Its dtype is :func:`entry_dtype` of the values it is
    ``between`` (the output and the argument: float32 for float32 to float32), else float64."""
    dtype = entry_dtype(*between) if between else np.float64
    if not parts:
        return np.zeros(shape, dtype=dtype)
    values = np.stack([np.asarray(p, dtype=dtype) for p in parts], axis=axis)
    return float(values.reshape(())) if shape == () else values.reshape(shape)
