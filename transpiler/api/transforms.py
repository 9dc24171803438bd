"""The first-derivative transforms: ``grad`` and ``value_and_grad`` (reverse mode: a
:class:`Gradient`), ``jvp`` (forward mode), ``vjp`` (a pullback) and ``jacobian`` (a row per
reverse pass or a column per forward pass)."""
from __future__ import annotations

import dataclasses
import functools
import inspect
from typing import Any, Callable, Sequence, overload

import numpy as np

from .. import backends
from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec
from ..frontend.parameter_classes import classes_of
from ..driver import pipeline
from ..errors import OutputShapeError, TranspileError
from ..rewrites import switched_off
from ..trees import basis, is_container, leaves, leaves_like, rebuild
from .arguments import (FIRST_PARAMETER, THIRD_DERIVATIVES, Wrt, as_tangent, bind_call, binds_in_order,
                        call_on_copies, call_packed, cotangent_for, function_of, normalize_wrt, output_shape,
                        signature_of, spread_like, wrt_or_argnums)
from .arguments import memory_budget
from .flat import containers_of
from .gradient import Gradient
from .third import ThirdDerivative
from .numbers import call_with_numpy_floats, in_dtype_of, kinds_of, retried_at_numpy_floats, shape_of
from .outputs import constant_output, of_out, out_and_aux, refuse_integer_value, without_derivative
from .results import block, in_structure_of
from .jacobian_of_jacobian import MARK as JACOBIAN_MARK, jacobian_of_jacobian
from .second import SecondDerivative, hessian, refuse_recursive_calls, unit_seed
from .streams import is_generator, rewinder
from .strong_zeros import has_nan, moves_random_streams, with_fallback
from .fast_path import call_key
from .warm import (STALE, WarmRunners, defaults_filled, free_entries, kept, keywords_placed, runs_plainly,
                   still_current, warm_key, warm_target, weak)
from .warm_runners import gradient_tangent_runner, jacobian_runner, jvp_runner, vjp_runner
from .written_back import call_handing_back, hands_back, handing_back, snapshot


_WARM_JVP, _WARM_VJP, _WARM_JACOBIAN = WarmRunners(), WarmRunners(), WarmRunners()     # (api/warm.py)
_WARM_GRADIENT_JVP = WarmRunners()       # jvp(grad(f), ...): per Gradient object


# (a Gradient is callable too: the first overload that matches, the narrower one, applies)
@overload
def grad(f: Gradient, wrt: Wrt = FIRST_PARAMETER, backend: str = "numpy",  # type: ignore[overload-overlap]
         rewrites: bool | dict[str, bool] = True, has_aux: bool = False,
         memory: int | None = None, *, argnums: int | Sequence[int] | None = None) -> SecondDerivative: ...


@overload
def grad(f: SecondDerivative, wrt: Wrt = FIRST_PARAMETER, backend: str = "numpy",  # type: ignore[overload-overlap]
         rewrites: bool | dict[str, bool] = True, has_aux: bool = False,
         memory: int | None = None, *, argnums: int | Sequence[int] | None = None) -> ThirdDerivative: ...


@overload
def grad(f: Callable[..., Any], wrt: Wrt = FIRST_PARAMETER, backend: str = "numpy", rewrites: bool | dict[str, bool] = True,
         has_aux: bool = False, memory: int | None = None, *,
         argnums: int | Sequence[int] | None = None) -> Gradient: ...


