"""The runners of warm calls (api/warm.py) of ``jvp``, ``vjp``, ``jacobian``, ``hessian`` and
``hvp``: each does what the transform's general path does for the call that made it, less what
that call settled once for every call of its key (binding, spec, compiled code, the checks of the
function's facts)."""
from __future__ import annotations

import operator
from typing import Any, Callable, Sequence

import numpy as np

from ..ad.forward import TangentSpec
from ..ad.reverse import GradientSpec
from ..driver.pipeline import Generated
from ..errors import RunTimeRefusal
from ..trees import basis
from .arguments import as_tangent, cotangent_for
from .fast_path import FLOAT_NUMBERS, PLAIN
from .numbers import PYTHON_FLOAT_ERRORS, call_with_numpy_floats, in_dtype_of
from .outputs import is_pair, of_out, refuse_integer_value, without_derivative
from .results import entry_dtype, in_structure_of
from .strong_zeros import has_nan, with_fallback
from .warm import STALE, Stale, checked_call, free_check, weak

_ndarray = np.ndarray
_NUMBERS = (float, np.float64)      # (outputs whose cotangent a Python float is, as given)
_float64 = np.dtype(np.float64)


def float_output(value: Any) -> bool:
    """A float number, or an array of floats: an output no integer check applies to."""
    return type(value) in FLOAT_NUMBERS or type(value) is _ndarray and value.dtype.kind == "f"


def as_wide_as(gradient: Any, value: Any) -> Any:
    """``numbers.in_dtype_of(gradient, value)``, without its checks where ``value`` is a float64
    number or array (nothing to convert)."""
    if type(value) is float or type(value) is _ndarray and value.dtype == _float64:
        return gradient
    return in_dtype_of(gradient, value)


def stacked(parts: list[Any], columns: bool, shape: tuple[int, ...], dtype: np.dtype[Any]) -> Any:
    """``results.block(parts, -1 if columns else 0, shape, ...)`` for its ``dtype`` (the entries'),
    with ``parts`` of one shape: one ``np.array`` of them (``np.stack`` checks and converts each
    part on every call). No parts (the Hessian for an empty argument): zeros of ``shape``."""
    if not parts:
        return np.zeros(shape, dtype)
    values = np.array(parts, dtype=dtype)
    if columns:      # (copied into C order, as np.stack lays it out)
        values = (values if values.ndim == 2 else values.reshape(len(parts), -1)).T.copy()
    if shape == ():
        return float(values.reshape(()))
    return values if values.shape == shape else values.reshape(shape)


def nan_in(value: Any) -> bool:
    """``strong_zeros.has_nan(value)``, for a float array assembled here without its checks of
    other types: the sum of its squares is NaN exactly where an element is."""
    if type(value) is _ndarray and value.dtype.kind == "f":
        flat = value.reshape(-1)
        square = flat.dot(flat)
        return bool(square != square)
    return has_nan(value)


def constant_of(original: Callable[..., Any], spec: GradientSpec | TangentSpec,
                wrt: Sequence[int]) -> Callable[..., bool]:
    """``outputs.constant_output``'s question for calls of ``spec``, asked of ``original`` held
    weakly: does no derivative reach the output (or its element at ``position``)?"""
    function = weak(original)
    return lambda position=None: without_derivative(function(), wrt, spec.arg_shapes, spec.arg_kinds, (),
                                                     spec.arg_classes, position)


def code_calls(original: Callable[..., Any], spec: GradientSpec | TangentSpec, generated: Generated,
               strong: Callable[[], Callable[..., Any]],
               derivative_of: Callable[[Any], Any] | None) -> Callable[..., Any] | None:
    """Calls of ``generated`` (the code for ``spec``) reading its free names checked (raising
    :class:`warm.Stale` where one is not as compiled for), falling back on the strong-zero code
    ``strong()`` makes where the derivative (``derivative_of(result)``) has a NaN; None where the
    free names cannot be checked so."""
    free = free_check(generated, spec.free)
    if free is None:
        return None
    return with_fallback(original, checked_call(generated.function, free, original), strong, derivative_of,
                         backend=spec.backend)


