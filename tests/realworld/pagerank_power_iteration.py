# Written for this corpus (i5) in the style of a network-science tutorial: PageRank by power iteration with a convergence check, on weighted edges.
import numpy as np

edges = [(0, 1), (0, 2), (1, 2), (2, 0), (3, 2), (3, 4), (4, 3), (4, 0)]


def transition(weights, n=5):
    W = np.zeros((n, n))
    for (i, j), w in zip(edges, weights):
        W[j, i] += w
    out = W.sum(axis=0)
    out[out == 0] = 1.0
    return W / out


def pagerank(weights, d=0.85, tol=1e-12, max_iter=200):
    P = transition(weights)
    n = P.shape[0]
    r = np.full(n, 1.0 / n)
    it = 0
    while True:
        r_new = (1 - d) / n + d * P @ r
        it += 1
        if np.abs(r_new - r).sum() < tol or it >= max_iter:
            break
        r = r_new
    return r_new


def top_score(weights):
    r = pagerank(weights)
    return r[2] + 0.5 * r[0]


w0 = np.array([1.0, 2.0, 0.5, 1.0, 1.5, 0.7, 1.2, 0.3])

CASES = [
    dict(name="score", function=top_score, args=lambda: (w0.copy(),)),
]
