"""``sp.issparse(X)`` answered while compiling for a value of known shape (frontend/sparse_tests.py):
the sparse branch, which would need rules scipy.sparse's constructors lack, is not compiled for
dense input; for a sparse argument the test runs at call time as before. Both modes, a helper,
a loop, a conditional expression, a value computed from the argument, second order, all against
central differences."""
import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse import issparse

from transpiler import UnknownFunctionError, check_grad, grad, hessian, jvp

W = np.array([[0.5, 1.2], [0.3, 0.8], [1.1, 0.4]])
H = np.array([[0.7, 0.2, 1.3], [0.4, 0.9, 0.6]])
X = np.array([[0.0, 1.0, 2.0], [0.5, 0.0, 1.5], [1.0, 0.3, 0.0]])


def sparse_dot(W, H, X):
    """scikit-learn's `_special_sparse_dot`: W @ H only where X is non-zero, as a sparse matrix."""
    if sp.issparse(X):
        ii, jj = X.nonzero()
        vals = np.multiply(W[ii, :], H.T[jj, :]).sum(axis=1)
        return sp.coo_matrix((vals, (ii, jj)), shape=X.shape).tocsr()
    return np.dot(W, H)


def kl_loss(W, H, X):
    X = np.atleast_2d(X)                 # (a value computed from the argument: its shape is known)
    if sp.issparse(X):
        WH_data, X_data = sparse_dot(W, H, X).data, X.data
    else:
        WH_data, X_data = np.dot(W, H).ravel(), X.ravel()
    mask = X_data > 1e-8
    return np.sum(X_data[mask] * np.log(X_data[mask] / WH_data[mask])) + np.sum(WH_data) - np.sum(X_data)


def in_a_loop_and_expression(W, H, X):
    total = 0.0
    for k in range(2):
        scale = 1.0 if issparse(X) else k + 1.0       # (spelled as imported, in an expression)
        total = total + kl_loss(W * scale, H, X)
    return total


@pytest.mark.parametrize("f", [kl_loss, in_a_loop_and_expression])
def test_the_sparse_branch_is_not_compiled_for_an_array(f):
    assert check_grad(f, W, H, X).ok
    report = check_grad(lambda h: f(W, h, X), H)
    assert report.ok, report
    direction = np.arange(6.0).reshape(3, 2) / 6.0
    value, tangent = jvp(f, (W, H, X), (direction, None, None))
    h = 1e-6
    numeric = (f(W + h * direction, H, X) - f(W - h * direction, H, X)) / (2 * h)
    assert value == pytest.approx(f(W, H, X)) and tangent == pytest.approx(numeric, rel=1e-6)
    hess = hessian(f)(W, H, X)
    gradient = grad(f)
    for i, j in [(0, 0), (2, 1)]:
        e = np.zeros_like(W)
        e[i, j] = h
        np.testing.assert_allclose(hess[:, :, i, j], (gradient(W + e, H, X) - gradient(W - e, H, X)) / (2 * h),
                                   rtol=1e-5, atol=1e-7)


def dense_from_sparse(W, X):
    if sp.issparse(X):
        X = X.toarray()                  # (a sparse argument: the test runs, this branch with it)
    return np.sum(np.dot(W, W.T) * X)


def test_a_sparse_argument_still_takes_its_branch_at_run_time():
    X3 = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0], [0.5, 0.0, 1.0]])
    expected = grad(dense_from_sparse)(W, X3)
    np.testing.assert_allclose(grad(dense_from_sparse)(W, sp.csr_matrix(X3)), expected)
    np.testing.assert_allclose(expected, (X3 + X3.T) @ W)
    assert jvp(dense_from_sparse, (W, sp.csr_matrix(X3)), (W, None))[1] == pytest.approx(np.sum(expected * W))


def test_the_sparse_branch_is_still_refused_where_it_runs():
    with pytest.raises(UnknownFunctionError, match="sp.coo_matrix"):
        grad(kl_loss)(W, H, sp.csr_matrix(X))


def test_printed_code_for_any_shapes_keeps_the_test():
    assert "sp_issparse(X)" in grad(dense_from_sparse).source()
    assert "sp_issparse(X)" not in grad(dense_from_sparse).source(args=(W, X))
