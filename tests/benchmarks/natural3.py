"""Benchmark workloads N20-N31: still more everyday models spelled the way people write them
(issue 17) — a GP marginal likelihood through ``np.linalg.cholesky`` and ``scipy.linalg.cho_solve``,
a convolution layer by ``sliding_window_view`` and ``einsum``, batch norm in a class holding its
parameters in ``self.``, an LSTM whose weights are a dict ``p["Wf"]``, one Adam step inside the
loss over ``params.items()``, a Poisson GLM with ``gammaln``, a Huber loss by ``np.where``, soft
k-means through ``scipy.special.logsumexp(..., keepdims=True)``, a heat equation stepped with
``np.roll``, a polynomial by Horner's loop over a list of coefficients, and two float32 variants —
each with a hand-written NumPy gradient.

Same structure as natural.py (``make(name, size)`` builds a :class:`~workloads.Workload`);
``run.py --suite natural`` times them with N1-N19. The hand-written gradients are checked against
finite differences by tests/test_benchmark_natural.py.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.linalg import cho_solve
from scipy.special import gammaln, logsumexp

from workloads import Workload, sized

NAMES = ("N20", "N21", "N22", "N23", "N24", "N25", "N26", "N27", "N28", "N29", "N30", "N31")
FLOAT32 = ("N30", "N31")


# =============================================================================== the functions
def gp_nll(log_theta, X, y):
    """N20: negative log marginal likelihood of a GP with a squared-exponential kernel, its
    (length scale, signal, noise) as logs; Cholesky and ``cho_solve``."""
    ell, sf, sn = np.exp(log_theta)
    sq = np.sum(X ** 2, 1)[:, None] + np.sum(X ** 2, 1)[None, :] - 2 * X @ X.T
    K = sf ** 2 * np.exp(-0.5 * sq / ell ** 2) + (sn ** 2 + 1e-6) * np.eye(len(X))
    L = np.linalg.cholesky(K)
    alpha = cho_solve((L, True), y)
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L))) + 0.5 * len(X) * np.log(2 * np.pi)


def conv_layer(K, b, x, target):
    """N21: a 'valid' convolution layer (batch, height, width, channels) by ``sliding_window_view``
    and ``einsum``, ReLU, mean squared error."""
    windows = sliding_window_view(x, K.shape[:2], axis=(1, 2))
    out = np.maximum(0, np.einsum("bhwcij,ijco->bhwo", windows, K) + b)
    return np.mean((out - target) ** 2)


class BatchNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma = gamma
        self.beta = beta
        self.eps = eps

    def forward(self, x):
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        self.x_hat = (x - mu) / np.sqrt(var + self.eps)
        return self.gamma * self.x_hat + self.beta


def batchnorm_loss(W, gamma, beta, X, target):
    """N22: a linear layer, batch norm in a class that keeps its parameters in ``self.``, tanh."""
    bn = BatchNorm(gamma, beta)
    h = np.tanh(bn.forward(X @ W))
    return np.mean((h - target) ** 2)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def lstm_loss(p, xs, target):
    """N23: an LSTM cell over the time steps of ``xs``, its weights in a dict ``p["Wf"]`` acting on
    ``np.concatenate([h, x])``; squared error of the last state."""
    B, H = xs.shape[1], p["Wf"].shape[1]
    h, c = np.zeros((B, H)), np.zeros((B, H))
    for t in range(xs.shape[0]):
        hx = np.concatenate([h, xs[t]], axis=1)
        f = sigmoid(hx @ p["Wf"] + p["bf"])
        i = sigmoid(hx @ p["Wi"] + p["bi"])
        o = sigmoid(hx @ p["Wo"] + p["bo"])
        g = np.tanh(hx @ p["Wc"] + p["bc"])
        c = f * c + i * g
        h = o * np.tanh(c)
    return np.sum((h - target) ** 2)


def squared_error(params, X, y):
    r = X @ params["w"] + params["b"] - y
    return 0.5 * np.mean(r ** 2)


def adam_step_loss(params, X, y, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8):
    """N24: the loss after one Adam step from ``params`` (a dict), the step a loop over
    ``params.items()`` (the inner gradient written out)."""
    r = X @ params["w"] + params["b"] - y
    grads = {"w": X.T @ r / len(y), "b": np.mean(r)}
    new = {}
    for name, value in params.items():
        g = grads[name]
        m = (1 - beta1) * g
        v = (1 - beta2) * g ** 2
        m_hat = m / (1 - beta1)
        v_hat = v / (1 - beta2)
        new[name] = value - lr * m_hat / (np.sqrt(v_hat) + eps)
    return squared_error(new, X, y)


def poisson_nll(beta, X, y):
    """N25: Poisson regression's negative log-likelihood, ``X @ beta``, ``np.exp``, ``gammaln``."""
    eta = X @ beta
    return np.sum(np.exp(eta) - y * eta + gammaln(y + 1)) / len(y)


