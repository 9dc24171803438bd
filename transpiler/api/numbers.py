"""Numbers at the API's edge: what a call's arguments are specialised on (``shape_of``,
``kind_of``), NumPy's float semantics where Python's floats raise (the retry with ``np.float64``),
and float32 in, float32 out (``narrow_float``, ``in_dtype_of``)."""
from __future__ import annotations

import copy
import dataclasses
import inspect
from typing import Any, Callable, Iterable, TypeVar

import numpy as np

from ..analysis.complex_values import complex_kind
from ..analysis.weak_numbers import WEAK_FLOAT
from ..errors import RunTimeRefusal
from .located import located

# What Python's float arithmetic raises where NumPy's returns inf or nan (see
# Gradient.with_numpy_floats): a call that raised one is run again with np.float64 numbers.
PYTHON_FLOAT_ERRORS = (ZeroDivisionError, OverflowError)
Result = TypeVar("Result")


def numpy_floats(value: Any, differentiated: bool = False) -> Any:
    """``value`` with each Python float, also inside lists, tuples and dicts, a ``np.float64``
    (and, for a ``differentiated`` argument, each int: a number the user differentiates at)."""
    if type(value) is float or (differentiated and type(value) is int):
        return np.float64(value)
    if isinstance(value, (list, tuple)) and any(numpy_floats(v, differentiated) is not v for v in value):
        items = [numpy_floats(v, differentiated) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)   # a NamedTuple
    if isinstance(value, dict):
        converted = {k: numpy_floats(v, differentiated) for k, v in value.items()}
        return converted if any(converted[k] is not value[k] for k in value) else value
    return value


def retried_at_numpy_floats(call: Callable[[tuple[Any, ...]], Result], args: tuple[Any, ...],
                            differentiated: Iterable[int], rewind: Callable[[], Any]) -> Result:
    """``call(args)``, or where Python's float arithmetic raised (``1.0 / x`` at ``x = 0.0``),
    ``call`` again with the arguments' Python floats as ``np.float64`` (the ints of those
    ``differentiated`` too) after ``rewind()`` (the same random draws as the call that raised): as
    ``grad`` runs a function (Gradient.with_numpy_floats), ``inf`` where Python raises."""
    try:
        return call(args)
    except PYTHON_FLOAT_ERRORS:
        positions = set(differentiated)
        converted = tuple(numpy_floats(a, differentiated=i in positions) for i, a in enumerate(args))
        if all(c is a for c, a in zip(converted, args)):
            raise
        rewind()
        return call(converted)


def call_with_numpy_floats(function: Callable[..., Any], args: tuple[Any, ...], free: dict[str, Any],
                           original: Callable[..., Any] | None = None) -> Any:
    """``function(*args, **free)``, run again with Python floats as ``np.float64`` where Python's
    float arithmetic raised (see :meth:`Gradient.with_numpy_floats`). A rule's refusal at run
    time is pointed at the user's call in ``original`` (api/located.py)."""
    try:
        try:
            return function(*args, **free)
        except PYTHON_FLOAT_ERRORS:
            converted, converted_free = numpy_floats(args), numpy_floats(free)
            if converted is args and converted_free is free:
                raise
            return function(*converted, **converted_free)
    except RunTimeRefusal as refusal:
        if original is None:
            raise
        raise located(refusal, original) from None


def narrow_float(value: Any) -> bool:
    """A float32 (or float16) array or NumPy number, or a container holding one."""
    if isinstance(value, (list, tuple)):
        return any(map(narrow_float, value))
    if isinstance(value, dict):
        return any(map(narrow_float, value.values()))
    if _a_record(value):          # (a dataclass's fields, as a NamedTuple's items)
        return any(narrow_float(getattr(value, f.name)) for f in dataclasses.fields(value))
    if not isinstance(value, (np.ndarray, np.floating)):
        return False
    return value.dtype.kind == "f" and value.dtype.itemsize < 8


