"""Second derivatives of ``np.linalg.eigvalsh`` and ``np.linalg.eigh`` where eigenvalues repeat. The gradient
``V diag(g) V.T`` was differentiated through its eigenvectors, whose derivative is infinite
there, and ``dV G V.T + V G dV.T`` gave NaN where those infinite terms cancel: the Hessian of
``np.sum(np.linalg.eigvalsh(a))`` (the trace, linear) at ``a = 2 I`` was all NaN, and at a
matrix whose equal eigenvalues differ by rounding it was finite and wrong (0.125 where the
exact answer is 0). Its rule takes the sum at once (decomposition_tangents.py ``eigvalsh_adjoint_tangent``:
``V (D * M) V.T``, ``D`` the divided differences of the weights, 0 where equal weights do not
change with ``a``). Where they do (``np.sum(w ** 2)``) the limit is not known to the rule: NaN,
never a finite wrong value. The same for ``eigh``'s gradient ``sym(V (diag(d_w) + F * (V.T d_v)) V.T)``
where its eigenvectors are not read (``d_v`` 0); where they are, their derivative is infinite
at repeated eigenvalues, as it is."""
import warnings

import numpy as np
import pytest

import transpiler

_q, _ = np.linalg.qr(np.random.RandomState(0).randn(3, 3))
REPEATED = {"2 I": 2.0 * np.eye(3), "rotated (1, 1, 2)": _q @ np.diag([1.0, 1.0, 2.0]) @ _q.T}
DIRECTION = np.array([[0.3, -1.0, 0.4], [-1.0, 0.5, 0.2], [0.4, 0.2, -0.7]])     # symmetric


def trace_by_eigenvalues(a):
    return np.sum(np.linalg.eigvalsh(a))


def weighted_trace(a):
    return 3.0 * np.sum(np.linalg.eigvalsh(a)) - 1.0


def trace_by_eigh(a):
    w, _ = np.linalg.eigh(a)
    return np.sum(w)


def _gradient_difference(f, a, direction, h=1e-5):
    g = transpiler.grad(f)
    return (g(a + h * direction) - g(a - h * direction)) / (2 * h)


@pytest.mark.parametrize("a", REPEATED.values(), ids=REPEATED.keys())
@pytest.mark.parametrize("f", [trace_by_eigenvalues, weighted_trace, trace_by_eigh], ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_hessian_of_a_sum_of_eigenvalues_is_finite_and_exact_where_they_repeat(f, a, dtype):
    hessian = transpiler.hessian(f)(a.astype(dtype))
    assert hessian.dtype == dtype
    np.testing.assert_allclose(hessian, np.zeros((3, 3, 3, 3)), atol=1e-5 if dtype == np.float32 else 1e-12)
    np.testing.assert_allclose(transpiler.hvp(f, a, DIRECTION), _gradient_difference(f, a, DIRECTION), atol=1e-8)


def squares_of_eigenvalues(a):
    return np.sum(np.linalg.eigvalsh(a) ** 2)


def exponentials_of_eigenvalues(a):
    return np.sum(np.exp(np.linalg.eigvalsh(a)))


def weighted_eigenvalues(a):
    return np.linalg.eigvalsh(a) @ np.array([1.0, -2.0, 0.5])


def squares_by_eigh(a):
    return np.sum(np.linalg.eigh(a)[0] ** 2)


def eigenvalues_and_a_vector(a):
    w, v = np.linalg.eigh(a)
    return w @ np.array([1.0, 2.0, 3.0]) + np.sum(v[:, 0] ** 2 * np.array([1.0, 2.0, 3.0]))


@pytest.mark.parametrize("f", [squares_of_eigenvalues, exponentials_of_eigenvalues, weighted_eigenvalues,
                               trace_by_eigenvalues, trace_by_eigh, squares_by_eigh, eigenvalues_and_a_vector],
                         ids=lambda f: f.__name__)
def test_second_derivatives_of_eigenvalues_apart_match_differences_of_the_gradient(f):
    a = np.array([[2.0, 0.3, -0.4], [0.3, 1.0, 0.2], [-0.4, 0.2, -0.5]])
    np.testing.assert_allclose(transpiler.hvp(f, a, DIRECTION), _gradient_difference(f, a, DIRECTION),
                               rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("a", REPEATED.values(), ids=REPEATED.keys())
@pytest.mark.parametrize("f", [squares_of_eigenvalues, exponentials_of_eigenvalues, squares_by_eigh],
                         ids=lambda f: f.__name__)
def test_where_equal_weights_change_with_the_matrix_the_hessian_is_nan_not_a_wrong_value(f, a):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        product = transpiler.hvp(f, a, DIRECTION)
    assert np.isnan(product).any()

