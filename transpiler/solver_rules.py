"""Derivative rules of SciPy's solvers and integrators of a Python function, for the calls the
lowering makes of them (frontend/solver_calls.py): ``made(*lead, *params)`` runs the solver on
``h``, the function passed (``h(x, *params)``: its own extra arguments, then the values a lifted
lambda captures), from ``lead`` (a bracket, ``x0``), and returns its solution exactly as SciPy
does. The rules differentiate ``h`` with the transforms, at run time:

- a root ``x*`` of ``G(x, θ) = h(x, θ)`` (brentq, newton, fsolve, root, root_scalar), or an optimum,
  a root of ``G = ∂h/∂x`` (minimize_scalar, minimize): the implicit function theorem,
  ``dx*/dθ = -(∂G/∂x)⁻¹ ∂G/∂θ``, at the solution SciPy returns. The JVP solves with ``∂G/∂x``
  for the tangent ``∂G/∂θ · t``; the VJP solves with its transpose and pulls the result back
  through ``G``. The bracket or starting point has no derivative (the root does not move with
  it). The solution is exact to the solver's tolerance, and so is its derivative: pass a tight
  tolerance (``xtol=1e-12``) where the derivative matters.
- ``quad(h, a, b, args)`` (Leibniz's rule): ``d∫ = ∫ ∂h/∂θ · t dt + h(b) db - h(a) da``, the
  integral of the JVP of ``h`` by ``quad`` again, with the call's tolerances; the VJP integrates
  the pulled-back adjoints of every parameter at once (``quad_vec``).
- ``odeint(h, y0, t, args)``, ``solve_ivp(h, t_span, y0, t_eval=t, args).y``: forward
  sensitivities (``_make_ode``); the VJP takes one integration per entry of ``y0`` and of each
  parameter differentiated.

The rules are not differentiated again: a second derivative through a solver is refused, at the
rule, naming the solver (``hessian``, ``hvp``, ``jvp`` of a ``grad``)."""
from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import Any, Callable, overload

import numpy as np

from .api.arguments import bind_call
from .api.second import gradient_jvp, hessian
from .api.transforms import grad, jacobian, jvp, vjp
from .custom import register_rule
from .frontend.solver_calls import SolverForm, loads_with, register
from .primitives import REGISTRY
from .primitives.registry import refused

_MADE: dict[tuple, Callable[..., Any]] = {}      # (what, solver, h, lead, options) -> the function made


def _cached(what: str, solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any],
            build: Callable[[], Callable[..., Any]]) -> Callable[..., Any]:
    key = (what, solver, h, lead, repr(sorted(options.items())))
    if key not in _MADE or _MADE[key] not in REGISTRY:
        _MADE[key] = build()
    return _MADE[key]


def _unused_name(name: str) -> str:
    """``name``, or ``name_2``...: the first no registered rule has (names in messages, code)."""
    taken = {prim.name for prim in REGISTRY.values()}
    return next(c for c in (name if k == 1 else f"{name}_{k}" for k in itertools.count(1)) if c not in taken)


def _named(f: Callable[..., Any], solver: Any, h: Callable[..., Any]) -> None:
    f.__name__ = _unused_name(f"{solver.__name__}_of_{getattr(h, '__name__', 'f')}".replace("<", "").replace(">", ""))


def _refuse_second_derivatives(solver: Any, h: Callable[..., Any], vjp_rule: Callable[..., Any],
                               jvp_rule: Callable[..., Any]) -> None:
    code = getattr(h, "__code__", None)
    where = f" (the function passed, {code.co_filename}:{code.co_firstlineno})" if code is not None else ""
    refused(vjp_rule, jvp_rule,
            reason=f"it is the derivative rule of `scipy.{solver.__module__.split('.')[1]}.{solver.__name__}` on "
                   f"a function of the differentiated values{where}, which is not differentiated again: a second "
                   "derivative through a solver is not supported",
            hint="take central differences of transpiler.grad of the function for its second derivatives, or "
                 "write the solver as a loop of steps (Newton steps over range(n)), which is differentiated "
                 "step by step")


# -- roots and optima: the implicit function theorem ----------------------------------------------------------


