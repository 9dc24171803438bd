# Written for this corpus (i5) in the style of a research script driven by a string-keyed config dict and **kwargs helpers.
import numpy as np

CONFIG = {
    "penalty": "l2",
    "lam": 0.1,
    "activation": "softplus",
    "weights": {"data": 1.0, "smooth": 0.5},
}


def activation(z, kind="relu", **kwargs):
    if kind == "relu":
        return np.maximum(z, 0)
    elif kind == "softplus":
        beta = kwargs.get("beta", 1.0)
        return np.log1p(np.exp(beta * z)) / beta
    raise ValueError(kind)


def penalty(w, kind="l2", lam=1.0):
    return lam * (np.sum(w ** 2) if kind == "l2" else np.sum(np.abs(w)))


def objective(w, X, y, config=CONFIG, **overrides):
    cfg = dict(config, **overrides)
    pred = activation(X @ w, kind=cfg["activation"], beta=2.0)
    terms = {
        "data": np.mean((pred - y) ** 2),
        "smooth": np.sum(np.diff(w) ** 2),
        "reg": penalty(w, kind=cfg["penalty"], lam=cfg["lam"]),
    }
    total = 0.0
    for name in sorted(terms):
        total = total + cfg["weights"].get(name, 1.0) * terms[name]
    return total


def l1_objective(w, X, y):
    return objective(w, X, y, penalty="l1", lam=0.05)


def with_options(w, X, y):
    opts = {"kind": "softplus", "beta": 3.0}
    return np.sum(activation(X @ w, **opts)) + penalty(w, **{"kind": "l2", "lam": 0.2})


rng = np.random.RandomState(4)
X = rng.randn(8, 3)
y = rng.rand(8)
w0 = np.array([0.3, -0.5, 0.8])

CASES = [
    dict(name="objective", function=objective, args=lambda: (w0.copy(), X, y)),
    dict(name="l1", function=l1_objective, args=lambda: (w0.copy(), X, y)),
    dict(name="options", function=with_options, args=lambda: (w0.copy(), X, y)),
]
