"""SciPy's root finders, minimisers, quad and odeint of a function of the differentiated values, in
their common form (frontend/solver_calls.py, solver_rules.py): the derivative of a root or optimum
is the implicit function theorem's, of an integral Leibniz's rule, of an ODE's solution its
forward sensitivities. Checked, in both modes, against closed
forms and against central differences of SciPy itself run to a tight tolerance; the value is
SciPy's own; a second derivative through a solver is refused, never silently wrong."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from scipy import integrate, optimize  # noqa: E402
from scipy.stats import norm  # noqa: E402

import transpiler  # noqa: E402
from transpiler.check import check_grad  # noqa: E402
from transpiler.errors import UnknownFunctionError  # noqa: E402


def square_root(a):
    return optimize.brentq(lambda x: x ** 2 - a, 0.0, 10.0, xtol=1e-15, rtol=1e-15)


def _bracketed(solver):
    def root(a):
        return solver(lambda x: np.cos(x) - a * x, 0.0, 2.0, xtol=1e-15)
    root.__name__ = f"root_by_{solver.__name__}"
    return root


def by_newton(a):
    return optimize.newton(lambda x: np.cos(x) - a * x, 0.5, tol=1e-15)


def by_root_scalar(a):
    return optimize.root_scalar(lambda x: np.cos(x) - a * x, bracket=(0.0, 2.0), xtol=1e-15).root


def _cos_root_slope(a):
    """d/da of the root of cos(x) = a x: -x / (sin(x) + a)."""
    x = optimize.brentq(lambda x: np.cos(x) - a * x, 0.0, 2.0, xtol=1e-15)
    return -x / (np.sin(x) + a)


def test_a_root_has_the_closed_form_derivative_in_both_modes_and_scipys_value():
    assert square_root(2.0) == optimize.brentq(lambda x: x ** 2 - 2.0, 0.0, 10.0, xtol=1e-15, rtol=1e-15)
    np.testing.assert_allclose(transpiler.grad(square_root)(2.0), 0.5 / np.sqrt(2.0), rtol=1e-12)
    value, tangent = transpiler.jvp(square_root, (2.0,), (3.0,))
    np.testing.assert_allclose(tangent, 1.5 / np.sqrt(2.0), rtol=1e-12)
    assert value == square_root(2.0)


@pytest.mark.parametrize("f", [*(_bracketed(s) for s in (optimize.brentq, optimize.brenth, optimize.bisect,
                                                          optimize.ridder, optimize.toms748)),
                               by_newton, by_root_scalar], ids=lambda f: f.__name__)
def test_every_scalar_root_finder_gives_the_implicit_derivative(f):
    expected = _cos_root_slope(0.7)
    np.testing.assert_allclose(transpiler.grad(f)(0.7), expected, rtol=1e-9)
    np.testing.assert_allclose(transpiler.jvp(f, (0.7,), (-2.0,))[1], -2.0 * expected, rtol=1e-9)


def black_scholes(vol, S, K, T):
    d1 = (np.log(S / K) + 0.5 * vol ** 2 * T) / (vol * np.sqrt(T))
    return S * norm.cdf(d1) - K * norm.cdf(d1 - vol * np.sqrt(T))


def implied_volatility(p):
    S, K, T, target = p[0], p[1], p[2], p[3]
    return optimize.brentq(lambda v: black_scholes(v, S, K, T) - target, 1e-6, 5.0, xtol=1e-15, rtol=1e-15)


def test_implied_volatility_agrees_with_differences_of_scipy_and_one_over_vega():
    p = np.array([100.0, 95.0, 0.5, 12.0])
    assert check_grad(implied_volatility, p)
    vol = implied_volatility(p)
    d1 = (np.log(p[0] / p[1]) + 0.5 * vol ** 2 * p[2]) / (vol * np.sqrt(p[2]))
    vega = p[0] * norm.pdf(d1) * np.sqrt(p[2])
    np.testing.assert_allclose(transpiler.grad(implied_volatility)(p)[3], 1 / vega, rtol=1e-9)
    v = np.array([0.3, -1.0, 0.2, 0.5])
    np.testing.assert_allclose(transpiler.jvp(implied_volatility, (p,), (v,))[1],
                               transpiler.grad(implied_volatility)(p) @ v, rtol=1e-10)


def cubic_gap(x, s, t):
    return x ** 3 + s * x - t


def root_with_args(a):
    return optimize.brentq(cubic_gap, 0.0, 5.0, args=(a[0], a[1]), xtol=1e-15, rtol=1e-15)


def nested_def_root(a):
    def gap(x, t):
        return x ** 3 + a[0] * x - t
    return optimize.brentq(gap, 0.0, 5.0, args=(a[1],), xtol=1e-15, rtol=1e-15)


@pytest.mark.parametrize("f", [root_with_args, nested_def_root], ids=lambda f: f.__name__)
def test_a_module_level_function_with_args_and_a_nested_def_are_differentiated(f):
    a = np.array([0.5, 2.0])
    x = f(a)
    np.testing.assert_allclose(transpiler.grad(f)(a), np.array([-x, 1.0]) / (3 * x ** 2 + a[0]), rtol=1e-10)
    assert check_grad(f, a)


def vector_root(theta):
    x = optimize.fsolve(lambda x: x + theta * x ** 3 - np.array([1.0, 2.0]), np.ones(2), xtol=1e-13)
    return np.sum(x ** 2)


def vector_root_by_root(theta):
    res = optimize.root(lambda x: x + theta * x ** 3 - np.array([1.0, 2.0]), np.ones(2), tol=1e-14)
    return np.sum(res.x ** 2) if res.success else np.nan


@pytest.mark.parametrize("f", [vector_root, vector_root_by_root], ids=lambda f: f.__name__)
def test_fsolve_and_root_solve_with_the_jacobian_in_both_modes(f):
    theta = np.array([0.3, 0.4])
    x = optimize.fsolve(lambda x: x + theta * x ** 3 - np.array([1.0, 2.0]), np.ones(2), xtol=1e-13)
    expected = 2 * x * (-x ** 3 / (1 + 3 * theta * x ** 2))       # the Jacobian is diagonal
    np.testing.assert_allclose(transpiler.grad(f)(theta), expected, rtol=1e-9)
    v = np.array([1.0, -1.0])
    np.testing.assert_allclose(transpiler.jvp(f, (theta,), (v,))[1], expected @ v, rtol=1e-9)


def scalar_optimum(w):
    res = optimize.minimize_scalar(lambda a: (a - w) ** 2 + a ** 4, tol=1e-12)
    return res.x + 3.0 * res.fun


def test_minimize_scalar_x_by_the_implicit_theorem_and_fun_by_the_envelope():
    w = 0.3
    a = optimize.brentq(lambda a: 2 * (a - w) + 4 * a ** 3, -5, 5, xtol=1e-15)     # f'(a) = 0
    expected = 2 / (2 + 12 * a ** 2) + 3.0 * (-2 * (a - w))
    np.testing.assert_allclose(transpiler.grad(scalar_optimum)(w), expected, rtol=1e-7)
    np.testing.assert_allclose(transpiler.jvp(scalar_optimum, (w,), (1.0,))[1], expected, rtol=1e-7)


A = np.array([[3.0, 1.0], [1.0, 2.0]])


def quadratic_optimum(theta):
    res = optimize.minimize(lambda x: 0.5 * x @ A @ x - theta @ x, np.zeros(2), method="BFGS",
                            options={"gtol": 1e-12})
    return np.sum(res.x) + res.fun + (0.0 if res.success else np.nan)


def test_minimize_solves_with_the_hessian_and_other_fields_are_scipys():
    theta = np.array([1.0, -0.5])
    expected = np.linalg.solve(A, np.ones(2)) - np.linalg.solve(A, theta)      # x* = A^-1 theta, fun = -x*.theta/2
    np.testing.assert_allclose(transpiler.grad(quadratic_optimum)(theta), expected, rtol=1e-8)
    v = np.array([0.5, 2.0])
    np.testing.assert_allclose(transpiler.jvp(quadratic_optimum, (theta,), (v,))[1], expected @ v, rtol=1e-8)


def integral(theta):
    return integrate.quad(lambda t: np.exp(-theta[0] * t) * np.sin(theta[1] * t), 0.0, theta[2],
                          epsabs=1e-13, epsrel=1e-13)[0]


def test_quad_by_leibniz_rule_with_a_moving_bound_in_both_modes():
    theta = np.array([0.7, 2.0, 1.5])
    assert check_grad(integral, theta)
    k, w, b = theta
    end = np.exp(-k * b) * np.sin(w * b)                                        # d/db: the integrand at b
    np.testing.assert_allclose(transpiler.grad(integral)(theta)[2], end, rtol=1e-10)
    v = np.array([1.0, 0.5, -0.3])
    np.testing.assert_allclose(transpiler.jvp(integral, (theta,), (v,))[1], transpiler.grad(integral)(theta) @ v,
                               rtol=1e-9)


def decay_integral(k):
    value, error = integrate.quad(lambda t: np.exp(-k * t), 0.0, 1.0)
    return value + 0.0 * error


def test_quad_closed_form_and_its_error_estimate_held_constant():
    k = 0.7
    expected = (np.exp(-k) * (k + 1) - 1) / k ** 2                              # d/dk (1 - e^-k) / k
    np.testing.assert_allclose(transpiler.grad(decay_integral)(k), expected, rtol=1e-9)
    np.testing.assert_allclose(decay_integral(k), (1 - np.exp(-k)) / k, rtol=1e-12)


def decayed_sum(k):
    return np.sum(exponential_decay(k))


@pytest.mark.parametrize("f, x", [(square_root, 2.0), (decay_integral, 0.7), (scalar_optimum, 0.3), (decayed_sum, 0.8)],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_a_second_derivative_through_a_solver_is_refused_not_wrong(f, x):
    for second in (lambda: transpiler.hessian(f)(x), lambda: transpiler.grad(transpiler.grad(f))(x),
                   lambda: transpiler.jvp(transpiler.grad(f), (x,), (1.0,))):
        with pytest.raises(UnknownFunctionError, match="second derivative through a solver is not supported") as error:
            second()
        assert "test_solver_rules.py:" in str(error.value)      # where the function passed is


def moment(x):
    return integrate.quad(lambda t, n, k: t ** n * np.exp(-k * t), 0.0, np.inf, args=(2, x[0]), epsabs=1e-13)[0]


def test_quad_to_infinity_with_an_integer_argument_in_both_modes():
    k = 1.3                                                # integral of t^2 e^-kt over [0, inf) is 2 / k^3
    np.testing.assert_allclose(transpiler.grad(moment)(np.array([k])), [-6 / k ** 4], rtol=1e-8)
    np.testing.assert_allclose(transpiler.jvp(moment, (np.array([k]),), (np.array([2.0]),))[1], -12 / k ** 4,
                               rtol=1e-8)


def drawn_target(w):
    rng = np.random.default_rng(0)
    res = optimize.minimize_scalar(lambda a, t: (a - w * t) ** 2, args=(rng.uniform(1.0, 2.0),), tol=1e-12)
    return res.x + res.fun + 0.0 * res.nit


def test_each_argument_is_evaluated_once():
    # the draw is read by the solver's call, `.fun` and the result whose `.nit` is read: one draw
    t = np.random.default_rng(0).uniform(1.0, 2.0)
    np.testing.assert_allclose(drawn_target(0.4), 0.4 * t, rtol=1e-7)
    np.testing.assert_allclose(transpiler.grad(drawn_target)(0.4), t, rtol=1e-7)


def decay(y, t, rate, shift):
    return -np.sqrt(t) - y * rate + shift


def integrated(p):
    times = np.linspace(0.1, p[3], 4)                       # the output times move with p[3]
    y = integrate.odeint(decay, np.array([p[2], 1.0, 2.0]), times, args=(p[0], p[1]), rtol=1e-12, atol=1e-12)
    return np.sum(y ** 2)


def predator_prey(x):
    a, b = x[0], x[1]
    y = integrate.odeint(lambda z, t: np.array([a * z[0] - b * z[0] * z[1], -z[1] + 0.5 * z[0] * z[1]]),
                         np.array([1.0, 0.5]), np.linspace(x[2], 2.0, 5), rtol=1e-12, atol=1e-12)
    return y[-1, 0] + y[2, 1]


@pytest.mark.parametrize("f, x", [(integrated, np.array([0.7, 0.5, 1.2, 0.4])),
                                  (predator_prey, np.array([1.1, 0.4, 0.1]))], ids=lambda v: getattr(v, "__name__", ""))
def test_odeint_by_forward_sensitivities_in_both_modes_with_moving_times(f, x):
    assert check_grad(f, x, rtol=1e-5)
    v = np.linspace(0.3, -0.2, x.size)
    np.testing.assert_allclose(transpiler.jvp(f, (x,), (v,))[1], transpiler.grad(f)(x) @ v, rtol=1e-8)


def exponential_decay(k):
    return integrate.odeint(lambda y, t: -k * y, 2.0, np.array([0.0, 0.5, 1.5]), rtol=1e-12, atol=1e-12)[:, 0]


def test_odeint_closed_form():
    k, times = 0.8, np.array([0.0, 0.5, 1.5])
    np.testing.assert_allclose(transpiler.jacobian(exponential_decay)(k), -2.0 * times * np.exp(-k * times),
                               rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(transpiler.jvp(exponential_decay, (k,), (1.0,))[1], -2.0 * times * np.exp(-k * times),
                               rtol=1e-8, atol=1e-12)


def ivp_solution(p):
    times = np.linspace(p[2], p[4], 4)                # the start and the output times move
    sol = integrate.solve_ivp(lambda t, y, k: -k * y + p[1] * t, (p[2], 2.0), np.array([p[3], 1.0]), t_eval=times,
                              args=(p[0],), rtol=1e-11, atol=1e-12)
    return np.sum(sol.y ** 2) + 0.0 * sol.t[0] if sol.success else np.nan


def odeint_solution(p):
    y = integrate.odeint(lambda y, t, k: -k * y + p[1] * t, np.array([p[3], 1.0]), np.linspace(p[2], p[4], 4),
                         args=(p[0],), rtol=1e-11, atol=1e-12)
    return np.sum(y ** 2)


def test_solve_ivp_with_t_eval_by_forward_sensitivities_agrees_with_odeint_in_both_modes():
    p = np.array([0.7, 0.3, 0.1, 1.5, 1.8])
    assert check_grad(ivp_solution, p, rtol=1e-5)
    np.testing.assert_allclose(transpiler.grad(ivp_solution)(p), transpiler.grad(odeint_solution)(p), rtol=1e-7)
    v = np.linspace(0.3, -0.2, 5)
    np.testing.assert_allclose(transpiler.jvp(ivp_solution, (p,), (v,))[1], transpiler.grad(ivp_solution)(p) @ v,
                               rtol=1e-8)


def singular_at_zero(k):
    return integrate.quad(lambda t: np.exp(-k * t) / np.sqrt(t), 0.0, 1.0, epsabs=1e-12, epsrel=1e-12)[0]


def test_quad_of_an_integrand_singular_at_a_bound_held_constant():
    with np.errstate(all="raise"):         # the integrand is never evaluated at t = 0
        np.testing.assert_allclose(transpiler.grad(singular_at_zero)(0.5), -integrate.quad(
            lambda t: np.sqrt(t) * np.exp(-0.5 * t), 0.0, 1.0, epsabs=1e-12, epsrel=1e-12)[0], rtol=1e-8)


def _minimum_by_key(p):
    r = optimize.minimize(lambda z: np.sum((z - p) ** 2) + np.sum(z ** 4), np.zeros(2), method="BFGS", tol=1e-12)
    return r["x"][0] + r["fun"]


def _minimum_by_field(p):
    r = optimize.minimize(lambda z: np.sum((z - p) ** 2) + np.sum(z ** 4), np.zeros(2), method="BFGS", tol=1e-12)
    return r.x[0] + r.fun


def test_a_solver_result_read_by_key_is_read_by_field():
    """(``res["x"]`` of an OptimizeResult, a dict: a bare TypeError in the generated code before)"""
    p = np.array([0.5, -0.3])
    np.testing.assert_allclose(transpiler.grad(_minimum_by_key)(p), transpiler.grad(_minimum_by_field)(p), rtol=1e-12)
