"""What the derivative rules of SciPy's solvers share (solver_rules.py, solver_odes.py): the
functions made for a solver and the function passed, kept while their rules are registered;
their names; the refusal of a second derivative through them; adjoints computed when indexed."""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, Callable, overload

import numpy as np

from .custom import register_rule
from .primitives import REGISTRY
from .primitives.registry import refused

_MADE: dict[tuple, Callable[..., Any]] = {}      # (what, solver, h, lead, options) -> the function made


def cached(what: str, solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any],
            build: Callable[[], Callable[..., Any]]) -> Callable[..., Any]:
    key = (what, solver, h, lead, repr(sorted(options.items())))
    if key not in _MADE or _MADE[key] not in REGISTRY:
        _MADE[key] = build()
    return _MADE[key]


def _unused_name(name: str) -> str:
    """``name``, or ``name_2``...: the first no registered rule has (names in messages, code)."""
    taken = {prim.name for prim in REGISTRY.values()}
    return next(c for c in (name if k == 1 else f"{name}_{k}" for k in itertools.count(1)) if c not in taken)


def named(f: Callable[..., Any], solver: Any, h: Callable[..., Any]) -> None:
    f.__name__ = _unused_name(f"{solver.__name__}_of_{getattr(h, '__name__', 'f')}".replace("<", "").replace(">", ""))


def passed_at(h: Callable[..., Any]) -> str:
    """`` (the function passed, file:line)``, naming where ``h`` is defined; "" where that is unknown."""
    code = getattr(h, "__code__", None)
    return f" (the function passed, {code.co_filename}:{code.co_firstlineno})" if code is not None else ""


def refuse_second_derivatives(solver: Any, h: Callable[..., Any], vjp_rule: Callable[..., Any],
                              jvp_rule: Callable[..., Any]) -> None:
    where = passed_at(h)
    refused(vjp_rule, jvp_rule,
            reason=f"it is the derivative rule of `scipy.{solver.__module__.split('.')[1]}.{solver.__name__}` on "
                   f"a function of the differentiated values{where}, which is not differentiated again: a second "
                   "derivative through a solver is not supported",
            hint="take central differences of transpiler.grad of the function for its second derivatives, or "
                 "write the solver as a loop of steps (Newton steps over range(n)), which is differentiated "
                 "step by step")



def inexact(value: Any) -> bool:
    """A float or complex number or array: a parameter with a derivative (not an integer, a flag)."""
    try:
        return bool(np.issubdtype(np.asarray(value).dtype, np.inexact))
    except (TypeError, ValueError):
        return False



class Lazy(Sequence[Any]):
    """A VJP's adjoints, each computed when indexed (an argument held constant costs nothing)."""

    def __init__(self, adjoint: Callable[[int], Any], count: int) -> None:
        self._adjoint, self._count = adjoint, count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, k: int) -> Any: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[Any]: ...

    def __getitem__(self, k: int | slice) -> Any:
        if isinstance(k, slice):
            return tuple(self[i] for i in range(self._count)[k])
        if not -self._count <= k < self._count:
            raise IndexError(k)
        return self._adjoint(k % self._count)


def make_whole(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
    """``solver(h, *lead, args=params, **options)``, SciPy's whole result (quad's error, a
    minimiser's ``.success``), held constant as stop_gradient is: the lowering cuts its inputs."""
    def build() -> Callable[..., Any]:
        def result(*values: Any) -> Any:
            return solver(h, *values[:lead], args=tuple(values[lead:]), **options)
        named(result, solver, h)
        result.__name__ = f"{result.__name__}_result"
        register_rule(result, lambda d_y, y, *args: (None,) * len(args), lambda tangents, y, *args: 0.0)
        return result
    return cached("whole", solver, h, lead, options, build)

