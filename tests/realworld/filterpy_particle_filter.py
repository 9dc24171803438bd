# Ported from rlabbe/filterpy (filterpy/monte_carlo/resampling.py: `systematic_resample`) and the bootstrap particle filter of Roger Labbe's "Kalman and Bayesian Filters in Python", chapter 12 (`predict`, `update`, `neff`, `resample_from_index` after `systematic_resample`, and the multinomial `simple_resample` with `np.searchsorted`, with `from numpy.random import randn, random` and a frozen `scipy.stats.norm`), applied to the stochastic-volatility model of SMC tutorials; the test wrapper accumulates the log of the mean incremental weight, the filter's log-likelihood estimate, with the global stream re-seeded (common random numbers).
import numpy as np
from numpy.random import randn, random
import scipy.stats


def systematic_resample(weights):
    N = len(weights)

    # make N subdivisions, and choose positions with a consistent random offset
    positions = (random() + np.arange(N)) / N

    indexes = np.zeros(N, 'i')
    cumulative_sum = np.cumsum(weights)
    i, j = 0, 0
    while i < N:
        if positions[i] < cumulative_sum[j]:
            indexes[i] = j
            i += 1
        else:
            j += 1
    return indexes


def neff(weights):
    return 1. / np.sum(np.square(weights))


def resample_from_index(particles, weights, indexes):
    particles[:] = particles[indexes]
    weights.resize(len(particles))
    weights.fill(1.0 / len(weights))


def simple_resample(particles, weights):
    N = len(particles)
    cumulative_sum = np.cumsum(weights)
    cumulative_sum[-1] = 1.  # avoid round-off error
    indexes = np.searchsorted(cumulative_sum, random(N))

    # resample according to indexes
    particles[:] = particles[indexes]
    weights.fill(1.0 / N)


def predict(particles, phi, sigma):
    """ move according to the AR(1) log-volatility with noise sigma"""
    N = len(particles)
    particles[:] = phi * particles + sigma * randn(N)


def update(particles, weights, y, beta):
    likelihood = scipy.stats.norm(0., beta * np.exp(particles / 2)).pdf(y)
    weights *= likelihood
    weights += 1.e-300      # avoid round-off to zero
    weights /= sum(weights)  # normalize
    return likelihood


def sv_loglik(params, ys, N=100):
    """Test wrapper: the bootstrap filter's log-likelihood estimate (Labbe's loop, plus the sum of
    log mean incremental weights an SMC text adds)."""
    phi, sigma, beta = params
    particles = sigma / np.sqrt(1 - phi ** 2) * randn(N)
    weights = np.ones(N) / N
    loglik = 0.0
    for y in ys:
        predict(particles, phi, sigma)
        prior_weights = weights.copy()
        likelihood = update(particles, weights, y, beta)
        loglik += np.log(np.sum(prior_weights * likelihood))
        # resample if too few effective particles
        if neff(weights) < N / 2:
            indexes = systematic_resample(weights)
            resample_from_index(particles, weights, indexes)
    return loglik


def filtered_mean_volatility(params, ys, N=100):
    """The filter's estimate of the mean volatility exp(x/2) over the series (Labbe's `estimate`)."""
    phi, sigma, beta = params
    particles = sigma / np.sqrt(1 - phi ** 2) * randn(N)
    weights = np.ones(N) / N
    means = []
    for y in ys:
        predict(particles, phi, sigma)
        update(particles, weights, y, beta)
        means.append(np.average(beta * np.exp(particles / 2), weights=weights, axis=0))
        if neff(weights) < N / 2:
            simple_resample(particles, weights)
    return np.mean(means)


YS = np.array([0.42, -0.81, 1.30, -0.25, 0.06, -1.72, 0.95, 0.33, -0.47, 2.10,
               -1.05, 0.18, 0.64, -0.29, -0.88, 1.41, 0.02, -0.55, 0.77, -1.20])
PARAMS = np.array([0.9, 0.35, 0.7])

CASES = [
    dict(name="loglik", function=sv_loglik, args=lambda: (PARAMS.copy(), YS.copy()), wrt=(0, 1), seed=12),
    dict(name="filtered_volatility", function=filtered_mean_volatility, args=lambda: (PARAMS.copy(), YS.copy()), seed=3),
]
