"""The derivative rules of ``odeint(h, y0, t, args)`` and ``solve_ivp(h, t_span, y0, t_eval=t,
args).y`` (solver_rules.py registers their forms): forward sensitivities."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Callable

import numpy as np

from .api.transforms import jvp
from .custom import register_rule
from .errors import UnknownFunctionError
from .solver_support import Lazy, cached, inexact, named, passed_at, refuse_second_derivatives


# -- odeint, solve_ivp: forward sensitivities --------------------------------------------------------------


class Odeint:
    """odeint's layout: ``made(y0, t, *params)`` is ``odeint(h, y0, t, args=params)``, rows per
    time; ``h(y, t, *params)``."""
    lead = 2

    def __init__(self, solver: Any, h: Callable[..., Any], options: dict[str, Any]) -> None:
        self.solver, self.h, self.options = solver, h, options

    def solution(self, y0: Any, t: Any, *params: Any) -> Any:
        return self.solver(self.h, y0, t, args=params, **self.options)

    @staticmethod
    def ordered(time: Any, y: Any, params: tuple[Any, ...]) -> tuple[Any, ...]:
        """``h``'s arguments."""
        return (y, time, *params)

    def slope(self, time: Any, y: Any, params: tuple[Any, ...]) -> Any:
        return self.h(*self.ordered(time, y, params))

    @staticmethod
    def rows(y: Any) -> np.ndarray:
        """The solution (or its adjoint), rows per output time."""
        return np.asarray(y, dtype=float)

    def split(self, lead: tuple[Any, ...]) -> tuple[Any, Any, Any]:
        """(y0, the output times, the start) of the lead arguments, or of their tangents."""
        y0, t = lead
        return y0, t, None if t is None else np.ravel(t)[0]

    def joined(self, f: Callable[[Any, np.ndarray], np.ndarray], z0: np.ndarray, lead: tuple[Any, ...]) -> Any:
        """``f(time, z)`` integrated from ``z0``, rows per output time."""
        return self.solver(lambda z, time: f(time, z), z0, lead[1], **self.options)

    def shaped(self, rows: np.ndarray, y: Any) -> Any:
        return np.reshape(rows, np.shape(y))

    def adjoints(self, d_start: Any, d_times: Any, chosen: bool) -> tuple[Any, ...]:
        """The lead arguments' adjoints but y0's, in order: ``t``'s (its first entry the start)."""
        d_times[0] += d_start
        return (d_times,)

    def chosen(self, values: tuple[Any, ...]) -> bool:
        """Whether the output times are the solver's own (solve_ivp without ``t_eval``)."""
        return False

    def completed(self, y: Any, values: tuple[Any, ...],
                  tangents: tuple[Any, ...] | None) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
        """The arguments (and their tangents) with the output times the solver chose filled in."""
        return values, tangents


class SolveIvp(Odeint):
    """solve_ivp's: ``made(t_span, y0, t_eval, *params)`` is ``solve_ivp(h, t_span, y0,
    t_eval=t_eval, args=params).y``, columns per time; ``h(t, y, *params)``. Without ``t_eval``
    (None) the columns are at the times the solver chose, ``t_span``'s start and end the first
    and last: those two move with ``t_span``, the steps between are held where they are."""
    lead = 3

    def solution(self, t_span: Any, y0: Any, t_eval: Any, *params: Any) -> Any:
        found = self.solver(self.h, t_span, y0, t_eval=t_eval, args=params or None, **self.options)
        if t_eval is None:
            _CHOSEN[:] = [*_CHOSEN[-7:], (found.y, found.t)]
        return found.y

    def chosen(self, values: tuple[Any, ...]) -> bool:
        return values[2] is None

    def completed(self, y: Any, values: tuple[Any, ...],
                  tangents: tuple[Any, ...] | None) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
        if not self.chosen(values):
            return values, tangents
        values = (*values[:2], chosen_times(self.solver, self.h, self.options, y, values), *values[3:])
        if tangents is None or tangents[0] is None:
            return values, tangents
        moved = np.zeros(len(values[2]))
        moved[0], moved[-1] = (0.0 if end is None else end for end in tangents[0])
        return values, (*tangents[:2], moved, *tangents[3:])

    @staticmethod
    def ordered(time: Any, y: Any, params: tuple[Any, ...]) -> tuple[Any, ...]:
        return (time, y, *params)

    @staticmethod
    def rows(y: Any) -> np.ndarray:
        return np.asarray(y, dtype=float).T

    def split(self, lead: tuple[Any, ...]) -> tuple[Any, Any, Any]:
        t_span, y0, t_eval = lead
        return y0, t_eval, None if t_span is None else t_span[0]

    def joined(self, f: Callable[[Any, np.ndarray], np.ndarray], z0: np.ndarray, lead: tuple[Any, ...]) -> Any:
        return self.solver(f, lead[0], z0, t_eval=lead[2], **self.options).y.T

    def shaped(self, rows: np.ndarray, y: Any) -> Any:
        return np.reshape(rows.T, np.shape(y))

    def adjoints(self, d_start: Any, d_times: Any, chosen: bool) -> tuple[Any, ...]:
        """t_span's (its end moves no output at t_eval: only the last of the solver's own times) and t_eval's."""
        if chosen:
            return (d_start + d_times[0], d_times[-1]), None
        return (d_start, 0.0), d_times


