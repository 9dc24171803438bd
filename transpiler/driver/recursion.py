"""Recursive functions: their calls stay calls, differentiated by the function's own generated
code (reverse mode: a generator of the gradient's two sweeps; forward mode: its tangent code),
compiled once for any argument shapes. The lowering asks for this through its ``recursive``
callback, so the frontend never compiles anything itself."""
from __future__ import annotations

import inspect
from typing import Callable

import numpy as np

from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec
from ..analysis.complex_values import may_be_complex
from ..analysis.kinds import input_kinds
from ..ir.memo import remembered
from ..ir.nodes import Const, Function, Var
from ..primitives import recursive
from ..primitives.registry import REGISTRY

_asked: set = set()       # the functions whose result's kind is being asked (their own calls' answer: real)


def register(f: Callable, compiled: Callable, lowered: Callable[[Callable], Function]) -> None:
    """Declare ``f``'s recursive calls a primitive (once), compiled by ``compiled(f, spec)``
    (the pipeline's) on first use, once per set of arguments that have a derivative; ``lowered``
    gives its IR (the pipeline's), from which its result's kind is told."""
    if f in REGISTRY:
        return

    every = tuple(range(len(inspect.signature(f).parameters)))

    def pullback(*args):
        wrt = differentiated(args[:-1]) or every
        generated = compiled(f, GradientSpec(wrt, tuple_output=True, pullback=True))
        return generated.function(*args, **generated.free_values())

    def tangent(*args_and_tangents):
        args, tangents = args_and_tangents[:len(every)], args_and_tangents[len(every):]
        wrt = differentiated(args) or every
        generated = compiled(f, TangentSpec(wrt, recursive=True))
        return generated.function(*args, *(tangents[i] for i in wrt), **generated.free_values())

    def complex_result() -> bool:
        return result_may_be_complex(f, lowered)

    recursive.declare(f, pullback, tangent, complex_result)


def result_may_be_complex(f: Callable, lowered: Callable[[Callable], Function]) -> bool:
    """May ``f`` return a complex value given real arguments (``return v + 0j`` at its base)? Its
    own recursive calls are taken as real while it is asked: the least answer that holds, as a
    real call's result can only make the others complex, never real again."""
    if f in _asked:
        return False
    fn = lowered(f)
    return bool(remembered(fn, "complex result", lambda: _complex_result(f, fn)))    # (asked per call site)


def _complex_result(f: Callable, fn: Function) -> bool:
    _asked.add(f)
    try:
        found = may_be_complex(fn, input_kinds(fn, ()))
    finally:
        _asked.discard(f)
    if isinstance(fn.result, Const):
        return isinstance(fn.result.value, complex)
    return isinstance(fn.result, Var) and fn.result in found


def differentiated(args: tuple) -> tuple[int, ...]:
    """The positions of the arguments a recursive call differentiates: not integers, booleans,
    strings or None (a depth, a count, an index: differentiating with respect to them would
    refuse the very indexing ``x[n]`` they are there for). Their adjoints are None."""
    return tuple(i for i, value in enumerate(args) if _has_derivative(value))


def _has_derivative(value) -> bool:
    if value is None or isinstance(value, (bool, int, str, np.integer, np.bool_)):
        return False
    dtype = getattr(value, "dtype", None)
    return dtype is None or dtype.kind not in "biuSU"
