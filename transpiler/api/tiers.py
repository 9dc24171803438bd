"""A new argument shape runs the shape-generic code first; code specialised to it is compiled
when the shape recurs (issue 17: a new shape of a 50-statement function in about 3 ms).

A call's code is specialised to its arguments' shapes (sizes folded to constants, rules in their
direct form, buffers reused), and every stage after the lowering reads them: a new shape costs a
whole compile less the lowering, 40-50 ms for a 50-statement function. So a gradient object
(``g = grad(f)``) that has run code specialised to one shape of a *family* (the arguments' types and
dtypes, the free names' dtypes) runs, on its first call at another shape, the family's code for
any shapes: compiled once per function and family (the first new shape pays that compile), it
costs later new shapes a lookup more than the code itself. The second call at that shape
compiles code specialised to it, which the calls from then on run. Both codes are the same
mathematics (tests/api/test_tiers.py checks them against each other and against finite
differences); the generic one returns the value too, so that a non-scalar output is an error
there as well. ``compiled(args)`` and ``source(args=...)`` give the code the next call with
``args`` runs: the generic code says so in its docstring.

The tier applies to the NumPy backend's ``grad`` and ``value_and_grad`` of functions taking
arrays and numbers only. Not to a memory budget (tapes are sized from shapes), containers or
objects among the arguments (taken apart and inlined per structure and class), complex values,
forward-mode code (a gradient of one number, whose shape never changes), other backends (numba
compiles per array type anyway), or a function whose call must not run twice (``print``, writes
into a caller's list or arrays, random draws): a generic call that raises is run again by the
specialised code, so that the user meets exactly the error the specialised code gives.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Sequence

import numpy as np

from .. import backends, ir
from ..ad.reverse import GradientSpec
from ..driver import pipeline
from .strong_zeros import draws
from .written_back import hands_back

SPECIALISE_ON_CALL = 2         # the call at a new shape that compiles code specialised to it (1: the tier off)
_ARRAY_KINDS = "fiub"          # float, integer, unsigned, bool arrays (complex: specialised)
_NUMBERS = (float, int, bool)


@dataclasses.dataclass
class Family:
    """What is known of one family's code: the spec of its code for any shapes (None: that
    failed to compile), and the shapes its code was specialised to (those are not new)."""

    generic: Any
    specialised: set[tuple[Any, ...]] = dataclasses.field(default_factory=set)


def family(gradient: Any, args: Sequence[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """(the family of a call with ``args``, their shapes and the free names'): what the code
    for any shapes of ``gradient`` is compiled for, and what specialised code is for. None where
    the tier does not apply to them (module docstring)."""
    chosen = backends.backend(gradient.backend)     # (NumPy arrays, code run as Python: no compile per shape)
    if chosen.any_arrays or chosen.first_call is not None or chosen.jit() is not None or gradient.memory is not None:
        return None
    kinds = []
    for a in args:
        if type(a) is np.ndarray:
            if a.dtype.kind not in _ARRAY_KINDS:
                return None
            kinds.append(a.dtype)
        elif type(a) in _NUMBERS or isinstance(a, (np.floating, np.integer, np.bool_)):
            kinds.append(type(a))
        else:
            return None
    free = gradient.free_family()
    if any(kind is None or kind[0] == "c" for _, _, kind, *_ in free):
        return None          # (an object, a complex value read from a free name)
    shapes = (tuple(np.shape(a) for a in args), tuple(shape for _, shape, *_ in free))
    return (gradient.wrt, gradient.tuple_output, gradient.returns_value, gradient.has_aux, gradient.rewrites_off,
            tuple(kinds), _erased(free)), shapes


def _erased(free: tuple[Any, ...]) -> tuple[Any, ...]:
    """The free names' (name, shape, kind), an array's shape and a number's value forgotten."""
    return tuple((name, None if shape != () else (), kind) for name, shape, kind, *_ in free)


def remember(gradient: Any, args: Sequence[Any], spec: Any) -> None:
    """After ``spec`` (specialised to ``args``) compiled: these shapes are not new to their
    family, whose code for any shapes is ``spec`` with the shapes forgotten, where the tier
    applies."""
    if not isinstance(spec, GradientSpec) or spec.containers or spec.arg_classes or spec.strong_zeros:
        return
    found = family(gradient, args)
    if found is None:
        return
    known = gradient.families
    if found[0] not in known:
        arg_shapes = tuple(None if type(a) is np.ndarray else () for a in args)
        generic = dataclasses.replace(spec, arg_shapes=arg_shapes, free=_erased(spec.free), specialize=False,
                                      returns_value=True)
        known[found[0]] = Family(generic if runs_twice_unseen(gradient.original, args) else None)
    known[found[0]].specialised.add(found[1])


def runs_twice_unseen(original: Callable[..., Any], args: Sequence[Any]) -> bool:
    """May a call of ``original`` run again after one that raised, with no one the wiser: no
    output (``print``), no writes into the caller's lists or arrays, no random draws?"""
    fn = pipeline.lowered(original)
    if fn.writes_parameters or hands_back(original, args) or draws(original):
        return False
    return not any(isinstance(s, ir.Effect) and s.observable for s in ir.walk(fn.body))


def generic_code(gradient: Any, args: Sequence[Any]) -> pipeline.Generated | None:
    """The family's code for any shapes, where the tier applies to ``args`` and their shapes
    are new to their family (compiled the first time it is asked), else None: specialise."""
    if SPECIALISE_ON_CALL <= 1 or not gradient.families:     # (a first call: nothing to ask)
        return None
    found = family(gradient, args)
    if found is None:
        return None
    known = gradient.families.get(found[0])
    if known is None or known.generic is None or found[1] in known.specialised:
        return None
    try:
        return pipeline.compiled(gradient.original, known.generic)
    except Exception:        # (a construct that needs the shapes, refused or not: specialised code only)
        known.generic = None
        return None


def tiered(generic_run: Callable[..., Any], generated: pipeline.Generated,
           specialised: Callable[[tuple[Any, ...]], Callable[..., Any]]) -> Callable[..., Any]:
    """The runner of a new shape: ``generic_run`` (running ``generated``, the code for any
    shapes) on its first call; from the SPECIALISE_ON_CALL-th on, or where the generic code
    raised, the runner ``specialised(args)`` makes (and keeps in the generic one's place)."""
    calls = 0

    def run(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls < SPECIALISE_ON_CALL:
            try:
                return generic_run(*args)
            except Exception:      # (the specialised code's own error, if any, is the one raised)
                pass
        return specialised(args)(*args)

    run.generic = generated        # type: ignore[attr-defined]
    return run                     # (run.generic: what compiled(args) gives)


def next_generic(gradient: Any, args: Sequence[Any], runner: Callable[..., Any] | None) -> pipeline.Generated | None:
    """The code for any shapes where the next call with ``args`` runs it (``runner``: the
    gradient's runner for them, if it has one), else None."""
    if runner is not None:
        return getattr(runner, "generic", None)
    return generic_code(gradient, args)
