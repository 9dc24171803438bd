"""``grad(f)`` called inside a function being differentiated, where ``f`` has an argument that
has no derivative and is held constant (``scipy.special.betainc``'s ``a`` and ``b``,
``scipy.stats.t.cdf``'s ``df``): only the arguments differentiated are asked for their second
derivatives, so the call is differentiated, not refused (both modes, against finite
differences)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

scipy = pytest.importorskip("scipy")
from scipy import special, stats  # noqa: E402

X = np.array([0.3, 0.6, 0.45])
A = np.array([1.5, 2.0, 2.5])
B = np.array([2.0, 3.0, 1.5])
WEIGHTS = np.array([1.0, -2.0, 0.5])


def regularized_beta(x, a, b):
    return np.sum(special.betainc(a, b, x))


def projected_gradient(x, a, b):
    return np.sum(transpiler.grad(regularized_beta, 0)(x, a, b) * WEIGHTS)


def student_cdf(x, df):
    return np.sum(stats.t.logcdf(x, df))


def projected_student_gradient(x, df):
    return np.sum(np.sin(transpiler.grad(student_cdf)(x, df)))


def test_grad_through_a_nested_gradient_holding_a_nondifferentiable_argument_constant():
    assert check_grad(projected_gradient, X, A, B, wrt=0, rtol=1e-5).ok
    assert check_grad(projected_student_gradient, X, A + 2.0, wrt=0, rtol=1e-5).ok


def test_jvp_through_a_nested_gradient_holding_a_nondifferentiable_argument_constant():
    v = np.array([0.2, -0.5, 1.0])
    _, along = transpiler.jvp(projected_gradient, [X, A, B], [v, None, None])
    h = 1e-6
    by_differences = (projected_gradient(X + h * v, A, B) - projected_gradient(X - h * v, A, B)) / (2 * h)
    np.testing.assert_allclose(along, by_differences, rtol=1e-6)


def test_the_derivative_with_respect_to_the_constant_argument_is_still_refused():
    with pytest.raises(transpiler.NonDifferentiableError, match="betainc"):
        transpiler.grad(projected_gradient, wrt=1)(X, A, B)
