"""Writes into the rows a loop iterates over (frontend/rows.py): scikit-learn's
``for coef, target, current_alpha in zip(coefs, Xy.T, alpha): coef[:] = linalg.solve(...)``
fills ``coefs``, as NumPy's row views do. Only for an array the function allocated, written
through the loop variable while it holds its row; both modes and the Hessian against finite
differences; a loop variable rebound to another row, or written after the loop, stays refused."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.random.RandomState(0).randn(4, 3)
ALPHA = np.array([0.5, 2.0])


def solved_per_target(alpha, X):
    A = X.T @ X
    coefs = np.empty([2, 3])
    for coef, target, a in zip(coefs, X[:2], alpha):
        coef[:] = np.linalg.solve(A + a * np.eye(3), target)
    return np.sum(coefs ** 2)


def rows_updated_in_place(alpha, X):
    out = np.zeros((2, 3))
    for row in out:
        row[:] = X[0] * alpha[0]
        row[1] += alpha[1] * row[2]
    for i, row in enumerate(out):
        row[0] = row[0] * (i + 1.0)
    return np.sum(out ** 2) + np.sum(out[0])


@pytest.mark.parametrize("f", [solved_per_target, rows_updated_in_place])
def test_rows_written_through_the_loop_variable_in_both_modes(f):
    report = transpiler.check_grad(f, ALPHA, X)
    assert report.ok, report
    direction = np.array([0.3, -0.7])
    _, tangent = transpiler.jvp(f, (ALPHA, X), (direction, None))
    h = 1e-6
    assert tangent == pytest.approx((f(ALPHA + h * direction, X) - f(ALPHA - h * direction, X)) / (2 * h), rel=1e-6)
    assert transpiler.value_and_grad(f)(ALPHA, X)[0] == pytest.approx(f(ALPHA.copy(), X))


def test_hessian_through_rows_written_in_a_loop():
    g = transpiler.grad(rows_updated_in_place)
    h = 1e-6
    numeric = np.stack([(g(ALPHA + h * e, X) - g(ALPHA - h * e, X)) / (2 * h) for e in np.eye(2)], axis=1)
    np.testing.assert_allclose(transpiler.hessian(rows_updated_in_place)(ALPHA, X), numeric, rtol=1e-5, atol=1e-6)


def rebound_to_another_row(alpha, X):
    out = np.zeros((2, 3))
    for row in out:
        row = out[0]
        row[0] = alpha[0]
    return np.sum(out)


def written_after_the_loop(alpha, X):
    out = np.zeros((2, 3))
    for row in out:
        row[0] = alpha[0]
    row[1] = alpha[1]
    return np.sum(out)


def rows_of_a_parameter(alpha, X):
    for row in X:
        row[0] = alpha[0]
    return np.sum(X)


@pytest.mark.parametrize("f", [rebound_to_another_row, written_after_the_loop, rows_of_a_parameter])
def test_other_writes_into_a_loops_rows_stay_refused(f):
    with pytest.raises(UnsupportedSyntaxError):
        transpiler.grad(f)(ALPHA, X.copy())
