"""Two array arguments sharing memory (``f(x, x)``, ``f(x, x[1:])``) given to a function that
writes into a parameter's array (``a[0] = v``, ``a += v``, a helper filling it). In Python each
argument would then see the other's writes; the transforms give parameters value semantics (the
caller's arrays are never written, frontend/aliasing.py), so the derivative would be of another
function: 18.0 where Python computes 38.0 for ``a[0] = 5; return np.sum(a * b)`` called as
``f(x, x)``. Refused at the call instead. Only functions that write into a parameter pay for
the check (``Function.writes_parameters``), and only when arrays may share memory is the function
asked."""
from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

import numpy as np

from ..driver import pipeline
from ..errors import NonDifferentiableError
from ..frontend.parameter_classes import classes_of


def writes_parameters(original: Callable[..., Any], args: Sequence[Any]) -> bool:
    return pipeline.lowered(original, classes_of(args)).writes_parameters


def refuse_shared_arguments(original: Callable[..., Any], args: Sequence[Any], known_to_write: bool = False) -> None:
    """Raise where two of ``args`` are arrays that share memory and ``original`` writes into a
    parameter (``known_to_write``: the caller has asked that already)."""
    arrays = [(i, a) for i, a in enumerate(args) if type(a) is np.ndarray]
    for k, (i, a) in enumerate(arrays):
        for j, b in arrays[k + 1:]:
            if np.may_share_memory(a, b) and (known_to_write or writes_parameters(original, args)):
                names = list(inspect.signature(original).parameters)
                raise NonDifferentiableError(
                    f"`{names[i]}` and `{names[j]}` of {original.__name__} are the same array (or share memory), "
                    "and the function writes into a parameter: in Python each would see the other's writes, "
                    "which the derivative does not follow (parameters are taken as copies)",
                    hint=f"pass copies (`{original.__name__}(x, x.copy())`), or copy the parameter before writing "
                         "into it (`a = a.copy()`)")


def checking_shared_arguments(run: Callable[..., Any], original: Callable[..., Any]) -> Callable[..., Any]:
    """``run`` (a gradient's runner) checking each call's arguments first."""
    def checked(*args: Any) -> Any:
        refuse_shared_arguments(original, args, known_to_write=True)
        return run(*args)
    return checked
