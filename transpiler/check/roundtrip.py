"""A check of the frontend: lower a function, print its IR as Python (backends/python_code.py),
run the printed code and compare its value with the function's own. A lowering that changes what
a program computes shows here without any derivative being taken."""
from __future__ import annotations

import inspect
from typing import Any, Callable

import numpy as np

from ..backends import python_code
from ..driver import pipeline
from ..errors import TranspileError
from ..frontend import source as frontend
from ..frontend.parameter_classes import classes_of
from .finite_differences import fresh_copies


def printed(f: Callable[..., Any], args: tuple = ()) -> Callable[..., Any]:
    """``f`` lowered to the IR, printed as Python and compiled; called like ``f`` (defaults
    filled in, ``*args`` passed as the tuple the IR takes), reading ``f``'s free names' current
    values at each call. With ``args``, lowered for their classes as a call with them is (the
    lengths of list arguments a loop making objects over them asks for: driver/pipeline.py)."""
    lowered = pipeline.lowered(f, classes_of(args), compiling=True) if args else pipeline.lowered(f)
    compiled = python_code.compile_function(lowered)
    signature = inspect.signature(frontend.unwrap(f))
    bound_to = (f.__self__,) if inspect.ismethod(f) else ()     # (the IR takes `self` too)

    def call(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*bound_to, *args, **kwargs)
        bound.apply_defaults()
        return compiled(*bound.arguments.values(), **pipeline.free_values(f))

    return call


def mismatch(f: Callable[..., Any], args: tuple, kwargs: dict | None = None,
             before: Callable[[], None] = lambda: None, rtol: float = 1e-9, atol: float = 1e-12) -> str | None:
    """How the printed IR's value on ``args`` differs from ``f``'s (None: it does not). Both run
    on fresh copies of the arguments, each after ``before()`` (reseeding a global stream). An
    exception of ``f`` propagates, and so does a refusal the printed code makes at call time (a
    ``TranspileError``: arguments that alias); another exception only it raises is a difference."""
    kwargs = kwargs or {}
    before()
    with np.errstate(all="ignore"):
        expected = f(*fresh_copies(args), **kwargs)
    function = printed(f, args)
    before()
    try:
        with np.errstate(all="ignore"):
            got = function(*fresh_copies(args), **kwargs)
    except TranspileError:
        raise
    except Exception as exc:
        return f"the printed IR raises {type(exc).__name__}: {exc}; the function returns {expected!r}"
    return difference(got, expected, rtol, atol)


def difference(got: Any, expected: Any, rtol: float, atol: float, where: str = "the value") -> str | None:
    """Where two results (numbers, arrays, or containers of them) differ, or None."""
    if isinstance(expected, (list, tuple)) or isinstance(got, (list, tuple)):
        if type(got) is not type(expected) or len(got) != len(expected):
            return f"{where}: {got!r} is not like {expected!r}"
        for i, (a, b) in enumerate(zip(got, expected)):
            found = difference(a, b, rtol, atol, f"{where}[{i}]")
            if found:
                return found
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict) or list(got) != list(expected):
            return f"{where}: {got!r} is not like {expected!r}"
        for key in expected:
            found = difference(got[key], expected[key], rtol, atol, f"{where}[{key!r}]")
            if found:
                return found
        return None
    try:
        a, b = np.asarray(got), np.asarray(expected)
        same = a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
    except TypeError:               # not numbers: compare as values
        same = bool(got == expected)
    return None if same else f"{where}: printed IR gives {got!r}, the function {expected!r}"
