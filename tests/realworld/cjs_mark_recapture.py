# Written for this corpus (p12) in the style of Kéry and Schaub's Cormack-Jolly-Seber examples as ecologists port them from R to NumPy: capture histories as a 0/1 matrix simulated with `np.random.default_rng(seed)` (survival and recapture drawn occasion by occasion), `get_first = lambda h: np.nonzero(h)[0][0]`, survival and recapture on the logit scale by `scipy.special.expit` with a river-flow covariate, the probability of never being seen again `chi` by a backward recursion, the likelihood accumulated over individuals in a `for i, h in enumerate(CH)` loop with `continue` for animals first caught on the last occasion, an m-array summary built with `np.add.at`, an `isinstance(theta, dict)` dispatch between a dict of named parameters and a flat vector, a Jolly-Seber population estimate `N = n * M / m`, and starting values written by `logit`. Differentiated: the negative log-likelihood of the constant model and of the flow-covariate model, and an abundance estimate in the survival/recapture logits.
import numpy as np
from scipy.special import expit, logit

N_OCC = 7
FLOW = np.array([0.3, -1.1, 0.4, 1.6, -0.2, -0.9])      # standardised, one per interval


def simulate_cjs(phi, p, marked_per_occasion=25, n_occasions=N_OCC, seed=11):
    """Capture histories: animals marked at each occasion, then surviving with phi[t] and
    being recaptured with p[t]."""
    rng = np.random.default_rng(seed)
    n_ind = marked_per_occasion * (n_occasions - 1)
    CH = np.zeros((n_ind, n_occasions), dtype=int)
    mark_occ = np.repeat(np.arange(n_occasions - 1), marked_per_occasion)
    for i in range(n_ind):
        CH[i, mark_occ[i]] = 1
        for t in range(mark_occ[i] + 1, n_occasions):
            if rng.random() > phi[t - 1]:
                break
            if rng.random() < p[t - 1]:
                CH[i, t] = 1
    return CH


CH = simulate_cjs(expit(0.8 + 0.5 * FLOW), np.full(N_OCC - 1, 0.6))
get_first = lambda h: np.nonzero(h)[0][0]
get_last = lambda h: np.nonzero(h)[0][-1]


def chi_probabilities(phi, p):
    """chi[t]: probability an animal alive at occasion t is never seen after t."""
    T = len(phi) + 1
    chi = np.ones(T)
    for t in range(T - 2, -1, -1):
        chi[t] = (1 - phi[t]) + phi[t] * (1 - p[t]) * chi[t + 1]
    return chi


def as_probabilities(theta):
    if isinstance(theta, dict):
        phi = expit(theta["phi_0"] + theta.get("phi_flow", 0.0) * FLOW)
        p = expit(theta["p_0"] * np.ones(N_OCC - 1))
    else:
        phi = expit(theta[0] * np.ones(N_OCC - 1))
        p = expit(theta[1] * np.ones(N_OCC - 1))
    return phi, p


def cjs_negloglik(theta, CH=CH):
    phi, p = as_probabilities(theta)
    chi = chi_probabilities(phi, p)
    ll = 0.0
    for i, h in enumerate(CH):
        f, l = get_first(h), get_last(h)
        if f == N_OCC - 1:
            continue            # marked on the last occasion: no information
        for t in range(f, l):
            ll += np.log(phi[t])
            ll += np.log(p[t]) if h[t + 1] == 1 else np.log(1 - p[t])
        ll += np.log(chi[l])
    return -ll


def flow_model(beta):
    return cjs_negloglik({"phi_0": beta[0], "phi_flow": beta[1], "p_0": beta[2]})


def m_array(CH):
    """Releases at each occasion against their first recapture occasion (the last column: never)."""
    T = CH.shape[1]
    marr = np.zeros((T - 1, T))
    for h in CH:
        seen = np.nonzero(h)[0]
        for a, b in zip(seen[:-1], seen[1:]):
            np.add.at(marr, (a, b - 1), 1)
        if seen[-1] < T - 1:
            np.add.at(marr, (seen[-1], T - 1), 1)
    return marr


MARR = m_array(CH)


def m_array_negloglik(theta):
    """The same model through the multinomial m-array cell probabilities (the fast form)."""
    phi, p = as_probabilities(theta)
    T = N_OCC - 1
    pr = np.zeros((T, T + 1))
    for i in range(T):
        for j in range(i, T):
            surv = np.prod(phi[i:j + 1])
            missed = np.prod(1 - p[i:j])
            pr[i, j] = surv * missed * p[j]
        pr[i, T] = 1 - np.sum(pr[i, :T])
    return -np.sum(np.where(MARR > 0, MARR * np.log(np.where(pr > 0, pr, 1.0)), 0.0))


def abundance(theta):
    """Jolly-Seber style abundance at occasion 3: N = n * M / m, the marked population M
    projected by survival from the animals marked before."""
    phi, p = as_probabilities(theta)
    n_caught = CH[:, 3].sum()
    marked_before = CH[:, :3].any(axis=1)
    m_recaught = np.sum(marked_before & (CH[:, 3] == 1))
    M = np.sum(marked_before) * np.prod(phi[:3])
    return n_caught * M / m_recaught + n_caught / p[2]


CASES = [
    dict(name="constant_model", function=cjs_negloglik, args=lambda: (logit(np.array([0.67, 0.57])),)),
    dict(name="flow_model", function=flow_model, args=lambda: (np.array([0.6, 0.4, 0.5]),)),
    dict(name="m_array_negloglik", function=m_array_negloglik, args=lambda: (logit(np.array([0.67, 0.57])),)),
    dict(name="abundance", function=abundance, args=lambda: (logit(np.array([0.67, 0.57])),)),
]