class _Condition:
    """``G(x, θ) = 0`` at the solution: ``h`` itself (a root), or ``∂h/∂x`` (an optimum)."""

    def __init__(self, h: Callable[..., Any], optimum: bool) -> None:
        self.h, self.optimum = h, optimum

    def slope(self, point: tuple[Any, ...]) -> Any:
        """``∂G/∂x`` at ``point = (x, *θ)``: a number, or a matrix for a vector ``x``."""
        if not self.optimum:
            return jacobian(self.h, 0)(*point)
        if np.ndim(point[0]) == 0:
            return gradient_jvp(self.h, bind_call(self.h, (), point), 0, 0)(1.0)
        return hessian(self.h, 0)(*point)

    def along(self, point: tuple[Any, ...], tangents: tuple[Any, ...]) -> Any:
        """``∂G/∂θ · t``: the tangents of the parameters (None: held constant)."""
        if not self.optimum:
            return jvp(self.h, point, (None, *tangents))[1]
        full = bind_call(self.h, (), point)
        terms = [gradient_jvp(self.h, full, 0, j)(t) for j, t in enumerate(tangents, 1) if t is not None]
        return sum(terms[1:], terms[0])

    def pulled_back(self, point: tuple[Any, ...], adjoint: Any) -> tuple[Any, ...]:
        """``(∂G/∂θ)ᵀ adjoint``, one per parameter."""
        if not self.optimum:
            return vjp(self.h, *point)[1](adjoint)[1:]
        full = bind_call(self.h, (), point)
        return tuple(gradient_jvp(self.h, full, j, 0)(adjoint) for j in range(1, len(point)))


def _solve(slope: Any, right: Any, transposed: bool = False) -> Any:
    """``slope⁻¹ right`` (``slope⁻ᵀ right``) for a number or a matrix of a vector's entries."""
    if np.ndim(slope) == 0:
        return right / slope
    matrix = np.reshape(slope, (np.size(right), np.size(right)))
    return np.reshape(np.linalg.solve(matrix.T if transposed else matrix, np.ravel(right)), np.shape(right))


def _implicit(solve: Callable[..., Any], solver: Any, h: Callable[..., Any], lead: int,
              optimum: bool) -> Callable[..., Any]:
    """``solve(*lead, *params)`` with the implicit function theorem's rules registered."""
    condition = _Condition(h, optimum)

    def jvp_rule(tangents: tuple[Any, ...], y: Any, *values: Any) -> Any:
        moved = tuple(tangents[lead:])
        if all(t is None for t in moved):
            return np.zeros_like(y, dtype=float)
        point = (y, *values[lead:])
        return -_solve(condition.slope(point), condition.along(point, moved))

    def vjp_rule(d_y: Any, y: Any, *values: Any) -> tuple[Any, ...]:
        point = (y, *values[lead:])
        adjoint = -_solve(condition.slope(point), np.asarray(d_y, dtype=float), transposed=True)
        return (None,) * lead + tuple(condition.pulled_back(point, adjoint))

    _named(solve, solver, h)
    register_rule(solve, vjp_rule, jvp_rule)
    _refuse_second_derivatives(solver, h, vjp_rule, jvp_rule)
    return solve


