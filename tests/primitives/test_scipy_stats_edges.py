"""SciPy distributions at the edges the fuzzer's library class met (transpiler/check/fuzz/
class_library.py): a count carries no derivative (it used to get the formula's partial, log(p)
and the like, at a whole count); the geometric distribution with p = 1 has SciPy's values, not
0 * log 0 = nan; gamma's density at x = 0 has SciPy's limit, with derivative 0 in the shape.
Both modes, against SciPy's values and central differences."""
import numpy as np
import pytest

import transpiler

stats = pytest.importorskip("scipy.stats")

COUNTS = np.array([0.0, 1.0, 2.0, 3.0])


def poisson_log_mass(k):
    return np.sum(stats.poisson.logpmf(k, 1.5))


def geometric_mass(k):
    return np.sum(stats.geom.pmf(k, 0.3))


def binomial_log_mass(k):
    return np.sum(stats.binom.logpmf(k, 5, 0.3))


def negative_binomial_mass(k):
    return np.sum(stats.nbinom.pmf(k, 3, 0.4))


def bernoulli_log_mass(k):
    return np.sum(stats.bernoulli.logpmf(k, 0.3))


@pytest.mark.parametrize("f", [poisson_log_mass, geometric_mass, binomial_log_mass, negative_binomial_mass,
                               bernoulli_log_mass], ids=lambda f: f.__name__)
def test_a_whole_count_carries_no_derivative_in_either_mode(f):
    k = COUNTS[:2] if f is bernoulli_log_mass else COUNTS
    np.testing.assert_array_equal(transpiler.grad(f)(k), np.zeros_like(k))
    assert transpiler.jvp(f, [k], [np.ones_like(k)])[1] == 0.0


def geometric_parts(k, p):
    return np.sum(np.sin(stats.geom.cdf(k, p)) + stats.geom.sf(k, p) + np.exp(stats.geom.logsf(k, p)))


def test_the_geometric_distribution_with_p_one_has_scipys_values():
    k = np.array([0.0, 0.5, 1.0, 2.5])
    value, gradient = transpiler.value_and_grad(geometric_parts)(k, 1.0)
    assert value == pytest.approx(np.sum(np.sin(stats.geom.cdf(k, 1.0)) + stats.geom.sf(k, 1.0)
                                         + np.exp(stats.geom.logsf(k, 1.0))))
    np.testing.assert_array_equal(gradient, np.zeros(4))
    assert transpiler.jvp(geometric_parts, [k, 1.0], [np.ones(4), None])[0] == pytest.approx(value)


def test_the_geometric_distributions_derivative_in_p_below_one():
    k, p, h = np.array([0.0, 1.0, 2.5]), 0.4, 1e-6
    expected = (geometric_parts(k, p + h) - geometric_parts(k, p - h)) / (2 * h)
    assert transpiler.grad(geometric_parts, 1)(k, p) == pytest.approx(expected, rel=1e-6)
    assert transpiler.jvp(geometric_parts, [k, p], [None, 1.0])[1] == pytest.approx(expected, rel=1e-6)


def gamma_density(x, a):
    return np.sum(stats.gamma.pdf(x, a, scale=1.3))


def test_the_gamma_density_at_zero_has_scipys_limit_and_no_derivative_in_the_shape():
    x, a = np.array([0.0, 0.0, 0.7]), np.array([3.0, 1.5, 2.0])     # (a = 1 at 0: a jump, inf below)
    value, gradient = transpiler.value_and_grad(gamma_density, 1)(x, a)
    assert value == pytest.approx(gamma_density(x, a))
    h = 1e-6
    expected = [(gamma_density(x, a + h * e) - gamma_density(x, a - h * e)) / (2 * h) for e in np.eye(3)]
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-12)
    assert gradient[0] == 0.0 and gradient[1] == 0.0
    _, along = transpiler.jvp(gamma_density, [x, a], [None, np.ones(3)])
    assert along == pytest.approx(sum(expected), rel=1e-6)
    np.testing.assert_allclose(transpiler.jvp(lambda x, a: stats.gamma.logpdf(x, a, scale=1.3), [x, a],
                                              [None, np.ones(3)])[0], stats.gamma.logpdf(x, a, scale=1.3))
