"""List, tuple and dict arguments taken apart into their elements for the code a call runs.

A gradient's arguments that are lists or tuples (nested, of float arrays and floats: the
parameters of a model as ``[(W1, b1), (W2, b2)]``) are specialised per element, like arrays:
the call key holds each element's shape and dtype (:func:`key_of`), the spec the structure
(:func:`structure_of`, GradientSpec.containers), and the generated function takes the
elements one by one (opt/containers.py). The runner passes them (:func:`elements_of`) and puts
the gradients it returns, one per element, back in the arguments' structure (:func:`rebuilt`).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence

import dataclasses
import functools

import numpy as np

from .results import own

_ndarray = np.ndarray
_SEQUENCES = (list, tuple)
_CONTAINERS = (list, tuple, dict)
MAX_ELEMENTS = 64        # a longer list (data, not parameters) is passed whole


def record_fields(value: Any) -> tuple[str, ...] | None:
    """The fields of a NamedTuple, or of a dataclass built by the ``__init__`` dataclasses
    generates from every field (no ``__post_init__``), where ``value`` is one inside a list or
    tuple argument: taken apart like a tuple, its class passed beside its fields and the record
    rebuilt from them (``record(cls, W=..., b=...)``, opt/containers.py). None for anything else."""
    cls: Any = type(value)          # (a class: hashable, whatever mypy's stubs say of type[Any])
    if cls in _CONTAINERS or cls is _ndarray or cls is float:
        return None
    return _class_fields(cls)


@functools.lru_cache(maxsize=256)
def _class_fields(cls: type) -> tuple[str, ...] | None:
    """record_fields by class (asked on every call that passes records: kept)."""
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        return tuple(cls._fields)
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        return None
    fields = dataclasses.fields(cls)
    return tuple(f.name for f in fields) if all(f.init for f in fields) else None


def key_of(value: Any) -> Any:
    """The call key of a list or tuple: its type and each element's (shape and dtype for an
    array, else type), nested; its type alone beyond :data:`MAX_ELEMENTS` elements."""
    if len(value) > MAX_ELEMENTS:
        return type(value)
    items = value.values() if type(value) is dict else value
    return (type(value), *(value if type(value) is dict else ()),
            *[(v.shape, v.dtype) if type(v) is _ndarray else key_of(v) if type(v) in _CONTAINERS
              else _record_key(v) for v in items])


def _record_key(value: Any) -> Any:
    """A record's key: its class and each field's (a number or anything else: its type)."""
    fields = record_fields(value)
    return type(value) if fields is None else (type(value), key_of([getattr(value, name) for name in fields]))


def structure_of(value: Any, records: bool = True) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]] | None:
    """(structure, shapes of the elements, their dtype kinds) of a list or tuple of float arrays
    and floats (nested), for GradientSpec.containers: a structure is ``(kind, children)``, kind
    "list" or "tuple", a child a structure or None for an element; ``("dict", children, keys)``
    for a dict of string or integer keys; ``("record", children, fields, is a NamedTuple)`` for
    a NamedTuple or dataclass inside (record_fields), whose first leaf is its class (shape and
    kind None). None
    for anything else (an empty list, an integer or an object inside, a record where not
    ``records``: the numba backend takes no class): such an argument is passed whole."""
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
        fields = record_fields(v) if records else None
        if fields:
            shapes.append(None)             # (the class: a leaf that is no number)
            kinds.append(None)
            children = tuple(walk(getattr(v, name)) for name in fields)
            return ("record", children, fields, isinstance(v, tuple)) if _NOT_FLAT not in children else _NOT_FLAT
        return _NOT_FLAT

    structure = walk(value) if type(value) in _CONTAINERS else _NOT_FLAT
    if structure is None or structure is _NOT_FLAT or len(shapes) > MAX_ELEMENTS:
        return None
    return structure, tuple(shapes), tuple(kinds)


_NOT_FLAT = ("not flat",)


def elements_of(value: Any) -> Iterator[Any]:
    """The elements of a list or tuple :func:`structure_of` describes, depth first (a record's
    class, then its fields')."""
    for item in (value.values() if type(value) is dict else value):
        if type(item) in _CONTAINERS:
            yield from elements_of(item)
        elif type(item) is _ndarray or type(item) is float:
            yield item
        else:
            yield type(item)
            yield from elements_of([getattr(item, name) for name in _fields(item)])


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
        return {k: _like(v, parts) if type(v) in _CONTAINERS else next(parts) if type(v) in (_ndarray, float)
                else _record_like(v, parts) for k, v in value.items()}
    items = [_like(v, parts) if type(v) in _CONTAINERS else next(parts) if type(v) in (_ndarray, float)
             else _record_like(v, parts) for v in value]
    return items if type(value) is list else tuple(items)


def _fields(record: Any) -> tuple[str, ...]:
    """The fields of a record :func:`structure_of` took apart (it has them)."""
    fields = record_fields(record)
    assert fields is not None, record
    return fields


def _record_like(value: Any, parts: Iterator[Any]) -> Any:
    """A record's gradient: a record of its class holding its fields' (its class has none)."""
    fields = _fields(value)
    gradients = _like([getattr(value, name) for name in fields], parts)
    if isinstance(value, tuple):
        return type(value)(*gradients)
    return dataclasses.replace(value, **dict(zip(fields, gradients)))


def taking_apart(function: Callable[..., Any], spec: Any, wrt: tuple[int, ...], many: bool,
                 value_needed: bool) -> Callable[..., Any]:
    """``function``, which takes the elements of the list and tuple arguments ``spec`` (a
    GradientSpec) takes apart and returns one gradient per element, called with the arguments
    as given and returning the gradients (of the arguments ``wrt``, a tuple of them if
    ``many``) as a runner's function does (api/gradient.py)."""
    positions = frozenset(i for i, *_ in spec.containers)

    def taking_apart(*args: Any, **free: Any) -> Any:
        flat = flat_arguments(args, positions)
        result = function(*flat, **free)
        value, gradients = result if value_needed else (None, result)
        per_argument = rebuilt([own(g, flat) for g in gradients], args, positions, wrt)
        gradient = tuple(per_argument) if many else per_argument[0]
        return (value, gradient) if value_needed else gradient
    return taking_apart
