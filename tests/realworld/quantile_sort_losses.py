# Written for this corpus (i5) in the style of a risk-management script: CVaR from sorted losses, a pinball loss and a trimmed mean.
import numpy as np

rng = np.random.RandomState(10)
R = rng.randn(20, 3) * 0.02 + 0.001


def cvar(w, returns=R, alpha=0.9):
    losses = -(returns @ w)
    losses = np.sort(losses)
    k = int(np.ceil(alpha * len(losses)))
    return losses[k:].mean()


def pinball(q, y, tau=0.7):
    r = y - q
    return np.mean(np.maximum(tau * r, (tau - 1) * r))


def trimmed_mean(x, frac=0.2):
    order = np.argsort(x)
    cut = int(frac * len(x))
    kept = x[order[cut:len(x) - cut]]
    return kept.mean() + np.median(x) + np.percentile(x, 75)


def softsort_rank_loss(scores):
    idx = np.argsort(-scores)
    ranked = scores[idx]
    disc = 1.0 / np.log2(np.arange(2, len(scores) + 2))
    return np.sum(np.exp(ranked) * disc) / np.sum(np.exp(scores))


y = rng.randn(9)

CASES = [
    dict(name="cvar", function=cvar, args=lambda: (np.array([0.5, 0.3, 0.2]),)),
    dict(name="pinball", function=pinball, args=lambda: (np.full(9, 0.15), y.copy()), wrt=(0, 1)),
    dict(name="trimmed", function=trimmed_mean, args=lambda: (y.copy(),)),
    dict(name="rank", function=softsort_rank_loss, args=lambda: (y.copy(),)),
]
