# Written for this corpus (p1) in the style of GloVe written from the paper (Pennington, Socher & Manning 2014) as NumPy tutorials do: the weighting `np.minimum((X / x_max) ** alpha, 1)`, the non-zero co-occurrences from `np.nonzero`, word and context vectors with biases held in a `namedtuple`, and the weighted least-squares cost; one AdaGrad step on it as in the reference implementation.
from collections import namedtuple

import numpy as np

GloveParams = namedtuple("GloveParams", ["W", "W_ctx", "b", "b_ctx"])


def weighting(x, x_max=10.0, alpha=0.75):
    return np.minimum((x / x_max) ** alpha, 1.0)


def glove_cost(params, X):
    rows, cols = np.nonzero(X)
    counts = X[rows, cols]
    dots = np.sum(params.W[rows] * params.W_ctx[cols], axis=1)
    diff = dots + params.b[rows] + params.b_ctx[cols] - np.log(counts)
    return 0.5 * np.sum(weighting(counts) * diff ** 2)


def adagrad_step_cost(params, X, grads, lr=0.05):
    # test wrapper: the cost after one AdaGrad step given (constant) gradients
    hist = [np.ones_like(p) for p in params]
    new = GloveParams(*[p - lr * g / np.sqrt(h + g ** 2) for p, g, h in zip(params, grads, hist)])
    return glove_cost(new, X)


X_CO = np.array([[0, 4, 1, 0], [4, 0, 12, 2], [1, 12, 0, 7], [0, 2, 7, 0]], dtype=float)
rs = np.random.RandomState(19)
P0 = GloveParams(0.3 * rs.randn(4, 3), 0.3 * rs.randn(4, 3), np.zeros(4), np.zeros(4))
G0 = GloveParams(*[0.1 * rs.randn(*np.shape(p)) for p in P0])

CASES = [
    # (not in X: a zero count moved by a finite difference turns non-zero, and its log is NaN)
    dict(name="cost", function=glove_cost, args=lambda: (GloveParams(*[p.copy() for p in P0]), X_CO.copy())),
    dict(name="adagrad_step", function=adagrad_step_cost,
         args=lambda: (GloveParams(*[p.copy() for p in P0]), X_CO.copy(), GloveParams(*[g.copy() for g in G0]))),
]
