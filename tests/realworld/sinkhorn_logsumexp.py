# Written for this corpus (i5) in the style of an optimal-transport notebook: log-domain Sinkhorn iterations with scipy.special.logsumexp and a tolerance loop.
import numpy as np
from scipy.special import logsumexp


def cost_matrix(x, y):
    return (x[:, None] - y[None, :]) ** 2


def sinkhorn(a, b, C, eps=0.1, tol=1e-9, max_iter=500):
    f = np.zeros_like(a)
    g = np.zeros_like(b)
    log_a, log_b = np.log(a), np.log(b)
    for it in range(max_iter):
        f_prev = f
        f = eps * log_a - eps * logsumexp((g[None, :] - C) / eps, axis=1)
        g = eps * log_b - eps * logsumexp((f[:, None] - C) / eps, axis=0)
        if np.max(np.abs(f - f_prev)) < tol:
            break
    P = np.exp((f[:, None] + g[None, :] - C) / eps)
    return np.sum(P * C), P


def transport_cost(x, y):
    a = np.full(len(x), 1.0 / len(x))
    b = np.full(len(y), 1.0 / len(y))
    cost, _ = sinkhorn(a, b, cost_matrix(x, y))
    return cost


def weighted_cost(logits, x, y):
    a = np.exp(logits) / np.exp(logits).sum()
    b = np.ones(len(y)) / len(y)
    return sinkhorn(a, b, cost_matrix(x, y), eps=0.2)[0]


xs = np.array([0.0, 0.3, 0.9, 1.4])
ys = np.array([0.2, 0.5, 1.1])

CASES = [
    dict(name="positions", function=transport_cost, args=lambda: (xs.copy(), ys.copy()), wrt=(0, 1)),
    dict(name="weights", function=weighted_cost, args=lambda: (np.array([0.1, -0.2, 0.3, 0.0]), xs, ys)),
]