def grad(f: Callable[..., Any], wrt: Wrt = FIRST_PARAMETER, backend: str = "numpy", rewrites: bool | dict[str, bool] = True,
         has_aux: bool = False, memory: int | None = None, *,
         argnums: int | Sequence[int] | None = None) -> Gradient | SecondDerivative | ThirdDerivative:
    """``grad(f, wrt)(*args)``: the gradient of scalar ``f`` at ``args`` (reverse mode).

    ``wrt`` is a parameter index or name (one gradient) or a tuple of them (a tuple of gradients,
    in that order). Each gradient has its argument's shape. ``backend="numba"`` compiles the
    generated code with numba (an optional extra) for scalar loops and elementwise work.
    ``rewrites=False`` switches the algebraic rewrites off (``{"name": False}`` one of them; see
    ``transpiler.rewrites.REWRITES``): the same gradient, to rounding, computed the general way.
    ``has_aux=True``: ``f`` returns ``(loss, aux)``; the result is ``(gradient of loss, aux)``, aux
    (metrics, predictions, new state: any values) computed in the same pass, not differentiated.
    ``memory``: a budget in bytes for the reverse sweep's tapes (default None: no limit); a loop
    whose tape would exceed it keeps checkpoints every few iterations instead and computes each
    segment's tape again during the reverse sweep: the same gradient, for one more forward pass
    of the loop (docs/performance.md, "Memory"). ``argnums``: JAX's name for ``wrt``
    (positions only), for code ported from ``jax.grad(f, argnums=...)``.
    """
    wrt = wrt_or_argnums(wrt, argnums, f)
    if isinstance(f, Gradient):
        if memory is not None:
            raise ValueError("memory= bounds a gradient's tapes: give it to the inner grad, grad(grad(f, memory=...))")
        return SecondDerivative(f, wrt)
    if isinstance(f, SecondDerivative):
        if memory is not None:
            raise ValueError("memory= bounds a gradient's tapes: a third derivative keeps none (forward mode)")
        return ThirdDerivative(f, wrt)
    return Gradient(f, wrt, returns_value=False, backend=backend, rewrites=rewrites, has_aux=has_aux, memory=memory)


def value_and_grad(f: Callable[..., Any], wrt: Wrt = FIRST_PARAMETER, backend: str = "numpy",
                   rewrites: bool | dict[str, bool] = True, has_aux: bool = False,
                   memory: int | None = None, *, argnums: int | Sequence[int] | None = None) -> Gradient:
    """Like :func:`grad`, but returns ``(f(*args), gradient)`` from one pass; with
    ``has_aux=True``, ``((loss, aux), gradient)``."""
    return Gradient(f, wrt_or_argnums(wrt, argnums, f), returns_value=True, backend=backend, rewrites=rewrites, has_aux=has_aux, memory=memory)


def jvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any], *,
        rewrites: bool | dict[str, bool] = True,
        backend: str = "numpy", has_aux: bool = False) -> tuple[Any, ...]:
    """``(f(*primals), J @ tangents)`` from one forward-mode pass.

    ``tangents`` has one entry per primal (``None`` for an argument held constant), each with its
    primal's structure: a number, an array of its shape, or a list/tuple/dict like it. Parameters
    left out take their defaults and carry no tangent. ``f`` may be a gradient
    (``jvp(grad(g), ...)``: forward over reverse mode, a Hessian-vector product; the rewrites
    are then the gradient's). ``rewrites``: as for :func:`transpiler.grad`. ``backend``: a
    backend that compiles forward mode ("numpy", "array_api": docs/beyond-numpy.md).
    ``has_aux=True`` (as JAX's): ``f`` returns ``(out, aux)``; the result is ``(out, tangent of
    out, aux)``, aux (any values) from the same pass, its tangent not returned.
    """
    target = warm_target(f) if type(rewrites) is bool else None
    if target is not None:
        prefix = target[1]       # (a bound method's object, a partial's values: passed first, no tangent)
        if prefix:
            primals, tangents = (*prefix, *primals), (*(None,) * len(prefix), *tangents)
        key = (rewrites, backend, has_aux, len(prefix), tuple([t is None for t in tangents]), call_key(tuple(primals)))
        if (warm := _WARM_JVP.find(target[0], key)) is not None and (result := warm(primals, tangents)) is not STALE:
            return result          # type: ignore[no-any-return]
        if prefix:
            primals, tangents = primals[len(prefix):], tangents[len(prefix):]
    if isinstance(f, Gradient):
        if has_aux:
            raise TranspileError("jvp(grad(f), ..., has_aux=True) is not supported: a gradient returns no aux",
                                 hint="give has_aux=True to transpiler.hvp(f, x, v, has_aux=True), or call "
                                      "grad(f, has_aux=True) for the aux")
        return _jvp_of_gradient(f, primals, tangents)
    if not backends.backend(backend).forward_mode:
        raise ValueError(f"the {backend} backend compiles reverse-mode gradients: jvp needs a forward-mode backend")
    original, bound = function_of(f)
    given = tuple(tangents)
    args, tangents = _primals_and_tangents(original, bound, primals, tangents, backend)
    wrt = tuple(i for i, t in enumerate(tangents) if t is not None)
    chosen = backends.backend(backend)
    spec = TangentSpec(wrt, tuple(shape_of(a) for a in args), kinds_of(args), free_entries(original),
                       rewrites_off=switched_off(rewrites), backend=chosen.name, arg_classes=classes_of(args),
                       specialize=True,
                       containers=containers_of(args, chosen.records, skip=wrt) if chosen.containers else ())
    filled = defaults_filled(original, len(bound) + len(primals))
    if target is not None and filled is not None and runs_plainly(target, original, bound, args):
        made = jvp_runner(original, args, filled, spec, pipeline.compiled(original, spec), _strong(original, spec),
                          has_aux)
        made = kept(_WARM_JVP, target, key, made, original, args, filled)
        if made is not None and (result := made((*bound, *primals), (*(None,) * len(bound), *given))) is not STALE:
            return result          # type: ignore[no-any-return]
    def out_of(value: Any) -> Any:         # (the tangent of out alone: aux's is not returned)
        return value[0] if has_aux else value
    run = _derivative_calls(original, spec, lambda result: None if has_nan(out_of(result[0])) else out_of(result[1]))
    with handing_back(args):          # (log.append(v) on a list passed: written_back.py)
        value, tangent = run(*args, *[as_tangent(tangents[i], args[i]) for i in wrt])
    if has_aux:
        (value, aux), tangent = out_and_aux(original, value), tangent[0]
    constant = functools.partial(   # (asked only for an integer value)
        without_derivative, original, wrt, spec.arg_shapes, spec.arg_kinds, (), spec.arg_classes)
    refuse_integer_value(value, original, "jvp", of_out(constant) if has_aux else constant)
    # float32 out, float32 tangent (as grad's float32 gradients), whatever the code promoted on the way
    return (value, in_dtype_of(tangent, value), aux) if has_aux else (value, in_dtype_of(tangent, value))


def _derivative_calls(original: Callable[..., Any], spec: GradientSpec | TangentSpec,
                      derivative_of: Callable[[Any], Any] | None,
                      rewind: Callable[[], Any] | None = None) -> Callable[..., Any]:
    """Calls of the code for ``spec`` (arguments -> its result); where the derivative in a result
    (``derivative_of(result)``) has a NaN, the call again with strong zeros (api/strong_zeros.py)."""
    return with_fallback(original, _calls(original, spec),
                         lambda: _calls(original, dataclasses.replace(spec, strong_zeros=True)), derivative_of, rewind,
                         spec.backend)


def _strong(original: Callable[..., Any], spec: GradientSpec | TangentSpec) -> Callable[[], Callable[..., Any]]:
    """What makes the calls of ``spec``'s strong-zero code (api/strong_zeros.py), holding
    ``original`` weakly (a warm runner's: api/warm.py)."""
    function = weak(original)
    return lambda: _calls(function(), dataclasses.replace(spec, strong_zeros=True))


