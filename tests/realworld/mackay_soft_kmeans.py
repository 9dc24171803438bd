# Written for this corpus (p9) in the style of MacKay's soft k-means (Information Theory, Inference, and Learning Algorithms, ch. 20-22) as clustering tutorials code it: a `SoftKMeans` class with keyword defaults (`n_clusters=3, beta=4.0, n_iter=8`), responsibilities by `scipy.special.logsumexp` over `-beta * d2`, an M-step `self.means_[k] = r[:, k] @ X / r[:, k].sum()` filled row by row, `fit(X, means0)` returning `self`, a `free_energy` method, an annealing schedule from a list comprehension, and `for it, beta in enumerate(schedule)` with early stop on a tolerance. Differentiated: the free energy at given means, the fitted inertia with respect to the starting means and to the data, and the annealed assignment entropy with respect to the stiffness.
import math

import numpy as np
from scipy.special import logsumexp

rng = np.random.default_rng(20)
CENTRES = np.array([[0.0, 0.0], [3.0, 1.0], [1.0, 3.5]])
X_DATA = np.vstack([c + 0.6 * rng.standard_normal((12, 2)) for c in CENTRES])


def squared_distances(X, means):
    """(N, K) matrix of squared Euclidean distances, the broadcasting way."""
    diff = X[:, None, :] - means[None, :, :]
    return np.sum(diff ** 2, axis=-1)


class SoftKMeans:
    def __init__(self, n_clusters=3, beta=4.0, n_iter=8, tol=1e-12):
        self.n_clusters = n_clusters
        self.beta = beta
        self.n_iter = n_iter
        self.tol = tol
        self.means_ = None

    def responsibilities(self, X, means):
        logits = -self.beta * squared_distances(X, means)
        return np.exp(logits - logsumexp(logits, axis=1, keepdims=True))

    def free_energy(self, X, means):
        """-(1/beta) sum_n log sum_k exp(-beta d2): the soft-min of the distances."""
        logits = -self.beta * squared_distances(X, means)
        return -np.sum(logsumexp(logits, axis=1)) / self.beta

    def _m_step(self, X, r):
        means = np.zeros((self.n_clusters, X.shape[1]))
        for k in range(self.n_clusters):
            weight = r[:, k].sum()
            means[k] = r[:, k] @ X / weight
        return means

    def fit(self, X, means0):
        means = means0.copy()
        for it in range(self.n_iter):
            r = self.responsibilities(X, means)
            new_means = self._m_step(X, r)
            shift = np.sum((new_means - means) ** 2)
            means = new_means
            if shift < self.tol:
                break
        self.means_ = means
        return self

    def inertia(self, X):
        r = self.responsibilities(X, self.means_)
        return float(np.sum(r * squared_distances(X, self.means_)))


MEANS0 = np.array([[0.5, 0.2], [2.5, 1.5], [0.5, 2.5]])


def free_energy_at(means, X=X_DATA):
    return SoftKMeans(beta=2.0).free_energy(X, means)


def fitted_inertia(means0, X=X_DATA):
    model = SoftKMeans(n_clusters=3, beta=2.0, n_iter=6).fit(X, means0)
    return model.inertia(X)


def inertia_of_data(X, means0=MEANS0):
    model = SoftKMeans(beta=1.5, n_iter=4)
    model.fit(X, means0)
    return model.inertia(X)


def annealed_entropy(beta_final, X=X_DATA, steps=5):
    """Deterministic annealing: beta grows geometrically to beta_final; the mean entropy of the
    assignments at the end."""
    schedule = [beta_final * 0.5 ** (steps - 1 - s) for s in range(steps)]
    means = MEANS0.copy()
    model = SoftKMeans(n_iter=1)
    for it, beta in enumerate(schedule):
        model.beta = beta
        r = model.responsibilities(X, means)
        means = model._m_step(X, r)
    r = model.responsibilities(X, means)
    entropy = -np.sum(r * np.log(r + 1e-300)) / len(X)
    assert entropy <= math.log(3) + 1e-9, f"entropy {entropy:.3f} above log K"
    return entropy


CASES = [
    dict(name="free_energy_at", function=free_energy_at, args=lambda: (MEANS0.copy(),)),
    dict(name="fitted_inertia", function=fitted_inertia, args=lambda: (MEANS0.copy(),)),
    dict(name="inertia_of_data", function=inertia_of_data, args=lambda: (X_DATA[:15].copy(),)),
    dict(name="annealed_entropy", function=annealed_entropy, args=lambda: (0.3,)),
]
