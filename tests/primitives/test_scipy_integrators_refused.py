"""scipy.integrate's integrators of a Python function (odeint, solve_ivp with dense_output=True, quad
outside their common form), as autograd's test_odeint calls them, and scipy.optimize's solvers outside their common
form (full_output=True, jac= a function) or without a rule, with a differentiated value going in (an
argument, or read by the function passed): refused at the call with what to write instead, in
both modes. Given constants they simply run (test_scipy_solvers_inactive.py); in their common
form they are differentiated (tests/test_solver_rules.py)."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.integrate  # noqa: E402

import transpiler  # noqa: E402
from transpiler.errors import UnknownFunctionError  # noqa: E402


def decay(y, t, rate, shift):
    return -np.sqrt(t) - y * rate + shift


def integrated(rate):
    return np.sum(scipy.integrate.odeint(decay, np.ones(3), np.linspace(0.1, 0.2, 4), args=(rate, 0.5),
                                         full_output=True)[0])


def initial_value_problem(rate):
    return scipy.integrate.solve_ivp(lambda t, y: -rate * y, (0.0, 1.0), np.ones(1), dense_output=True).y[0, -1]


def quadrature(a):
    return scipy.integrate.quad(lambda t: np.exp(-a * t), 0.0, 1.0, weight="cos", wvar=2.0)[0]


@pytest.mark.parametrize("f", [integrated, initial_value_problem, quadrature], ids=lambda f: f.__name__)
def test_an_integrator_of_a_function_is_refused_at_the_call_in_both_modes(f):
    with pytest.raises(UnknownFunctionError, match="integrates a Python function") as error:
        transpiler.grad(f)(0.7)
    assert "common form" in str(error.value)
    assert "loop of steps" in str(error.value)
    with pytest.raises(UnknownFunctionError, match="integrates a Python function"):
        transpiler.jvp(f, (0.7,), (1.0,))


def cube_root(a):
    import scipy.optimize
    return scipy.optimize.brentq(lambda t: t ** 3 - a, 0.0, 10.0, full_output=True)[0]


def fitted_rate(a):
    import scipy.optimize
    return scipy.optimize.minimize(lambda r: (r - a) ** 2, 0.0, jac=lambda r: 2 * (r - a)).x[0]


def fitted_line(a):
    import scipy.optimize
    return scipy.optimize.leastsq(lambda r: r * np.arange(3.0) - a * np.arange(3.0), 1.0)[0][0]


@pytest.mark.parametrize("f", [cube_root, fitted_rate, fitted_line], ids=lambda f: f.__name__)
def test_a_solver_of_a_function_is_refused_at_the_call_saying_what_to_write(f):
    with pytest.raises(UnknownFunctionError, match="implicit function theorem") as error:
        transpiler.grad(f)(0.7)
    assert "register_rule" in str(error.value) and "test_scipy_integrators_refused.py" in str(error.value)
    assert ("common form" in str(error.value)) == (f is not fitted_line)
    with pytest.raises(UnknownFunctionError, match="implicit function theorem"):
        transpiler.jvp(f, (0.7,), (1.0,))
