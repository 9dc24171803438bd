"""``x.flat`` and ``X.data`` read as values (frontend/buffer_attributes.py), and two facts about
memory they met in scikit-learn's NMF loss: a boolean index (``x[x > eps]``) makes a copy, and a
class called (``sp.coo_matrix(...)``) makes an object that is never a global's memory."""
import numpy as np
import pytest
import scipy.sparse as sp

from transpiler import UnknownFunctionError, check_grad, grad, hessian, jvp, value_and_grad

A = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.3]])
WEIGHTS = np.arange(6.0)


def flat_dot(a):
    v = (a * a - a).flat
    return np.sqrt(np.dot(v, v))


def flat_in_helper_loop_closure(a):
    def weighted(m):
        return sum(w * v for w, v in zip(WEIGHTS, m.flat))
    total = 0.0
    for k in range(2):
        total = total + weighted(a ** (k + 1)) + (lambda m: m.flat[2])(a)
    return total


@pytest.mark.parametrize("f", [flat_dot, flat_in_helper_loop_closure])
def test_flat_reads_are_the_items_in_c_order(f):
    assert check_grad(f, A.copy()).ok
    value, g = value_and_grad(f)(A.copy())
    assert value == pytest.approx(f(A.copy()))
    direction = np.arange(6.0).reshape(2, 3) - 2.0
    out, tangent = jvp(f, (A.copy(),), (direction,))
    assert tangent == pytest.approx(np.sum(g * direction))


def test_flat_second_order():
    H = hessian(flat_in_helper_loop_closure)(A.copy())
    assert H.shape == (2, 3, 2, 3)
    expected = np.diag((2 * WEIGHTS).ravel()).reshape(2, 3, 2, 3)     # d2/da2 of sum w * a**2
    np.testing.assert_allclose(H, expected)


def beta_loss(w, X):
    # scikit-learn's `_beta_divergence` shape: the sparse branch reads X.data, the dense one X
    if sp.issparse(X):
        X_data = X.data
    else:
        X_data = X.ravel()
    indices = X_data > 0.1
    X_data = X_data[indices]               # a boolean index: a copy of the values
    X_data[X_data > 1.0] = 1.0             # so writing into it leaves X (and X_data's source) alone
    return np.sum(w ** 2) * np.sum(X_data)


def test_data_of_a_sparse_matrix_runs_and_the_dense_branch_differentiates():
    w = np.array([0.5, 2.0])
    for X in (A.copy(), sp.csr_matrix(A)):
        value, g = value_and_grad(beta_loss)(w, X)
        assert value == pytest.approx(beta_loss(w, X.copy()))
        np.testing.assert_allclose(g, 2 * w * np.sum(np.minimum(A[A > 0.1], 1.0)))
        out, tangent = jvp(beta_loss, (w, X), (np.ones(2), None))
        assert tangent == pytest.approx(np.sum(g))
    X = A.copy()
    grad(beta_loss)(w, X)
    np.testing.assert_array_equal(X, A)            # the caller's array is never written


def data_differentiated(X):
    return np.sum(X.data)


def test_data_of_a_differentiated_array_is_refused_located():
    with pytest.raises(UnknownFunctionError, match=r"test_buffer_attributes.py:\d+:\d+: no derivative rule for "
                                                   r"`X.data` \(the attribute `.data`\)"):
        grad(data_differentiated)(A.copy())


def mask_then_write(x):
    y = x * 2.0
    z = y[y > 0.0]
    z[0] = 1.0                     # z is a copy: y is unchanged
    return np.sum(y) + np.sum(z ** 2)


def test_a_boolean_index_copies():
    x = np.array([0.5, -1.0, 2.0, 1.5, -0.2, 0.3])
    value, g = value_and_grad(mask_then_write)(x)
    assert value == pytest.approx(mask_then_write(x.copy()))
    assert check_grad(mask_then_write, x).ok


def coo_of(w, ii, jj):
    M = sp.coo_matrix((np.ones(3), (ii, jj)), shape=(2, 3))   # a class called: a new object
    vals = M.data
    vals = vals[vals > 0]
    vals[0] = 2.0
    return np.sum(w * vals)


def test_an_object_a_class_makes_is_not_a_globals_memory():
    w = np.array([1.0, 2.0, 3.0])
    ii, jj = np.array([0, 1, 1]), np.array([0, 1, 2])
    np.testing.assert_allclose(grad(coo_of)(w, ii, jj), [2.0, 1.0, 1.0])


to_c = lambda arr: np.copy(arr, 'C') if not arr.flags['C_CONTIGUOUS'] else arr   # ssm's messages.py


def contiguous_then_reduced(a):
    a = to_c(a)
    b = to_c((a * a).T)                          # a transposed view: not C-contiguous, so copied
    if a.flags.writeable and b.flags.c_contiguous:
        return np.sum(b * np.sin(a.T))
    return np.sum(a)


@pytest.mark.parametrize("a", [A.copy(), np.asfortranarray(A), A.T.copy().T])
def test_flags_simply_run_on_the_array_the_generated_code_holds(a):
    # (refused as "the attribute `.flags`" before; then as an opaque call on a differentiated array)
    assert check_grad(contiguous_then_reduced, a).ok
    value, g = value_and_grad(contiguous_then_reduced)(a)
    assert value == pytest.approx(contiguous_then_reduced(a.copy()))
    out, tangent = jvp(contiguous_then_reduced, (a,), (np.ones_like(a),))
    assert tangent == pytest.approx(np.sum(g))
    H = hessian(contiguous_then_reduced)(a)
    assert H.shape == (2, 3, 2, 3)
    np.testing.assert_allclose(H.reshape(6, 6), H.reshape(6, 6).T, atol=1e-12)
