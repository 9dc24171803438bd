# Written for this corpus (i5) in the style of a from-scratch training loop with parameters in a dict updated in place by SGD.
import numpy as np


def init(rng, sizes):
    return {f"W{i}": rng.randn(m, n) * 0.5 for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:]))} | \
        {f"b{i}": np.zeros(n) for i, n in enumerate(sizes[1:])}


def forward(params, X):
    h = X
    n_layers = len([k for k in params if k.startswith("W")])
    for i in range(n_layers):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers - 1:
            h = np.maximum(h, 0.0) + 0.1 * np.minimum(h, 0.0)
    return h


def mse(params, X, y):
    return np.mean((forward(params, X)[:, 0] - y) ** 2)


def train_then_eval(params, X, y, lr=0.05, steps=3):
    params = {k: v.copy() for k, v in params.items()}
    for step in range(steps):
        pred = forward(params, X)[:, 0]
        err = pred - y
        # a crude hand-rolled update of the last bias only, in place
        params["b1"] -= lr * 2 * err.mean()
        for k, v in params.items():
            if k.startswith("W"):
                v *= (1 - lr * 0.01)       # weight decay, in place on the dict's arrays
    return mse(params, X, y)


def momentum_training(params, X, y, lr=0.05, beta=0.9, steps=3):
    # velocities in a dict comprehension; every update in place through the loop's names
    params = {k: v.copy() for k, v in params.items()}
    velocity = {k: np.zeros_like(v) for k, v in params.items()}
    for step in range(steps):
        err = forward(params, X)[:, 0] - y
        grads = {"b1": np.array([2 * err.mean()])}
        for k, v in params.items():
            m = velocity[k]
            m *= beta
            m += grads.get(k, 0.01 * v)
            v -= lr * m
    return mse(params, X, y)


rng = np.random.RandomState(12)
P0 = init(rng, [3, 4, 1])
X = rng.randn(6, 3)
y = rng.randn(6)

CASES = [
    dict(name="mse", function=mse, args=lambda: ({k: v.copy() for k, v in P0.items()}, X, y)),
    dict(name="train_then_eval", function=train_then_eval, args=lambda: ({k: v.copy() for k, v in P0.items()}, X, y)),
    dict(name="momentum", function=momentum_training, args=lambda: ({k: v.copy() for k, v in P0.items()}, X, y)),
]
