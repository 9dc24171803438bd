"""solve_ivp without t_eval (solver_odes.py): the solution at t_span's end, ``sol.y[:, -1]``, and
at its start by forward sensitivities, both ends moving with t_span; a column between, at a time
the solver's step-size control chose (it moves with the parameters), has no derivative: refused
in reverse mode, NaN in forward mode, never a number that is wrong."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from scipy import integrate  # noqa: E402

import transpiler  # noqa: E402
from transpiler.errors import UnknownFunctionError  # noqa: E402


def central_differences(f, x, h=1e-5):
    steps = np.eye(x.size) * h
    return np.array([(f(x + e) - f(x - e)) / (2 * h) for e in steps])


def end_state(p):
    sol = integrate.solve_ivp(lambda t, y, k: np.array([-k * y[0] + p[1] * y[1] * t, -y[1] * y[0]]), (p[2], p[3]),
                              np.array([p[4], 1.0]), args=(p[0],), rtol=1e-11, atol=1e-12)
    return sol.y[0, -1] + 2 * sol.y[1, -1] + sol.y[0, 0] ** 2


P = np.array([0.7, 0.3, 0.1, 1.7, 1.5])


def test_the_end_and_start_of_solve_ivp_without_t_eval_agree_with_differences_in_both_modes():
    expected = central_differences(end_state, P)
    np.testing.assert_allclose(transpiler.grad(end_state)(P), expected, rtol=1e-6, atol=1e-9)
    v = np.linspace(0.3, -0.2, 5)
    np.testing.assert_allclose(transpiler.jvp(end_state, (P,), (v,))[1], expected @ v, rtol=1e-6)


def exponential_end(k):
    return integrate.solve_ivp(lambda t, y: -k * y, (0.0, 1.5), np.array([2.0]), rtol=1e-12, atol=1e-12).y[0, -1]


def test_the_end_state_has_the_closed_form_derivative():
    k = 0.8
    np.testing.assert_allclose(transpiler.grad(exponential_end)(k), -3.0 * np.exp(-1.5 * k), rtol=1e-8)
    np.testing.assert_allclose(transpiler.jvp(exponential_end, (k,), (1.0,))[1], -3.0 * np.exp(-1.5 * k), rtol=1e-8)


def every_step(k):
    sol = integrate.solve_ivp(lambda t, y: -k * y, (0.0, 2.0), np.array([1.0, 2.0]), rtol=1e-11, atol=1e-12)
    return np.sum(sol.y)


def test_a_column_at_a_step_the_solver_chose_is_refused_or_nan_never_wrong():
    with pytest.raises(UnknownFunctionError, match="t_eval=") as error:
        transpiler.grad(every_step)(0.7)
    assert "test_solver_odes.py:" in str(error.value)
    assert np.isnan(transpiler.jvp(every_step, (0.7,), (1.0,))[1])


def stretched(T):
    sol = integrate.solve_ivp(lambda t, y: -0.5 * y, (0.0, T), np.array([1.0]), t_eval=np.linspace(0.0, T, 3),
                              rtol=1e-11, atol=1e-12)
    return sol.t[-1] * sol.y[0, -1] + sol.t[1]


def stretched_without_t_eval(T):
    sol = integrate.solve_ivp(lambda t, y: -0.5 * y, (0.0, T), np.array([1.0]), rtol=1e-11, atol=1e-12)
    return sol.t[-1] * sol.y[0, -1] + sol.t[0]


@pytest.mark.parametrize("f", [stretched, stretched_without_t_eval], ids=lambda f: f.__name__)
def test_sol_t_moves_with_t_eval_and_with_t_span_s_ends(f):
    """(``.t`` was SciPy's, held constant: d/dT of ``sol.t[-1] * y(T)`` missed ``y(T)``)"""
    T = 1.3
    expected = np.exp(-0.5 * T) * (1 - 0.5 * T) + (0.5 if f is stretched else 0.0)
    np.testing.assert_allclose(transpiler.grad(f)(T), expected, rtol=1e-8)
    np.testing.assert_allclose(transpiler.jvp(f, (T,), (2.0,))[1], 2 * expected, rtol=1e-8)


def every_time(k):
    sol = integrate.solve_ivp(lambda t, y: -k * y, (0.0, 2.0), np.array([1.0]), rtol=1e-11, atol=1e-12)
    return np.sum(sol.t)


def test_a_time_the_solver_chose_is_refused_or_nan_never_zero():
    with pytest.raises(UnknownFunctionError, match="`sol.t`"):
        transpiler.grad(every_time)(0.7)
    assert np.isnan(transpiler.jvp(every_time, (0.7,), (1.0,))[1])
