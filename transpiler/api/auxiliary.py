"""``has_aux=True`` for second derivatives (``hessian``, ``hvp``): ``f`` returns ``(loss, aux)``;
the code differentiates the loss alone (a GradientSpec with ``aux``: it returns no aux), and the
aux comes from one more Python call of ``f`` at the same point, as JAX's ``jacfwd(jacrev(f,
has_aux=True), has_aux=True)`` gives the aux of ``f`` at the primal. Their warm runners
(api/warm.py) make that call on each warm call too, before the code, which takes the pair apart.
So ``f`` runs once more per call than without aux: a ``print`` or ``append`` in it happens once
more (docs/porting.md)."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .arguments import call_on_copies
from .numbers import PYTHON_FLOAT_ERRORS, retried_at_numpy_floats
from .outputs import constant_output, is_pair, of_out, out_and_aux, refuse_integer_value
from .streams import rewinder
from .strong_zeros import moves_random_streams
from .warm import STALE, weak

AUX_NOT_GIVEN = object()        # (the runner calls the function for the aux)


def loss_and_aux(original: Callable[..., Any], args: tuple[Any, ...],
                 differentiated: Sequence[int]) -> tuple[tuple[int, ...], Any]:
    """(the loss's shape, aux) of ``original`` returning ``(loss, aux)`` (has_aux) at ``args``,
    from one call of it on copies of them: the second derivatives differentiate the loss alone, in
    code that returns no aux. As every transform's call of ``f``, at NumPy floats where Python's
    raised (``1 / x`` at ``0.0``: ``inf``). The random streams are put back after it, also where
    it raised: the passes see its draws. A loss no derivative reaches (an integer, None) is
    refused as without aux (``differentiated``: the positions the Hessian is taken in)."""
    rewind = rewinder(args, global_stream=moves_random_streams(original, args))
    try:
        value = retried_at_numpy_floats(lambda given: call_on_copies(original, given), args, differentiated, rewind)
    finally:
        rewind()
    loss, aux = out_and_aux(original, value)
    refuse_integer_value(loss, original, "a second derivative", of_out(constant_output(original, differentiated, args)))
    return np.shape(loss), aux


def pair_or_stale(original: Callable[..., Any], args: Sequence[Any], loss_shape: Any) -> Any:
    """The aux of ``original``'s ``(loss, aux)`` at ``args`` (every argument, or the leading ones:
    Python fills the defaults), from a call on copies; :data:`warm.STALE` where it returns no such
    pair, or a loss of another shape than ``loss_shape``, or where Python's float arithmetic raised
    (the general path's errors, its call at NumPy floats)."""
    try:
        value = call_on_copies(original, args)
    except PYTHON_FLOAT_ERRORS:
        return STALE
    if not (is_pair(value) and np.shape(value[0]) == loss_shape):
        return STALE
    return value[1]


def hvp_call_runner(run: Callable[..., Any], place: Callable[..., tuple[Any, ...]] | None,
                    original: Callable[..., Any], loss_shape: Any) -> Callable[..., Any]:
    """A warm runner of hvp, ``(prefix, x, v, rest, keywords, aux=AUX_NOT_GIVEN) -> H @ v``, from ``run``
    (warm_runners.hvp_runner, of every argument given positionally where there are keywords,
    placed by ``place``: warm.keywords_placed). ``loss_shape``: with has_aux, the loss's (the
    result is then ``(H @ v, aux)``, aux from a call of ``original``, or the one given: the first
    call's); :data:`warm.STALE` where the function returns no such pair."""
    function = weak(original)

    def call(prefix: tuple[Any, ...], x: Any, v: Any, rest: tuple[Any, ...], keywords: dict[str, Any],
             aux: Any = AUX_NOT_GIVEN) -> Any:
        every = place((*prefix, x, *rest), keywords) if place is not None else None
        if every is not None:
            prefix, rest = every[:len(prefix)], every[len(prefix) + 1:]
        if loss_shape is not None and aux is AUX_NOT_GIVEN:       # (before the code, which takes the pair apart)
            aux = pair_or_stale(function(), every or (*prefix, x, *rest), loss_shape)
            if aux is STALE:
                return STALE
        product = run(prefix, x, v, rest)
        return product if loss_shape is None or product is STALE else (product, aux)
    return call


def hessian_with_aux(run: Callable[..., Any], original: Callable[..., Any], loss_shape: Any) -> Callable[..., Any]:
    """A warm runner of ``hessian(f, has_aux=True)``, ``given -> (H, aux)``, from ``run``
    (``given -> H``, warm_runners.hessian_runner or blocks_runner)."""
    function = weak(original)

    def call(given: Sequence[Any]) -> Any:
        aux = pair_or_stale(function(), given, loss_shape)      # (before the code, which takes the pair apart)
        if aux is STALE:
            return STALE
        matrix = run(given)
        return STALE if matrix is STALE else (matrix, aux)
    return call
