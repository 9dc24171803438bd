"""List, tuple and dict arguments taken apart into their elements for the code a call runs.

A gradient's arguments that are lists or tuples (nested, of float arrays and floats: the
parameters of a model as ``[(W1, b1), (W2, b2)]``) are specialised per element, like arrays:
the call key holds each element's shape and dtype (:func:`key_of`), the spec the structure
(:func:`structure_of`, GradientSpec.containers), and the generated function takes the
elements one by one (opt/containers.py). The runner passes them and puts the gradients it
returns, one per element, back in the arguments' structure, by Python written once per
structure (:func:`taking_apart`).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence

import dataclasses
import functools

import numpy as np

from ..frontend.function_arguments import FUNCTION_TYPES
from .numbers import complex_valued, in_dtype_of, narrow_float
from .results import own

_ndarray = np.ndarray
_SEQUENCES = (list, tuple)
_CONTAINERS = (list, tuple, dict)
_FUNCTIONS = FUNCTION_TYPES - {str}
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


def taken_apart(value: Any) -> bool:
    """Is ``value`` a list, tuple or dict, or a record (:func:`record_fields`): an argument the code
    a call runs may take apart into its elements (:func:`structure_of` says whether it does)?"""
    return type(value) in _CONTAINERS or record_fields(value) is not None


def key_of(value: Any) -> Any:
    """The call key of a list or tuple: its type and each element's (shape and dtype for an
    array, a function itself: the code is compiled for it, frontend/function_arguments.py; else
    type), nested; its type alone beyond :data:`MAX_ELEMENTS` elements."""
    if len(value) > MAX_ELEMENTS:
        return type(value)
    items = value.values() if type(value) is dict else value
    return (type(value), *(value if type(value) is dict else ()),
            *[(v.shape, v.dtype) if type(v) is _ndarray else float if type(v) is float
              else key_of(v) if type(v) in _CONTAINERS
              else v if type(v) in _FUNCTIONS else record_key(v) for v in items])


def record_key(value: Any) -> Any:
    """A record's key: its class and each field's (a number or anything else: its type); a class
    itself (the code is compiled for it: ``model_class(p)`` constructs it, frontend/parameter_classes.py);
    the type of any other value."""
    if isinstance(value, type):
        return value
    fields = record_fields(value)
    return type(value) if fields is None else (type(value), key_of([getattr(value, name) for name in fields]))


def structure_of(value: Any, records: bool = True) -> tuple[Any, tuple[Any, ...], tuple[Any, ...]] | None:
    """(structure, shapes of the elements, their dtype kinds) of a list or tuple of float arrays
    and floats (nested), for GradientSpec.containers: a structure is ``(kind, children)``, kind
    "list" or "tuple", a child a structure or None for an element; ``("dict", children, keys)``
    for a dict of string or integer keys; ``("record", children, fields, is a NamedTuple)`` for
    a NamedTuple or dataclass (record_fields), also the argument itself, whose first leaf is its
    class (shape and kind None). None
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

    structure = walk(value) if type(value) in _CONTAINERS or records and record_fields(value) else _NOT_FLAT
    if structure is None or structure is _NOT_FLAT or len(shapes) > MAX_ELEMENTS:
        return None
    return structure, tuple(shapes), tuple(kinds)


_NOT_FLAT = ("not flat",)


def containers_of(args: Sequence[Any], records: bool = True, skip: Sequence[int] = ()) -> tuple[Any, ...]:
    """(position, structure, its elements' shapes, their kinds) of each argument (but those at
    ``skip``) that the code a call runs takes apart (GradientSpec.containers, TangentSpec's)."""
    found = ((i, structure_of(a, records=records)) for i, a in enumerate(args) if taken_apart(a) and i not in skip)
    return tuple((i, *described) for i, described in found if described is not None)


