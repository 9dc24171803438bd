"""Recursive functions: their calls stay calls, differentiated by the function's own generated
code (reverse mode: a generator of the gradient's two sweeps; forward mode: its tangent code),
compiled once for any argument shapes. The lowering asks for this through its ``recursive``
callback, so the frontend never compiles anything itself."""
from __future__ import annotations

import inspect
from typing import Callable

from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec
from ..primitives import recursive
from ..primitives.registry import REGISTRY


def register(f: Callable, compiled: Callable) -> None:
    """Declare ``f``'s recursive calls a primitive (once), compiled by ``compiled(f, spec)``
    (the pipeline's) on first use."""
    if f in REGISTRY:
        return

    every = tuple(range(len(inspect.signature(f).parameters)))

    def pullback(*args):
        generated = compiled(f, GradientSpec(every, tuple_output=True, pullback=True))
        return generated.function(*args, **generated.free_values())

    def tangent(*args_and_tangents):
        generated = compiled(f, TangentSpec(every, recursive=True))
        return generated.function(*args_and_tangents, **generated.free_values())

    recursive.declare(f, pullback, tangent)