_CHOSEN: list[tuple[Any, Any]] = []     # (y, its times) of the latest solve_ivp solutions without t_eval


def chosen_times(solver: Any, h: Callable[..., Any], options: dict[str, Any], y: Any, values: tuple[Any, ...]) -> Any:
    """The times solve_ivp chose for its solution ``y`` (of ``values = (t_span, y0, None, *params)``)."""
    found = next((t for solved, t in _CHOSEN if solved is y), None)
    if found is None:        # (not the array the solution returned: solved again for its times)
        found = solver(h, values[0], values[1], args=values[3:] or None, **options).t
    return found


def make_ivp_times(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
    """solve_ivp's ``.t`` as ``times(y, t_span, y0, t_eval, *params)``: ``t_eval`` itself, moving
    as it does, or the times the solver chose for ``y``: the first and last ``t_span``'s ends,
    moving with them; a time between moves with everything (step-size control): its derivative
    is refused in reverse mode, NaN in forward mode."""
    def build() -> Callable[..., Any]:
        def times(y: Any, *values: Any) -> Any:
            return np.asarray(values[2], dtype=float) if values[2] is not None \
                else chosen_times(solver, h, options, y, values)

        def jvp_rule(tangents: tuple[Any, ...], t: Any, y: Any, *values: Any) -> Any:
            if values[2] is not None:
                return np.zeros(np.shape(t)) if tangents[3] is None else np.asarray(tangents[3], dtype=float) + 0.0
            moved = np.zeros(np.shape(t))
            if any(v is not None for v in tangents[1:]):
                moved[1:-1] = np.nan
            if tangents[1] is not None:
                moved[0], moved[-1] = (0.0 if end is None else end for end in tangents[1])
            return moved

        def vjp_rule(d_t: Any, t: Any, y: Any, *values: Any) -> tuple[Any, ...]:
            rest = (None,) * (len(values) - 3)
            if values[2] is not None:
                return (None, None, None, d_t, *rest)
            d_t = np.broadcast_to(d_t, np.shape(t))
            if np.any(d_t[1:-1] != 0):
                _refuse_steps_between(solver, h, "sol.t")
            return (None, (d_t[0], d_t[-1]), None, None, *rest)
        named(times, solver, h)
        times.__name__ = f"{times.__name__}_t"
        register_rule(times, vjp_rule, jvp_rule)
        refuse_second_derivatives(solver, h, vjp_rule, jvp_rule)
        return times
    return cached("ivp times", solver, h, lead, options, build)


def make_ode(layout: type[Odeint]) -> Callable[..., Callable[..., Any]]:
    """A maker of the rules of forward sensitivities: the tangent ``s`` of the solution solves
    ``s' = ∂h/∂y s + ∂h/∂θ t_θ`` from ``s(t0) = t_y0`` (one ``jvp`` of ``h`` per step gives both
    derivatives), integrated with ``y`` by the solver with the call's tolerances; a moved output
    time ``t_i`` adds ``h(t_i, y_i) dt_i``, a moved start ``t_0`` takes ``h(t0, y0) dt_0`` off
    ``s(t0)``. The VJP is the JVP's columns (one integration per entry of ``y0`` and of each
    parameter differentiated), contracted with ``d_y``."""
    def make(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
        ode = layout(solver, h, options)

        def tangent(values: tuple[Any, ...], t_y0: Any, t_params: tuple[Any, ...]) -> np.ndarray:
            y0, _, _ = ode.split(values[:ode.lead])
            y0, params = np.ravel(np.asarray(y0, dtype=float)), values[ode.lead:]
            n = y0.size

            def joined(time: Any, z: np.ndarray) -> np.ndarray:
                value, moved = jvp(h, ode.ordered(time, z[:n], params), ode.ordered(None, z[n:], t_params))
                return np.concatenate([np.ravel(value), np.ravel(moved)])
            start = np.zeros(n) if t_y0 is None else np.ravel(np.asarray(t_y0, dtype=float))
            return ode.joined(joined, np.concatenate([y0, start]), values[:ode.lead])[:, n:]

        def slopes(y: Any, values: tuple[Any, ...]) -> np.ndarray:
            """``h`` at each output time, rows per time."""
            _, times, _ = ode.split(values[:ode.lead])
            return np.array([np.ravel(ode.slope(t_i, y_i, values[ode.lead:])) for y_i, t_i in zip(ode.rows(y), times)])

        def jvp_rule(tangents: tuple[Any, ...], y: Any, *values: Any) -> Any:
            original = values
            values, tangents = ode.completed(y, values, tangents)
            t_y0, t_times, t_start = ode.split(tuple(tangents[:ode.lead]))
            t_params = tuple(tangents[ode.lead:])
            y0, times, start = ode.split(values[:ode.lead])
            if t_start is not None:      # a moved start: s(t0) = t_y0 - h(t0, y0) dt_0
                t_y0 = (0.0 if t_y0 is None else t_y0) - np.ravel(ode.slope(start, y0, values[ode.lead:])) * t_start
            if t_y0 is None and all(p is None for p in t_params) and t_times is None:
                return np.zeros_like(y, dtype=float)
            moved = tangent(values, t_y0, t_params)
            if t_times is not None:      # a moved output time: the solution's slope there
                moved = moved + slopes(y, values) * np.reshape(t_times, (-1, 1))
            if ode.chosen(original):     # the steps between the ends move with the parameters: no tangent known
                moved[1:-1] = np.nan
            return ode.shaped(moved, y)

        def vjp_rule(d_y: Any, y: Any, *values: Any) -> Sequence[Any]:
            chosen = ode.chosen(values)
            values, _ = ode.completed(y, values, None)
            y0, _, start = ode.split(values[:ode.lead])
            params = values[ode.lead:]
            rows = ode.rows(np.broadcast_to(d_y, np.shape(y)))
            if chosen and np.any(rows[1:-1] != 0):
                _refuse_steps_between(solver, h, "sol.y")

            @functools.lru_cache(maxsize=None)
            def pulled(j: int) -> Any:
                """The adjoint of y0 (``j = 0``) or of ``params[j - 1]``: a JVP per entry."""
                value = y0 if j == 0 else params[j - 1]
                if j > 0 and not inexact(value):
                    return None
                column, adjoint = np.zeros(np.size(value)), np.zeros(np.size(value))
                for k in range(np.size(value)):
                    column[k] = 1.0
                    direction = np.reshape(column, np.shape(value))
                    moved = tangent(values, direction if j == 0 else None,
                                    tuple(direction if i == j else None for i in range(1, len(params) + 1)))
                    adjoint[k] = np.sum(rows * np.reshape(moved, np.shape(rows)))
                    column[k] = 0.0
                return np.reshape(adjoint, np.shape(value))

            @functools.lru_cache(maxsize=None)
            def of_times() -> tuple[Any, ...]:
                at = slopes(y, values)
                d_start = -np.sum(np.ravel(pulled(0)) * np.ravel(ode.slope(start, y0, params)))
                return ode.adjoints(d_start, np.sum(rows * at, axis=1), chosen)

            y0_at = 0 if ode.lead == 2 else 1
            others = [k for k in range(ode.lead) if k != y0_at]

            def adjoint(k: int) -> Any:
                if k == y0_at:
                    return pulled(0)
                if k < ode.lead:
                    return of_times()[others.index(k)]
                return pulled(k - ode.lead + 1)
            # (computed when indexed: the generated code asks only for the arguments it differentiates)
            return Lazy(adjoint, len(values))

        def build() -> Callable[..., Any]:
            def solution(*values: Any) -> Any:
                return ode.solution(*values)
            named(solution, solver, h)
            register_rule(solution, vjp_rule, jvp_rule)
            refuse_second_derivatives(solver, h, vjp_rule, jvp_rule)
            return solution
        return cached(layout.__name__, solver, h, lead, options, build)
    return make


def _refuse_steps_between(solver: Any, h: Callable[..., Any], read: str) -> None:
    raise UnknownFunctionError(
        f"an entry of `{read}` (of `scipy.integrate.{solver.__name__}`) between the first and the last, without "
        f"`t_eval=`"
        f"{passed_at(h)}, has no derivative: it is at a time the solver chose, which moves with the differentiated "
        "values in a way SciPy's step-size control decides", hint="pass the times you read as `t_eval=` (a "
        "differentiated value may set them: `t_eval=np.linspace(0, T, n)`), or read only `sol.y[:, -1]` (at "
        "t_span's end) and `sol.y[:, 0]`")


def make_ivp_whole(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
    """solve_ivp's whole result (``.t``, ``.success``), held constant (its ``t_eval`` by keyword)."""
    def build() -> Callable[..., Any]:
        def result(t_span: Any, y0: Any, t_eval: Any, *params: Any) -> Any:
            return solver(h, t_span, y0, t_eval=t_eval, args=params or None, **options)
        named(result, solver, h)
        result.__name__ = f"{result.__name__}_result"
        register_rule(result, lambda d_y, y, *args: (None,) * len(args), lambda tangents, y, *args: 0.0)
        return result
    return cached("ivp whole", solver, h, lead, options, build)