def taking_apart(function: Callable[..., Any], spec: Any, args: Sequence[Any], wrt: tuple[int, ...], many: bool,
                 value_needed: bool, fresh: Sequence[bool], refuse_complex: Callable[[int], Any],
                 free: bool = True) -> Callable[..., Any]:
    """``function``, which takes the elements of the container arguments ``spec`` (a
    GradientSpec) takes apart and returns one gradient per element, called with the arguments
    as given (like ``args``: same call key) and returning the gradients (of the arguments
    ``wrt``, a tuple of them if ``many``) as a runner's function does (api/gradient.py), each
    the caller's own array (:func:`own`, but where ``fresh`` says the code made it) in its
    argument's dtype, a complex one of a real argument refused (``refuse_complex(position)``).
    ``free``: the function takes free names' values as keywords (passed on).

    The call key fixes each container's structure, so the taking apart and the rebuilding are
    written out once per structure as Python (``a0["w"]``, ``{"w": g0, "b": g1}``) and compiled:
    a call walks nothing."""
    plan = _Plan(spec, args, wrt)
    keywords = "**free" if free else ""
    lines = [f"def taking_apart({''.join(f'a{i}, ' for i in range(len(args)))}{keywords}):",
             f"    flat = ({''.join(e + ', ' for e in plan.passed)})",
             f"    result = function(*flat, {keywords})"]
    names = [f"g{k}" for k in range(len(plan.gradients))]
    unpacked = f"({''.join(n + ', ' for n in names)})"
    lines.append(f"    value, {unpacked} = result" if value_needed else f"    {unpacked} = result")
    for k, (name, (position, like, narrow, real)) in enumerate(zip(names, plan.gradients)):
        if not (k < len(fresh) and fresh[k]):
            lines.append(f"    {name} = _own({name}, flat)")
        if real:
            lines.append(f"    if _is_complex({name}):\n        _refuse({position})")
        if narrow:
            lines.append(f"    {name} = _in_dtype({name}, {like})")
    built = plan.rebuilt(iter(names))
    gradient = f"({''.join(b + ', ' for b in built)})" if many else built[0]
    lines.append(f"    return (value, {gradient})" if value_needed else f"    return {gradient}")
    namespace: dict[str, Any] = {"function": function, "_own": own, "_in_dtype": in_dtype_of,
                                 "_is_complex": _is_complex, "_refuse": refuse_complex, "_replace": dataclasses.replace}
    title = f"<transpiler taking apart for {getattr(function, '__name__', 'a gradient')}>"
    exec(compile("\n".join(lines) + "\n", title, "exec"), namespace)
    made: Callable[..., Any] = namespace["taking_apart"]
    return made


class _Plan:
    """How one call's arguments are taken apart (``passed``: the expressions of the generated
    function's arguments, in order, an argument ``a0`` read as ``a0["w"]``, ``a0[1].b``) and its
    gradients put back together (``gradients``: per gradient returned, (the argument's position,
    the expression of the value it is the gradient of, whether that value is float32 or
    complex: the gradient is made its dtype, whether it is real: a complex gradient is refused))."""

    def __init__(self, spec: Any, args: Sequence[Any], wrt: tuple[int, ...]):
        self.structures = {i: structure for i, structure, _, _ in spec.containers}
        self.wrt = wrt
        self.passed: list[str] = []
        self.gradients: list[tuple[int, str, bool, bool]] = []
        for i, value in enumerate(args):
            if i in self.structures:
                self._leaves(self.structures[i], f"a{i}", value, i)
            else:
                self.passed.append(f"a{i}")
                if i in wrt:
                    self.gradients.append((i, f"a{i}", narrow_float(value) or complex_valued(value),
                                           not complex_valued(value)))

    def _leaves(self, structure: Any, expr: str, value: Any, position: int) -> None:
        """The elements of ``value`` (at ``expr``), depth first: a record's class, then its fields."""
        kind, children = structure[0], structure[1]
        if kind == "record":
            self.passed.append(f"type({expr})")
            items = [(f"{expr}.{name}", getattr(value, name)) for name in structure[2]]
        elif kind == "dict":
            items = [(f"{expr}[{key!r}]", value[key]) for key in structure[2]]
        else:
            items = [(f"{expr}[{k}]", item) for k, item in enumerate(value)]
        for child, (item_expr, item) in zip(children, items):
            if child is not None:
                self._leaves(child, item_expr, item, position)
                continue
            self.passed.append(item_expr)
            if position in self.wrt:
                self.gradients.append((position, item_expr, narrow_float(item), True))     # (floats: structure_of)

    def rebuilt(self, names: Iterator[str]) -> list[str]:
        """The expression of each differentiated argument's gradient, from the gradients
        ``names`` (in order): a container's in its structure (lists for lists, tuples for tuples,
        a record of its class)."""
        return [self._like(self.structures[i], f"a{i}", names) if i in self.structures else next(names)
                for i in self.wrt]

    def _like(self, structure: Any, expr: str, names: Iterator[str]) -> str:
        kind, children = structure[0], structure[1]
        keys = structure[2] if kind in ("dict", "record") else range(len(children))
        parts = [self._like(child, _item(kind, expr, key), names) if child is not None else next(names)
                 for child, key in zip(children, keys)]
        if kind == "list":
            return f"[{', '.join(parts)}]"
        if kind == "tuple":
            return f"({''.join(p + ', ' for p in parts)})"
        if kind == "dict":
            return "{" + ", ".join(f"{key!r}: {p}" for key, p in zip(keys, parts)) + "}"
        if structure[3]:                        # a NamedTuple: its class called with its fields
            return f"type({expr})({', '.join(parts)})"
        return f"_replace({expr}, {', '.join(f'{name}={p}' for name, p in zip(keys, parts))})"


def _item(kind: str, expr: str, key: Any) -> str:
    return f"{expr}.{key}" if kind == "record" else f"{expr}[{key!r}]"


def _is_complex(value: Any) -> bool:
    """Is a gradient complex (an array, a NumPy or Python number)?"""
    kind = type(value)
    if kind is float:
        return False
    return kind is complex or (kind is _ndarray or isinstance(value, np.generic)) and value.dtype.kind == "c"
