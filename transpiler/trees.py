"""Container parameters (lists, tuples, dicts, dataclasses and NamedTuples of numbers and
arrays) as lists of leaves.

Forward mode carries a tangent with the structure of its primal; Jacobians and Hessians with
respect to a container are built one leaf at a time and given back that structure (the layout of
``jax.hessian``: ``H[i][j]`` has shape ``leaf_i.shape + leaf_j.shape``).
"""
from __future__ import annotations

import dataclasses
import itertools
import linecache
from typing import Any, Callable, Iterator

import numpy as np

from .frontend.source import hold_generated
from .primitives import effects

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
    flat = np.concatenate([np.ravel(np.asarray(p, dtype=dtype)) for p in parts]) if parts else np.zeros(0, dtype)
    return flat, _unravel_function(tree, flat.shape, dtypes)


# `unravel` is plain Python written for the one tree it rebuilds, so the compiler inlines it like
# any helper: `grad(lambda x: loss(unravel(x)))` differentiates through its slices and reshapes
# (a generic unravel would recurse over the tree and raise, neither of which compiles). Its
# source is held for the lowering (frontend/source.py hold_generated) and registered with
# linecache for tracebacks, as generated code's is (backends/emit.py).
_UNRAVEL_TEMPLATE = '''def unravel(values):
    """``values``, a flat array of shape {shape}, as a tree like the one raveled."""
    values = np.asarray(values)
    expect_shape(values, {shape}, "unravel")
    return {body}
'''
_unravel_count = itertools.count()


def _unravel_function(tree: Any, shape: tuple[int, ...], dtypes: list) -> Callable[[Any], Any]:
    names: dict[str, Any] = {"np": np, "expect_shape": effects.expect_shape}
    pieces = iter(zip(leaves(tree), dtypes))
    start = 0

    def constant(value: Any) -> str:       # a record type or a dict key, by a name in the globals
        name = getattr(value, "__name__", "key") if isinstance(value, type) else "key"
        name = next(f"{name}_{k}" if k else name for k in itertools.count() if (f"{name}_{k}" if k else name)
                    not in names)
        names[name] = value
        return name

    def build(node: Any) -> str:
        nonlocal start
        if is_record(node):
            fields = ", ".join(f"{name}={build(getattr(node, name))}" for name in record_fields(node))
            return f"{constant(type(node))}({fields})"
        if isinstance(node, (list, tuple)):
            items = ", ".join(build(item) for item in node)
            return f"[{items}]" if isinstance(node, list) else f"({items}{',' if len(node) == 1 else ''})"
        if isinstance(node, dict):
            return "{" + ", ".join(f"{_key(key, constant)}: {build(item)}" for key, item in node.items()) + "}"
        leaf, dtype = next(pieces)
        size = int(np.size(leaf))
        start += size
        if type(leaf) is float:                 # a Python float stays a float
            return f"float(values[{start - 1}])"
        if isinstance(leaf, np.generic):
            return f"np.{dtype.name}(values[{start - 1}])"
        # (astype copies: never a view of the flat array)
        return f"values[{start - size}:{start}].reshape({np.shape(leaf)}).astype(np.{dtype.name})"

    source = _UNRAVEL_TEMPLATE.format(shape=shape, body=build(tree))
    filename = f"<transpiler unravel {next(_unravel_count)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), names)
    hold_generated(names["unravel"], source)
    return names["unravel"]


def _key(key: Any, constant: Callable[[Any], str]) -> str:
    """A dict key as unravel's source spells it: a literal where it is one (the compiler builds
    dicts with keys it knows), else a name bound to the key itself."""
    return repr(key) if type(key) in (str, int, bool) else constant(key)


def _is_float(value: Any) -> bool:
    return type(value) is float or (isinstance(value, (np.ndarray, np.floating)) and value.dtype.kind == "f")


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