def tangents_of(args: tuple[Any, ...], wrt: Sequence[int]) -> Callable[[tuple[Any, ...], Sequence[Any]], list[Any]]:
    """``(args, tangents) ->`` the tangents of ``args[i]`` for ``i`` in ``wrt`` as the code takes
    them (``arguments.as_tangent``'s), for calls with arguments like ``args``: checked and converted
    only where not already an array of the argument's shape and tangent dtype (or a float's float)."""
    dtypes = [(i, np.result_type(args[i], 1.0)) for i in wrt]      # (as_tangent's, per argument)

    def moving(args: tuple[Any, ...], tangents: Sequence[Any]) -> list[Any]:
        found = []
        for i, dtype in dtypes:
            t, a = tangents[i], args[i]
            if type(t) is _ndarray and type(a) is _ndarray and t.dtype == dtype and t.shape == a.shape \
                    or type(t) is float and type(a) is float:
                found.append(t)           # (as_tangent's answer, without its checks)
            else:
                found.append(as_tangent(t, a))
        return found
    return moving


def gradient_tangent_runner(original: Callable[..., Any], filled: tuple[Any, ...], args: tuple[Any, ...],
                            inner: Generated, entries: tuple[Any, ...], outer: Generated, seed: Any,
                            wrt: tuple[int, ...], gradient_wrt: tuple[int, ...],
                            many: bool) -> Callable[..., Any] | None:
    """``(primals, tangents) -> (gradient, its tangent)`` for calls of ``jvp(grad(original), ...)``
    like the one with ``args`` (``filled``: the defaults after the primals): ``outer``, the
    forward-mode code of the gradient's code ``inner`` (compiled for the free names' ``entries``),
    run as ``transforms._jvp_of_gradient`` runs it; :data:`warm.STALE` where a free name changed.
    None where the free names cannot be checked (warm.py)."""
    free = free_check(inner, entries)
    if free is None or not all(differentiated(args[i]) for i in wrt):
        return None
    call = checked_call(outer.function, free, original)
    moving = tangents_of(args, wrt)

    def run(primals: Sequence[Any], tangents: Sequence[Any]) -> Any:
        args = (*primals, *filled) if filled else tuple(primals)
        try:
            value, tangent = call(*args, seed, *moving(args, tangents))
        except Stale:
            return STALE
        like = [args[i] for i in gradient_wrt]
        return in_structure_of(value, like, many), in_structure_of(tangent, like, many)
    return run


def jvp_runner(original: Callable[..., Any], args: tuple[Any, ...], filled: tuple[Any, ...], spec: TangentSpec,
               generated: Generated, strong: Callable[[], Callable[..., Any]],
               aux: bool = False) -> Callable[..., Any] | None:
    """``(primals, tangents) -> (value, tangent)`` for calls of ``jvp(original, ...)`` like the one
    with ``args`` that ``spec`` is for (``filled``: the defaults after the primals); with ``aux``,
    of ``original`` returning ``(out, aux)``, ``(out, tangent of out, aux)``;
    :data:`warm.STALE` where a free name changed."""
    out_of = operator.itemgetter(0) if aux else (lambda value: value)
    calls = code_calls(original, spec, generated, strong,
                       lambda result: None if has_nan(out_of(result[0])) else out_of(result[1]))
    if calls is None:
        return None
    if not all(differentiated(args[i]) for i in spec.wrt):      # (a container given a tangent)
        return None
    function, constant = weak(original), constant_of(original, spec, spec.wrt)
    moving = tangents_of(args, spec.wrt)

    def run(primals: Sequence[Any], tangents: Sequence[Any]) -> Any:
        args = (*primals, *filled) if filled else tuple(primals)
        try:
            value, tangent = calls(*args, *moving(args, tangents))
        except Stale:
            return STALE
        if aux:
            if not is_pair(value):
                return STALE         # (the general path's OutputShapeError)
            (value, aux_value), tangent = value, tangent[0]
        if not float_output(value):
            refuse_integer_value(value, function(), "jvp", of_out(constant) if aux else constant)
        return (value, as_wide_as(tangent, value), aux_value) if aux else (value, as_wide_as(tangent, value))
    return run


