"""Container parameters (lists, tuples, dicts, dataclasses and NamedTuples of numbers and
arrays) as lists of leaves.

Forward mode carries a tangent with the structure of its primal; Jacobians and Hessians with
respect to a container are built one leaf at a time and given back that structure (the layout of
``jax.hessian``: ``H[i][j]`` has shape ``leaf_i.shape + leaf_j.shape``).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterator

import numpy as np

CONTAINERS = (list, tuple, dict)


def is_container(value: Any) -> bool:
    return isinstance(value, CONTAINERS) or is_record(value)


def is_record(value: Any) -> bool:
    """A ``@dataclass`` instance or a ``NamedTuple``: a container of named fields (``params.W``)."""
    return (isinstance(value, tuple) and hasattr(type(value), "_fields")) or (
        dataclasses.is_dataclass(value) and not isinstance(value, type))


def record_fields(record: Any) -> list[str]:
    if isinstance(record, tuple):
        return list(record._fields)
    return [f.name for f in dataclasses.fields(record)]


def field_of(value: Any, name: str, position: int) -> Any:
    """Field ``name`` (at ``position``) of a record, or of its gradient (a dict by field name) or
    a plain tuple or list standing for it."""
    if isinstance(value, dict):
        return value[name]
    if isinstance(value, (list, tuple)) and not is_record(value):
        return value[position]
    return getattr(value, name)


def record_like(like: Any, values: list) -> Any:
    """A record of ``like``'s type holding ``values``, one per field in order."""
    if isinstance(like, tuple):
        return type(like)(*values)
    return dataclasses.replace(like, **dict(zip(record_fields(like), values)))


def leaves(value: Any) -> list:
    """The numbers and arrays in ``value``, in order (dicts in their key order)."""
    return leaves_like(value, value)


def leaves_like(value: Any, like: Any) -> list:
    """The leaves of ``value`` read in the structure of ``like``: ``value`` may hold lists where
    ``like`` has tuples, or an array whose first axis indexes ``like``'s elements (the adjoint of
    ``np.stack(xs)``)."""
    if is_record(like):
        return [leaf for k, name in enumerate(record_fields(like))
                for leaf in leaves_like(field_of(value, name, k), getattr(like, name))]
    if isinstance(like, (list, tuple)):
        if len(value) != len(like):
            raise ValueError(f"expected {len(like)} elements like {_describe(like)}, got {len(value)}")
        return [leaf for v, l in zip(value, like) for leaf in leaves_like(v, l)]
    if isinstance(like, dict):
        if not isinstance(value, dict) or set(value) != set(like):
            raise ValueError(f"expected a dict with keys {list(like)}, got {_describe(value)}")
        return [leaf for k, l in like.items() for leaf in leaves_like(value[k], l)]
    return [value]


def rebuild(like: Any, values: list) -> Any:
    """``values`` (one per leaf of ``like``) in the structure of ``like``."""
    remaining = iter(values)
    return _fill(like, remaining)


def _fill(like: Any, remaining: Iterator) -> Any:
    if is_record(like):
        return record_like(like, [_fill(getattr(like, name), remaining) for name in record_fields(like)])
    if isinstance(like, (list, tuple)):
        return type(like)(_fill(l, remaining) for l in like)
    if isinstance(like, dict):
        return {k: _fill(l, remaining) for k, l in like.items()}
    return next(remaining)


def map_like(function: Callable[[Any, Any], Any], value: Any, like: Any) -> Any:
    """``like``'s structure, with ``function(value_leaf, like_leaf)`` at each leaf."""
    return rebuild(like, [function(v, l) for v, l in zip(leaves_like(value, like), leaves(like))])


def basis(value: Any) -> Iterator[tuple[int, Any]]:
    """Unit directions in the space of ``value``: ``(leaf index, direction)`` for each element of
    each leaf, the direction shaped like ``value`` (floats for numbers, float arrays otherwise)."""
    parts = leaves(value)
    zeros = [np.zeros(np.shape(p)) if np.ndim(p) else 0.0 for p in parts]
    for i, part in enumerate(parts):
        for j in range(int(np.size(part))):
            e = list(zeros)
            if np.ndim(part):
                e[i] = np.zeros(np.shape(part))
                e[i].flat[j] = 1.0
            else:
                e[i] = 1.0
            yield i, rebuild(value, e)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return f"a dict with keys {list(value)}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)}"
    return f"a {type(value).__name__}"
