# Ported from dfm/emcee, docs/tutorials/line.ipynb ("Fitting a model to data"), the likelihood, prior, posterior and the `nll` lambda handed to scipy.optimize.minimize.
import numpy as np

np.random.seed(123)

# Choose the "true" parameters.
m_true = -0.9594
b_true = 4.294
f_true = 0.534

# Generate some synthetic data from the model.
N = 50
x = np.sort(10 * np.random.rand(N))
yerr = 0.1 + 0.5 * np.random.rand(N)
y = m_true * x + b_true
y += np.abs(f_true * y) * np.random.randn(N)
y += yerr * np.random.randn(N)


def log_likelihood(theta, x, y, yerr):
    m, b, log_f = theta
    model = m * x + b
    sigma2 = yerr**2 + model**2 * np.exp(2 * log_f)
    return -0.5 * np.sum((y - model) ** 2 / sigma2 + np.log(sigma2))


nll = lambda *args: -log_likelihood(*args)


def log_prior(theta):
    m, b, log_f = theta
    if -5.0 < m < 0.5 and 0.0 < b < 10.0 and -10.0 < log_f < 1.0:
        return 0.0
    return -np.inf


def log_probability(theta, x, y, yerr):
    lp = log_prior(theta)
    if not np.isfinite(lp):
        return -np.inf
    return lp + log_likelihood(theta, x, y, yerr)


initial = np.array([m_true, b_true, np.log(f_true)]) + 0.1 * np.array([0.3, -0.2, 0.5])

CASES = [
    dict(name="log_likelihood", function=log_likelihood, args=lambda: (initial.copy(), x, y, yerr)),
    dict(name="nll_lambda", function=nll, args=lambda: (initial.copy(), x, y, yerr)),
    dict(name="log_probability", function=log_probability, args=lambda: (initial.copy(), x, y, yerr)),
]
