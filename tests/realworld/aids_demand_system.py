# Written for this corpus (p12) in the style of applied-econometrics scripts estimating Deaton and Muellbauer's Almost Ideal Demand System by maximum likelihood: parameters kept in a dict (`params["alpha"]`, `params["beta"]`, `params["gamma"]`) unpacked from a flat vector with homogeneity and symmetry imposed by construction (`np.triu_indices`, the last good's row from adding-up), the translog price index as a helper with `**kwargs`, Stone's index as the linear approximation behind a `linear=False` flag, the last share dropped for singularity, the concentrated Gaussian log-likelihood `-T/2 * log det(S)` by `np.linalg.slogdet`, Marshallian and Hicksian elasticities from the estimates, budget data simulated with `np.random.default_rng(seed)` inside, and a few Newton-free steps of gradient ascent that update the dict in a loop. Differentiated: the log-likelihood in the packed parameters, an own-price elasticity in the prices, and a compensating-variation calculation.
import numpy as np

N_GOODS = 4
ALPHA0 = 0.0


def unpack(theta, n=N_GOODS):
    """Flat vector -> dict of AIDS parameters with adding-up, homogeneity and symmetry."""
    k = n - 1
    alpha = np.append(theta[:k], 1.0 - np.sum(theta[:k]))
    beta = np.append(theta[k:2 * k], -np.sum(theta[k:2 * k]))
    iu = np.triu_indices(k)
    g = np.zeros((k, k))
    g[iu] = theta[2 * k:]
    g = g + g.T - np.diag(np.diag(g))           # symmetric
    last_col = -g.sum(axis=1, keepdims=True)     # homogeneity: rows sum to zero
    top = np.hstack([g, last_col])
    bottom = -top.sum(axis=0, keepdims=True)     # adding-up
    gamma = np.vstack([top, bottom])
    return {"alpha": alpha, "beta": beta, "gamma": gamma}


def translog_index(log_p, **kwargs):
    alpha = kwargs["alpha"]
    gamma = kwargs["gamma"]
    alpha0 = kwargs.get("alpha0", ALPHA0)
    return alpha0 + log_p @ alpha + 0.5 * np.einsum("ti,ij,tj->t", log_p, gamma, log_p)


def predicted_shares(params, log_p, log_x, linear=False, observed_shares=None):
    if linear:
        log_P = np.sum(observed_shares * log_p, axis=1)      # Stone's index
    else:
        log_P = translog_index(log_p, **params)
    real_exp = log_x - log_P
    return params["alpha"] + log_p @ params["gamma"].T + np.outer(real_exp, params["beta"])


def simulate_budget_data(T=60, seed=2024):
    rng = np.random.default_rng(seed)
    theta_true = np.array([0.3, 0.25, 0.2, 0.05, -0.03, 0.02,
                           0.08, -0.02, -0.03, 0.07, -0.01, 0.06])
    log_p = rng.normal(0.0, 0.3, size=(T, N_GOODS))
    log_x = rng.normal(5.0, 0.4, size=T)
    shares = predicted_shares(unpack(theta_true), log_p, log_x)
    shares = shares + rng.normal(0.0, 0.01, size=shares.shape)
    shares[:, -1] = 1.0 - shares[:, :-1].sum(axis=1)
    return log_p, log_x, shares


def concentrated_loglik(theta, linear=False):
    log_p, log_x, shares = simulate_budget_data()
    params = unpack(theta)
    resid = (shares - predicted_shares(params, log_p, log_x, linear=linear,
                                       observed_shares=shares))[:, :-1]   # drop one share
    T = resid.shape[0]
    S = resid.T @ resid / T
    sign, logdet = np.linalg.slogdet(S)
    return -0.5 * T * (logdet + (N_GOODS - 1) * (1.0 + np.log(2 * np.pi)))


def stone_loglik(theta):
    return concentrated_loglik(theta, linear=True)


def elasticities(params, log_p, log_x):
    """Marshallian (uncompensated) and Hicksian elasticities at one price-income point."""
    w = predicted_shares(params, log_p[None, :], np.array([log_x]))[0]
    alpha, beta, gamma = params["alpha"], params["beta"], params["gamma"]
    n = len(w)
    marshall = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            delta = 1.0 if i == j else 0.0
            dlogP = alpha[j] + gamma[j] @ log_p
            marshall[i, j] = -delta + (gamma[i, j] - beta[i] * dlogP) / w[i]
    income = 1.0 + beta / w
    hicks = marshall + np.outer(income, w)
    return {"marshall": marshall, "hicks": hicks, "income": income}


THETA_HAT = np.array([0.31, 0.24, 0.21, 0.04, -0.02, 0.02,
                      0.07, -0.02, -0.03, 0.08, -0.01, 0.05])


def own_price_elasticity(log_p):
    e = elasticities(unpack(THETA_HAT), log_p, 5.2)
    return e["marshall"][0, 0] + 0.5 * e["hicks"][1, 2] + 0.1 * e["income"][3]


def compensating_variation(dlog_p, log_x=5.0):
    """The expenditure change that keeps utility at its old level after a price change: the AIDS
    cost function log c(u, p) = log a(p) + u * b(p), b(p) = exp(beta0 + beta @ log p)."""
    params = unpack(THETA_HAT)
    log_p0 = np.zeros(N_GOODS)
    log_p1 = log_p0 + dlog_p
    log_a = lambda lp: translog_index(lp[None, :], **params)[0]
    log_b = lambda lp: params["beta"] @ lp
    u0 = (log_x - log_a(log_p0)) / np.exp(log_b(log_p0))
    log_c1 = log_a(log_p1) + u0 * np.exp(log_b(log_p1))
    return np.exp(log_c1) - np.exp(log_x)


def ascent_steps(theta0, steps=3, lr=1e-4):
    """Gradient ascent with the gradient written by hand as a finite difference, parameters kept
    in a dict updated in the loop (as a first script does before switching to an optimiser)."""
    state = {"theta": theta0.copy(), "loglik": concentrated_loglik(theta0)}
    for _ in range(steps):
        step = np.zeros_like(state["theta"])
        for k in range(2):
            e = np.zeros_like(step)
            e[k] = 1e-3
            step[k] = (concentrated_loglik(state["theta"] + e) - state["loglik"]) / 1e-3
        state["theta"] = state["theta"] + lr * step
        state["loglik"] = concentrated_loglik(state["theta"])
    return state["loglik"]


CASES = [
    dict(name="concentrated_loglik", function=concentrated_loglik, args=lambda: (THETA_HAT.copy(),)),
    dict(name="stone_loglik", function=stone_loglik, args=lambda: (THETA_HAT.copy(),)),
    dict(name="own_price_elasticity", function=own_price_elasticity,
         args=lambda: (np.array([0.1, -0.2, 0.05, 0.3]),)),
    dict(name="compensating_variation", function=compensating_variation,
         args=lambda: (np.array([0.1, 0.0, -0.05, 0.2]),)),
    dict(name="ascent_steps", function=ascent_steps, args=lambda: (THETA_HAT.copy(),)),
]
