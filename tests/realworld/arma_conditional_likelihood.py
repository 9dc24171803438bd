# Written for this corpus (p2) in the style of time-series textbooks' conditional likelihoods (Hamilton ch. 5; the conditional sum of squares statsmodels' ARIMA starts from): an AR(p) conditional Gaussian log-likelihood with lags by slicing and `np.column_stack`, and an ARMA(1,1) whose innovations come from the recursion `eps[t] = y[t] - c - phi*y[t-1] - theta*eps[t-1]` in a Python loop writing `eps[t]`, `math.log(2 * math.pi)`, parameters unpacked from a vector with `*ar, sigma`.
import math

import numpy as np

rng = np.random.RandomState(5)
e = rng.randn(80)
Y = np.zeros(80)
for t in range(2, 80):
    Y[t] = 0.2 + 0.5 * Y[t - 1] - 0.2 * Y[t - 2] + e[t] + 0.3 * e[t - 1]


def ar_loglik(params, y=Y):
    c, *ar, log_sigma = params
    p = len(ar)
    lags = np.column_stack([y[p - k - 1:len(y) - k - 1] for k in range(p)])
    resid = y[p:] - c - lags @ np.array(ar)
    sigma2 = math.exp(2 * log_sigma)
    n = len(resid)
    return -0.5 * n * (math.log(2 * math.pi) + math.log(sigma2)) - 0.5 * np.sum(resid ** 2) / sigma2


def arma11_css(params, y=Y):
    c, phi, theta, sigma = params
    eps = np.zeros_like(y)
    for t in range(1, len(y)):
        eps[t] = y[t] - c - phi * y[t - 1] - theta * eps[t - 1]
    n = len(y) - 1
    return -n / 2 * math.log(2 * math.pi * sigma ** 2) - np.sum(eps[1:] ** 2) / (2 * sigma ** 2)


CASES = [
    dict(name="ar2_loglik", function=ar_loglik, args=lambda: (np.array([0.1, 0.4, -0.1, 0.05]), Y.copy()), wrt=(0, 1)),
    dict(name="arma11_css", function=arma11_css, args=lambda: (np.array([0.2, 0.5, 0.3, 1.1]),)),
]
