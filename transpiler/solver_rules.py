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
  sensitivities (``make_ode``); the VJP takes one integration per entry of ``y0`` and of each
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
from .frontend.solver_calls import SolverForm, loads_with, register
from .solver_odes import Odeint, SolveIvp, make_ivp_whole, make_ode
from .solver_support import Lazy, cached, inexact, make_whole, named, refuse_second_derivatives


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

    named(solve, solver, h)
    register_rule(solve, vjp_rule, jvp_rule)
    refuse_second_derivatives(solver, h, vjp_rule, jvp_rule)
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
        return cached("optimum" if optimum else "root", solver, h, lead, options, build)
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


def _register_forms() -> None:
    """The forms of SciPy's solvers (frontend/solver_calls.py), registered at the first call of
    one lowered: SciPy is imported then, not with transpiler. ``bounds=`` is not among a
    minimiser's options: at an optimum on a bound the derivative is not the theorem's."""
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
                                                  _root(lambda r: r.x, optimum=True), make_whole, ("x", "fun")))
    register(optimize.minimize, SolverForm("fun", ("x0",), frozenset({"method", "tol", "options"}),
                                           _root(lambda r: r.x, optimum=True), make_whole, ("x", "fun")))
    register(scipy.integrate.odeint, SolverForm("func", ("y0", "t"), frozenset({"rtol", "atol", "mxstep", "h0", "hmax",
                                                                             "hmin", "mxordn", "mxords"}),
                                                make_ode(Odeint), make_whole))
    register(scipy.integrate.solve_ivp, SolverForm("fun", ("t_span", "y0", "t_eval"),
                                                   frozenset({"method", "rtol", "atol", "max_step", "first_step"}),
                                                   make_ode(SolveIvp), make_ivp_whole, ("y",)))
    register(scipy.integrate.quad, SolverForm("func", ("a", "b"), frozenset({"epsabs", "epsrel", "limit", "points"}),
                                              _make_quad, make_whole, with_error=True))


loads_with(_register_forms)
