"""Second derivatives: ``hessian``, ``hvp`` and ``grad(grad(f))``, all forward mode over the
generated reverse-mode gradient (the transform applied to its own output)."""
from __future__ import annotations

import functools
import inspect
from dataclasses import replace
from typing import Any, Callable

import numpy as np

from .. import ir
from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec
from ..frontend.parameter_classes import classes_of
from ..driver import pipeline
from ..errors import NonDifferentiableError, OutputShapeError
from ..rewrites import switched_off
from ..trees import basis, is_container, leaves, leaves_like, rebuild
from .arguments import (FIRST_PARAMETER, Derivative, Wrt, as_tangent, bind_call, call_on_copies, function_of,
                        normalize_wrt, output_shape, wrt_or_argnums)
from .gradient import Gradient
from .auxiliary import hessian_with_aux, hvp_call_runner, loss_and_aux
from .numbers import call_with_numpy_floats, in_dtype_of, kind_of, kinds_of, shape_of
from .outputs import may_return_none, refuse_integer_output, refuse_integer_value, without_derivative
from .results import block, entry_dtype, in_structure_of
from .streams import rewinder
from .strong_zeros import has_nan, may_meet_infinite_partials, moves_random_streams, with_fallback
from .written_back import handing_back
from .warm import STALE, WarmRunners, free_entries, kept, keywords_placed, runs_plainly, warm_key, warm_target, weak
from .warm_runners import blocks_runner, forward_hessian_runner, gradient_jvp_runner, hessian_runner, hvp_runner

_WARM_HVP, _WARM_HESSIAN = WarmRunners(), WarmRunners()      # (api/warm.py)
ASK = object()        # (the output's shape not asked yet: unit_seed asks)


def hvp(f: Callable[..., Any], x: Any, v: Any, /, *args: Any, rewrites: bool | dict[str, bool] = True,
        has_aux: bool = False, **kwargs: Any) -> Any:
    """Hessian-vector product ``H(x) @ v`` of scalar ``f(x, *args, **kwargs)``: forward mode over
    the generated reverse-mode gradient (no Hessian is formed). ``v`` has the structure of ``x``.
    ``f``, ``x`` and ``v`` are positional-only, so ``f``'s keywords may be named ``x`` or ``v``
    (``hvp(loss, w, v, x=X)``); ``rewrites`` and ``has_aux`` are hvp's own.
    ``rewrites``: as for :func:`transpiler.grad`. ``has_aux=True``: ``f`` returns ``(loss, aux)``;
    the result is ``(H @ v, aux)`` (JAX's ``jvp(grad(f, has_aux=True), (x,), (v,), has_aux=True)``
    gives the aux so), aux not differentiated, from one more Python call of ``f`` per call (its
    side effects happen once more: api/auxiliary.py)."""
    target = warm_target(f) if type(rewrites) is bool else None
    if target is not None:
        prefix = target[1]        # (a bound method's object, a partial's values: passed first)
        key = warm_key((rewrites, has_aux), target, (*prefix, x, *args), kwargs)
        if (warm := _WARM_HVP.find(target[0], key)) is not None \
                and (result := warm(prefix, x, v, args, kwargs)) is not STALE:
            return result
    original, bound = function_of(f)
    given = (x, *args)
    args = bind_call(original, bound, given, kwargs)
    index = len(bound)
    loss_shape, aux = loss_and_aux(original, args, (index,)) if has_aux else (None, None)
    made = None if target is None else _along_runner(target, original, bound, len(bound) + len(given),
                                                     tuple(kwargs), args, index, index, switched_off(rewrites),
                                                     loss_shape)
    if made is not None and target is not None:
        along, (place, filled) = made
        product_of = hvp_runner(along, () if kwargs else filled, x)
        run = kept(_WARM_HVP, target, key, hvp_call_runner(product_of, place if kwargs else None, original, loss_shape),
                   original, args, filled)
        if run is not None and (result := run(bound, x, v, given[1:], kwargs, aux)) is not STALE:
            return result
    with handing_back(args):        # (log.append(v) on a list passed: written_back.py)
        along = gradient_jvp(original, args, index, index, switched_off(rewrites), loss_shape)
        # float32 in, float32 out, as grad's (a Python float default met on the way promotes)
        product = in_dtype_of(in_structure_of(along(v), [x], many=False), x)
        return (product, aux) if has_aux else product


