"""The code a transform runs, as text: forward mode (``tangent_source``) and the Hessian's
(``hessian_source``); a gradient's is :meth:`Gradient.source`. Each for any shapes or, with
``args``, for a call with those arguments, and after any stage with ``print_after``."""
from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec
from ..frontend.parameter_classes import classes_of
from ..driver import pipeline
from .arguments import Wrt, bind_call, function_of, normalize_wrt
from .flat import containers_of
from .numbers import annotated_shapes, kinds_of, shape_of
from .second import gradient_tangent_spec, refuse_recursive_calls
from .rendering import Source
from .stages import source_after
from .strong_zeros import refuse_unless_rerun


def tangent_source(f: Callable[..., Any], wrt: Wrt = 0, *, args: Sequence[Any] | None = None,
                   print_after: str | None = None, strong_zeros: bool = False) -> str:
    """The forward-mode (JVP) code of ``f``, as ``transpiler grad --mode forward`` prints it;
    with ``args`` (example arguments, a tuple), the code ``jvp(f, args, tangents)`` runs with
    tangents for ``wrt``. ``print_after``: the IR or code after that stage (see
    :meth:`Gradient.source`). ``strong_zeros=True``: the code a call runs again where this
    code's derivative came out NaN (api/strong_zeros.py)."""
    original, bound = function_of(f)
    names = list(inspect.signature(original).parameters)[len(bound):]
    indices, _ = normalize_wrt(wrt, names)
    wrt = tuple(i + len(bound) for i in indices)
    if args is None:
        return source_after(original, TangentSpec(wrt, annotated_shapes(original)), print_after, strong_zeros)
    args = bind_call(original, bound, args)
    return source_after(original, TangentSpec(wrt, tuple(shape_of(a) for a in args), kinds_of(args),
                                              arg_classes=classes_of(args), specialize=True,
                                              containers=containers_of(args, skip=wrt)), print_after, strong_zeros)


def hessian_source(f: Callable[..., Any], wrt: int | str = 0, *, args: Sequence[Any] | None = None,
                   print_after: str | None = None, strong_zeros: bool = False, mode: str = "reverse") -> str:
    """The code ``hessian`` runs: forward mode over the generated gradient of ``f``, for any
    shapes or, with ``args`` (example arguments, a tuple), for a call with those arguments.
    ``print_after``: the IR or code of that forward transform after that stage ("lower" is the
    generated gradient's SSA). ``strong_zeros=True``: the code a direction whose result came out
    NaN runs again, forward mode over the strong-zero gradient (api/strong_zeros.py).
    ``mode="forward"``: the code ``hessian(f, mode="forward")`` runs, forward over forward mode
    (its ``lower`` is ``f``'s SSA)."""
    original, bound = function_of(f)
    (index,), _ = normalize_wrt(wrt, list(inspect.signature(original).parameters)[len(bound):])
    index += len(bound)
    if strong_zeros:
        refuse_unless_rerun(original, "numpy")
    if mode == "forward":
        return source_after(original, _forward_over_forward(original, bound, args, index), print_after, strong_zeros)
    if mode != "reverse":
        raise ValueError(f"mode must be 'reverse' or 'forward', not {mode!r}")
    if args is None:
        shapes = annotated_shapes(original)
        refuse_recursive_calls(original)
        gradient = pipeline.compiled(original, GradientSpec((index,), tuple_output=False, arg_shapes=shapes,
                                                            strong_zeros=strong_zeros))
        spec = TangentSpec((index,), shapes + ((),), strong_zeros=strong_zeros)
    else:
        gradient, spec, _ = gradient_tangent_spec(original, bind_call(original, bound, args), index, index,
                                                  strong_zeros=strong_zeros)
    if strong_zeros and print_after is None:
        return Source(pipeline.compiled(gradient.function, spec).source)     # (the text that runs)
    return source_after(gradient.function, spec, print_after)


def _forward_over_forward(original: Callable[..., Any], bound: tuple[Any, ...], args: Sequence[Any] | None,
                          index: int) -> TangentSpec:
    """The spec of ``hessian(f, mode="forward")``'s code (api/second.py ``forward_hessian``)."""
    if args is None:
        return TangentSpec((index,), annotated_shapes(original), order=2)
    args = bind_call(original, bound, args)
    return TangentSpec((index,), tuple(shape_of(a) for a in args), kinds_of(args), order=2,
                       arg_classes=classes_of(args))
