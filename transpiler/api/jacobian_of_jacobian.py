"""``jacobian(jacobian(f))``: the second derivatives of an array-valued ``f``, forward mode over
its generated gradient seeded with each unit output direction in turn.

The inner Jacobian is a Python function made by :func:`transpiler.jacobian` (its calls cache
and dispatch at run time), so the outer one cannot read it as source; it is recognised by the
mark that function carries and taken as what it stands for. Entry ``[o, a, b]`` is
``d² f[o] / d x[a] d y[b]``: the tangent along ``y``'s unit direction ``b`` of the gradient of
``f[o]`` (the gradient called with the output's adjoint ``e_o``) with respect to ``x``.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec
from ..driver import pipeline
from ..errors import OutputShapeError
from ..frontend.parameter_classes import classes_of
from ..trees import basis, is_container
from .arguments import Wrt, as_tangent, bind_call, call_on_copies, function_of, normalize_wrt, signature_of
from .numbers import call_with_numpy_floats, kinds_of, shape_of
from .results import entry_dtype
from .second import refuse_complex_hessian
from .streams import rewinder
from .strong_zeros import moves_random_streams

MARK = "__transpiler_jacobian_of__"      # on the function jacobian(f, wrt) returns: (f, wrt index, rewrites off)


def jacobian_of_jacobian(inner_jacobian: Callable[..., Any], wrt: Wrt) -> Callable[..., Any] | None:
    """``jacobian(inner_jacobian, wrt)`` where ``inner_jacobian`` is ``jacobian(f, wrt=i)``: a
    function of ``f``'s arguments giving an array of shape ``out.shape + x_i.shape + x_wrt.shape``.
    None where ``inner_jacobian`` is not such a function."""
    marked = getattr(inner_jacobian, MARK, None)
    if marked is None:
        return None
    f, inner, rewrites_off = marked
    original, bound = function_of(f)
    (index,), many = normalize_wrt(wrt, list(signature_of(original).parameters)[len(bound):])
    if many:
        raise ValueError("jacobian(jacobian(f)) differentiates with respect to one argument: "
                         "take one outer jacobian per argument")

    def jac_of_jac(*given: Any, **kwargs: Any) -> Any:
        original, bound = function_of(f)
        args = bind_call(original, bound, given, kwargs)
        return _second_derivatives(original, args, inner + len(bound), index + len(bound), rewrites_off)
    return jac_of_jac


def _second_derivatives(original: Callable[..., Any], args: tuple[Any, ...], inner: int, index: int,
                        rewrites_off: frozenset[str]) -> np.ndarray:
    rewind = rewinder(args, global_stream=moves_random_streams(original, args))
    out = call_on_copies(original, args)
    _refuse_containers(original, out, args[inner], args[index])
    refuse_complex_hessian(kinds_of(args)[inner])
    refuse_complex_hessian(kinds_of(args)[index])
    shapes, kinds = tuple(shape_of(a) for a in args), kinds_of(args)
    gradient = pipeline.compiled(original, GradientSpec((inner,), tuple_output=False, arg_shapes=shapes,
                                                        arg_kinds=kinds, rewrites_off=rewrites_off,
                                                        arg_classes=classes_of(args)))
    spec = TangentSpec((index,), shapes + (np.shape(out),), kinds + (None,), rewrites_off=rewrites_off,
                       specialize=True)
    outer, free = pipeline.compiled(gradient.function, spec), gradient.free_values()
    rewind_free = rewinder(free.values(), global_stream=False)
    rows = []
    for seed in _unit_directions(np.shape(out)):
        columns = []
        for _, direction in basis(args[index]):
            rewind()
            rewind_free()
            columns.append(call_with_numpy_floats(outer.function, (*args, seed, as_tangent(direction, args[index])),
                                                  free, original)[1])
        rows.append(np.stack([np.asarray(c) for c in columns], axis=-1))   # x_inner.shape + (size of y,)
    block = np.stack(rows) if rows else np.zeros((0,))
    shape = np.shape(out) + np.shape(args[inner]) + np.shape(args[index])
    return block.reshape(shape).astype(entry_dtype(out, args[inner], args[index]), copy=False)  # (float32's)


def _unit_directions(shape: tuple[int, ...]) -> list[Any]:
    """The output's adjoints ``e_o``, one per element in C order (1.0 for a number)."""
    if shape == ():
        return [1.0]
    directions = []
    for o in range(int(np.prod(shape, dtype=int))):
        e = np.zeros(shape)
        e.flat[o] = 1.0
        directions.append(e)
    return directions


def _refuse_containers(original: Callable[..., Any], *values: Any) -> None:
    if any(is_container(v) for v in values):
        raise OutputShapeError(
            f"jacobian(jacobian({original.__name__})) takes arrays and numbers, not containers, as the "
            f"output and the arguments differentiated",
            hint="return one array (np.concatenate the parts) and pass one array argument, or use "
                 "transpiler.hessian for a scalar output")