def huber_loss(w, X, y, delta=1.0):
    """N26: a Huber loss of a linear model through ``np.where``."""
    r = X @ w - y
    return np.mean(np.where(np.abs(r) <= delta, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta)))


def soft_kmeans(C, X, beta=2.0):
    """N27 (N31 in float32): soft k-means energy, squared distances by broadcasting and
    ``logsumexp(axis=1, keepdims=True)``."""
    d2 = np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=-1)
    return -np.sum(logsumexp(-beta * d2, axis=1, keepdims=True)) / beta


def heat_loss(u0, alpha, target, steps=200):
    """N28 (N30 in float32): the periodic 1-D heat equation, 200 explicit steps with ``np.roll``."""
    u = u0
    for _ in range(steps):
        u = u + alpha * (np.roll(u, 1) - 2 * u + np.roll(u, -1))
    return np.sum((u - target) ** 2)


def horner(x, coeffs):
    """N29: a polynomial by Horner's loop over a list of coefficients (highest first), summed."""
    y = 0.0
    for c in coeffs:
        y = y * x + c
    return np.sum(y)


# =============================================================================== hand-written gradients
def gp_nll_grad(log_theta, X, y):
    ell, sf, sn = np.exp(log_theta)
    sq = np.sum(X ** 2, 1)[:, None] + np.sum(X ** 2, 1)[None, :] - 2 * X @ X.T
    K_se = sf ** 2 * np.exp(-0.5 * sq / ell ** 2)
    L = np.linalg.cholesky(K_se + (sn ** 2 + 1e-6) * np.eye(len(X)))
    alpha = cho_solve((L, True), y)
    W = 0.5 * (cho_solve((L, True), np.eye(len(X))) - np.outer(alpha, alpha))    # d nll / d K
    return np.array([np.sum(W * K_se * sq) / ell ** 2, 2 * np.sum(W * K_se), 2 * sn ** 2 * np.trace(W)])


def conv_layer_grad(K, b, x, target):
    windows = sliding_window_view(x, K.shape[:2], axis=(1, 2))
    pre = np.einsum("bhwcij,ijco->bhwo", windows, K) + b
    g = 2 * (np.maximum(0, pre) - target) / pre.size * (pre > 0)
    return np.einsum("bhwcij,bhwo->ijco", windows, g), g.sum(axis=(0, 1, 2))


def batchnorm_loss_grad(W, gamma, beta, X, target, eps=1e-5):
    z = X @ W
    inv_std = 1 / np.sqrt(z.var(axis=0) + eps)
    x_hat = (z - z.mean(axis=0)) * inv_std
    h = np.tanh(gamma * x_hat + beta)
    g_out = 2 * (h - target) / h.size * (1 - h ** 2)
    g_hat = g_out * gamma
    n = len(z)
    g_z = inv_std / n * (n * g_hat - g_hat.sum(axis=0) - x_hat * (g_hat * x_hat).sum(axis=0))
    return X.T @ g_z, (g_out * x_hat).sum(axis=0), g_out.sum(axis=0)


def lstm_loss_grad(p, xs, target):
    B, H = xs.shape[1], p["Wf"].shape[1]
    h, c = np.zeros((B, H)), np.zeros((B, H))
    tape = []
    for t in range(xs.shape[0]):
        hx = np.concatenate([h, xs[t]], axis=1)
        f, i, o = (sigmoid(hx @ p[W] + p[b]) for W, b in (("Wf", "bf"), ("Wi", "bi"), ("Wo", "bo")))
        g = np.tanh(hx @ p["Wc"] + p["bc"])
        tape.append((hx, c, f, i, o, g))
        c = f * c + i * g
        h = o * np.tanh(c)
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    gh, gc = 2 * (h - target), np.zeros((B, H))
    for hx, c_prev, f, i, o, g in reversed(tape):
        tc = np.tanh(f * c_prev + i * g)
        gc = gc + gh * o * (1 - tc ** 2)
        pre = {"f": gc * c_prev * f * (1 - f), "i": gc * g * i * (1 - i),
               "o": gh * tc * o * (1 - o), "c": gc * i * (1 - g ** 2)}
        ghx = 0
        for gate, d in pre.items():
            grads["W" + gate] += hx.T @ d
            grads["b" + gate] += d.sum(axis=0)
            ghx = ghx + d @ p["W" + gate].T
        gh, gc = ghx[:, :H], gc * f
    return grads