def hessian(f: Callable[..., Any], wrt: Wrt = FIRST_PARAMETER, rewrites: bool | dict[str, bool] = True,
            mode: str = "reverse", *, argnums: int | tuple[int, ...] | None = None,
            has_aux: bool = False) -> Callable[..., Any]:
    """``hessian(f, wrt)(*args)``: second derivatives of scalar ``f``, shape ``x.shape * 2``;
    a column per forward pass over the generated gradient. With respect to a list, tuple or dict
    parameter ``x`` it is nested in ``x``'s structure twice: ``H[i][j]`` (keys for a dict) is
    d²f/dx[i]dx[j], of shape ``x[i].shape + x[j].shape`` (the layout of ``jax.hessian``). With
    respect to a tuple of parameters ``(a, b)`` it is the tuple of blocks ``((H_aa, H_ab), (H_ba,
    H_bb))``, ``H_ab`` = d²f/da db of shape ``a.shape + b.shape`` (``jax.hessian(f, argnums=(0, 1))``).
    ``rewrites``: as for :func:`transpiler.grad`. ``mode="forward"``: forward over forward mode
    instead (``jacfwd(jacfwd(f))``), no gradient code: an entry per pass, for an ``x`` of few
    elements (nested like the reverse mode's for a container). ``argnums``: JAX's name for ``wrt`` (a position).
    ``has_aux=True`` (as JAX's): ``f`` returns ``(loss, aux)``; the result is ``(Hessian of loss,
    aux)``, aux not differentiated (mode="reverse"), from one more Python call of ``f`` per call
    (its side effects happen once more: api/auxiliary.py)."""
    chosen = wrt_or_argnums(wrt, argnums, f)
    if mode not in ("reverse", "forward"):
        raise ValueError(f"mode must be 'reverse' or 'forward', not {mode!r}")
    rewrites_off = switched_off(rewrites)
    original, bound = function_of(f)
    indices, blocks = normalize_wrt(chosen, list(inspect.signature(original).parameters)[len(bound):])
    indices = tuple(i + len(bound) for i in indices)
    if has_aux and mode == "forward":
        raise ValueError("hessian(f, mode='forward', has_aux=True) is not supported: use mode='reverse' (the "
                         "default) for the Hessian of the loss and its aux")
    if blocks and mode == "forward":
        raise ValueError("hessian(f, mode='forward') takes one parameter; for the blocks of a tuple of parameters "
                         "use mode='reverse' (the default)")

    target = warm_target(f)
    options = (mode, indices, blocks, rewrites_off, has_aux)

    def hess(*args: Any, **kwargs: Any) -> Any:
        if target is not None:
            given = (*target[1], *args) if target[1] else args      # (a method's object first)
            key = warm_key(options, target, given, kwargs)
            if (warm := _WARM_HESSIAN.find(target[0], key)) is not None \
                    and (result := warm(given, kwargs) if kwargs else warm(given)) is not STALE:
                return result
        count = len(bound) + len(args)
        args = bind_call(original, bound, args, kwargs)
        loss_shape, aux = loss_and_aux(original, args, indices) if has_aux else (None, None)
        if target is not None and mode == "reverse" and all(_unit_directions(args[i]) for i in indices):
            for i in indices:
                refuse_complex_hessian(kinds_of(args)[i])
            pairs = [(i, j) for i in indices for j in indices]       # (the blocks', rows first)
            made = [_along_runner(target, original, bound, count, tuple(kwargs), args, i, j, rewrites_off, loss_shape)
                    for i, j in pairs]
            alongs = [m for m in made if m is not None]
            if len(alongs) == len(pairs):
                place, filled = alongs[0][1]
                runs = [hessian_runner(along, () if kwargs else filled, args, i, j)
                        for (along, _), (i, j) in zip(alongs, pairs)]
                matrix_of = blocks_runner(runs, len(indices)) if blocks else runs[0]
                run = kept(_WARM_HESSIAN, target, key,
                           hessian_with_aux(matrix_of, original, loss_shape) if has_aux else matrix_of,
                           original, args, filled, place if kwargs else None)
                if run is not None and has_aux:     # (this call's aux taken: the matrix alone)
                    first = matrix_of(place(given, kwargs) if kwargs else given)
                    if first is not STALE:
                        return first, aux
                elif run is not None and (result := run(given, kwargs) if kwargs else run(given)) is not STALE:
                    return result
        if target is not None and mode == "forward" and _unit_directions(args[indices[0]]) \
                and (placed := keywords_placed(original, count, tuple(kwargs))) is not None \
                and runs_plainly(target, original, bound, args) \
                and (shape := output_shape(original, tuple(map(shape_of, args)), kinds_of(args))) is not None:
            spec = forward_hessian_spec(original, args, indices[0], rewrites_off, shape)
            place, filled = placed
            run = forward_hessian_runner(original, () if kwargs else filled, args, indices[0], spec,
                                         pipeline.compiled(original, spec))
            run = kept(_WARM_HESSIAN, target, key, run, original, args, filled, place if kwargs else None)
            if run is not None and (result := run(given, kwargs) if kwargs else run(given)) is not STALE:
                return result
        with handing_back(args):    # once, after every column (log.append(v) on a list passed: written_back.py)
            if mode == "forward":
                return forward_hessian(original, args, indices[0], rewrites_off)
            if blocks:
                matrix: Any = tuple(tuple(hessian_block(original, args, i, j, rewrites_off, loss_shape)
                                          for j in indices) for i in indices)
            else:
                matrix = hessian_block(original, args, indices[0], indices[0], rewrites_off, loss_shape)
            return (matrix, aux) if has_aux else matrix

    # (transforms of it refuse a third derivative: api/arguments.py)
    hess.__transpiler_order__ = 2      # type: ignore[attr-defined]
    hess.__transpiler_spelling__ = f"hessian({original.__name__})"     # type: ignore[attr-defined]
    return hess


