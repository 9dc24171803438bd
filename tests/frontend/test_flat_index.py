"""``a.flat[s]`` read and written, and ``np.fill_diagonal(a, v)``, lowered as the plain indexing
they mean (frontend/flat_index.py): scikit-learn's ``A.flat[:: n_features + 1] += alpha`` (ridge)
and ``np.fill_diagonal(K, 1)`` (RBF kernel). Both were refused. Both modes and the Hessian
against finite differences, in loops and helpers."""
import numpy as np
import pytest

import transpiler
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.8])


def ridge_diagonal(x):
    A = np.outer(x, x) + 1.0
    A.flat[:: 3 + 1] += x[0]                 # the diagonal, as _solve_cholesky writes it
    A.flat[1] = x[2] ** 2
    return np.sum(A ** 2) + A.flat[4] * A.flat[-1]


def _penalised(A, alpha):
    n = A.shape[1]
    A.flat[:: n + 1] += alpha
    return A


def per_alpha_in_a_loop(x):
    total = 0.0
    A = np.outer(x, x)
    for alpha in (0.5, 2.0):
        A.flat[:: 4] += alpha * x[1]
        total = total + np.sum(np.linalg.solve(A + 3 * np.eye(3), x))
        A.flat[:: 4] -= alpha * x[1]
    return total + np.sum(_penalised(np.outer(x, x), x[2]) ** 2)


def kernel_with_unit_diagonal(x):
    K = np.exp(-0.5 * (x[:, None] - x[None, :]) ** 2)
    np.fill_diagonal(K, 1)
    K2 = np.exp(np.outer(x, x[:2]))           # a tall matrix: its 2 diagonal elements
    np.fill_diagonal(K2, x[1])
    return np.sum(K * x) + np.sum(K2)


@pytest.mark.parametrize("f", [ridge_diagonal, per_alpha_in_a_loop, kernel_with_unit_diagonal])
def test_flat_indexing_and_fill_diagonal_in_both_modes(f):
    assert_both_modes(f, X)


def test_values_are_numpys():
    A = np.outer(X, X) + 1.0
    A.flat[::4] += X[0]
    A.flat[1] = X[2] ** 2
    assert transpiler.value_and_grad(ridge_diagonal)(X)[0] == pytest.approx(np.sum(A ** 2) + A.flat[4] * A.flat[-1])


def test_hessian_through_a_filled_diagonal():
    g = transpiler.grad(kernel_with_unit_diagonal)
    h = 1e-6
    numeric = np.stack([(g(X + h * e) - g(X - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(transpiler.hessian(kernel_with_unit_diagonal)(X), numeric, rtol=1e-5, atol=1e-6)
