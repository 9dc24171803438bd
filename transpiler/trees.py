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


def ravel(tree: Any) -> tuple[np.ndarray, Callable[[Any], Any]]:
    """``tree``'s floats as one flat array, and the function that puts a flat array back into
    ``tree``'s structure (``jax.flatten_util.ravel_pytree``): for optimisers that want a vector,
    ``scipy.optimize.minimize(fun, flat, jac=True)`` (docs/optimizers.md).

    ``tree`` is a number, an array, or a list, tuple, dict (in key order), dataclass or
    NamedTuple of them, nested. The flat array's dtype is NumPy's promotion of the leaves'
    (float32 leaves only: float32; a Python float counts as float64); ``unravel(flat)`` gives
    each leaf back its own shape, dtype and type (a Python float stays a float), as new arrays
    that never share memory with ``flat``. A gradient has its arguments' structure, so
    ``ravel(grads)[0]`` lines up with ``ravel(params)[0]``. Integer, boolean and non-numeric
    leaves are refused: an optimiser would move them off their values."""
    parts = leaves(tree)
    for path, part in zip(leaf_paths(tree), parts):
        if not _is_float(part):
            raise TypeError(f"ravel: the leaf at {path or 'the top'} is {_describe_leaf(part)}; only floats "
                            "and float arrays can be raveled (keep counts and flags out of the parameters, "
                            "or pass them as float)")
    dtypes = [np.asarray(p).dtype for p in parts]
    dtype = np.result_type(*dtypes) if dtypes else np.dtype(np.float64)
    sizes = [int(np.size(p)) for p in parts]
    flat = np.concatenate([np.ravel(np.asarray(p, dtype=dtype)) for p in parts]) if parts else np.zeros(0, dtype)
    like = [(type(p), np.shape(p), d) for p, d in zip(parts, dtypes)]
    ends = np.cumsum(sizes)

    def unravel(values: Any) -> Any:
        values = np.asarray(values)
        if values.shape != flat.shape:
            raise ValueError(f"unravel: expected a flat array of shape {flat.shape}, got shape {values.shape}")
        pieces = np.split(values, ends[:-1]) if parts else []
        return rebuild(tree, [_as_leaf(piece, *leaf) for piece, leaf in zip(pieces, like)])

    return flat, unravel


def _is_float(value: Any) -> bool:
    return type(value) is float or (isinstance(value, (np.ndarray, np.floating)) and value.dtype.kind == "f")


def _as_leaf(piece: np.ndarray, kind: type, shape: tuple[int, ...], dtype: np.dtype) -> Any:
    """A flat piece as the leaf it came from: a Python float, a NumPy scalar, or an array."""
    if kind is float:
        return float(piece[0])
    if issubclass(kind, np.generic):
        return dtype.type(piece[0])
    return piece.astype(dtype).reshape(shape)      # (astype copies: never a view of the flat array)


def leaf_paths(tree: Any, path: str = "") -> list[str]:
    """Where each leaf sits, as Python would index it (``[0]['W']``, ``.b``), for messages."""
    if is_record(tree):
        return [p for name in record_fields(tree) for p in leaf_paths(getattr(tree, name), f"{path}.{name}")]
    if isinstance(tree, (list, tuple)):
        return [p for i, item in enumerate(tree) for p in leaf_paths(item, f"{path}[{i}]")]
    if isinstance(tree, dict):
        return [p for key, item in tree.items() for p in leaf_paths(item, f"{path}[{key!r}]")]
    return [path]


def _describe_leaf(value: Any) -> str:
    if isinstance(value, (np.ndarray, np.generic)):
        return f"of dtype {value.dtype}"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name} ({value!r})"
