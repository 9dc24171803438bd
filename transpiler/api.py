"""User-facing API: ``grad``, ``value_and_grad`` and the ``@differentiate`` decorator."""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Sequence, Union

import numpy as np

from . import pipeline
from .errors import OutputShapeError, SourceUnavailableError
from .frontend import unwrap
from .reverse import GradientSpec

Wrt = Union[int, str, Sequence[Union[int, str]]]


def grad(f: Callable, wrt: Wrt = 0) -> Callable:
    """``grad(f, wrt)(*args)``: the gradient of scalar ``f`` at ``args`` (reverse mode).

    ``wrt`` is a parameter index or name (one gradient) or a tuple of them (a tuple of gradients,
    in that order). Each gradient has its argument's shape.
    """
    return Gradient(f, wrt, returns_value=False)


def value_and_grad(f: Callable, wrt: Wrt = 0) -> Callable:
    """Like :func:`grad`, but returns ``(f(*args), gradient)`` from one pass."""
    return Gradient(f, wrt, returns_value=True)


class Gradient:
    """A callable gradient of ``f``; compiles on first call for each family of argument shapes."""

    def __init__(self, f: Callable, wrt: Wrt, returns_value: bool):
        self.f = f
        self.original = unwrap(f)
        if not inspect.isfunction(self.original):
            raise SourceUnavailableError(
                f"cannot differentiate {f!r}: it is not a Python function with source",
                hint="wrap it in a `def` function, or register a custom rule for it")
        self.bound = (f.__self__,) if inspect.ismethod(f) else ()   # a bound method's `self`
        self.signature = inspect.signature(self.original)
        self.param_names = list(self.signature.parameters)[len(self.bound):]
        wrt_indices, self.tuple_output = normalize_wrt(wrt, self.param_names)
        self.wrt = tuple(i + len(self.bound) for i in wrt_indices)
        self.returns_value = returns_value
        functools.update_wrapper(self, self.original)
        self.__name__ = f"{self.original.__name__}_{'value_and_grad' if returns_value else 'grad'}"

    def __call__(self, *args, **kwargs):
        args = self._bind(self.bound + args, kwargs)
        generated = self.compiled(args)
        value, gradient = generated.function(*args, **generated.free_values())
        if np.ndim(value) != 0:
            raise OutputShapeError(
                f"{self.original.__name__} returned a value of shape {np.shape(value)}; "
                "grad needs a scalar output",
                hint="reduce the output (e.g. np.sum), or use a Jacobian")
        return (value, gradient) if self.returns_value else gradient

    def compiled(self, args: Sequence[Any]) -> pipeline.Generated:
        spec = GradientSpec(self.wrt, self.tuple_output, returns_value=True,
                            arg_shapes=tuple(shape_of(a) for a in args))
        return pipeline.compiled_gradient(self.original, spec)

    def source(self, arg_shapes: Sequence[Any] = ()) -> str:
        """The generated gradient as a self-contained Python module."""
        spec = GradientSpec(self.wrt, self.tuple_output, returns_value=self.returns_value,
                            arg_shapes=tuple(arg_shapes) or annotated_shapes(self.original))
        return pipeline.gradient_source(self.original, spec)

    def _bind(self, args: tuple, kwargs: dict) -> tuple:
        if not kwargs and len(args) == len(self.param_names) + len(self.bound):
            return args
        bound = self.signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return tuple(bound.args)


def normalize_wrt(wrt: Wrt, param_names: list[str]) -> tuple[tuple[int, ...], bool]:
    """``wrt`` as parameter indices, and whether the caller asked for a tuple of gradients."""
    many = isinstance(wrt, (tuple, list))
    items = list(wrt) if many else [wrt]
    listing = f"the parameters are {param_names}"
    if many and not items:
        raise ValueError(f"wrt is empty: name at least one parameter to differentiate with respect to; {listing}")
    indices = []
    for item in items:
        if isinstance(item, str):
            if item not in param_names:
                raise ValueError(f"wrt={item!r} is not a parameter; {listing}")
            indices.append(param_names.index(item))
        elif isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if not -len(param_names) <= item < len(param_names):
                raise ValueError(f"wrt={item} is out of range: {listing}")
            indices.append(int(item) % len(param_names))
        else:
            raise TypeError(f"wrt must be a parameter index or name, or a tuple of them; got {item!r}; {listing}")
    return tuple(indices), many


def shape_of(value: Any) -> tuple | None:
    """The shape the transform may specialise on: known for numbers and arrays only."""
    if isinstance(value, (float, int, np.generic)) and not isinstance(value, bool):
        return ()
    if isinstance(value, np.ndarray):
        return value.shape
    return None


def annotated_shapes(func: Callable) -> tuple:
    """Parameters annotated ``float`` or ``int`` are scalars; the rest unknown."""
    hints = getattr(func, "__annotations__", {})
    scalar = {float, int, "float", "int"}
    return tuple(() if hints.get(p) in scalar else None for p in inspect.signature(func).parameters)


class Differentiable:
    """What ``@differentiate`` returns: the original function, plus its derivatives."""

    def __init__(self, f: Callable, wrt: Wrt = 0):
        functools.update_wrapper(self, f)
        self.__transpiler_original__ = f
        self._grad = Gradient(f, wrt, returns_value=False)
        self._value_and_grad = Gradient(f, wrt, returns_value=True)

    def __call__(self, *args, **kwargs):
        return self.__transpiler_original__(*args, **kwargs)

    def grad(self, *args, **kwargs):
        return self._grad(*args, **kwargs)

    def value_and_grad(self, *args, **kwargs):
        return self._value_and_grad(*args, **kwargs)

    @property
    def source(self) -> str:
        """Generated gradient source, exactly as ``transpiler grad`` prints it."""
        return self._grad.source()


def differentiate(f: Callable | None = None, *, wrt: Wrt = 0):
    """Decorator: ``@differentiate`` or ``@differentiate(wrt=("w", "b"))``."""
    if f is None:
        return lambda func: Differentiable(func, wrt)
    return Differentiable(f, wrt)