def vjp_runner(original: Callable[..., Any], args: tuple[Any, ...], filled: tuple[Any, ...], spec: GradientSpec,
               generated: Generated, strong: Callable[[], Callable[..., Any]],
               current: Callable[[], bool]) -> Callable[..., Any] | None:
    """``primals -> (value, pullback)`` for calls of ``vjp(original, *primals)`` like the one with
    ``args`` that ``spec`` is for (``filled``: the defaults after the primals); :data:`warm.STALE`
    where a free name changed or Python's float arithmetic raised (the general path runs it at
    NumPy floats). A pullback called after what the runner was made for changed (``current()``
    false: a helper redefined) runs as the general path's does."""
    free = free_check(generated, spec.free)
    if free is None or not all(differentiated(args[i]) for i in spec.wrt):
        return None
    calls = with_fallback(original, checked_call(generated.function, free, original), strong, None,
                          backend=spec.backend)
    function, constant, wrt = weak(original), constant_of(original, spec, spec.wrt), spec.wrt
    # an integer's adjoint is 0.0 (results.in_structure_of), asked only where there is one
    counts = any(counted(args[i]) for i in wrt)
    # a free name or a helper changed between the call and its pullback: the general path's calls
    unchecked = with_fallback(original, lambda *args: call_with_numpy_floats(
        generated.function, args, generated.free_values(), function()), strong, None, backend=spec.backend)

    def run(primals: Sequence[Any]) -> Any:
        args = (*primals, *filled) if filled else tuple(primals)
        try:
            free()             # (the code the pullback runs is for the free names as they are now)
            # on copies, as call_on_copies: a write into one never reaches the passes' arguments
            out = function()(*[a.copy() if type(a) is _ndarray else a for a in args])
        except (Stale, *PYTHON_FLOAT_ERRORS):
            return STALE
        if spec.aux:       # (has_aux: out and aux of the pair returned)
            if not is_pair(out):
                return STALE         # (the general path's OutputShapeError)
            out, aux_value = out
        if not float_output(out):
            refuse_integer_value(out, function(), "vjp", of_out(constant) if spec.aux else constant)

        def pullback(cotangent: Any) -> tuple[Any, ...]:
            if not (type(cotangent) is float and type(out) in _NUMBERS or type(cotangent) is _ndarray
                    and type(out) is _ndarray and cotangent.shape == out.shape):
                cotangent = cotangent_for(cotangent, out)
            try:
                adjoints = calls(*args, cotangent) if current() else unchecked(*args, cotangent)
            except Stale:
                adjoints = unchecked(*args, cotangent)
            if counts:
                adjoints = in_structure_of(adjoints, [args[i] for i in wrt], many=True)
            return tuple([as_wide_as(a, args[i]) for a, i in zip(adjoints, wrt)])
        # the pullback keeps the function alive, as the general path's does (a lambda passed to vjp
        # is reached only through it; its runners reach it weakly)
        pullback.__transpiler_function__ = function()     # type: ignore[attr-defined]
        return (out, pullback, aux_value) if spec.aux else (out, pullback)
    return run


def code_passes(original: Callable[..., Any], spec: GradientSpec | TangentSpec, generated: Generated,
                strong: Callable[[], Callable[..., Any]], picked: Callable[[Any], Any] | None,
                free_of: tuple[Generated, tuple[Any, ...]] | None = None) -> Callable[..., Any] | None:
    """``(args, seeds, assemble) -> assemble(derivatives)``: a pass of ``generated`` (the code for
    ``spec``) per seed, given after ``args``, its derivative its result (or ``picked(result)``), the
    free names (``free_of``'s, a Generated and its spec's ``free``, else its own)
    read and checked once (raising
    :class:`warm.Stale` where one is not as compiled for). Where the assembled result has a NaN,
    or a pass raised, every pass is taken again as the general path takes each (numbers.py
    ``call_with_numpy_floats``; the strong-zero code ``strong()`` makes where its derivative has a
    NaN: api/strong_zeros.py). None where the free names cannot be checked so."""
    free = free_check(*(free_of or (generated, spec.free)))
    if free is None:
        return None
    function = generated.function
    plain = checked_call(function, free, original)
    general = with_fallback(original, plain, strong, picked, backend=spec.backend)
    falls_back = general is not plain

    def each(args: tuple[Any, ...], seeds: Sequence[Any], assemble: Callable[[list[Any]], Any]) -> Any:
        values = free()
        try:
            if picked is None:
                assembled = assemble([function(*args, seed, **values) for seed in seeds])
            else:
                assembled = assemble([picked(function(*args, seed, **values)) for seed in seeds])
        except (*PYTHON_FLOAT_ERRORS, RunTimeRefusal):
            falls_back_now = True
        else:
            falls_back_now = falls_back and nan_in(assembled)
        if falls_back_now:
            results = [general(*args, seed) for seed in seeds]
            assembled = assemble(results if picked is None else [picked(result) for result in results])
        return assembled
    return each


