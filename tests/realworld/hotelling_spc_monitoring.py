# Written for this corpus (p10) in the style of multivariate statistical-process-control notebooks (Hotelling T-squared charts on sensor data, pandas-free NumPy versions): a `Phase1Model` class fitted on in-control data with `self.mean_ = X.mean(axis=0)`, `self.VI_ = np.linalg.inv(np.cov(X, rowvar=False))`, per-sample `distance.mahalanobis(x, self.mean_, self.VI_) ** 2` in a list comprehension, a standardised-Euclidean `distance.seuclidean(x, mean, V)` with `V = X.var(axis=0, ddof=1)` as the univariate alternative, `distance.chebyshev` as the worst single-sensor deviation and `distance.minkowski(..., p=3)`, an upper control limit from the F distribution (`scipy.stats.f.ppf`), and a soft alarm rate by a logistic of `T2 - ucl`. Differentiated: the mean T-squared of a Phase-II batch with respect to the batch, the same with respect to the Phase-I data (through the inverse covariance), the soft alarm rate with respect to a sensor drift, and a weighted sum of the other distances with respect to the batch.
import numpy as np
from scipy.spatial import distance
from scipy.stats import f as f_dist

RNG = np.random.default_rng(21)
P = 3
COV = np.array([[1.0, 0.6, 0.2], [0.6, 1.5, 0.3], [0.2, 0.3, 0.8]])
PHASE1 = RNG.multivariate_normal(np.zeros(P), COV, size=40)
BATCH = RNG.multivariate_normal(np.array([0.3, -0.2, 0.1]), COV, size=12)


class Phase1Model:
    def __init__(self, alpha=0.01):
        self.alpha = alpha

    def fit(self, X):
        n, p = X.shape
        self.mean_ = X.mean(axis=0)
        self.VI_ = np.linalg.inv(np.cov(X, rowvar=False))
        self.var_ = X.var(axis=0, ddof=1)
        self.ucl_ = p * (n + 1) * (n - 1) / (n * (n - p)) * f_dist.ppf(1 - self.alpha, p, n - p)
        return self

    def t2(self, X):
        return np.array([distance.mahalanobis(x, self.mean_, self.VI_) ** 2 for x in X])

    def univariate(self, X):
        return np.array([distance.seuclidean(x, self.mean_, self.var_) for x in X])


MODEL = Phase1Model().fit(PHASE1)


def mean_t2(batch):
    return MODEL.t2(batch).mean()


def mean_t2_of_reference(phase1):
    model = Phase1Model().fit(phase1)
    return np.mean(model.t2(BATCH))


def soft_alarm_rate(drift, temperature=0.5):
    batch = BATCH + drift
    t2 = MODEL.t2(batch)
    return np.mean(1.0 / (1.0 + np.exp(-(t2 - MODEL.ucl_) / temperature)))


def distance_summary(batch, weights={"seuclidean": 1.0, "chebyshev": 0.5, "minkowski": 0.25}):
    scores = {
        "seuclidean": MODEL.univariate(batch),
        "chebyshev": np.array([distance.chebyshev(x, MODEL.mean_) for x in batch]),
        "minkowski": np.array([distance.minkowski(x, MODEL.mean_, p=3) for x in batch]),
    }
    return sum(w * scores[name].mean() for name, w in weights.items())


CASES = [
    dict(name="mean_t2", function=mean_t2, args=lambda: (BATCH.copy(),)),
    dict(name="mean_t2_of_reference", function=mean_t2_of_reference, args=lambda: (PHASE1.copy(),)),
    dict(name="soft_alarm_rate", function=soft_alarm_rate, args=lambda: (np.array([1.5, 0.5, -1.0]),)),
    dict(name="distance_summary", function=distance_summary, args=lambda: (BATCH.copy(),)),
]
