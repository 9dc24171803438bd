# Ported from dfm/emcee, docs/tutorials/quickstart.ipynb ("Quickstart"): the multivariate Gaussian log-density sampled there.
import numpy as np


def log_prob(x, mu, cov):
    diff = x - mu
    return -0.5 * np.dot(diff, np.linalg.solve(cov, diff))


ndim = 5

np.random.seed(42)
means = np.random.rand(ndim)

cov = 0.5 - np.random.rand(ndim**2).reshape((ndim, ndim))
cov = np.triu(cov)
cov += cov.T - np.diag(cov.diagonal())
cov = np.dot(cov, cov)

p0 = np.random.rand(ndim)

CASES = [
    dict(name="log_prob", function=log_prob, args=lambda: (p0.copy(), means.copy(), cov.copy()), wrt=(0, 1)),
    dict(name="log_prob_wrt_cov", function=log_prob, args=lambda: (p0.copy(), means.copy(), cov.copy()), wrt=(2,),
         jvp=False),
]