def jacobian_runner(original: Callable[..., Any], args: tuple[Any, ...], filled: tuple[Any, ...], index: int,
                    out: Any, spec: GradientSpec | TangentSpec, generated: Generated,
                    strong: Callable[[], Callable[..., Any]], aux: bool = False) -> Callable[..., Any] | None:
    """``given -> Jacobian`` for calls of ``jacobian(original, index)`` like the one with ``args``
    and output ``out`` (a float number or array) that ``spec`` is for: a column per forward pass
    (a TangentSpec), else a row per reverse pass; with ``aux``, of ``original`` returning ``(out,
    aux)``, ``given -> (Jacobian, aux)``. :data:`warm.STALE` where a free name changed, Python's
    float arithmetic raised, or the output is not of ``out``'s type, shape and dtype (nor a pair)."""
    forward = isinstance(spec, TangentSpec)
    passes = code_passes(original, spec, generated, strong, (_tangent_of_first if aux else _tangent) if forward else None)
    x = args[index]
    directions = [e for _, e in basis(x if forward else out)]
    if passes is None or not float_output(out) or not directions or not differentiated(x):
        return None
    function = weak(original)
    kind, shape, dtype = type(out), np.shape(out), getattr(out, "dtype", None)
    jacobian_shape, entries = shape + np.shape(x), entry_dtype(out, x)

    def assemble(parts: list[Any]) -> Any:
        return stacked(parts, forward, jacobian_shape, entries)

    def run(given: Sequence[Any]) -> Any:
        args = (*given, *filled) if filled else tuple(given)
        try:       # (on copies, as call_on_copies: a write into one never reaches the passes' arguments)
            value = function()(*[a.copy() if type(a) is _ndarray else a for a in args])
        except PYTHON_FLOAT_ERRORS:
            return STALE
        if aux:
            if not is_pair(value):
                return STALE         # (the general path's OutputShapeError)
            value, aux_value = value
        if type(value) is not kind or kind is _ndarray and (value.shape != shape or value.dtype != dtype):
            return STALE         # (an output whose shape the arguments' shapes do not fix)
        try:
            jacobian = passes(args, directions, assemble)
        except Stale:
            return STALE
        return (jacobian, aux_value) if aux else jacobian
    return run


_tangent = operator.itemgetter(1)       # (a forward pass's result: (value, tangent))


def _tangent_of_first(result: Any) -> Any:
    """The tangent of ``out`` in a forward pass's result of a function returning ``(out, aux)``."""
    return result[1][0]


def gradient_jvp_runner(original: Callable[..., Any], gradient: Generated, free: tuple[Any, ...], spec: TangentSpec,
                        outer: Generated, seed: Any, strong: Callable[..., Any]) -> Callable[..., Any] | None:
    """``(args, directions, assemble) -> assemble(derivatives)``: the derivative of ``original``'s
    gradient (``gradient``'s code, compiled for the free names' entries ``free``) along each
    direction at ``args``, by ``outer`` (its forward-mode code for ``spec``, taking the output's
    adjoint ``seed`` and the direction after the arguments), as ``second.gradient_jvp`` makes it
    for one call (:func:`code_passes`); ``strong``, taking what ``outer`` takes, where that comes
    out NaN. None where the free names cannot be checked (warm.py)."""
    passes = code_passes(original, spec, outer, lambda: strong, _tangent, free_of=(gradient, free))
    if passes is None or any(spec.arg_shapes[i] is None for i in spec.wrt):     # (a container differentiated)
        return None
    return lambda args, directions, assemble: passes((*args, seed), directions, assemble)


def _first(parts: list[Any]) -> Any:
    return parts[0]


def differentiated(value: Any) -> bool:
    """A number or an exact array: what a runner differentiates with respect to. (A container,
    which a runner passes as it is (warm.py ``containers_passed``), is not: a derivative with
    respect to one is the general path's, nested in its structure.)"""
    return type(value) is _ndarray or type(value) in PLAIN


def counted(value: Any) -> bool:
    """An integer or a bool (a number or an array of them): a count, whose derivative is 0.0
    (results.in_structure_of)."""
    return isinstance(value, (bool, int, np.integer, np.bool_)) or type(value) is _ndarray and value.dtype.kind in "biu"