def _unit_directions(x: Any) -> bool:
    """Has ``x`` a unit direction (a Hessian's column), unless it is a container (no runner for it:
    warm.runs_plainly)? An empty array has none: its Hessian is the general path's zeros."""
    return type(x) is not np.ndarray or x.size > 0


def _along_runner(target: tuple[Any, tuple[Any, ...]], original: Callable[..., Any], bound: tuple[Any, ...],
                  count: int, names: tuple[str, ...], args: tuple[Any, ...], inner: int, index: int,
                  rewrites_off: frozenset[str], loss_shape: Any = None) -> tuple[Callable[..., Any], Any] | None:
    """(a warm runner of the derivatives of the gradient with respect to ``args[inner]`` along
    directions of ``args[index]``,
    ``(args, directions, assemble) ->`` them assembled: warm_runners.gradient_jvp_runner; how a
    call giving ``count`` positional values and the keywords ``names`` places them:
    warm.keywords_placed) for calls of ``target`` (warm.warm_target) like this one; None where
    none stands for them: where the general path's checks depend on the values (an output no
    derivative reaches, or whose shape the compiler cannot tell). ``loss_shape``: as for
    :func:`gradient_tangent_spec` (has_aux)."""
    placed = keywords_placed(original, count, names)
    if placed is None or not runs_plainly(target, original, bound, args):
        return None
    shapes, kinds, classes = tuple(shape_of(a) for a in args), kinds_of(args), classes_of(args)
    if loss_shape is None and without_derivative(original, (inner,), shapes, kinds, (), classes):
        return None
    shape = output_shape(original, shapes, kinds) if loss_shape is None else loss_shape
    if shape is None:
        return None
    gradient, spec, seed = gradient_tangent_spec(original, args, inner, index, rewrites_off, shape=shape,
                                                 loss_shape=loss_shape)
    along = gradient_jvp_runner(original, gradient, free_entries(original), spec,   # (the entries it compiled for)
                                pipeline.compiled(gradient.function, spec), seed,
                                _strong_along(original, inner, index, rewrites_off, loss_shape))
    return None if along is None else (along, placed)