def adam_step_loss_grad(params, X, y, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8):
    n = len(y)
    r = X @ params["w"] + params["b"] - y
    g = {"w": X.T @ r / n, "b": np.mean(r)}
    # m_hat / (sqrt(v_hat) + eps) = g / (|g| + eps), whose derivative is eps / (|g| + eps)^2
    new = {k: params[k] - lr * g[k] / (np.abs(g[k]) + eps) for k in params}
    r_new = X @ new["w"] + new["b"] - y
    g_new = {"w": X.T @ r_new / n, "b": np.mean(r_new)}
    g_inner = {k: -lr * eps / (np.abs(g[k]) + eps) ** 2 * g_new[k] for k in params}
    g_r = (X @ g_inner["w"] + g_inner["b"]) / n          # back through the inner gradient
    return {"w": g_new["w"] + X.T @ g_r, "b": g_new["b"] + np.sum(g_r)}


def poisson_nll_grad(beta, X, y):
    return X.T @ (np.exp(X @ beta) - y) / len(y)


def huber_loss_grad(w, X, y, delta=1.0):
    return X.T @ np.clip(X @ w - y, -delta, delta) / len(y)


def soft_kmeans_grad(C, X, beta=2.0):
    a = -beta * np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=-1)
    r = np.exp(a - a.max(axis=1, keepdims=True))
    r /= r.sum(axis=1, keepdims=True)                       # responsibilities
    return 2 * (r.sum(axis=0)[:, None] * C - r.T @ X)


def heat_loss_grad(u0, alpha, target, steps=200):
    us = [u0]
    for _ in range(steps):
        u = us[-1]
        us.append(u + alpha * (np.roll(u, 1) - 2 * u + np.roll(u, -1)))
    g, g_alpha = 2 * (us[-1] - target), 0.0
    for u in reversed(us[:-1]):        # the stencil is symmetric: its adjoint is itself
        g_alpha += np.sum(g * (np.roll(u, 1) - 2 * u + np.roll(u, -1)))
        g = g + alpha * (np.roll(g, 1) - 2 * g + np.roll(g, -1))
    return g, g_alpha


def horner_grad(x, coeffs):
    p, dp = 0.0, 0.0
    for c in coeffs:
        p, dp = p * x + c, dp * x + p
    sums, power = [], np.ones_like(x)
    for _ in coeffs:                    # d / d coeffs[j] = sum(x ** (k - 1 - j)), powers by products
        sums.append(np.sum(power))
        power = power * x
    return dp, sums[::-1]


# =============================================================================== workloads
_SIZES = {
    "N20": {"full": dict(n=200), "quick": dict(n=50), "smoke": dict(n=8)},
    "N21": {"full": dict(B=8, H=16, C=3, O=8), "quick": dict(B=2, H=8, C=3, O=4),
            "smoke": dict(B=2, H=5, C=2, O=2)},
    "N22": {"full": dict(n=256, d=32, h=64), "quick": dict(n=32, d=8, h=16), "smoke": dict(n=6, d=3, h=4)},
    "N23": {"full": dict(T=20, B=16, D=8, H=32), "quick": dict(T=5, B=4, D=4, H=8),
            "smoke": dict(T=3, B=2, D=2, H=3)},
    "N24": {"full": dict(n=1000, d=50), "quick": dict(n=100, d=10), "smoke": dict(n=12, d=3)},
    "N25": {"full": dict(n=5000, d=20), "quick": dict(n=500, d=5), "smoke": dict(n=20, d=3)},
    "N26": {"full": dict(n=5000, d=20), "quick": dict(n=500, d=5), "smoke": dict(n=20, d=3)},
    "N27": {"full": dict(n=1000, k=8, d=2), "quick": dict(n=100, k=4, d=2), "smoke": dict(n=10, k=3, d=2)},
    "N28": {"full": dict(n=256), "quick": dict(n=64), "smoke": dict(n=64)},
    "N29": {"full": dict(n=10 ** 5, k=8), "quick": dict(n=10 ** 3, k=8), "smoke": dict(n=6, k=5)},
}
_SIZES["N30"], _SIZES["N31"] = _SIZES["N28"], _SIZES["N27"]