def hvp_runner(along: Callable[..., Any], filled: tuple[Any, ...], x: Any) -> Callable[..., Any]:
    """``(prefix, x, v, rest) -> H(x) @ v`` for calls of ``hvp(f, x, v, *rest)`` like the one at
    ``x`` that ``along`` (:func:`gradient_jvp_runner`) was made for (``prefix``: the values ``f``
    binds first, a method's object)."""
    dtype, count = np.result_type(x, 1.0), counted(x)      # (as_tangent's dtype)

    def run(prefix: tuple[Any, ...], x: Any, v: Any, rest: tuple[Any, ...]) -> Any:
        args = (*prefix, x, *rest, *filled) if prefix else (x, *rest, *filled)
        if not (type(v) is _ndarray and type(x) is _ndarray and v.dtype == dtype and v.shape == x.shape
                or type(v) is float and type(x) is float):
            v = as_tangent(v, x)
        try:
            along_v = along(args, (v,), _first)
        except Stale:
            return STALE
        return as_wide_as(in_structure_of(along_v, [x], many=False) if count else along_v, x)
    return run


def hessian_runner(along: Callable[..., Any], filled: tuple[Any, ...], args: tuple[Any, ...], inner: int,
                   index: int) -> Callable[..., Any]:
    """``given -> `` the Hessian block d²f / d args[inner] d args[index] for calls of ``hessian(f)``
    like the one with ``args`` that ``along`` (:func:`gradient_jvp_runner`) was made for: a column
    per unit direction of ``args[index]`` (made once: the generated code never writes into its
    arguments)."""
    rows, x = args[inner], args[index]
    directions = [as_tangent(e, x) for _, e in basis(x)]
    shape, entries = np.shape(rows) + np.shape(x), entry_dtype(rows, x)

    def assemble(columns: list[Any]) -> Any:
        return stacked(columns, True, shape, entries)

    def run(given: Sequence[Any]) -> Any:
        try:
            return along((*given, *filled) if filled else tuple(given), directions, assemble)
        except Stale:
            return STALE
    return run


def blocks_runner(runs: list[Callable[..., Any]], count: int) -> Callable[..., Any]:
    """``given ->`` the Hessian's blocks ``((H_aa, H_ab), (H_ba, H_bb))`` of ``count`` parameters,
    from a :func:`hessian_runner` per block (``runs``, rows first)."""
    def run(given: Sequence[Any]) -> Any:
        found = [block(given) for block in runs]
        if any(b is STALE for b in found):
            return STALE
        return tuple(tuple(found[row * count:(row + 1) * count]) for row in range(count))
    return run


def forward_hessian_runner(original: Callable[..., Any], filled: tuple[Any, ...], args: tuple[Any, ...], index: int,
                           spec: TangentSpec, generated: Generated) -> Callable[..., Any] | None:
    """``given ->`` ``hessian(original, mode="forward")`` with respect to ``args[index]`` (a float
    number or array) for calls like the one with ``args`` that ``generated`` (the forward-over-
    forward code for ``spec``) is for: an entry per pair of unit directions i <= j, as
    ``second._forward_entries`` has them. :data:`warm.STALE` where a free name changed, a pass
    raised, or an entry is NaN: the general path then takes its strong zeros or the reverse mode's
    Hessian, or raises, as for any call. None where the free names cannot be checked (warm.py)."""
    free, function = free_check(generated, spec.free), generated.function
    x = args[index]
    if free is None or not differentiated(x):
        return None
    directions = [as_tangent(e, x) for _, e in basis(x)]
    count, shape, entries = len(directions), np.shape(x) * 2, entry_dtype(x)

    def run(given: Sequence[Any]) -> Any:
        args = (*given, *filled) if filled else tuple(given)
        found = np.empty((count, count), dtype=entries)
        try:
            values = free()
            for i, u in enumerate(directions):
                for j in range(i, count):
                    (_, _), (_, second) = function(*args, u, directions[j], **values)
                    found[i, j] = found[j, i] = np.ravel(second)[0]
        except (Stale, *PYTHON_FLOAT_ERRORS, RunTimeRefusal):
            return STALE
        if nan_in(found):
            return STALE
        return found.reshape(shape) if shape else float(found[0, 0])
    return run
