"""Derivative rules of SciPy's solvers and integrators of a Python function, for the calls the
lowering makes of them (frontend/solver_calls.py): ``made(*lead, *params)`` runs the solver on
``h``, the function passed (``h(x, *params)``: its own extra arguments, then the values a lifted
lambda captures), from ``lead`` (a bracket, ``x0``), and returns its solution exactly as SciPy
does. The rules differentiate ``h`` with the transforms, at run time:

- a root ``x*`` of ``G(x, θ) = h(x, θ)`` (brentq, newton, fsolve, root, root_scalar), an optimum,
  a root of ``G = ∂h/∂x`` (minimize_scalar, minimize; least_squares and curve_fit of ``½‖r‖²``,
  its exact Hessian), or a fixed point, of ``G = h(x, θ) - x`` (fixed_point): the implicit function theorem,
  ``dx*/dθ = -(∂G/∂x)⁻¹ ∂G/∂θ``, at the solution SciPy returns. The JVP solves with ``∂G/∂x``
  for the tangent ``∂G/∂θ · t``; the VJP solves with its transpose and pulls the result back
  through ``G``. The bracket or starting point has no derivative (the root does not move with
  it). The solution is exact to the solver's tolerance, and so is its derivative: pass a tight
  tolerance (``xtol=1e-12``) where the derivative matters. An entry of ``minimize(bounds=)``'s
  optimum that a bound holds has derivative 0 (the free entries' block of ``∂G/∂x`` is solved).
- ``quad(h, a, b, args)`` (Leibniz's rule): ``d∫ = ∫ ∂h/∂θ · t dt + h(b) db - h(a) da``, the
  integral of the JVP of ``h`` by ``quad`` again, with the call's tolerances; the VJP integrates
  the pulled-back adjoints of every parameter at once (``quad_vec``).
- ``odeint(h, y0, t, args)``, ``solve_ivp(h, t_span, y0, t_eval=t, args).y`` (or without
  ``t_eval``): forward sensitivities (solver_odes.py); the VJP takes one integration per entry of ``y0`` and of each
  parameter differentiated.

The rules are not differentiated again: a second derivative through a solver is refused, at the
rule, naming the solver (``hessian``, ``hvp``, ``jvp`` of a ``grad``)."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Callable

import numpy as np

from .api.arguments import bind_call
from .api.second import gradient_jvp, hessian
from .api.transforms import grad, jacobian, jvp, vjp
from .custom import register_rule
from .errors import Location, UnknownFunctionError
from .frontend.source import hold_generated
from .frontend.solver_calls import SolverForm, loads_with, register
from .solver_odes import Odeint, SolveIvp, make_ivp_times, make_ivp_whole, make_ode
from .solver_support import Lazy, cached, inexact, make_whole, named, passed_at, refuse_second_derivatives


# -- roots and optima: the implicit function theorem ----------------------------------------------------------


class Condition:
    """``G(x, θ) = 0`` at the solution: ``h`` itself (a root), ``∂h/∂x`` (an optimum), or
    ``h(x, θ) - x`` (a fixed point)."""

    def __init__(self, h: Callable[..., Any], kind: str = "root") -> None:
        self.h, self.optimum, self.fixed_point = h, kind == "optimum", kind == "fixed point"

    def slope(self, point: tuple[Any, ...]) -> Any:
        """``∂G/∂x`` at ``point = (x, *θ)``: a number, or a matrix for a vector ``x``."""
        if self.fixed_point:
            size = np.size(point[0])
            return np.reshape(jacobian(self.h, 0)(*point), (size, size)) - np.eye(size)
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
        return tuple(gradient_jvp(self.h, full, j, 0)(adjoint) if inexact(point[j]) else None
                     for j in range(1, len(point)))


def _solve(slope: Any, right: Any, transposed: bool = False, held: Any = None) -> Any:
    """``slope⁻¹ right`` (``slope⁻ᵀ right``) for a number or a matrix of a vector's entries;
    ``held``, a mask of entries a bound holds: 0 there, the free entries' block solved alone."""
    if np.ndim(slope) == 0:
        return right / slope
    size = np.size(right)
    matrix = np.reshape(slope, (size, size))
    free = np.ones(size, dtype=bool) if held is None else ~np.ravel(held)
    solved = np.zeros(size)
    solved[free] = np.linalg.solve((matrix.T if transposed else matrix)[np.ix_(free, free)], np.ravel(right)[free])
    return np.reshape(solved, np.shape(right))


