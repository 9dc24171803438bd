# Written for this corpus (p9) in the style of the ecology courses' site-occupancy models (MacKenzie et al. 2002, as the "occupancy from scratch" R-to-Python notebooks and unmarked's documentation examples write them): a detection-history matrix `Y` (sites x visits) simulated once from `np.random.default_rng(seed)`, site and survey covariates, `expit` from `scipy.special` for the logit links, a per-site loop `for i, history in enumerate(Y):` with `if history.sum() > 0:` separating sites where the species was seen from the all-zero histories `psi * prod(1 - p) + (1 - psi)`, missing surveys as `np.nan` skipped by a mask, the parameter vector split by a `slice` dict, a vectorised version by `np.where` and `np.prod`, and a Royle-Nichols-style N-mixture likelihood with `scipy.stats.poisson.pmf` and `binom`-free sums over `range(K + 1)`. Differentiated: the loop negative log-likelihood, the vectorised one (they agree), and the N-mixture one.
import math

import numpy as np
from scipy.special import expit, gammaln
from scipy.stats import poisson

rng = np.random.default_rng(2002)
N_SITES, N_VISITS = 40, 4
FOREST = rng.uniform(-1, 1, N_SITES)                    # site covariate (standardised forest cover)
WIND = rng.uniform(-1, 1, (N_SITES, N_VISITS))          # survey covariate
_z = rng.random(N_SITES) < expit(0.3 + 1.2 * FOREST)
Y = ((rng.random((N_SITES, N_VISITS)) < expit(-0.2 - 0.8 * WIND)) & _z[:, None]).astype(float)
Y[3, 2] = np.nan                                        # a survey not done
Y[17, 0] = np.nan

SLICES = {"psi": slice(0, 2), "p": slice(2, 4)}


def site_likelihood(history, psi, p):
    surveyed = ~np.isnan(history)
    h, p = history[surveyed], p[surveyed]
    if h.sum() > 0:
        return psi * np.prod(p ** h * (1 - p) ** (1 - h))
    return psi * np.prod(1 - p) + (1 - psi)


def occupancy_nll(beta, Y=Y):
    b_psi, b_p = beta[SLICES["psi"]], beta[SLICES["p"]]
    nll = 0.0
    for i, history in enumerate(Y):
        psi = expit(b_psi[0] + b_psi[1] * FOREST[i])
        p = expit(b_p[0] + b_p[1] * WIND[i])
        nll -= math.log(site_likelihood(history, psi, p))
    return nll


def occupancy_nll_vectorised(beta, Y=Y):
    psi = expit(beta[0] + beta[1] * FOREST)
    p = expit(beta[2] + beta[3] * WIND)
    seen = np.nansum(Y, axis=1) > 0
    obs = ~np.isnan(Y)
    y = np.where(obs, Y, 0.0)
    per_visit = np.where(obs, p ** y * (1 - p) ** (1 - y), 1.0)
    miss = np.where(obs, 1 - p, 1.0)
    lik = np.where(seen, psi * np.prod(per_visit, axis=1), psi * np.prod(miss, axis=1) + 1 - psi)
    return -np.sum(np.log(lik))


COUNTS = np.array([[2, 1, 3], [0, 0, 1], [4, 2, 2], [0, 0, 0], [1, 3, 1], [2, 2, 0]])


def log_binom_pmf(k, n, p):
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * np.log(p) + (n - k) * np.log(1 - p)


def nmixture_nll(theta, counts=COUNTS, K=25):
    lam, p = math.exp(theta[0]), expit(theta[1])
    nll = 0.0
    for site_counts in counts:
        total = 0.0
        for N in range(int(site_counts.max()), K + 1):
            total += poisson.pmf(N, lam) * np.exp(np.sum(log_binom_pmf(site_counts, N, p)))
        nll -= np.log(total)
    return nll


BETA0 = np.array([0.2, 1.0, -0.3, -0.6])

CASES = [
    dict(name="occupancy_nll", function=occupancy_nll, args=lambda: (BETA0.copy(),)),
    dict(name="occupancy_nll_vectorised", function=occupancy_nll_vectorised, args=lambda: (BETA0.copy(),)),
    dict(name="nmixture_nll", function=nmixture_nll, args=lambda: (np.array([math.log(2.5), 0.3]),)),
]
