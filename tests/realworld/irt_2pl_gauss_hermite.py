# Written for this corpus (p2) in the style of psychometrics code (the two-parameter logistic IRT model's marginal likelihood by Gauss-Hermite quadrature, Bock & Aitkin 1981, as in the `girth` package and textbook NumPy examples): nodes from `np.polynomial.hermite.hermgauss` rescaled for a standard normal, `scipy.special.expit`, an items-by-nodes probability table, `np.einsum` over responses, `logsumexp` with `b=` weights per examinee.
import numpy as np
from numpy.polynomial.hermite import hermgauss
from scipy.special import expit, logsumexp

RESPONSES = np.array([[1, 0, 1, 1, 0],
                      [1, 1, 1, 0, 0],
                      [0, 0, 1, 0, 0],
                      [1, 1, 1, 1, 1],
                      [0, 1, 0, 1, 0],
                      [1, 1, 0, 1, 1]])

nodes, weights = hermgauss(21)
THETA = np.sqrt(2.0) * nodes
LOG_W = np.log(weights / np.sqrt(np.pi))


def marginal_log_likelihood(discrimination, difficulty, responses=RESPONSES):
    # P(correct | theta) for every item and quadrature node
    p = expit(discrimination[:, None] * (THETA[None, :] - difficulty[:, None]))
    log_p, log_q = np.log(p), np.log1p(-p)
    # log P(response pattern | theta_k) for every examinee and node
    ll = np.einsum("ni,ik->nk", responses, log_p) + np.einsum("ni,ik->nk", 1 - responses, log_q)
    return np.sum(logsumexp(ll, b=np.exp(LOG_W), axis=1))


def eap_scores(params):
    """Expected a-posteriori abilities, summed (test wrapper)."""
    a, b = params[:5], params[5:]
    p = expit(a[:, None] * (THETA[None, :] - b[:, None]))
    like = np.exp(RESPONSES @ np.log(p) + (1 - RESPONSES) @ np.log(1 - p)) * np.exp(LOG_W)
    posterior = like / like.sum(axis=1, keepdims=True)
    return np.sum((posterior @ THETA) ** 2)


A0 = np.array([1.2, 0.8, 1.5, 1.0, 0.7])
B0 = np.array([-0.5, 0.3, -1.0, 0.1, 0.9])

CASES = [
    dict(name="marginal_log_likelihood", function=marginal_log_likelihood, args=lambda: (A0.copy(), B0.copy()), wrt=(0, 1)),
    dict(name="eap_scores", function=eap_scores, args=lambda: (np.concatenate([A0, B0]),)),
]