def _strong_along(original: Callable[..., Any], inner: int, index: int,
                  rewrites_off: frozenset[str], loss_shape: Any = None) -> Callable[..., Any]:
    """``(*args, seed, direction) ->`` the result of the strong-zero codes' (api/strong_zeros.py)
    derivative of the gradient along ``direction``, compiled on its first call; ``original`` held
    weakly (warm.py)."""
    function = weak(original)
    made: list[tuple[pipeline.Generated, pipeline.Generated]] = []

    def along(*passed: Any) -> Any:
        args, seed, direction = passed[:-2], passed[-2], passed[-1]
        if not made:
            gradient, spec, _ = gradient_tangent_spec(function(), args, inner, index, rewrites_off, True,
                                                      loss_shape=loss_shape)
            made.append((gradient, pipeline.compiled(gradient.function, spec)))
        gradient, outer = made[0]
        return call_with_numpy_floats(outer.function, (*args, seed, as_tangent(direction, args[index])),
                                      gradient.free_values(), function())
    return along


def hessian_block(original: Callable[..., Any], args: tuple[Any, ...], inner: int, index: int,
                  rewrites_off: frozenset[str] = frozenset(), loss_shape: Any = None) -> Any:
    """d²f / d args[inner] d args[index] at ``args``: the tangents of the gradient with respect
    to ``args[inner]`` along each unit direction of ``args[index]``, of shape ``args[inner].shape +
    args[index].shape`` (nested in each one's structure for a container, rows first).
    ``loss_shape``: as for :func:`gradient_tangent_spec`."""
    rows, x = args[inner], args[index]
    refuse_complex_hessian(kinds_of(args)[inner])
    refuse_complex_hessian(kinds_of(args)[index])
    row_parts, parts = leaves(rows), leaves(x)
    along = gradient_jvp(original, args, inner, index, rewrites_off, loss_shape)
    columns: list[list[Any]] = [[] for _ in parts]     # per leaf of x: per element, the gradient's tangent
    for leaf, e in basis(x):
        columns[leaf].append(leaves_like(along(e), rows))
    return rebuild(rows, [rebuild(x, [block([c[r] for c in columns[j]], -1, np.shape(row) + np.shape(part),
                                            (row, part))
                                      for j, part in enumerate(parts)]) for r, row in enumerate(row_parts)])


def refuse_complex_hessian(kind: Any) -> None:
    """The derivative of a real function's gradient with respect to a complex ``z`` is linear
    over the reals only (it takes ``v`` and ``1j * v`` to unrelated values): no complex matrix
    holds it. ``hvp`` gives it along a direction."""
    if str(kind)[:1] == "c":
        raise NonDifferentiableError(
            "hessian with respect to a complex argument is not supported: the derivative of the gradient "
            "is linear over the reals only, which no complex matrix holds",
            hint="use transpiler.hvp(f, z, v) (the gradient's derivative along v), or differentiate with "
                 "respect to the real and imaginary parts as two real arrays")


