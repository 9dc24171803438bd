"""A method of a frozen scipy.stats distribution called where it is frozen,
``norm(mu, 1).pdf(data)``, is the distribution's own method with the frozen parameters after
its argument (``norm.pdf(data, mu, 1)``, what scipy's rv_frozen does). Both modes against
central finite differences, second order, and the spellings still refused."""
import numpy as np
import pytest
from scipy import stats
from scipy.stats import norm

import transpiler
from transpiler import TranspileError

from sequence_checks import assert_both_modes

DATA = np.array([0.3, -1.1, 0.8, 1.9, -0.4])


def likelihood_times_prior(mu):
    return norm(mu, 1).pdf(DATA).prod() * norm(0, 1.5).pdf(mu)


def keyword_parameters(theta):
    return np.sum(norm(loc=theta[0], scale=np.exp(theta[1])).logpdf(DATA))


def shape_parameter_and_scale(theta):
    return np.sum(stats.gamma(theta[0], scale=theta[1]).logpdf(np.abs(DATA) + 0.1))


def in_a_loop_and_a_lambda(theta):
    total = 0.0
    logp = lambda x, m: stats.norm(m, theta[1]).logcdf(x)
    for x in DATA:
        total = total + logp(x, theta[0]) + stats.t(4.0, theta[0]).logpdf(x)
    return total


def quantile_and_survival(theta):
    return norm(theta[0], theta[1]).ppf(0.9) + np.sum(norm(theta[0], theta[1]).logsf(DATA))


def multivariate(mean):
    cov = np.array([[1.0, 0.3], [0.3, 2.0]])
    return np.sum(stats.multivariate_normal(mean, cov).logpdf(np.stack([DATA[:4], DATA[1:]], axis=1)))


def discrete(rate):
    return np.sum(stats.poisson(rate).logpmf(np.array([0, 2, 3, 1])))


def draws_from_a_frozen_distribution(theta):
    noise = norm(0.0, 2.0).rvs(5, random_state=np.random.RandomState(3))    # a constant of the program
    return np.sum((theta[0] + theta[1] * noise) ** 2)


THETA = np.array([0.4, 1.3])


@pytest.mark.parametrize("f, x", [
    (likelihood_times_prior, 0.35), (keyword_parameters, THETA), (shape_parameter_and_scale, np.array([2.0, 0.7])),
    (in_a_loop_and_a_lambda, THETA), (quantile_and_survival, THETA), (multivariate, np.array([0.2, -0.1])),
    (discrete, 1.7), (draws_from_a_frozen_distribution, THETA)])
def test_matches_finite_differences_in_both_modes(f, x):
    assert_both_modes(f, x)


def test_second_derivative_of_a_frozen_log_density():
    h = transpiler.hessian(keyword_parameters)(THETA)
    assert h[0, 0] == pytest.approx(-len(DATA) * np.exp(-2 * THETA[1]))


def bound_to_a_name(mu):
    rv = norm(mu, 1)
    return rv.pdf(0.3)


MOMENTUM = np.array([[0.3, -0.5], [1.2, 0.1], [-0.7, 0.9]])


def resampled_momenta(q):
    # minimc's HMC: one frozen standard normal kept for the momenta, its logpdf in a loop
    momentum = stats.norm(0, 1)
    total = 0.0
    for p0 in MOMENTUM:
        total = total + np.sum(q * p0) - np.sum(momentum.logpdf(p0 * q))
    return total


def frozen_in_a_helper(theta):
    def log_density(rv, x):
        return np.sum(rv.logpdf(x))
    rv = norm(theta[0], scale=np.exp(theta[1]))
    return log_density(rv, DATA) + rv.cdf(0.5) + (lambda x: rv.logsf(x))(1.0)


def frozen_drawing(theta):
    np.random.seed(4)
    rv = norm(0.0, 2.0)
    noise = rv.rvs(size=5)                    # the global stream, as the frozen copy draws
    return np.sum((theta[0] + theta[1] * noise) ** 2) + rv.std() * theta[0]


def frozen_again_each_iteration(theta):
    total = 0.0
    for k in range(3):
        rv = stats.norm(theta[0] * k, np.exp(theta[1]))
        total = total + np.sum(rv.logpdf(DATA))
    return total


@pytest.mark.parametrize("f, x", [(bound_to_a_name, 0.2), (resampled_momenta, np.array([0.4, -1.1])),
                                  (frozen_again_each_iteration, THETA),
                                  (frozen_in_a_helper, THETA), (frozen_drawing, THETA)])
def test_a_frozen_distribution_bound_to_a_name(f, x):
    assert_both_modes(f, x)


def test_second_order_through_a_named_frozen_distribution():
    h = transpiler.hessian(frozen_in_a_helper)(THETA)
    g, eps = transpiler.grad(frozen_in_a_helper), 1e-5
    fd = np.stack([(g(THETA + eps * e) - g(THETA - eps * e)) / (2 * eps) for e in np.eye(2)])
    np.testing.assert_allclose(h, fd, rtol=1e-5, atol=1e-6)


def written_after_freezing(mu):
    m = mu * 1.0
    rv = norm(m, 1.0)
    m[0] = 5.0                    # the frozen object holds m: it would see the write
    return np.sum(rv.logpdf(DATA[:2]))


def test_a_parameter_written_after_freezing_is_refused_at_the_use():
    with pytest.raises(TranspileError, match="`rv` is read after a write through `m`") as caught:
        transpiler.grad(written_after_freezing)(np.array([0.1, 0.2]))
    assert caught.value.location.line == written_after_freezing.__code__.co_firstlineno + 4


def data_as_a_keyword(mu):
    return norm(mu, 1).pdf(x=0.3)


def test_a_method_called_with_a_keyword_is_refused_where_it_is_written():
    with pytest.raises(TranspileError, match="frozen distribution") as caught:
        transpiler.grad(data_as_a_keyword)(0.2)
    assert caught.value.location.line == data_as_a_keyword.__code__.co_firstlineno + 1
