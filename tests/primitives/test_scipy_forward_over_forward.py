"""Second derivatives in forward mode through SciPy rules (and sqrtm), complex erf/erfc, and
multivariate_normal.entropy: checks in the manner of autograd's test_scipy.py (order 2, both modes).

A SciPy rule's derivative is written with SciPy's own functions (``scipy.special.digamma(x)``
for gammaln, ``scipy.special.iv(v - 1, x)`` for iv, ``scipy.special.xlogy`` in the stats
compositions); forward over forward mode (``hessian(f, mode="forward")``) lowers those calls to
the primitives they name, so each is differentiated again by its own rule."""
import numpy as np
import pytest
import scipy.linalg
import scipy.special
import scipy.stats
from array_check import both_directions, numeric_gradient
from scipy import special, stats
from scipy.stats import multivariate_normal as mvn

import transpiler

X = np.array([1.3, 2.2, 3.1])


def gamma_family(x):
    return np.sum(scipy.special.gammaln(x) * np.array([1.0, 2.0, -1.0]) + special.digamma(x) + special.rgamma(x))


def bessel_family(x):
    return np.sum(special.iv(2, x) - special.ive(1.5, x) * x + special.j0(x) * special.y1(x) + special.i1(x))


def stats_with_xlogy(x):
    return np.sum(stats.gamma.logpdf(x, 2.5) + stats.beta.logpdf(0.3, x, 2.0) + stats.chi2.pdf(x, 3))


def polygamma_and_orders(x):
    return np.sum(special.polygamma(1, x) + special.jn(2, x) * special.yn(1, x))


@pytest.mark.parametrize("f", [gamma_family, bessel_family, stats_with_xlogy, polygamma_and_orders],
                         ids=lambda f: f.__name__)
def test_forward_over_forward_hessian_matches_differences_of_the_gradient(f):
    forward = transpiler.hessian(f, mode="forward")(X)
    gradient = transpiler.grad(f)
    expected = np.array([numeric_gradient(lambda x: gradient(x)[i], [X.copy()], 0) for i in range(X.size)])
    np.testing.assert_allclose(forward, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(transpiler.hessian(f)(X), forward, rtol=1e-8, atol=1e-10)


W = np.array([[0.3 + 1.0j, -0.2 + 0.5j], [1.1 - 0.4j, 0.7 + 0.2j], [-0.6 + 0.9j, 0.4 - 1.3j]])
Z = np.array([[1.0 + 0.1j, 0.5 + 0.2j], [0.3 - 0.1j, 1.2 + 0.05j], [0.7 + 0.3j, -0.4 + 0.1j]])


def complex_error_functions(z):
    return np.sum(np.real(scipy.special.erf(z) * W)) + np.sum(np.imag(special.erfc(z * 0.5)) * np.real(W))


def test_erf_and_erfc_of_complex_values_match_differences_in_both_real_directions():
    np.testing.assert_allclose(transpiler.grad(complex_error_functions)(Z), both_directions(complex_error_functions, Z),
                               rtol=1e-6, atol=1e-8)
    t = np.full(Z.shape, 0.3 - 0.2j)
    _, tangent = transpiler.jvp(complex_error_functions, (Z,), (t,))
    h = 1e-6
    expected = (complex_error_functions(Z + h * t) - complex_error_functions(Z - h * t)) / (2 * h)
    assert tangent == pytest.approx(expected, rel=1e-6)


def entropy_of_symmetrized(mean, cov):
    return mvn.entropy(mean, 0.5 * (cov + cov.T))


def entropy_spellings(v):
    return (scipy.stats.multivariate_normal.entropy(np.zeros(2), v) + mvn.entropy(cov=np.diag(v))
            + mvn.entropy(cov=v[0]))


A = np.random.default_rng(0).normal(size=(3, 3))
C = A @ A.T + np.eye(3)
M = np.array([0.4, -1.0, 2.0])


def test_multivariate_normal_entropy_is_scipys_and_matches_differences():
    assert entropy_of_symmetrized(M, C) == pytest.approx(scipy.stats.multivariate_normal.entropy(M, C))
    assert transpiler.check_grad(entropy_of_symmetrized, M, C, wrt=(0, 1)).ok
    v = np.array([1.5, 0.3])
    assert transpiler.check_grad(entropy_spellings, v).ok
    _, tangent = transpiler.jvp(entropy_of_symmetrized, (M, C), (None, np.eye(3)))
    assert tangent == pytest.approx(0.5 * np.trace(np.linalg.inv(C)))
    hessian = transpiler.hessian(entropy_spellings, mode="forward")(v)
    # (atol: det's cofactors come from an SVD, exact to rounding where an entry is 0)
    np.testing.assert_allclose(hessian, transpiler.hessian(entropy_spellings)(v), rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(hessian, np.diag(-1.0 / v ** 2) + np.diag([-0.5 / v[0] ** 2, 0.0]), rtol=1e-8, atol=1e-12)


def square_root_weighted(a):
    return np.sum(scipy.linalg.sqrtm(a @ a.T + np.eye(3)) * np.arange(9.0).reshape(3, 3))


def test_forward_over_forward_hessian_through_sqrtm():
    a = np.random.default_rng(2).normal(size=(3, 3))
    reverse = transpiler.hessian(square_root_weighted)(a)
    np.testing.assert_allclose(transpiler.hessian(square_root_weighted, mode="forward")(a), reverse, rtol=1e-10, atol=1e-12)
    gradient = transpiler.grad(square_root_weighted)
    h = 1e-6
    for k in range(9):
        step = np.zeros(9)
        step[k] = h
        column = (gradient(a + step.reshape(3, 3)) - gradient(a - step.reshape(3, 3))) / (2 * h)
        np.testing.assert_allclose(reverse.reshape(9, 9)[:, k], column.ravel(), rtol=1e-5, atol=1e-7)
