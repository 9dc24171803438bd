"""List, tuple and dict arguments taken apart into their elements for the code a call runs.

A gradient's arguments that are lists or tuples (nested, of float arrays and floats: the
parameters of a model as ``[(W1, b1), (W2, b2)]``) are specialised per element, like arrays:
the call key holds each element's shape and dtype (:func:`key_of`), the spec the structure
(:func:`structure_of`, GradientSpec.containers), and the generated function takes the
elements one by one (opt/containers.py). The runner passes them (:func:`elements_of`) and puts
the gradients it returns, one per element, back in the arguments' structure (:func:`rebuilt`).
"""
from __future__ import annotations

from typing import Any, Iterator, Sequence

import numpy as np

_ndarray = np.ndarray
_SEQUENCES = (list, tuple)
_CONTAINERS = (list, tuple, dict)
MAX_ELEMENTS = 64        # a longer list (data, not parameters) is passed whole


def key_of(value: Any) -> Any:
    """The call key of a list or tuple: its type and each element's (shape and dtype for an
    array, else type), nested; its type alone beyond :data:`MAX_ELEMENTS` elements."""
    if len(value) > MAX_ELEMENTS:
        return type(value)
    items = value.values() if type(value) is dict else value
    return (type(value), *(value if type(value) is dict else ()),
            *[(v.shape, v.dtype) if type(v) is _ndarray else key_of(v) if type(v) in _CONTAINERS else type(v)
              for v in items])


def structure_of(value: Any) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]] | None:
    """(structure, shapes of the elements, their dtype kinds) of a list or tuple of float arrays
    and floats (nested), for GradientSpec.containers: a structure is ``(kind, children)``, kind
    "list" or "tuple", a child a structure or None for an element; ``("dict", children, keys)``
    for a dict of string or integer keys. None for anything else (a
    NamedTuple, an empty list, an integer or an object inside): such an argument is passed whole."""
    shapes: list[Any] = []
    kinds: list[Any] = []

    def walk(v: Any) -> Any:
        if type(v) is _ndarray and v.dtype.kind == "f":
            shapes.append(v.shape)
            kinds.append(f"f{v.dtype.itemsize}")
            return None
        if type(v) is float:
            shapes.append(())
            kinds.append("f8")
            return None
        if type(v) in _SEQUENCES and 0 < len(v):
            children = tuple(walk(item) for item in v)
            return (type(v).__name__, children) if _NOT_FLAT not in children else _NOT_FLAT
        if type(v) is dict and 0 < len(v) and all(type(k) in (str, int) for k in v):
            children = tuple(walk(item) for item in v.values())
            return ("dict", children, tuple(v)) if _NOT_FLAT not in children else _NOT_FLAT
        return _NOT_FLAT

    structure = walk(value) if type(value) in _CONTAINERS else _NOT_FLAT
    if structure is None or structure is _NOT_FLAT or len(shapes) > MAX_ELEMENTS:
        return None
    return structure, tuple(shapes), tuple(kinds)


_NOT_FLAT = ("not flat",)


def elements_of(value: Any) -> Iterator[Any]:
    """The elements of a list or tuple :func:`structure_of` describes, depth first."""
    for item in (value.values() if type(value) is dict else value):
        if type(item) in _CONTAINERS:
            yield from elements_of(item)
        else:
            yield item


def flat_arguments(args: Sequence[Any], positions: frozenset[int]) -> list[Any]:
    """``args`` with the ones at ``positions`` replaced by their elements."""
    out: list[Any] = []
    for i, a in enumerate(args):
        if i in positions:
            out += elements_of(a)
        else:
            out.append(a)
    return out


def rebuilt(gradients: Sequence[Any], args: Sequence[Any], positions: frozenset[int],
            wrt: Sequence[int]) -> list[Any]:
    """The gradients per element (one per element of each differentiated argument, in order)
    as one gradient per differentiated argument, each container's in its structure (lists for
    lists, tuples for tuples)."""
    parts = iter(gradients)
    return [_like(args[i], parts) if i in positions else next(parts) for i in wrt]


def _like(value: Any, parts: Iterator[Any]) -> Any:
    if type(value) is dict:
        return {k: _like(v, parts) if type(v) in _CONTAINERS else next(parts) for k, v in value.items()}
    items = [_like(v, parts) if type(v) in _CONTAINERS else next(parts) for v in value]
    return items if type(value) is list else tuple(items)
