"""least_squares, curve_fit, fixed_point and minimize(bounds=) of a function of the differentiated
values (solver_rules.py): the optimum's derivative is the implicit function theorem's, on the
exact gradient of ½‖r‖² for a fit (its full Hessian, not Gauss-Newton's JᵀJ), on x = g(x, θ) for a
fixed point; an entry a bound holds has derivative 0. Checked, in both modes, against closed
forms and against central differences of SciPy itself run to a tight tolerance (a step of 1e-3:
the solver's own tolerance makes smaller steps noise)."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from scipy import optimize  # noqa: E402

import transpiler  # noqa: E402
from transpiler.errors import UnknownFunctionError  # noqa: E402



def central_differences(f, x, h=1e-3):
    steps = np.eye(x.size) * h
    return np.array([(f(x + e) - f(x - e)) / (2 * h) for e in steps])


def assert_both_modes_match_differences(f, x, rtol=1e-5, atol=1e-8):
    expected = central_differences(f, x)
    np.testing.assert_allclose(transpiler.grad(f)(x), expected, rtol=rtol, atol=atol)
    v = np.linspace(1.0, -0.5, x.size)
    np.testing.assert_allclose(transpiler.jvp(f, (x,), (v,))[1], expected @ v, rtol=rtol, atol=atol)


def decay_residuals(z, t, y):
    return z[0] * np.exp(-z[1] * t) - y


def decay_fit(y):
    t = np.linspace(0.0, 2.0, y.size)
    res = optimize.least_squares(decay_residuals, np.array([1.0, 1.0]), args=(t, y), method="lm",
                                 xtol=1e-15, ftol=1e-15, gtol=1e-15)
    return res.x[0] + 2 * res.x[1] + res.cost + 0.5 * res.fun[0]


Y = np.array([2.0, 1.3, 0.9, 0.5, 0.45])


def test_least_squares_x_cost_and_fun_agree_with_differences_of_scipy_in_both_modes():
    t = np.linspace(0.0, 2.0, Y.size)
    res = optimize.least_squares(decay_residuals, np.array([1.0, 1.0]), args=(t, Y), method="lm",
                                 xtol=1e-15, ftol=1e-15, gtol=1e-15)
    assert np.linalg.norm(res.fun) > 0.1      # residuals at the optimum: Gauss-Newton's JᵀJ would be 0.7% off
    assert decay_fit(Y) == res.x[0] + 2 * res.x[1] + res.cost + 0.5 * res.fun[0]
    assert_both_modes_match_differences(decay_fit, Y)


def bounded_decay_fit(y):
    t = np.linspace(0.0, 2.0, y.size)               # the amplitude held at its upper bound 1.5
    res = optimize.least_squares(decay_residuals, np.array([1.0, 0.5]), args=(t, y), bounds=([0.0, 0.0], [1.5, 10.0]),
                                 xtol=1e-15, ftol=1e-15, gtol=1e-15)
    return res.x[0] + 2 * res.x[1] + res.cost


def test_least_squares_with_an_active_bound_agrees_with_differences_in_both_modes():
    t = np.linspace(0.0, 2.0, Y.size)
    assert optimize.least_squares(decay_residuals, np.array([1.0, 0.5]), args=(t, Y),
                                  bounds=([0.0, 0.0], [1.5, 10.0])).x[0] == pytest.approx(1.5, abs=1e-12)
    assert_both_modes_match_differences(bounded_decay_fit, Y)


A = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])


def line_fit(y):
    fit = optimize.least_squares(lambda z: A @ z - y, np.zeros(2), xtol=1e-15, ftol=1e-15, gtol=1e-15)
    return fit.x @ np.array([1.0, -2.0])


def test_a_linear_least_squares_fit_has_the_pseudo_inverse_as_derivative():
    y = np.array([0.1, 1.2, 1.9, 3.2])
    expected = np.linalg.pinv(A).T @ np.array([1.0, -2.0])
    np.testing.assert_allclose(transpiler.grad(line_fit)(y), expected, rtol=1e-8)
    np.testing.assert_allclose(transpiler.jvp(line_fit, (y,), (np.ones(4),))[1], expected.sum(), rtol=1e-8)


def saturation(x, vmax, km):
    return vmax * x / (km + x)


def enzyme_fit(v):
    s = np.arange(1, 7)                            # integer data: not differentiated
    popt, pcov = optimize.curve_fit(saturation, s, v, p0=[1.0, 1.0], xtol=1e-15, ftol=1e-15, gtol=1e-15)
    return popt[0] + 3 * popt[1]


def captured_fit(w):
    x = np.linspace(0.0, 1.0, 6)
    y = np.sin(3 * x) + 0.1 * x
    popt = optimize.curve_fit(lambda x, a, b: a * np.sin(w[0] * x) + b * x ** w[1], x, y, [1.0, 0.0],
                              xtol=1e-15, ftol=1e-15, gtol=1e-15)[0]
    return np.sum(popt ** 2)


def weighted_fit(p):
    v, sigma = p[:6], p[6:]                        # the data and their standard deviations
    popt, pcov = optimize.curve_fit(saturation, np.arange(1, 7), v, p0=[1.0, 1.0], sigma=sigma,
                                    xtol=1e-15, ftol=1e-15, gtol=1e-15)
    return popt[0] + 3 * popt[1]


@pytest.mark.parametrize("f, x", [(enzyme_fit, np.array([0.9, 1.3, 1.6, 1.7, 1.9, 1.95])),
                                  (captured_fit, np.array([2.5, 1.5])),
                                  (weighted_fit, np.array([0.9, 1.3, 1.6, 1.7, 1.9, 1.95,
                                                           0.1, 0.2, 0.1, 0.3, 0.2, 0.1]))],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_curve_fit_popt_in_the_data_and_in_what_the_model_reads_in_both_modes(f, x):
    assert_both_modes_match_differences(f, x, rtol=1e-4)      # (curve_fit's "lm" to ~1e-10: differences' noise)


def slope_without_p0(a):
    x = np.arange(1.0, 5.0)
    return optimize.curve_fit(lambda x, r, s: r * x + s * a, x, a * x ** 2)[0][0]


def test_curve_fit_without_p0_starts_from_ones_as_scipy_does():
    a = 0.7                        # the line r x + s a through a x^2 at x = 1..4: r = 5 a, s = -5
    assert slope_without_p0(a) == optimize.curve_fit(lambda x, r, s: r * x + s * a, np.arange(1.0, 5.0),
                                                     a * np.arange(1.0, 5.0) ** 2)[0][0]
    np.testing.assert_allclose(transpiler.grad(slope_without_p0)(a), 5.0, rtol=1e-6)
    np.testing.assert_allclose(transpiler.jvp(slope_without_p0, (a,), (2.0,))[1], 10.0, rtol=1e-6)


def covariance_weighted(v):
    return optimize.curve_fit(saturation, np.arange(1.0, 7.0), v, p0=[1.0, 1.0], sigma=np.eye(6) * 0.1)[0][0]


def test_a_2d_sigma_is_refused_when_differentiated():
    with pytest.raises(UnknownFunctionError, match="2-D `sigma`") as error:
        transpiler.grad(covariance_weighted)(np.array([0.9, 1.3, 1.6, 1.7, 1.9, 1.95]))
    assert "test_solver_fits.py:" in str(error.value)


def covariance_read(v):
    popt, pcov = optimize.curve_fit(saturation, np.arange(1.0, 7.0), v, p0=[1.0, 1.0])
    return popt[0] + pcov[0, 0]


def test_curve_fit_pcov_reached_by_a_differentiated_value_is_refused_at_the_call():
    v = np.array([0.9, 1.3, 1.6, 1.7, 1.9, 1.95])
    assert np.isfinite(covariance_read(v))
    for run in (lambda: transpiler.grad(covariance_read)(v), lambda: transpiler.jvp(covariance_read, (v,), (v,))):
        with pytest.raises(UnknownFunctionError, match="`pcov`") as error:
            run()
        assert "test_solver_fits.py:" in str(error.value) and "popt" in str(error.value)


def cosine_fixed_point(c):
    return optimize.fixed_point(lambda x, c: np.cos(c * x), 0.5, args=(c,), xtol=1e-14)


def test_a_scalar_fixed_point_has_the_closed_form_derivative():
    c = 0.8
    x = cosine_fixed_point(c)
    expected = -x * np.sin(c * x) / (1 + c * np.sin(c * x))       # x = cos(c x), differentiated
    np.testing.assert_allclose(transpiler.grad(cosine_fixed_point)(c), expected, rtol=1e-9)
    np.testing.assert_allclose(transpiler.jvp(cosine_fixed_point, (c,), (2.0,))[1], 2 * expected, rtol=1e-9)


def coupled_fixed_point(a):
    x = optimize.fixed_point(lambda x: 0.5 * np.cos(a * x) + 0.1 * x[::-1], np.zeros(2), xtol=1e-14)
    return x[0] + 3 * x[1]


def test_a_vector_fixed_point_agrees_with_differences_in_both_modes():
    assert_both_modes_match_differences(coupled_fixed_point, np.array([0.8, 1.3]))


def clipped(p):
    res = optimize.minimize(lambda z: np.sum((z - p) ** 2), np.zeros(3), method="L-BFGS-B",
                            bounds=[(0.0, None), (None, 0.5), (-1.0, 1.0)])
    return res.x @ np.array([1.0, 2.0, 3.0])


def test_an_entry_on_its_bound_has_derivative_zero_the_free_ones_the_theorems():
    p = np.array([-0.3, 0.9, 0.4])                  # x* = clip(p): the first two on a bound, the last free
    np.testing.assert_allclose(transpiler.grad(clipped)(p), [0.0, 0.0, 3.0], atol=1e-8)
    np.testing.assert_allclose(transpiler.jvp(clipped, (p,), (np.ones(3),))[1], 3.0, rtol=1e-8)


def bounded(p):
    res = optimize.minimize(lambda z: np.sum((z - p[:3]) ** 2) + p[3] * np.sum(z ** 4), np.zeros(3),
                            method="L-BFGS-B", bounds=[(0.0, None), (None, 0.5), (-1.0, 1.0)],
                            options={"gtol": 1e-12, "ftol": 1e-15})
    return res.x @ np.array([1.0, 2.0, 3.0]) + res.fun


def test_bounded_minimize_agrees_with_differences_of_scipy_in_both_modes():
    assert_both_modes_match_differences(bounded, np.array([-0.3, 0.9, 0.4, 0.7]), atol=1e-5)


def loosely_bounded(p):
    res = optimize.minimize(lambda z: np.sum((z - p) ** 2) + np.sum(z ** 4), np.zeros(2), method="L-BFGS-B",
                            bounds=[(-5.0, 5.0), (-5.0, 5.0)], options={"gtol": 1e-12, "ftol": 1e-15})
    return res.x[0] - res.x[1]


def unbounded(p):
    res = optimize.minimize(lambda z: np.sum((z - p) ** 2) + np.sum(z ** 4), np.zeros(2), method="BFGS", tol=1e-12)
    return res.x[0] - res.x[1]


def test_with_no_bound_active_the_unbounded_rule_holds():
    p = np.array([0.5, -0.3])
    np.testing.assert_allclose(transpiler.grad(loosely_bounded)(p), transpiler.grad(unbounded)(p), rtol=1e-6)


@pytest.mark.parametrize("f, x", [(decay_fit, Y), (cosine_fixed_point, 0.8)], ids=lambda v: getattr(v, "__name__", ""))
def test_a_second_derivative_through_a_fit_or_fixed_point_is_refused(f, x):
    with pytest.raises(UnknownFunctionError, match="second derivative through a solver is not supported"):
        transpiler.hessian(f)(x)