def make(name: str, size: str = "full", seed: int = 0) -> Workload:
    """Build workload ``name`` ("N20".."N31") at ``size`` ("full", "quick" or "smoke")."""
    p = sized(name, size, _SIZES, NAMES)
    rng = np.random.default_rng(seed)
    normal = rng.standard_normal
    if name == "N20":
        X = rng.uniform(-3, 3, size=(p["n"], 2))
        y = np.sin(X[:, 0]) * np.cos(X[:, 1]) + 0.1 * normal(p["n"])
        return Workload(name, "GP marginal likelihood, cholesky + cho_solve", gp_nll,
                        (np.log(np.array([1.0, 1.0, 0.3])), X, y), 0, gp_nll_grad, size, f"n={p['n']}")
    if name == "N21":
        B, H, C, O = p["B"], p["H"], p["C"], p["O"]
        args = (normal((3, 3, C, O)) / np.sqrt(9 * C), 0.1 * normal(O), normal((B, H, H, C)),
                normal((B, H - 2, H - 2, O)))
        return Workload(name, "conv layer, sliding_window_view + einsum", conv_layer, args, (0, 1),
                        conv_layer_grad, size, f"batch {B}, {H}x{H}x{C} -> {O}, 3x3")
    if name == "N22":
        n, d, h = p["n"], p["d"], p["h"]
        args = (normal((d, h)) / np.sqrt(d), 1 + 0.1 * normal(h), 0.1 * normal(h), normal((n, d)),
                0.5 * normal((n, h)))
        return Workload(name, "batch norm in a class, self. parameters", batchnorm_loss, args, (0, 1, 2),
                        batchnorm_loss_grad, size, f"{d}->{h}, batch {n}")
    if name == "N23":
        T, B, D, H = p["T"], p["B"], p["D"], p["H"]
        params = {}
        for gate in "fioc":
            params["W" + gate] = normal((H + D, H)) / np.sqrt(H + D)
            params["b" + gate] = 0.1 * normal(H)
        return Workload(name, "LSTM over time, weights in a dict", lstm_loss,
                        (params, normal((T, B, D)), 0.5 * normal((B, H))), 0, lstm_loss_grad, size,
                        f"{T} steps, batch {B}, {D}->{H}")
    if name == "N24":
        n, d = p["n"], p["d"]
        X = normal((n, d))
        y = X @ normal(d) + 0.1 * normal(n)
        return Workload(name, "one Adam step inside the loss, dict of parameters", adam_step_loss,
                        ({"w": 0.1 * normal(d), "b": 0.3}, X, y), 0, adam_step_loss_grad, size, f"X {n}x{d}")
    if name == "N25":
        n, d = p["n"], p["d"]
        X = normal((n, d)) / np.sqrt(d)
        y = rng.poisson(np.exp(X @ (0.5 * normal(d)))).astype(float)
        return Workload(name, "Poisson GLM, np.exp + gammaln", poisson_nll, (0.1 * normal(d), X, y), 0,
                        poisson_nll_grad, size, f"X {n}x{d}")
    if name == "N26":
        n, d = p["n"], p["d"]
        X = normal((n, d))
        y = X @ normal(d) + rng.standard_t(2, size=n)
        return Workload(name, "Huber loss, np.where", huber_loss, (normal(d), X, y), 0, huber_loss_grad,
                        size, f"X {n}x{d}")
    if name in ("N27", "N31"):
        n, k, d = p["n"], p["k"], p["d"]
        dtype = np.float32 if name == "N31" else np.float64
        args = (normal((k, d)).astype(dtype), (2 * normal((n, d))).astype(dtype))
        return Workload(name, "soft k-means, logsumexp(keepdims=True)" + (", float32" if name == "N31" else ""),
                        soft_kmeans, args, 0, soft_kmeans_grad, size, f"{n} points, {k} centres",
                        rtol=1e-4 if name == "N31" else 1e-6)
    if name in ("N28", "N30"):
        n = p["n"]
        dtype = np.float32 if name == "N30" else np.float64
        grid = np.linspace(0, 2 * np.pi, n, endpoint=False)
        args = ((np.sin(grid) + 0.1 * normal(n)).astype(dtype), 0.2, (0.5 * np.sin(grid)).astype(dtype))
        return Workload(name, "heat equation, np.roll, 200 steps" + (", float32" if name == "N30" else ""),
                        heat_loss, args, (0, 1), heat_loss_grad, size, f"{n} points",
                        rtol=1e-4 if name == "N30" else 1e-6)
    n, k = p["n"], p["k"]                                  # N29
    return Workload(name, "Horner's loop over a coefficient list", horner,
                    (rng.uniform(-1, 1, size=n), [float(c) for c in rng.uniform(-1, 1, size=k)]), (0, 1), horner_grad, size,
                    f"n={n:.0e}, degree {k - 1}".replace("e+0", "e"))
