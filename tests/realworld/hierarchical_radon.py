# Written for this corpus (p1) in the style of the PyMC radon tutorial ("A Primer on Bayesian Methods for Multilevel Modeling", Gelman & Hill's radon data) written as a hand-rolled log density: a non-centred varying-intercept model with `scipy.stats.norm.logpdf`, `halfcauchy.logpdf` and `halfnorm.logpdf` priors, parameters unpacked from one vector with `np.split`, a log-Jacobian for the log-scale parameters, and a Student-t likelihood variant.
import numpy as np
from scipy import stats

N_COUNTIES = 4
county = np.array([0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 3, 0])
floor = np.array([0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1], dtype=float)
log_radon = np.array([1.2, 0.5, 1.9, 1.6, 0.9, 1.0, 0.4, 2.1, 1.8, 1.1, 1.3, 0.6])


def unpack(theta):
    mu_a, log_sigma_a, beta, log_sigma_y = theta[:4]
    z = theta[4:]
    return mu_a, np.exp(log_sigma_a), beta, np.exp(log_sigma_y), z


def log_posterior(theta):
    mu_a, sigma_a, beta, sigma_y, z = unpack(theta)
    a = mu_a + sigma_a * z                      # non-centred
    lp = stats.norm.logpdf(mu_a, 0, 10)
    lp += stats.halfcauchy.logpdf(sigma_a, scale=5) + np.log(sigma_a)
    lp += stats.norm.logpdf(beta, 0, 10)
    lp += stats.halfnorm.logpdf(sigma_y, scale=2) + np.log(sigma_y)
    lp += np.sum(stats.norm.logpdf(z))
    y_hat = a[county] + beta * floor
    lp += np.sum(stats.norm.logpdf(log_radon, loc=y_hat, scale=sigma_y))
    return lp


def log_posterior_t(theta, nu=4.0):
    head, z = np.split(theta, [4])
    mu_a, log_sigma_a, beta, log_sigma_y = head
    sigma_a, sigma_y = np.exp(log_sigma_a), np.exp(log_sigma_y)
    a = mu_a + sigma_a * z
    prior = (stats.norm(0, 10).logpdf(mu_a) + stats.norm(0, 10).logpdf(beta)
             + stats.expon.logpdf(sigma_a) + log_sigma_a
             + stats.gamma.logpdf(sigma_y, a=2.0, scale=1.0) + log_sigma_y)
    resid = log_radon - (a[county] + beta * floor)
    return prior + np.sum(stats.norm.logpdf(z)) + np.sum(stats.t.logpdf(resid, df=nu, scale=sigma_y))


THETA = np.array([1.2, -0.5, -0.6, -0.3, 0.2, -0.1, 0.4, 0.3])

CASES = [
    dict(name="log_posterior", function=log_posterior, args=lambda: (THETA.copy(),)),
    dict(name="log_posterior_t", function=log_posterior_t, args=lambda: (THETA.copy(),)),
]