def forward_hessian(original: Callable[..., Any], args: tuple[Any, ...], index: int,
                    rewrites_off: frozenset[str] = frozenset()) -> Any:
    """``hessian(f, mode="forward")`` at ``args``: entry (i, j) is ``e_i·f''·e_j``, from one
    call of the forward-over-forward code (ad/forward.py ``forward_over_forward``, both
    transforms on the IR) per pair i <= j: the matrix is symmetric. Where its entries are NaN
    and the arguments are not, the reverse mode's Hessian (eigenvalues that repeat: docs/modes.md)."""
    x = args[index]
    rewind = rewinder(args, global_stream=moves_random_streams(original, args))   # (before unit_seed: it may run f)
    spec = forward_hessian_spec(original, args, index, rewrites_off)
    entries = _forward_entries(original, args, index, spec, rewind)
    if has_nan(entries) and not has_nan(args) and may_meet_infinite_partials(original):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):    # (api/strong_zeros.py)
            entries = _forward_entries(original, args, index, replace(spec, strong_zeros=True), rewind)
    if has_nan(entries) and not has_nan(args):
        # a limit forward over forward cannot take: the sum of eigenvalues that repeat, each one's
        # second derivative infinite (primitives/decomposition_tangents.py); the reverse mode
        # differentiates the gradient, which holds the sum (NaN still where it has no limit)
        rewind()
        return hessian_block(original, args, index, index, rewrites_off)
    if is_container(x):
        return _nested_blocks(entries, x)
    return entries.reshape(np.shape(x) * 2) if np.ndim(x) else float(entries[0, 0])


def forward_hessian_spec(original: Callable[..., Any], args: tuple[Any, ...], index: int,
                         rewrites_off: frozenset[str], shape: Any = ASK) -> TangentSpec:
    """What ``hessian(f, mode="forward")`` compiles for ``args``, once the argument is known real
    and the output a scalar (else a NonDifferentiableError, an OutputShapeError; ``shape``: the
    output's, where the caller has asked ``output_shape`` already: unit_seed)."""
    shapes, kinds = tuple(shape_of(a) for a in args), kinds_of(args)
    refuse_complex_hessian(kinds[index])
    unit_seed(original, args, shapes, shape)
    return TangentSpec((index,), shapes, kinds, free_entries(original), rewrites_off=rewrites_off, order=2,
                       arg_classes=classes_of(args))     # (a function or an object passed: inlined)


def _nested_blocks(entries: np.ndarray, x: Any) -> Any:
    """The Hessian ``entries`` (over the elements of ``x``'s leaves, in order) nested in ``x``'s
    structure twice, as mode="reverse" gives it: block (r, j) shaped ``x[r].shape + x[j].shape``."""
    parts = leaves(x)
    ends = np.cumsum([int(np.size(p)) for p in parts])
    starts = ends - [int(np.size(p)) for p in parts]

    def block_of(r: int, j: int) -> Any:
        piece = entries[starts[r]:ends[r], starts[j]:ends[j]].reshape(np.shape(parts[r]) + np.shape(parts[j]))
        return piece if piece.ndim else float(piece)
    return rebuild(x, [rebuild(x, [block_of(r, j) for j in range(len(parts))]) for r in range(len(parts))])


def _forward_entries(original: Callable[..., Any], args: tuple[Any, ...], index: int, spec: TangentSpec,
                     rewind: Callable[[], None]) -> np.ndarray:
    """The Hessian's entries (i, j), i <= j, from the forward-over-forward code for ``spec``."""
    generated = pipeline.compiled(original, spec)
    free = generated.free_values()
    rewind_free = rewinder(free.values(), global_stream=False)
    directions = [as_tangent(e, args[index]) for _, e in basis(args[index])]
    # float32 in, float32 out, as the reverse mode's blocks (results.py ``block``)
    entries = np.empty((len(directions), len(directions)), dtype=entry_dtype(*leaves(args[index])))
    for i, u in enumerate(directions):
        for j in range(i, len(directions)):
            rewind()
            rewind_free()
            (_, _), (_, second) = call_with_numpy_floats(generated.function, (*args, u, directions[j]), free,
                                                           original)
            entries[i, j] = entries[j, i] = np.ravel(second)[0]
    return entries


