# Written for this corpus (p2) in the style of empirical-IO code (Berry 1994's logit inversion and BLP 1995's contraction mapping, as in Nevo's "Practitioner's guide" and PyBLP's tutorials written out by hand): market shares with an outside good by `np.exp(delta) / (1 + np.exp(delta).sum())`, random coefficients by simulation draws, and the contraction `delta = delta + log(s_obs) - log(s_pred)` in a `while` loop with a tolerance, differentiated in the nonlinear parameter.
import numpy as np

rng = np.random.RandomState(0)
PRICES = np.array([1.2, 2.0, 2.6, 3.1])
CHARS = np.array([0.5, 1.0, 1.4, 2.2])
DRAWS = rng.randn(50)
S_OBS = np.array([0.12, 0.2, 0.15, 0.08])


def logit_shares(delta):
    e = np.exp(delta)
    return e / (1.0 + e.sum())


def rc_shares(delta, sigma):
    mu = sigma * np.outer(DRAWS, CHARS)          # draws x products
    u = delta[None, :] + mu
    e = np.exp(u)
    return (e / (1.0 + e.sum(axis=1, keepdims=True))).mean(axis=0)


def contraction(sigma, tol=1e-12, max_iter=1000):
    delta = np.log(S_OBS) - np.log(1 - S_OBS.sum())   # the logit inversion as a start
    it = 0
    diff = np.inf
    while diff > tol and it < max_iter:
        new = delta + np.log(S_OBS) - np.log(rc_shares(delta, sigma))
        diff = np.max(np.abs(new - delta))
        delta = new
        it += 1
    return delta


def gmm_objective(sigma):
    delta = contraction(sigma)
    X = np.column_stack([np.ones(4), PRICES])
    Z = np.column_stack([np.ones(4), CHARS])
    beta = np.linalg.lstsq(X, delta, rcond=None)[0]
    xi = delta - X @ beta
    g = Z.T @ xi
    return g @ g


CASES = [
    dict(name="logit_shares", function=logit_shares, args=lambda: (np.array([0.1, -0.3, 0.2, -0.8]),), kind="jacobian"),
    dict(name="gmm_objective", function=gmm_objective, args=lambda: (0.6,)),
]
