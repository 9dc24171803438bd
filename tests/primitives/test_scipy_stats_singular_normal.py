"""multivariate_normal.logpdf/pdf with allow_singular=True and a singular covariance
(primitives/scipy_stats.py), the case of autograd's test_mvn_sing_cov: SciPy's value (the
pseudo-determinant and pseudo-inverse, -inf off the support), the derivative in the point and
the mean against central differences along the support, in both modes and through the Hessian."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.stats  # noqa: E402
from scipy.stats import multivariate_normal as mvn  # noqa: E402

import transpiler  # noqa: E402

COV = np.diag([1.0, 2.5, 0.0, 0.0])
COV[0, 1] = COV[1, 0] = 0.4
X = np.array([0.3, -0.2, 0.0, 0.0])
MEAN = np.array([0.1, 0.5, 0.0, 0.0])


def logpdf_on_the_support(x, mean):
    return mvn.logpdf(np.concatenate([x[:2], mean[2:]]), mean, COV, allow_singular=True)


def pdf_keywords(x, mean):
    return scipy.stats.multivariate_normal.pdf(np.concatenate([x[:2], mean[2:]]), mean=mean, cov=0.5 * (COV + COV.T),
                                               allow_singular=True)


def numeric(f, args, i, h=1e-6):
    out = np.zeros(4)
    for k in range(4):
        step = np.zeros(4)
        step[k] = h
        up = [a + step if j == i else a for j, a in enumerate(args)]
        down = [a - step if j == i else a for j, a in enumerate(args)]
        out[k] = (f(*up) - f(*down)) / (2 * h)
    return out


@pytest.mark.parametrize("f", [logpdf_on_the_support, pdf_keywords], ids=lambda f: f.__name__)
def test_singular_covariance_in_both_modes_and_the_hessian(f):
    value, gradients = transpiler.value_and_grad(f, wrt=(0, 1))(X, MEAN)
    assert value == pytest.approx(f(X, MEAN), rel=1e-12)
    for i, gradient in enumerate(gradients):
        np.testing.assert_allclose(gradient, numeric(f, (X, MEAN), i), rtol=1e-6, atol=1e-9)
    t = np.array([0.5, -1.0, 0.25, 2.0])
    _, tangent = transpiler.jvp(f, (X, MEAN), (t, None))
    assert tangent == pytest.approx(gradients[0] @ t, rel=1e-10)
    gradient = transpiler.grad(f)
    expected = np.array([numeric(lambda x, m: gradient(x, m)[k], (X, MEAN), 0) for k in range(4)])
    np.testing.assert_allclose(transpiler.hessian(f)(X, MEAN), expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(transpiler.hessian(f, mode="forward")(X, MEAN), expected, rtol=1e-5, atol=1e-7)


def logpdf_anywhere(x):
    return mvn.logpdf(x, np.zeros(4), COV, allow_singular=True)


def test_a_point_off_the_support_has_scipys_minus_infinity():
    off = np.array([0.1, 0.2, 0.3, 0.0])
    value, gradient = transpiler.value_and_grad(logpdf_anywhere)(off)
    assert value == -np.inf == logpdf_anywhere(off)
    assert np.all(gradient == 0)