def gradient_jvp(original: Callable[..., Any], args: tuple[Any, ...], inner: int, index: int,
                 rewrites_off: frozenset[str] = frozenset(), loss_shape: Any = None) -> Callable[[Any], Any]:
    """``direction -> d/dε grad_inner f(args with args[index] + ε direction)``: JVPs of the
    generated gradient, compiled and checked once for the many directions of a Hessian. ``args``
    are every argument (a bound method's ``self`` and defaults included). Every direction sees
    the same random draws, those of one call of the function (api/streams.py). A direction whose
    result comes out NaN is taken again with strong zeros (api/strong_zeros.py). ``loss_shape``:
    as for :func:`gradient_tangent_spec`."""
    along = _gradient_jvp(original, args, inner, index, rewrites_off, loss_shape=loss_shape)
    if has_nan(args):
        return along
    # (``along`` is given a direction, not the function's arguments: its value is at ``args``,
    # once; the default, ``original`` called on a runner's leading arguments, called it on the
    # direction alone, a TypeError wherever a direction came out NaN: fuzz nan-masks seed 2049)
    value = functools.lru_cache(maxsize=1)(lambda: call_on_copies(original, args))
    return with_fallback(original, along,
                         lambda: _gradient_jvp(original, args, inner, index, rewrites_off, True, loss_shape), None,
                         value_of=lambda _direction: value())


def _gradient_jvp(original: Callable[..., Any], args: tuple[Any, ...], inner: int, index: int,
                  rewrites_off: frozenset[str], strong_zeros: bool = False,
                  loss_shape: Any = None) -> Callable[[Any], Any]:
    rewind = rewinder(args, global_stream=moves_random_streams(original, args))
    gradient, spec, seed = gradient_tangent_spec(original, args, inner, index, rewrites_off, strong_zeros,
                                                 loss_shape=loss_shape)
    outer = pipeline.compiled(gradient.function, spec)
    free = gradient.free_values()
    rewind_free = rewinder(free.values(), global_stream=False)

    def along(direction: Any) -> Any:
        rewind()
        rewind_free()
        return call_with_numpy_floats(outer.function, (*args, seed, as_tangent(direction, args[index])), free,
                                      original)[1]
    return along


def gradient_tangent_spec(original: Callable[..., Any], args: tuple[Any, ...], inner: int, index: int,
                          rewrites_off: frozenset[str] = frozenset(), strong_zeros: bool = False,
                          shape: Any = ASK, loss_shape: Any = None) -> tuple[pipeline.Generated, TangentSpec, Any]:
    """(the generated gradient with respect to ``args[inner]``, the spec of its forward-mode
    derivative along ``args[index]``, the output's adjoint it is called with): what second
    derivatives at ``args`` compile; with ``strong_zeros``, both transforms' (api/strong_zeros.py).
    ``shape``: the output's, where the caller has asked ``output_shape`` already. ``loss_shape``:
    where ``original`` returns ``(loss, aux)`` (has_aux), the loss's shape (:func:`loss_and_aux`),
    the loss alone differentiated; None where it returns the loss."""
    shapes = tuple(shape_of(a) for a in args)
    refuse_recursive_calls(original)
    kinds = kinds_of(args)
    aux = loss_shape is not None
    if not aux:       # (with aux: the loss as computed is checked, loss_and_aux)
        refuse_integer_output(original, shapes, kinds, (), "a second derivative", classes_of(args))   # (outputs.py)
        if without_derivative(original, (inner,), shapes, kinds, (), classes_of(args)):
            refuse_integer_value(call_on_copies(original, args), original, "a second derivative",
                                 lambda position=None: True)
    gradient = pipeline.compiled(original, GradientSpec((inner,), tuple_output=False, arg_shapes=shapes,
                                                        arg_kinds=kinds, rewrites_off=rewrites_off,
                                                        arg_classes=classes_of(args), strong_zeros=strong_zeros,
                                                        free=free_entries(original), aux=aux))
    seed = seed_of_shape(original, loss_shape) if aux else unit_seed(original, args, shapes, shape)
    return gradient, TangentSpec((index,), shapes + (np.shape(seed),), kinds + (None,), rewrites_off=rewrites_off,
                                 strong_zeros=strong_zeros, specialize=True), seed


