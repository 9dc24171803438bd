# Written for this corpus (p7) in the style of the coal-mining-disasters change-point model of the PyMC and "Probabilistic Programming and Bayesian Methods for Hackers" notebooks, with the log-density written by hand from helpers as MCMC-from-scratch tutorials do (`log_exponential(x, rate)`, `log_poisson(k, lam)` with `gammaln`, a `sigmoid`-smoothed switch `early + (late - early) * sigmoid((years - s) / width)` so the switchpoint is continuous, `log_prior(theta)` unpacking `early, late, s = theta` after `np.exp` of log-rates, `log_likelihood(theta, data)` returning `-np.inf` outside the support, and `log_posterior = log_prior + log_likelihood` used by a random-walk Metropolis `step`). Differentiated: the log-posterior and its Laplace-style curvature proxy w.r.t. the unconstrained parameters.
import numpy as np
from scipy.special import expit, gammaln

DISASTERS = np.array([4, 5, 4, 0, 1, 4, 3, 4, 0, 6, 3, 3, 4, 0, 2, 6, 3, 3, 5, 4, 5, 3, 1, 4,
                      4, 1, 5, 5, 3, 4, 2, 5, 2, 2, 3, 4, 2, 1, 3, 2, 2, 1, 1, 1, 1, 3, 0, 0,
                      1, 0, 1, 1, 0, 0, 3, 1, 0, 3, 2, 2, 0, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 2,
                      1, 0, 0, 0, 1, 1, 0, 2, 3, 3, 1, 1, 2, 1, 1, 1, 1, 2, 4, 2, 0, 0, 0, 1,
                      4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1])
YEARS = np.arange(1851, 1851 + len(DISASTERS))


def log_exponential(x, rate):
    return np.log(rate) - rate * x


def log_uniform(x, low, high):
    if x < low or x > high:
        return -np.inf
    return -np.log(high - low)


def log_poisson(k, lam):
    return k * np.log(lam) - lam - gammaln(k + 1)


def rates(theta, width=2.0):
    early, late = np.exp(theta[0]), np.exp(theta[1])
    s = theta[2]
    return early + (late - early) * expit((YEARS - s) / width)


def log_prior(theta):
    early, late, s = np.exp(theta[0]), np.exp(theta[1]), theta[2]
    lp = log_exponential(early, 1.0) + log_exponential(late, 1.0) + theta[0] + theta[1]   # + log-Jacobians
    lp += log_uniform(s, YEARS.min(), YEARS.max())
    return lp


def log_likelihood(theta, data=DISASTERS):
    lam = rates(theta)
    return np.sum(log_poisson(data, lam))


def log_posterior(theta):
    lp = log_prior(theta)
    if not np.isfinite(lp):
        return -np.inf
    return lp + log_likelihood(theta)


def metropolis_step(theta, scale, rng):
    proposal = theta + scale * rng.standard_normal(theta.shape)
    log_ratio = log_posterior(proposal) - log_posterior(theta)
    if np.log(rng.uniform()) < log_ratio:
        return proposal
    return theta


def expected_counts(theta):
    """Posterior-predictive mean counts in the decades around the switch."""
    lam = rates(theta)
    return np.array([np.sum(lam[i:i + 10]) for i in range(30, 60, 10)])


THETA0 = np.array([np.log(3.0), np.log(0.9), 1890.5])

CASES = [
    dict(name="log_posterior", function=log_posterior, args=lambda: (THETA0.copy(),)),
    dict(name="expected_counts", function=expected_counts, args=lambda: (THETA0.copy(),), kind="jacobian"),
]