def implicit(solve: Callable[..., Any], solver: Any, h: Callable[..., Any], lead: int,
             condition: Callable[[Any, tuple[Any, ...]], Condition],
             held: Callable[..., Any] | None = None) -> Callable[..., Any]:
    """``solve(*lead, *params)`` with the implicit function theorem's rules registered:
    ``condition(y, params)`` the condition its solution ``y`` meets; ``held(y, *params)`` a mask
    of the entries of ``y`` a bound holds (their derivative 0: the free entries' meet the condition)."""
    def at(y: Any, values: tuple[Any, ...]) -> tuple[Condition, tuple[Any, ...], Any]:
        params = values[lead:]
        return condition(y, params), (y, *params), None if held is None else held(y, *params)

    def jvp_rule(tangents: tuple[Any, ...], y: Any, *values: Any) -> Any:
        moved = tuple(tangents[lead:])
        if all(t is None for t in moved):
            return np.zeros_like(y, dtype=float)
        met, point, fixed = at(y, values)
        return -_solve(met.slope(point), met.along(point, moved), held=fixed)

    def vjp_rule(d_y: Any, y: Any, *values: Any) -> tuple[Any, ...]:
        met, point, fixed = at(y, values)
        adjoint = -_solve(met.slope(point), np.asarray(d_y, dtype=float), transposed=True, held=fixed)
        return (None,) * lead + tuple(met.pulled_back(point, adjoint))

    named(solve, solver, h)
    register_rule(solve, vjp_rule, jvp_rule)
    refuse_second_derivatives(solver, h, vjp_rule, jvp_rule)
    return solve