def unit_seed(original: Callable[..., Any], args: tuple[Any, ...], shapes: tuple[Any, ...], shape: Any = ASK) -> Any:
    """The output's adjoint for second derivatives of scalar ``original``: 1.0, or ones for an
    output of one element in an array; an output of more elements is an error (never the
    derivatives of its sum). A function that returns None on some path is run once to see whether
    it does at ``args``: refused there as by every transform (api/outputs.py). ``shape``: the
    output's as ``output_shape`` gives it, where the caller has asked already."""
    if may_return_none(pipeline.lowered(original, classes_of(args))):      # (grad sees it in the value it
        refuse_integer_value(call_on_copies(original, args), original, "a second derivative",   # returns; the
                             lambda position=None: True)                                     # tangents do not)
    if shape is ASK:
        shape = output_shape(original, shapes, tuple(kind_of(a) for a in args))
    if shape is None:
        shape = np.shape(call_on_copies(original, args))       # (the compiler cannot tell: run it)
    return seed_of_shape(original, shape)


def seed_of_shape(original: Callable[..., Any], shape: tuple[int, ...]) -> Any:
    """The adjoint of an output of ``shape`` for second derivatives: 1.0, ones for one element in
    an array; an OutputShapeError for more elements."""
    if int(np.prod(shape, dtype=int)) != 1:
        raise OutputShapeError(
            f"{original.__name__} returns a value of shape {shape}; second derivatives need a scalar output",
            hint="reduce the output (e.g. np.sum), or take the Jacobian of a Jacobian: "
                 f"transpiler.jacobian(transpiler.jacobian({original.__name__}))")
    return np.ones(shape) if shape else 1.0


def refuse_recursive_calls(original: Callable[..., Any]) -> None:
    """Second derivatives are forward mode over the generated gradient, and a recursive call's
    gradient is a generator that the transform does not differentiate again: refuse, at the call."""
    for stmt in ir.walk(pipeline.lowered(original).body):
        if isinstance(stmt, ir.Assign) and stmt.prim.recursive is not None:
            raise NonDifferentiableError(
                f"second derivatives through the recursive call of `{stmt.prim.name}` are not supported",
                stmt.location, hint="write the recursion as a loop, or use transpiler.jvp (first derivatives "
                                    "of a recursive function work in both modes)")


class SecondDerivative(Derivative):
    """``grad(grad(f, wrt=i), wrt=j)``: forward mode over the generated gradient of ``f`` (the
    transform applied to its own output), one pass per element of argument ``j``."""

    __transpiler_order__ = 2

    def __init__(self, gradient: Gradient, wrt: Wrt):
        if gradient.tuple_output or gradient.returns_value:
            raise ValueError("grad of a gradient needs the inner grad to have a single wrt and no value")
        self.gradient = gradient
        self.wrt, self.tuple_output = normalize_wrt(wrt, gradient.param_names)
        functools.update_wrapper(self, gradient.original)
        self.__transpiler_spelling__ = f"grad(grad({gradient.original.__name__}))"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        gradient = self.gradient
        args = gradient.bind(gradient.bound + tuple(args), kwargs)
        (inner,) = gradient.wrt
        if is_container(args[inner]) or np.ndim(args[inner]) != 0:
            name, parameter = gradient.original.__name__, list(gradient.signature.parameters)[inner]
            raise OutputShapeError(
                f"grad(grad({name})): the inner gradient, with respect to `{parameter}` (a "
                f"{type(args[inner]).__name__}), is not a number, so grad cannot differentiate it",
                hint=f"use transpiler.hessian({name}) for all second derivatives with respect to `{parameter}`, "
                     f"or transpiler.hvp({name}, x, v) for one Hessian-vector product")
        with handing_back(args):
            return self._at(args, inner)

    def _at(self, args: tuple[Any, ...], inner: int) -> Any:
        gradient = self.gradient
        offset = len(gradient.bound)
        results = []
        for j in (k + offset for k in self.wrt):
            x = args[j]
            along = gradient_jvp(gradient.original, args, inner, j, gradient.rewrites_off)
            parts: list[list[Any]] = [[] for _ in leaves(x)]
            for leaf, e in basis(x):
                parts[leaf].append(along(e))
            results.append(rebuild(x, [block(p, 0, np.shape(part), (args[inner], part))
                                       for p, part in zip(parts, leaves(x))]))
        return tuple(results) if self.tuple_output else results[0]