def in_dtype_of(gradient: Any, like: Any) -> Any:
    """The gradient in its argument's floating dtype: float32 in, float32 out, whatever the
    generated code promoted on the way (a Python-float seed broadcast, a count divided); complex
    in, complex out.
    Containers element by element."""
    kind = type(like)
    if kind is np.ndarray:          # (the common cases first, without the container and record checks:
        dtype = like.dtype          # this runs on every call, for each argument of a float32 call)
        if getattr(gradient, "dtype", None) == dtype or not (dtype.kind == "c" or dtype.kind == "f" and dtype.itemsize < 8):
            return gradient
        return np.asarray(gradient).astype(dtype)     # a new array: the caller's own
    if kind is float or kind is int:
        return gradient
    if isinstance(like, dict):
        return type(gradient)({k: in_dtype_of(gradient[k], v) for k, v in like.items()})
    if isinstance(like, (list, tuple)):
        items = [in_dtype_of(g, v) for g, v in zip(gradient, like)]
        return type(gradient)(*items) if hasattr(gradient, "_fields") else type(gradient)(items)
    if _a_record(like) and type(gradient) is type(like):
        fields = {f.name: in_dtype_of(getattr(gradient, f.name), getattr(like, f.name)) for f in dataclasses.fields(like)}
        record = copy.copy(gradient)
        for name, value in fields.items():
            object.__setattr__(record, name, value)      # (a frozen dataclass's too: a gradient of our own)
        return record
    if type(like) is complex:
        return gradient if type(gradient) is complex else complex(gradient)
    if not (narrow_float(like) or complex_valued(like)) or getattr(gradient, "dtype", None) == like.dtype:
        return gradient
    if isinstance(like, np.ndarray):
        return np.asarray(gradient).astype(like.dtype)     # a new array: the caller's own
    return like.dtype.type(gradient)


def _a_record(value: Any) -> bool:
    """A dataclass instance (not the class)."""
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def complex_valued(value: Any) -> bool:
    """A complex number or array (or a container holding one): its derivative is complex too,
    ``d/dx - 1j d/dy``, also where the generated code's is real (an imaginary part of 0)."""
    if isinstance(value, (list, tuple)):
        return any(map(complex_valued, value))
    if isinstance(value, dict):
        return any(map(complex_valued, value.values()))
    return type(value) is complex or isinstance(value, (np.ndarray, np.complexfloating)) and value.dtype.kind == "c"


def shape_of(value: Any) -> tuple[int, ...] | None:
    """The shape the transform may specialise on: known for numbers and arrays only."""
    if isinstance(value, (float, int, np.generic)) and not isinstance(value, bool):
        return ()
    if isinstance(value, np.ndarray):
        shape: tuple[int, ...] = value.shape
        return shape
    return None


def kind_of(value: Any) -> str | None:
    """The dtype the transform may specialise on, as kind and size ("f8", "i8", "b1", ...): of
    arrays and numbers; "float" for a Python float, weak where an ``np.float64`` is strong (NEP 50:
    ``x32 * beta`` is float32 for the one, float64 for the other: analysis/weak_numbers.py);
    "list" and "tuple" for those (``xs + ys`` of two is their concatenation, not a sum), "dict"
    for a dict (``for k in d`` sees its keys)."""
    if isinstance(value, (np.ndarray, np.generic)):
        return f"{value.dtype.kind}{value.dtype.itemsize}"
    if isinstance(value, (list, tuple, dict)):
        complex_kind(value)       # (refuses a complex value inside)
    return _KINDS.get(type(value))


_KINDS = {float: WEAK_FLOAT, int: "i8", bool: "b1", complex: "c16", list: "list", tuple: "tuple", dict: "dict"}


def kinds_of(args: Iterable[Any]) -> tuple[str | None, ...]:
    """:func:`kind_of` of each argument."""
    return tuple(kind_of(a) for a in args)


def annotated_shapes(func: Callable[..., Any]) -> tuple[tuple[int, ...] | None, ...]:
    """Parameters annotated ``float`` or ``int`` are scalars; the rest unknown."""
    hints = getattr(func, "__annotations__", {})
    scalar = {float, int, "float", "int"}
    return tuple(() if hints.get(p) in scalar else None for p in inspect.signature(func).parameters)


def checked_shapes(arg_shapes: Any) -> tuple[Any, ...]:
    """``source(arg_shapes)``'s shapes as a tuple, one per argument (a tuple of sizes, ``()`` for a
    number, None for unknown): an array or a number given there instead is a TypeError saying
    what to write, not NumPy's ambiguous truth value."""
    if isinstance(arg_shapes, np.ndarray) or np.isscalar(arg_shapes) or not all(
            shape is None or isinstance(shape, (tuple, list)) for shape in arg_shapes):
        raise TypeError("source(arg_shapes): give one shape per argument, a tuple of sizes (`source([(3,), ()])`); "
                        "for the code a call with example arguments runs, write `source(args=(x, ...))`")
    return tuple(tuple(s) if isinstance(s, list) else s for s in arg_shapes)


def exact(value: Any) -> bool:
    """A number or an array of exactly NumPy's type (a subclass's shape is not its meaning)."""
    return type(value) in (float, int, bool, complex, np.ndarray) or isinstance(value, np.generic)