def _calls(original: Callable[..., Any], spec: GradientSpec | TangentSpec) -> Callable[..., Any]:
    generated = pipeline.compiled(original, spec)
    return lambda *args: call_with_numpy_floats(generated.function, args, generated.free_values(), original)


def _primals_and_tangents(original: Callable[..., Any], bound: tuple[Any, ...], primals: Sequence[Any],
                          tangents: Sequence[Any],
                          backend: str = "numpy") -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Every argument (defaults filled in), and a tangent or None for each."""
    if len(primals) != len(tangents):
        raise ValueError(f"jvp needs one tangent per primal: got {len(primals)} primals and {len(tangents)} tangents")
    args = bind_call(original, bound, primals, numpy_code=not backends.backend(backend).any_arrays)
    signature = signature_of(original)
    if len(bound) + len(tangents) == len(signature.parameters) and binds_in_order(signature):
        return args, (None,) * len(bound) + tuple(tangents)
    given = signature.bind(*bound, *tangents).arguments     # (packed like the primals)
    packed = [given.get(name) if i >= len(bound) else None for i, name in enumerate(signature.parameters)]
    for i, (tangent, param) in enumerate(zip(packed, signature.parameters.values())):
        if param.kind is param.VAR_POSITIONAL and tangent is not None:   # f(x, *args): one tangent each
            packed[i] = None if all(t is None for t in tangent) else tuple(
                np.zeros_like(p, dtype=float) if t is None else t for t, p in zip(tangent, args[i]))
    return args, tuple(packed)


def _jvp_of_gradient(gradient: Gradient, primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
    """``(grad f(primals), its directional derivative along tangents)``: forward mode over the
    generated reverse-mode gradient."""
    if gradient.returns_value:
        raise TranspileError("jvp of value_and_grad is not supported",
                             hint="take jvp(f, ...) and jvp(transpiler.grad(f), ...) separately")
    key = None if gradient.bound else (tuple([t is None for t in tangents]), call_key(tuple(primals)))
    if key is not None and (warm := _WARM_GRADIENT_JVP.find(gradient, key)) is not None \
            and (result := warm(primals, tangents)) is not STALE:
        return result          # type: ignore[no-any-return]
    original = gradient.original
    refuse_recursive_calls(original)        # (as hessian does: the gradient calls its generator)
    given = tuple(tangents)
    args, tangents = _primals_and_tangents(original, gradient.bound, primals, tangents)
    wrt = tuple(i for i, t in enumerate(tangents) if t is not None)
    shapes = tuple(shape_of(a) for a in args)
    off, entries = gradient.rewrites_off, free_entries(original)
    inner = pipeline.compiled(original, GradientSpec(gradient.wrt, gradient.tuple_output, arg_shapes=shapes,
                                                     arg_kinds=kinds_of(args), rewrites_off=off,
                                                     arg_classes=classes_of(args), free=entries))
    shape = output_shape(original, shapes, kinds_of(args))
    seed = unit_seed(original, args, shapes, shape)
    # the kinds travel on: a complex argument's tangent is complex (without them forward mode took
    # z for real, and conj(z), abs(z) in the gradient got real rules: a wrong number)
    outer = pipeline.compiled(inner.function, TangentSpec(wrt, shapes + (np.shape(seed),), kinds_of(args) + (None,),
                                                          rewrites_off=off))
    filled = defaults_filled(original, len(primals))
    if key is not None and filled is not None and shape is not None \
            and runs_plainly((original, ()), original, gradient.bound, args):     # (the output's shape: the seed's)
        made = gradient_tangent_runner(original, filled, args, inner, entries, outer, seed, wrt, gradient.wrt,
                                       gradient.tuple_output)
        made = kept(_WARM_GRADIENT_JVP, (gradient, ()), key, made, original, args, filled)
        if made is not None and (result := made(primals, given)) is not STALE:
            return result          # type: ignore[no-any-return]
    with handing_back(args):
        value, tangent = call_with_numpy_floats(
            outer.function, (*args, seed, *[as_tangent(tangents[i], args[i]) for i in wrt]), inner.free_values(),
            original)
    like = [args[i] for i in gradient.wrt]
    many = gradient.tuple_output
    return in_structure_of(value, like, many), in_structure_of(tangent, like, many)


def vjp(f: Callable[..., Any], *primals: Any, rewrites: bool | dict[str, bool] = True,
        memory: int | None = None, has_aux: bool = False) -> tuple[Any, ...]:
    """``(f(*primals), pullback)``; ``pullback(cotangent)`` returns a tuple of adjoints, one per
    primal, each with its primal's structure. An array output's cotangent has its shape (a number
    stands for that number in every element, None for zeros; another shape is a ValueError).
    Parameters left out take their defaults.
    ``rewrites``, ``memory``: as for :func:`grad`. ``has_aux=True`` (as JAX's): ``f`` returns
    ``(out, aux)``; the result is ``(out, pullback, aux)``, the pullback taking ``out``'s cotangent,
    aux (any values) from the same call, not differentiated."""
    target = warm_target(f) if type(rewrites) is bool else None
    if target is not None:
        prefix = target[1]       # (a bound method's object, a partial's values: passed first, no adjoint)
        every = (*prefix, *primals) if prefix else primals
        key = (rewrites, memory, has_aux, len(prefix), call_key(every))
        if (warm := _WARM_VJP.find(target[0], key)) is not None and (result := warm(every)) is not STALE:
            return result          # type: ignore[no-any-return]
    original, bound = function_of(f)
    args = bind_call(original, bound, primals)
    given = len(signature_of(original).bind(*bound, *primals).arguments)   # (*args: one parameter)
    # a random generator among the primals is not differentiated: its adjoint is None
    wrt = tuple(i for i in range(len(bound), given) if not is_generator(args[i]))
    spec = GradientSpec(wrt, tuple_output=True, arg_shapes=tuple(shape_of(a) for a in args),
                        arg_kinds=kinds_of(args), rewrites_off=switched_off(rewrites), memory=memory_budget(memory),
                        arg_classes=classes_of(args), aux=has_aux)
    generated = pipeline.compiled(original, spec)
    filled = defaults_filled(original, len(bound) + len(primals))
    if target is not None and filled is not None and runs_plainly(target, original, bound, args):
        made = vjp_runner(original, args, filled, spec, generated, _strong(original, spec),
                          still_current(original, filled))
        made = kept(_WARM_VJP, target, key, made, original, args, filled)
        if made is not None and (result := made((*bound, *primals))) is not STALE:
            return result          # type: ignore[no-any-return]
    rewind = rewinder(args, generated.free_values().values(), global_stream=moves_random_streams(original, args))
    adjoints_of = _derivative_calls(original, spec, None, rewind)
    primals = tuple(snapshot(p) for p in primals)     # (as given: a list the function changes is handed back)
    args, out = _value_on_copies(original, args, wrt, rewind)
    if has_aux:
        out, aux = out_and_aux(original, out)
    constant = constant_output(original, wrt, args)
    refuse_integer_value(out, original, "vjp", of_out(constant) if has_aux else constant)

    def pullback(cotangent: Any) -> tuple[Any, ...]:
        cotangent = cotangent_for(cotangent, out)
        rewind()          # the sample `out` was computed on (random draws: api/streams.py)
        adjoints = adjoints_of(*args, cotangent)
        per_parameter = dict(zip(wrt, in_structure_of(adjoints, [args[i] for i in wrt], many=True)))
        given_parameters = range(len(bound), given)
        spread = spread_like(original, given_parameters, [per_parameter.get(i) for i in given_parameters])
        return tuple(None if a is None else in_dtype_of(a, p) for a, p in zip(spread, primals))

    return (out, pullback, aux) if has_aux else (out, pullback)


def jacobian(f: Callable[..., Any], wrt: Wrt = FIRST_PARAMETER, mode: str = "auto",
             rewrites: bool | dict[str, bool] = True, *,
             argnums: int | Sequence[int] | None = None, has_aux: bool = False) -> Callable[..., Any]:
    """``jacobian(f, wrt)(*args)``: the Jacobian of ``f`` with shape ``out.shape + arg.shape``.

    ``mode="forward"`` builds it a column per pass (cheap when inputs are few), ``"reverse"`` a
    row per pass (cheap when outputs are few); ``"auto"`` picks forward when the argument has
    fewer elements than the output. A tuple output gives a tuple of Jacobians (a list, dict or
    nesting of them, the same structure of Jacobians); a tuple ``wrt`` a tuple per output. With respect to a list, tuple or dict parameter, the Jacobian has the
    parameter's structure, with a block of shape ``out.shape + leaf.shape`` for each leaf.
    ``rewrites``, ``argnums``: as for :func:`grad`. ``has_aux=True`` (as JAX's ``jacfwd`` and
    ``jacrev``): ``f`` returns ``(out, aux)``; the result is ``(Jacobian of out, aux)``, aux (any
    values) computed by the same call of ``f``, not differentiated.
    """
    wrt = wrt_or_argnums(wrt, argnums, f)
    rewrites_off = switched_off(rewrites)
    if mode not in ("auto", "forward", "reverse"):
        raise ValueError(f"mode must be 'auto', 'forward' or 'reverse', not {mode!r}")
    if not has_aux and (as_hessian := _hessian_of_gradient(f, wrt, rewrites_off)) is not None:
        return as_hessian
    if not has_aux and (of_jacobian := jacobian_of_jacobian(f, wrt)) is not None:
        return of_jacobian
    original, bound = function_of(f)
    names = list(inspect.signature(original).parameters)[len(bound):]
    indices, many = normalize_wrt(wrt, names)
    target = warm_target(f)
    options = (mode, tuple(indices), many, rewrites_off, has_aux)

    def jac(*args: Any, **kwargs: Any) -> Any:
        if target is not None:
            given = (*target[1], *args) if target[1] else args      # (a method's object first)
            key = warm_key(options, target, given, kwargs)
            if (warm := _WARM_JACOBIAN.find(target[0], key)) is not None \
                    and (result := warm(given, kwargs) if kwargs else warm(given)) is not STALE:
                return result
        count = len(bound) + len(args)
        args = bind_call(original, bound, args, kwargs)
        # every pass on the same sample (random draws: api/streams.py)
        rewind = rewinder(args, global_stream=moves_random_streams(original, args))
        args, value = _value_on_copies(original, args, [k + len(bound) for k in indices], rewind)
        constant = constant_output(original, [k + len(bound) for k in indices], args)
        out, aux = out_and_aux(original, value) if has_aux else (value, None)
        refuse_integer_value(out, original, "jacobian", of_out(constant) if has_aux else constant)
        outs = _output_leaves(out)
        if target is not None and not many and (placed := keywords_placed(original, count, tuple(kwargs))) is not None \
                and runs_plainly(target, original, bound, args):
            i = indices[0] + len(bound)
            place, filled = placed
            made = _jacobian_runner(original, args, () if kwargs else filled, i, out, _forward(mode, args[i], outs),
                                    rewrites_off, has_aux)
            run = kept(_WARM_JACOBIAN, target, key, made, original, args, filled, place if kwargs else None)
            if run is not None and (result := run(given, kwargs) if kwargs else run(given)) is not STALE:
                return result
        per_arg = []
        for i in (k + len(bound) for k in indices):
            blocks = (_forward_columns if _forward(mode, args[i], outs) else _reverse_rows)(
                original, args, i, out, rewrites_off, rewind, has_aux)
            per_arg.append(blocks)
        per_out = [tuple(blocks[o] for blocks in per_arg) if many else per_arg[0][o] for o in range(len(outs))]
        jacobians = rebuild(out, per_out) if is_container(out) else per_out[0]
        return (jacobians, aux) if has_aux else jacobians

    if not (has_aux or many):
        setattr(jac, JACOBIAN_MARK, (f, indices[0], rewrites_off))       # (api/jacobian_of_jacobian.py)
    return jac


def _forward(mode: str, x: Any, outs: list[Any]) -> bool:
    """Does a Jacobian with respect to ``x`` of outputs ``outs`` take a column per forward pass?
    ``mode="auto"``: where ``x`` has fewer elements than the outputs."""
    return mode == "forward" or mode == "auto" and sum(np.size(leaf) for leaf in leaves(x)) < sum(map(np.size, outs))


def _jacobian_runner(original: Callable[..., Any], args: tuple[Any, ...], filled: tuple[Any, ...], i: int, out: Any,
                     forward: bool, rewrites_off: frozenset[str], aux: bool) -> Callable[..., Any] | None:
    """A warm runner (api/warm.py) of the Jacobian with respect to ``args[i]`` at arguments like
    ``args`` (``filled``: the defaults after those given), of an output like ``out`` (``aux``: the
    first of the pair ``(out, aux)`` the function returns)."""
    spec = _column_spec(original, args, i, rewrites_off) if forward else _row_spec(args, i, rewrites_off, aux)
    return jacobian_runner(original, args, filled, i, out, spec, pipeline.compiled(original, spec),
                           _strong(original, spec), aux)


def _hessian_of_gradient(f: Any, wrt: Wrt, rewrites_off: frozenset[str]) -> Callable[..., Any] | None:
    """``jacobian(grad(g))`` (JAX's ``jacfwd(grad(g))``) with respect to the parameter ``grad``
    differentiates: ``hessian(g)``, forward mode over the gradient. None for any other ``f``: a
    mixed block (another parameter), ``value_and_grad`` or ``has_aux`` stay refused as derivatives."""
    if not isinstance(f, Gradient) or f.returns_value or f.has_aux or f.tuple_output or f.backend != backends.DEFAULT:
        return None
    names = f.param_names
    indices, many = normalize_wrt(wrt, names)
    if many or indices[0] + len(f.bound) != f.wrt[0]:
        return None
    off = f.rewrites_off | rewrites_off
    return hessian(f.f, indices[0], rewrites={name: False for name in off} if off else True)


def _column_spec(original: Callable[..., Any], args: tuple[Any, ...], i: int,
                 rewrites_off: frozenset[str]) -> TangentSpec:
    """What a Jacobian's forward passes along ``args[i]`` compile: code for the arguments' and
    the free names' shapes (warm.py ``free_entries``)."""
    return TangentSpec((i,), tuple(shape_of(a) for a in args), kinds_of(args), free_entries(original),
                       rewrites_off=rewrites_off, arg_classes=classes_of(args), specialize=True,
                       containers=containers_of(args, skip=(i,)))


def _row_spec(args: tuple[Any, ...], i: int, rewrites_off: frozenset[str], aux: bool = False) -> GradientSpec:
    """What a Jacobian's reverse passes with respect to ``args[i]`` compile (``aux``: of a function
    returning ``(out, aux)``, ``out``'s)."""
    return GradientSpec((i,), tuple_output=False, arg_shapes=tuple(shape_of(a) for a in args), arg_kinds=kinds_of(args),
                        rewrites_off=rewrites_off, arg_classes=classes_of(args), aux=aux)


def _forward_columns(original: Callable[..., Any], args: tuple[Any, ...], i: int, out: Any,
                     rewrites_off: frozenset[str], rewind: Callable[[], Any], aux: bool = False) -> list[Any]:
    """One forward pass per element of ``args[i]``: Jacobian blocks, one per output. ``rewind()``
    puts the random streams back before each pass. ``aux``: ``original`` returns ``(out, aux)``,
    whose tangent is the pair's first."""
    spec = _column_spec(original, args, i, rewrites_off)
    rewind = _with_free_generators(rewind, pipeline.compiled(original, spec).free_values())
    tangent_of = _derivative_calls(original, spec, lambda result: result[1], rewind)
    x, outs = args[i], _output_leaves(out)
    columns: list[list[Any]] = [[] for _ in leaves(x)]      # per leaf of x: per element, the outputs' tangents
    for leaf, e in basis(x):
        rewind()
        tangent = tangent_of(*args, e)[1][0] if aux else tangent_of(*args, e)[1]
        columns[leaf].append(leaves_like(tangent, out) if is_container(out) else [tangent])
    return [rebuild(x, [block([c[o] for c in columns[j]], -1, np.shape(outs[o]) + np.shape(part), (outs[o], part))
                        for j, part in enumerate(leaves(x))]) for o in range(len(outs))]


def _reverse_rows(original: Callable[..., Any], args: tuple[Any, ...], i: int, out: Any,
                  rewrites_off: frozenset[str], rewind: Callable[[], Any], aux: bool = False) -> list[Any]:
    """One reverse pass per output element: Jacobian blocks, one per output (``aux``: of
    ``original``'s ``(out, aux)``, ``out``'s)."""
    spec = _row_spec(args, i, rewrites_off, aux)
    rewind = _with_free_generators(rewind, pipeline.compiled(original, spec).free_values())
    adjoints_of = _derivative_calls(original, spec, None, rewind)
    x, outs = args[i], _output_leaves(out)
    blocks = []
    for o, leaf in enumerate(outs):
        rows = []
        for _, e in basis(leaf):
            seed = rebuild(out, [e if k == o else np.zeros(np.shape(l)) if np.ndim(l) else 0.0
                                 for k, l in enumerate(outs)]) if is_container(out) else e
            rewind()
            rows.append(leaves_like(adjoints_of(*args, seed), x))
        blocks.append(rebuild(x, [block([r[j] for r in rows], 0, np.shape(leaf) + np.shape(part), (leaf, part))
                                  for j, part in enumerate(leaves(x))]))
    return blocks


def _value_on_copies(original: Callable[..., Any], args: tuple[Any, ...], differentiated: Sequence[int],
                     rewind: Callable[[], Any]) -> tuple[tuple[Any, ...], Any]:
    """(the arguments the passes read, ``original``'s value at ``args``), the Python function run
    on copies of the arguments; where it changes a list or dict passed (``log.append(v)``), the
    change is handed to the caller's object, as Python's call makes it, and the passes read the
    arguments as they were (written_back.py). Where Python's float arithmetic raised (``1.0 / x``
    at ``x = 0.0``), the value and the passes at NumPy numbers, as ``grad`` runs them
    (Gradient.with_numpy_floats): ``inf``, not a ZeroDivisionError."""
    return retried_at_numpy_floats(lambda given: _value_as_given(original, given), args, differentiated, rewind)


def _value_as_given(original: Callable[..., Any], args: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any]:
    indices = hands_back(original, args)
    if not indices:
        return args, call_on_copies(original, args)
    as_given = tuple(snapshot(a) for a in args)
    return as_given, call_handing_back(lambda copies: call_packed(original, copies), args, indices)


def _output_leaves(out: Any) -> list[Any]:
    """The arrays and numbers of an output, a container's (a tuple, list, dict, or nesting of them:
    the Jacobian has its structure) or the output itself."""
    return leaves(out) if is_container(out) else [out]


def _with_free_generators(rewind: Callable[[], Any], free: dict[str, Any]) -> Callable[[], Any]:
    """``rewind``, and the generators among the free values read (a global ``rs``) put back to
    where they stand now, at the first pass."""
    rewind_free = rewinder(free.values(), global_stream=False)
    return lambda: (rewind(), rewind_free())