def _root(pick: Callable[[Any], Any] | None = None, kind: str = "root") -> Callable[..., Callable[..., Any]]:
    """A form's maker: ``solver(h, *lead, args=params, **options)``, ``pick`` its solution from
    the result object (``.root``, ``.x``); ``kind``: the condition the solution meets."""
    def make(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
        def build() -> Callable[..., Any]:
            def solve(*values: Any) -> Any:
                found = solver(h, *values[:lead], args=tuple(values[lead:]), **options)
                return pick(found) if pick is not None else found
            met = Condition(h, kind)
            held = _held_by_bounds(lambda count: h, _per_entry(options["bounds"])) if "bounds" in options else None
            return implicit(solve, solver, h, lead, lambda y, params: met, held)
        return cached(kind, solver, h, lead, options, build)
    return make


def _per_entry(bounds: Any) -> tuple[Any, Any]:
    """``minimize``'s bounds (a pair ``(low, high)`` per entry, None unbounded, or a ``Bounds``) as
    ``(lows, highs)``, least_squares' spelling."""
    if hasattr(bounds, "lb"):
        return bounds.lb, bounds.ub
    pairs = [(-np.inf if lo is None else lo, np.inf if hi is None else hi) for lo, hi in bounds]
    return tuple(np.asarray(pairs, dtype=float).T)


def _held_by_bounds(objective: Callable[[int], Callable[..., Any]], bounds: Any) -> Callable[..., Any]:
    """``held(x, *params)``: the entries of a minimiser's optimum ``x`` of ``objective(len(params))``
    that ``bounds`` (``(lows, highs)``, each a number or one per entry, or a ``Bounds``) hold: on the
    bound (to 1e-8, relatively), the objective decreasing out of the box there. Such an entry stays
    on its bound as the parameters move, its derivative 0; the free entries' meet ``∂f/∂x = 0``."""
    def held(x: Any, *params: Any) -> Any:
        low, high = (np.broadcast_to(np.asarray(b, dtype=float), (np.size(x),))
                     for b in ((bounds.lb, bounds.ub) if hasattr(bounds, "lb") else bounds))
        entries, slope = np.ravel(x), np.ravel(grad(objective(len(params)), 0)(x, *params))

        def on(bound: np.ndarray) -> np.ndarray:
            return np.abs(entries - bound) <= 1e-8 * (1 + np.abs(np.where(np.isfinite(bound), bound, 0.0)))
        return np.reshape(on(low) & (slope > 0) | on(high) & (slope < 0), np.shape(x))
    return held


# -- least_squares, curve_fit: the optimum of ½‖r‖² ------------------------------------------------------------


def _make_least_squares(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
    """``least_squares(h, x0, args=params).x``: an optimum of ``½‖h(x, *params)‖²`` (its exact
    Hessian, not Gauss-Newton's ``JᵀJ``, in the theorem: the residuals at the optimum need not be 0)."""
    def build() -> Callable[..., Any]:
        def solve(x0: Any, *params: Any) -> Any:
            return solver(h, x0, args=params, **options).x
        held = _held_by_bounds(lambda count: half_squares(h, count), options["bounds"]) if "bounds" in options else None
        return implicit(solve, solver, h, lead, lambda y, params: Condition(half_squares(h, len(params)), "optimum"),
                        held)
    return cached("least squares", solver, h, lead, options, build)


def _make_curve_fit(solver: Any, model: Callable[..., Any], lead: int, options: dict[str, Any]) -> Callable[..., Any]:
    """``curve_fit(model, xdata, ydata, p0, sigma)[0]`` as ``fit(p0, xdata, ydata, sigma, *captured)``:
    an optimum of ``½‖(model(xdata, *p, *captured) - ydata) / sigma‖²`` in ``p`` (``sigma`` None: 1),
    differentiated in the data, ``sigma`` and what the model captures."""
    def build() -> Callable[..., Any]:
        def fit(p0: Any, xdata: Any, ydata: Any, sigma: Any, *captured: Any) -> Any:
            return solver(_with_captured(model, captured), xdata, ydata, _start(p0, model, captured), sigma=sigma,
                          **options)[0]

        def condition(y: Any, params: tuple[Any, ...]) -> Condition:
            if np.ndim(params[2]) > 1:
                raise UnknownFunctionError(
                    f"`scipy.optimize.curve_fit` with a 2-D `sigma` (a covariance){passed_at(model)} is differentiated "
                    "only with a 1-D `sigma` (standard deviations)", hint="pass the standard deviations, or "
                    "whiten the data yourself (`L = np.linalg.cholesky(C)`, fit `solve(L, model - y)`) with "
                    "least_squares")
            return Condition(_fit_squares(model, np.size(y), len(params) - 3, params[2] is not None), "optimum")
        return implicit(fit, solver, model, lead, condition)
    return cached("curve fit", solver, model, lead, options, build)


def _make_covariance(solver: Any, model: Callable[..., Any], lead: int, options: dict[str, Any],
                     where: Location) -> Callable[..., Any]:
    """curve_fit's ``pcov``, SciPy's, its derivative refused (naming the call at ``where``) when
    one is taken: where only ``popt`` is read, it is not."""
    def build() -> Callable[..., Any]:
        def covariance(p0: Any, xdata: Any, ydata: Any, sigma: Any, *captured: Any) -> Any:
            return solver(_with_captured(model, captured), xdata, ydata, _start(p0, model, captured), sigma=sigma,
                          **options)[1]

        def refuse(*_: Any) -> Any:
            raise UnknownFunctionError(
                "`pcov`, the second item of `scipy.optimize.curve_fit`'s result, has no derivative rule (only "
                "`popt`, the first, has: the implicit function theorem's)", where,
                hint="read `pcov` where no differentiated value reaches it, or compute the covariance from the "
                     "Jacobian at popt (`J = transpiler.jacobian(residuals)(popt)`, `np.linalg.inv(J.T @ J) * s2`)")
        named(covariance, solver, model)
        covariance.__name__ = f"{covariance.__name__}_pcov"
        register_rule(covariance, refuse, refuse)
        return covariance
    return cached("covariance", solver, model, lead, {**options, "at": str(where)}, build)


def _start(p0: Any, model: Callable[..., Any], captured: tuple[Any, ...]) -> Any:
    """``p0``, or curve_fit's default where it is left out (None): ones, one per parameter of the
    model's own (those after ``xdata``, before the values a lifted model captures)."""
    return np.ones(model.__code__.co_argcount - 1 - len(captured)) if p0 is None else p0


def _with_captured(model: Callable[..., Any], captured: tuple[Any, ...]) -> Callable[..., Any]:
    """``model(x, *p)`` as curve_fit calls it, the values a lifted model captures after ``p``."""
    return model if not captured else lambda x, *p: model(x, *p, *captured)


_GENERATED: dict[tuple, Callable[..., Any]] = {}     # (what, function, sizes) -> the function written


def _written(key: tuple, name: str, parameters: list[str], value: str, namespace: dict[str, Any]) -> Callable[..., Any]:
    """``def name(*parameters): return value``, compiled in ``namespace`` and held for the
    transforms to read (their derivatives are taken as of any function of the user's)."""
    if key not in _GENERATED:
        text = f"def {name}({', '.join(parameters)}):\n    return {value}\n"
        exec(compile(text, f"<transpiler: {name}>", "exec"), namespace)
        hold_generated(namespace[name], text)
        _GENERATED[key] = namespace[name]
    return _GENERATED[key]


def _plain_name(f: Callable[..., Any]) -> str:
    name = getattr(f, "__name__", "f")
    return name if name.isidentifier() else "f"


def half_squares(residuals: Callable[..., Any], count: int) -> Callable[..., Any]:
    """``cost(x, *args) = ½‖residuals(x, *args)‖²`` for ``count`` extra arguments: least_squares'
    objective, and its ``.cost`` at the optimum."""
    arguments = ["x", *(f"a{k}" for k in range(count))]
    return _written(("cost", residuals, count), f"cost_of_{_plain_name(residuals)}", arguments,
                    f"0.5 * np.sum(residuals({', '.join(arguments)}) ** 2)", {"np": np, "residuals": residuals})


def _fit_squares(model: Callable[..., Any], size: int, captured: int, weighted: bool) -> Callable[..., Any]:
    """``½‖(model(xdata, p[0], ..., p[size - 1], *captured) - ydata) / sigma‖²`` of ``(p, xdata,
    ydata, sigma, *captured)`` (``weighted``: else without ``/ sigma``, the ``sigma`` passed None)."""
    names = [f"c{k}" for k in range(captured)]
    call = ", ".join(["xdata", *(f"p[{k}]" for k in range(size)), *names])
    residuals = f"(model({call}) - ydata) / sigma" if weighted else f"model({call}) - ydata"
    return _written(("fit", model, size, captured, weighted), f"fit_cost_of_{_plain_name(model)}",
                    ["p", "xdata", "ydata", "sigma", *names],
                    f"0.5 * np.sum(({residuals}) ** 2)", {"np": np, "model": model})


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
                moved = tuple(j for j, p in enumerate(params, 1) if inexact(p))
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
            return Lazy(adjoint, 2 + len(params))

        named(integral, solver, h)
        register_rule(integral, vjp_rule, jvp_rule)
        refuse_second_derivatives(solver, h, vjp_rule, jvp_rule)
        return integral
    return cached("quad", solver, h, lead, options, build)



def _vector_options(options: dict[str, Any]) -> dict[str, Any]:
    """quad's tolerances as quad_vec takes them (its default epsabs is 1e-200: quad's instead)."""
    return {"epsabs": options.get("epsabs", 1.49e-8), "epsrel": options.get("epsrel", 1.49e-8),
            "limit": options.get("limit", 50), **({"points": options["points"]} if "points" in options else {})}


def _cost_and_residuals(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any],
                        count: int) -> tuple[Callable[..., Any], ...]:
    """least_squares' ``.cost`` and ``.fun`` at its ``.x``: ``½‖h‖²`` and ``h``."""
    return half_squares(h, count), h


def _times(solver: Any, h: Callable[..., Any], lead: int, options: dict[str, Any],
           count: int) -> tuple[Callable[..., Any], ...]:
    """solve_ivp's ``.t`` of its ``.y`` and its arguments."""
    return (make_ivp_times(solver, h, lead, options),)


def _register_forms() -> None:
    """The forms of SciPy's solvers (frontend/solver_calls.py), registered at the first call of
    one lowered: SciPy is imported then, not with transpiler. ``minimize``'s ``bounds=``: an
    entry on its bound has derivative 0, the others the theorem's (``_held_by_bounds``)."""
    import scipy.integrate
    import scipy.optimize as optimize
    bracketed = frozenset({"xtol", "rtol", "maxiter", "disp"})
    for solver in (optimize.brentq, optimize.brenth, optimize.bisect, optimize.ridder, optimize.toms748):
        register(solver, SolverForm("f", ("a", "b"), bracketed | ({"k"} if solver is optimize.toms748 else set()),
                                    _root(), make_whole))
    register(optimize.newton, SolverForm("func", ("x0",), frozenset({"tol", "maxiter", "rtol", "disp", "x1"}),
                                         _root(), make_whole))
    register(optimize.fsolve, SolverForm("func", ("x0",), frozenset({"xtol", "maxfev", "epsfcn", "factor", "diag"}),
                                         _root(), make_whole))
    register(optimize.root, SolverForm("fun", ("x0",), frozenset({"method", "tol", "options"}), _root(lambda r: r.x),
                                       make_whole, ("x",)))
    register(optimize.root_scalar, SolverForm("f", (), frozenset({"method", "bracket", "x0", "x1", "xtol", "rtol",
                                                                  "maxiter"}), _root(lambda r: r.root), make_whole,
                                              ("root",)))
    register(optimize.minimize_scalar, SolverForm("fun", (), frozenset({"bracket", "method", "tol", "options"}),
                                                  _root(lambda r: r.x, "optimum"), make_whole, ("x", "fun")))
    register(optimize.minimize, SolverForm("fun", ("x0",), frozenset({"method", "tol", "options", "bounds"}),
                                           _root(lambda r: r.x, "optimum"), make_whole, ("x", "fun")))
    register(optimize.fixed_point, SolverForm("func", ("x0",), frozenset({"xtol", "maxiter", "method"}),
                                              _root(kind="fixed point"), make_whole))
    register(optimize.least_squares, SolverForm(
        "fun", ("x0",), frozenset({"method", "ftol", "xtol", "gtol", "x_scale", "max_nfev", "diff_step", "verbose",
                                   "bounds"}),
        _make_least_squares, make_whole, ("x", "cost", "fun"), recomputed=_cost_and_residuals))
    register(optimize.curve_fit, SolverForm(
        "f", ("p0",), frozenset({"method", "maxfev", "max_nfev", "ftol", "xtol", "gtol", "check_finite", "epsfcn"}),
        _make_curve_fit, make_whole, extra=("xdata", "ydata", "sigma"), paired=_make_covariance,
        optional=frozenset({"p0", "sigma"})))
    register(scipy.integrate.odeint, SolverForm("func", ("y0", "t"), frozenset({"rtol", "atol", "mxstep", "h0", "hmax",
                                                                             "hmin", "mxordn", "mxords"}),
                                                make_ode(Odeint), make_whole))
    register(scipy.integrate.solve_ivp, SolverForm("fun", ("t_span", "y0", "t_eval"),
                                                   frozenset({"method", "rtol", "atol", "max_step", "first_step"}),
                                                   make_ode(SolveIvp), make_ivp_whole, ("y", "t"),
                                                   optional=frozenset({"t_eval"}), lead_too=True,
                                                   recomputed=_times))
    register(scipy.integrate.quad, SolverForm("func", ("a", "b"), frozenset({"epsabs", "epsrel", "limit", "points"}),
                                              _make_quad, make_whole, with_error=True))


loads_with(_register_forms)