def _root(pick: Callable[[Any], Any] | None = None, optimum: bool = False) -> Callable[..., Callable[..., Any]]:
    """A form's maker: ``solver(h, *lead, args=params, **options)``, ``pick`` its solution from
    the result object (``.root``, ``.x``)."""
    def make(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
        def build() -> Callable[..., Any]:
            def solve(*values: Any) -> Any:
                found = solver(h, *values[:lead], args=tuple(values[lead:]), **options)
                return pick(found) if pick is not None else found
            return _implicit(solve, solver, h, lead, optimum)
        return _cached("optimum" if optimum else "root", solver, h, lead, options, build)
    return make


# -- quad: Leibniz's rule -------------------------------------------------------------------------------------


def _make_quad(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
    def build() -> Callable[..., Any]:
        def integral(a: Any, b: Any, *params: Any) -> Any:
            return solver(h, a, b, args=params, **options)[0]

        def jvp_rule(tangents: tuple[Any, ...], y: Any, a: Any, b: Any, *params: Any) -> Any:
            total = 0.0
            moved = tuple(tangents[2:])
            if any(t is not None for t in moved):
                def integrand(t: float) -> float:
                    return float(jvp(h, (t, *params), (None, *moved))[1])
                total += solver(integrand, a, b, **options)[0]
            if tangents[1] is not None:
                total += h(b, *params) * tangents[1]
            if tangents[0] is not None:
                total -= h(a, *params) * tangents[0]
            return total

        gradients: dict[tuple[int, ...], Any] = {}      # the parameters differentiated -> h's gradient in them

        def vjp_rule(d_y: Any, y: Any, a: Any, b: Any, *params: Any) -> Sequence[Any]:
            @functools.lru_cache(maxsize=None)
            def pulled() -> list[Any]:
                """Every parameter's adjoint, from one quad_vec of h's gradient in the floats among them."""
                moved = tuple(j for j, p in enumerate(params, 1) if _inexact(p))
                adjoints: list[Any] = [None] * len(params)
                if moved:
                    gradient = gradients.setdefault(moved, grad(h, moved))

                    def integrand(t: float) -> Any:
                        return np.concatenate([np.ravel(g) for g in gradient(t, *params)])
                    from scipy.integrate import quad_vec
                    flat = d_y * quad_vec(integrand, a, b, **_vector_options(options))[0]
                    sizes = np.cumsum([0] + [int(np.size(params[j - 1])) for j in moved])
                    for j, start, stop in zip(moved, sizes, sizes[1:]):
                        adjoints[j - 1] = np.reshape(flat[start:stop], np.shape(params[j - 1]))
                return adjoints

            def adjoint(k: int) -> Any:
                if k < 2:            # a bound: the integrand there (-h(a), h(b))
                    end = (a, b)[k]
                    return None if np.isinf(end) else (2 * k - 1) * d_y * h(end, *params)
                return pulled()[k - 2]
            # (computed when indexed: a bound held constant is never evaluated, h may be singular there)
            return _Lazy(adjoint, 2 + len(params))

        _named(integral, solver, h)
        register_rule(integral, vjp_rule, jvp_rule)
        _refuse_second_derivatives(solver, h, vjp_rule, jvp_rule)
        return integral
    return _cached("quad", solver, h, lead, options, build)


def _inexact(value: Any) -> bool:
    """A float or complex number or array: a parameter with a derivative (not an integer, a flag)."""
    try:
        return bool(np.issubdtype(np.asarray(value).dtype, np.inexact))
    except (TypeError, ValueError):
        return False


def _vector_options(options: dict[str, Any]) -> dict[str, Any]:
    """quad's tolerances as quad_vec takes them (its default epsabs is 1e-200: quad's instead)."""
    return {"epsabs": options.get("epsabs", 1.49e-8), "epsrel": options.get("epsrel", 1.49e-8),
            "limit": options.get("limit", 50), **({"points": options["points"]} if "points" in options else {})}


# -- odeint, solve_ivp: forward sensitivities --------------------------------------------------------------


class _Odeint:
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

    def adjoints(self, d_start: Any, d_times: Any) -> tuple[Any, ...]:
        """The lead arguments' adjoints but y0's, in order: ``t``'s (its first entry the start)."""
        d_times[0] += d_start
        return (d_times,)


class _SolveIvp(_Odeint):
    """solve_ivp's: ``made(t_span, y0, t_eval, *params)`` is ``solve_ivp(h, t_span, y0,
    t_eval=t_eval, args=params).y``, columns per time; ``h(t, y, *params)``."""
    lead = 3

    def solution(self, t_span: Any, y0: Any, t_eval: Any, *params: Any) -> Any:
        return self.solver(self.h, t_span, y0, t_eval=t_eval, args=params or None, **self.options).y

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

    def adjoints(self, d_start: Any, d_times: Any) -> tuple[Any, ...]:
        """t_span's (its end moves no output at t_eval) and t_eval's."""
        return (d_start, 0.0), d_times


def _make_ode(layout: type[_Odeint]) -> Callable[..., Callable[..., Any]]:
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
            return ode.shaped(moved, y)

        def vjp_rule(d_y: Any, y: Any, *values: Any) -> Sequence[Any]:
            y0, _, start = ode.split(values[:ode.lead])
            params = values[ode.lead:]
            rows = ode.rows(np.broadcast_to(d_y, np.shape(y)))

            @functools.lru_cache(maxsize=None)
            def pulled(j: int) -> Any:
                """The adjoint of y0 (``j = 0``) or of ``params[j - 1]``: a JVP per entry."""
                value = y0 if j == 0 else params[j - 1]
                if j > 0 and not _inexact(value):
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
                return ode.adjoints(d_start, np.sum(rows * at, axis=1))

            y0_at = 0 if ode.lead == 2 else 1
            others = [k for k in range(ode.lead) if k != y0_at]

            def adjoint(k: int) -> Any:
                if k == y0_at:
                    return pulled(0)
                if k < ode.lead:
                    return of_times()[others.index(k)]
                return pulled(k - ode.lead + 1)
            # (computed when indexed: the generated code asks only for the arguments it differentiates)
            return _Lazy(adjoint, len(values))

        def build() -> Callable[..., Any]:
            def solution(*values: Any) -> Any:
                return ode.solution(*values)
            _named(solution, solver, h)
            register_rule(solution, vjp_rule, jvp_rule)
            _refuse_second_derivatives(solver, h, vjp_rule, jvp_rule)
            return solution
        return _cached(layout.__name__, solver, h, lead, options, build)
    return make


class _Lazy(Sequence[Any]):
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


def _make_whole(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
    """``solver(h, *lead, args=params, **options)``, SciPy's whole result (quad's error, a
    minimiser's ``.success``), held constant as stop_gradient is: the lowering cuts its inputs."""
    def build() -> Callable[..., Any]:
        def result(*values: Any) -> Any:
            return solver(h, *values[:lead], args=tuple(values[lead:]), **options)
        _named(result, solver, h)
        result.__name__ = f"{result.__name__}_result"
        register_rule(result, lambda d_y, y, *args: (None,) * len(args), lambda tangents, y, *args: 0.0)
        return result
    return _cached("whole", solver, h, lead, options, build)


def _make_ivp_whole(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
    """solve_ivp's whole result (``.t``, ``.success``), held constant (its ``t_eval`` by keyword)."""
    def build() -> Callable[..., Any]:
        def result(t_span: Any, y0: Any, t_eval: Any, *params: Any) -> Any:
            return solver(h, t_span, y0, t_eval=t_eval, args=params or None, **options)
        _named(result, solver, h)
        result.__name__ = f"{result.__name__}_result"
        register_rule(result, lambda d_y, y, *args: (None,) * len(args), lambda tangents, y, *args: 0.0)
        return result
    return _cached("ivp whole", solver, h, lead, options, build)


def _register_forms() -> None:
    """The forms of SciPy's solvers (frontend/solver_calls.py), registered at the first call of
    one lowered: SciPy is imported then, not with transpiler. ``bounds=`` is not among a
    minimiser's options: at an optimum on a bound the derivative is not the theorem's."""
    import scipy.integrate
    import scipy.optimize as optimize
    bracketed = frozenset({"xtol", "rtol", "maxiter", "disp"})
    for solver in (optimize.brentq, optimize.brenth, optimize.bisect, optimize.ridder, optimize.toms748):
        register(solver, SolverForm("f", ("a", "b"), bracketed | ({"k"} if solver is optimize.toms748 else set()),
                                    _root(), _make_whole))
    register(optimize.newton, SolverForm("func", ("x0",), frozenset({"tol", "maxiter", "rtol", "disp", "x1"}),
                                         _root(), _make_whole))
    register(optimize.fsolve, SolverForm("func", ("x0",), frozenset({"xtol", "maxfev", "epsfcn", "factor", "diag"}),
                                         _root(), _make_whole))
    register(optimize.root, SolverForm("fun", ("x0",), frozenset({"method", "tol", "options"}), _root(lambda r: r.x),
                                       _make_whole, ("x",)))
    register(optimize.root_scalar, SolverForm("f", (), frozenset({"method", "bracket", "x0", "x1", "xtol", "rtol",
                                                                  "maxiter"}), _root(lambda r: r.root), _make_whole,
                                              ("root",)))
    register(optimize.minimize_scalar, SolverForm("fun", (), frozenset({"bracket", "method", "tol", "options"}),
                                                  _root(lambda r: r.x, optimum=True), _make_whole, ("x", "fun")))
    register(optimize.minimize, SolverForm("fun", ("x0",), frozenset({"method", "tol", "options"}),
                                           _root(lambda r: r.x, optimum=True), _make_whole, ("x", "fun")))
    register(scipy.integrate.odeint, SolverForm("func", ("y0", "t"), frozenset({"rtol", "atol", "mxstep", "h0", "hmax",
                                                                             "hmin", "mxordn", "mxords"}),
                                                _make_ode(_Odeint), _make_whole))
    register(scipy.integrate.solve_ivp, SolverForm("fun", ("t_span", "y0", "t_eval"),
                                                   frozenset({"method", "rtol", "atol", "max_step", "first_step"}),
                                                   _make_ode(_SolveIvp), _make_ivp_whole, ("y",)))
    register(scipy.integrate.quad, SolverForm("func", ("a", "b"), frozenset({"epsabs", "epsrel", "limit", "points"}),
                                              _make_quad, _make_whole, with_error=True))


loads_with(_register_forms)
