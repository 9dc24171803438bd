"""The code a transform runs, as text: forward mode (``tangent_source``) and the Hessian's
(``hessian_source``); a gradient's is :meth:`Gradient.source`."""
from __future__ import annotations

import inspect
from typing import Callable

from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec
from ..driver import pipeline
from .arguments import Wrt, function_of, normalize_wrt
from .numbers import annotated_shapes
from .second import refuse_recursive_calls


def tangent_source(f: Callable, wrt: Wrt = 0) -> str:
    """The forward-mode (JVP) code of ``f``, as ``transpiler grad --mode forward`` prints it."""
    original, bound = function_of(f)
    names = list(inspect.signature(original).parameters)[len(bound):]
    indices, _ = normalize_wrt(wrt, names)
    spec = TangentSpec(tuple(i + len(bound) for i in indices), annotated_shapes(original))
    return pipeline.source(original, spec)


def hessian_source(f: Callable, wrt: int | str = 0) -> str:
    """The code ``hessian`` runs: forward mode over the generated gradient of ``f``."""
    original, bound = function_of(f)
    (index,), _ = normalize_wrt(wrt, list(inspect.signature(original).parameters)[len(bound):])
    index += len(bound)
    shapes = annotated_shapes(original)
    refuse_recursive_calls(original)
    gradient = pipeline.compiled(original, GradientSpec((index,), tuple_output=False, arg_shapes=shapes))
    return pipeline.source(gradient.function, TangentSpec((index,), shapes + ((),)))
