"""Benchmark workloads N57-N68: twelve more spellings (issue 17, branch rp2) — a bilinear model in
one three-operand ``np.einsum``, a ``@dataclass`` of parameters whose ``loss`` method calls its
``predict`` and ``penalty`` methods, a kernel mixture through ``scipy.special.logsumexp(..., b=w)``
on squared distances expanded as ``|x|² - 2 x·c + |c|²``, a GP likelihood through
``scipy.linalg.cho_factor`` and ``cho_solve``, soft k-means on distances stacked from
``np.linalg.norm(X - c, axis=1) for c in C``, Kepler's equation solved per element by a vectorised
Newton ``while`` to a tolerance, a loss bound by ``functools.partial`` (the partial is the function
differentiated), a scalar growth ODE by Euler steps through ``math.exp`` with a keyword-default
step, the validation loss after one SGD step taken inside the loss on a copied dict,
``params[k] = params[k] - lr * grads[k]``, a float32 capped smooth-L1 by nested ``np.where``, an
AR(p) likelihood by ``for t in range(p, T)`` over reversed slices, and causal attention masked by
``np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, S)`` — each with a hand-written
NumPy gradient, written as a competent user would (vectorised where the function loops).

Same structure as natural5.py (``make(name, size)`` builds a :class:`~workloads.Workload`);
``run.py --suite natural`` times them with N1-N56. The hand-written gradients are checked against
finite differences by tests/test_benchmark_natural.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.linalg import cho_factor, cho_solve
from scipy.special import expit, logsumexp

from workloads import Workload, sized

NAMES = ("N57", "N58", "N59", "N60", "N61", "N62", "N63", "N64", "N65", "N66", "N67", "N68")


# =============================================================================== the functions
# N57 a bilinear model in one three-operand einsum
def bilinear(W, X, Z, y):
    pred = np.einsum("ni,ij,nj->n", X, W, Z)
    return np.mean((pred - y) ** 2)


def bilinear_grad(W, X, Z, y):
    XW = X @ W
    r = 2 * (np.sum(XW * Z, axis=1) - y) / len(y)
    return X.T @ (Z * r[:, None])


# N58 a @dataclass of parameters with methods
@dataclass
class Regressor:
    W: np.ndarray
    b: np.ndarray
    lam: float = 1e-3

    def predict(self, X):
        return np.tanh(X @ self.W + self.b)

    def penalty(self):
        return self.lam * np.sum(self.W ** 2)

    def loss(self, X, Y):
        return np.mean((self.predict(X) - Y) ** 2) + self.penalty()


def dataclass_loss(model, X, Y):
    return model.loss(X, Y)


def dataclass_loss_grad(model, X, Y):
    H = np.tanh(X @ model.W + model.b)
    dA = 2 * (H - Y) / Y.size * (1 - H * H)
    return Regressor(X.T @ dA + 2 * model.lam * model.W, dA.sum(axis=0), np.sum(model.W ** 2))


# N59 a kernel mixture through logsumexp(..., b=w), distances expanded
def mixture_nll(C, w, X, h=1.0):
    d2 = np.sum(X ** 2, axis=1)[:, None] - 2 * X @ C.T + np.sum(C ** 2, axis=1)
    return -np.mean(logsumexp(-0.5 * d2 / h ** 2, axis=1, b=w))


def mixture_nll_grad(C, w, X, h=1.0):
    d2 = np.sum(X ** 2, axis=1)[:, None] - 2 * X @ C.T + np.sum(C ** 2, axis=1)
    a = -0.5 * d2 / h ** 2
    E = np.exp(a - a.max(axis=1, keepdims=True))
    total = E @ w
    E /= total[:, None]                     # E[i, k] = exp(a_ik) / sum_k w_k exp(a_ik)
    R = E * w                               # responsibilities
    n = len(X)
    dC = (R.T @ X - R.sum(axis=0)[:, None] * C) / (-n * h ** 2)
    return dC, -E.sum(axis=0) / n


# N60 GP likelihood through cho_factor and cho_solve
def gp_cho(log_ell, log_sf, X, y, noise=1e-2):
    d2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    K = np.exp(2 * log_sf - 0.5 * d2 / np.exp(2 * log_ell)) + noise * np.eye(len(X))
    cf = cho_factor(K, lower=True)
    alpha = cho_solve(cf, y)
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(cf[0]))) + 0.5 * len(X) * np.log(2 * np.pi)


def gp_cho_grad(log_ell, log_sf, X, y, noise=1e-2):
    sq = np.sum(X * X, axis=1)
    d2 = sq[:, None] + sq[None, :] - 2 * X @ X.T
    Kf = np.exp(2 * log_sf - 0.5 * d2 / np.exp(2 * log_ell))
    cf = cho_factor(Kf + noise * np.eye(len(X)), lower=True)
    alpha = cho_solve(cf, y)
    A = cho_solve(cf, np.eye(len(X))) - np.outer(alpha, alpha)
    AK = A * Kf
    return 0.5 * np.sum(AK * d2) / np.exp(2 * log_ell), np.sum(AK)


# N61 soft k-means on distances stacked from norm(X - c, axis=1) for c in C
def soft_kmeans(C, X, temp=0.5):
    D = np.stack([np.linalg.norm(X - c, axis=1) for c in C], axis=1)
    E = np.exp(-D / temp)
    R = E / E.sum(axis=1, keepdims=True)
    return np.sum(R * D) / len(X)


def soft_kmeans_grad(C, X, temp=0.5):
    diff = X[:, None, :] - C[None, :, :]
    D = np.sqrt(np.sum(diff * diff, axis=-1))
    E = np.exp(-D / temp)
    R = E / E.sum(axis=1, keepdims=True)
    mean = np.sum(R * D, axis=1, keepdims=True)
    G = (R - R * (D - mean) / temp) / (len(X) * D)         # dL/dD over D
    return G.sum(axis=0)[:, None] * C - G.T @ X


# N62 Kepler's equation E - e sin E = M per element, Newton while to a tolerance
def kepler_loss(e, M, target, tol=1e-12):
    E = M
    step = np.ones_like(M)
    while np.max(np.abs(step)) > tol:
        step = (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
        E = E - step
    return np.sum((np.cos(E) - e - target) ** 2)


def kepler_loss_grad(e, M, target, tol=1e-12):
    E = M.copy()
    step = np.ones_like(M)
    while np.max(np.abs(step)) > tol:
        step = (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
        E -= step
    c, s = np.cos(E), np.sin(E)
    g = 2 * (c - e - target)
    dE = -g * s / (1 - e * c)                             # implicit function: dE/dM = 1 / (1 - e cos E)
    return np.sum(dE * s) - np.sum(g), dE


# N63 a loss bound by functools.partial
def elastic_logistic(w, X, y, l1, l2):
    z = X @ w
    return np.mean(np.log1p(np.exp(-y * z))) + l1 * np.sum(np.abs(w)) + l2 * np.sum(w ** 2)


def elastic_logistic_grad(w, X, y, l1=0.01, l2=0.1):
    s = -y * expit(-y * (X @ w)) / len(y)
    return X.T @ s + l1 * np.sign(w) + 2 * l2 * w


# N64 a scalar growth ODE by Euler steps through math.exp, keyword-default step
def ricker_growth(r, K, x0=0.1, death=0.2, dt=0.01, steps=400):
    x = x0
    for _ in range(steps):
        x = x + dt * (r * x * math.exp(-x / K) - death * x)
    return (x - 1.5) ** 2


def ricker_growth_grad(r, K, x0=0.1, death=0.2, dt=0.01, steps=400):
    x, dr, dK = x0, 0.0, 0.0               # forward sensitivities dx/dr, dx/dK
    for _ in range(steps):
        e = math.exp(-x / K)
        fx = r * e * (1 - x / K) - death
        dr, dK = dr + dt * (x * e + fx * dr), dK + dt * (r * e * x * x / (K * K) + fx * dK)
        x = x + dt * (r * x * e - death * x)
    g = 2 * (x - 1.5)
    return g * dr, g * dK


# N65 the validation loss after one SGD step on a copied dict, params[k] = params[k] - lr * grads[k]
def after_sgd_step(params, X, y, Xv, yv, lr=0.1):
    params = dict(params)
    err = X @ params["w"] + params["b"] - y
    grads = {"w": X.T @ err / len(y), "b": np.mean(err)}
    for k in params:
        params[k] = params[k] - lr * grads[k]
    return np.mean((Xv @ params["w"] + params["b"] - yv) ** 2)


def after_sgd_step_grad(params, X, y, Xv, yv, lr=0.1):
    w, b, n = params["w"], params["b"], len(y)
    err = X @ w + b - y
    w1, b1 = w - lr * (X.T @ err) / n, b - lr * np.mean(err)
    rv = 2 * (Xv @ w1 + b1 - yv) / len(yv)
    gw, gb = Xv.T @ rv, rv.sum()
    d_err = -lr * (X @ gw + gb) / n
    return {"w": gw + X.T @ d_err, "b": gb + d_err.sum()}


# N66 float32 capped smooth-L1 by nested np.where
def capped_smooth_l1(w, X, y, beta=1.0, cap=3.0):
    r = X @ w - y
    a = np.abs(r)
    loss = np.where(a < beta, 0.5 * r * r / beta, np.where(a < cap, a - 0.5 * beta, cap - 0.5 * beta))
    return np.mean(loss)


def capped_smooth_l1_grad(w, X, y, beta=1.0, cap=3.0):
    r = X @ w - y
    a = np.abs(r)
    d = np.where(a < beta, r / beta, np.where(a < cap, np.sign(r), 0)).astype(X.dtype)
    return X.T @ d / np.float32(len(y))


# N67 an AR(p) likelihood by a loop over time with reversed slices
def ar_nll(phi, log_sigma, x):
    p = len(phi)
    sigma2 = np.exp(2 * log_sigma)
    nll = 0.0
    for t in range(p, len(x)):
        pred = np.dot(phi, x[t - p:t][::-1])
        nll = nll + 0.5 * (x[t] - pred) ** 2 / sigma2 + log_sigma
    return nll


def ar_nll_grad(phi, log_sigma, x):
    p = len(phi)
    lags = sliding_window_view(x[:-1], p)[:, ::-1]      # row t - p: x[t-1], ..., x[t-p]
    e = x[p:] - lags @ phi
    sigma2 = np.exp(2 * log_sigma)
    return -lags.T @ e / sigma2, len(e) - e @ e / sigma2


# N68 causal attention masked by np.triu
def causal_attention(Wq, Wk, Wv, X, target):
    T = X.shape[0]
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    S = Q @ K.T / np.sqrt(K.shape[1])
    S = np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, S)
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    return np.mean((P @ V - target) ** 2)


def causal_attention_grad(Wq, Wk, Wv, X, target):
    T = X.shape[0]
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    c = 1 / np.sqrt(K.shape[1])
    S = Q @ K.T * c
    S[np.triu_indices(T, 1)] = -np.inf
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    out = P @ V
    g = 2 * (out - target) / out.size
    dP = g @ V.T
    dS = P * (dP - (dP * P).sum(axis=1, keepdims=True)) * c
    return X.T @ (dS @ K), X.T @ (dS.T @ Q), X.T @ (P.T @ g)


# =============================================================================== workloads
_SIZES = {
    "N57": {"full": dict(n=2000, i=20, j=15), "quick": dict(n=200, i=6, j=5), "smoke": dict(n=6, i=3, j=2)},
    "N58": {"full": dict(n=256, d=20, o=8), "quick": dict(n=64, d=8, o=4), "smoke": dict(n=5, d=3, o=2)},
    "N59": {"full": dict(n=1000, k=16, d=4), "quick": dict(n=200, k=6, d=3), "smoke": dict(n=6, k=3, d=2)},
    "N60": {"full": dict(n=200, d=3), "quick": dict(n=50, d=2), "smoke": dict(n=6, d=2)},
    "N61": {"full": dict(n=1000, k=8, d=4), "quick": dict(n=200, k=4, d=3), "smoke": dict(n=6, k=3, d=2)},
    "N62": {"full": dict(n=1000), "quick": dict(n=100), "smoke": dict(n=5)},
    "N63": {"full": dict(n=2000, d=30), "quick": dict(n=200, d=8), "smoke": dict(n=8, d=3)},
    "N65": {"full": dict(n=1000, nv=500, d=30), "quick": dict(n=100, nv=50, d=8), "smoke": dict(n=6, nv=4, d=3)},
    "N66": {"full": dict(n=5000, d=20), "quick": dict(n=500, d=5), "smoke": dict(n=12, d=3)},
    "N67": {"full": dict(T=300, p=5), "quick": dict(T=60, p=3), "smoke": dict(T=12, p=2)},
    "N68": {"full": dict(T=64, D=32, k=16), "quick": dict(T=16, D=8, k=4), "smoke": dict(T=4, D=3, k=2)},
}


def make(name: str, size: str = "full", seed: int = 0) -> Workload:
    """Build workload ``name`` ("N57".."N68") at ``size`` ("full", "quick" or "smoke")."""
    p = sized(name, size, _SIZES, NAMES)
    rng = np.random.default_rng(seed)
    normal = rng.standard_normal
    if name == "N57":
        n, i, j = p["n"], p["i"], p["j"]
        return Workload(name, "bilinear model, einsum('ni,ij,nj->n')", bilinear,
                        (normal((i, j)) / np.sqrt(i), normal((n, i)), normal((n, j)), normal(n)), 0, bilinear_grad,
                        size, f"{n} pairs, {i}x{j}")
    if name == "N58":
        n, d, o = p["n"], p["d"], p["o"]
        model = Regressor(normal((d, o)) / np.sqrt(d), 0.1 * normal(o), 0.01)
        return Workload(name, "@dataclass params, loss/predict/penalty methods", dataclass_loss,
                        (model, normal((n, d)), normal((n, o))), 0, dataclass_loss_grad, size, f"{n}x{d} -> {o}")
    if name == "N59":
        n, k, d = p["n"], p["k"], p["d"]
        return Workload(name, "logsumexp(b=w), expanded distances", mixture_nll,
                        (normal((k, d)), rng.uniform(0.5, 1.5, k) / k, normal((n, d))), (0, 1), mixture_nll_grad,
                        size, f"{n} points, {k} centres in {d}-d")
    if name == "N60":
        n, d = p["n"], p["d"]
        X = rng.uniform(-2, 2, (n, d))
        y = np.sin(X).sum(axis=1) + 0.1 * normal(n)
        return Workload(name, "GP NLL, cho_factor + cho_solve", gp_cho, (0.2, 0.1, X, y), (0, 1), gp_cho_grad,
                        size, f"{n} points in {d}-d")
    if name == "N61":
        n, k, d = p["n"], p["k"], p["d"]
        return Workload(name, "soft k-means, stack of norm(X - c, axis=1)", soft_kmeans,
                        (normal((k, d)), normal((n, d))), 0, soft_kmeans_grad, size, f"{n} points, {k} centres")
    if name == "N62":
        n = p["n"]
        return Workload(name, "Kepler by Newton, while to a tolerance", kepler_loss,
                        (0.3, rng.uniform(0, 2 * np.pi, n), normal(n)), (0, 1), kepler_loss_grad, size,
                        f"{n} anomalies")
    if name == "N63":
        n, d = p["n"], p["d"]
        X = normal((n, d))
        y = np.sign(X @ normal(d) + 0.5 * normal(n))
        return Workload(name, "functools.partial(loss, l1=, l2=)", partial(elastic_logistic, l1=0.01, l2=0.1),
                        (0.1 * normal(d) + 0.05, X, y), 0, elastic_logistic_grad, size, f"{n}x{d}")
    if name == "N64":
        return Workload(name, "Euler ODE, math.exp, keyword defaults", ricker_growth, (1.2, 2.0), (0, 1),
                        ricker_growth_grad, size, "400 steps, defaults")
    if name == "N65":
        n, nv, d = p["n"], p["nv"], p["d"]
        w = normal(d)
        X, Xv = normal((n, d)), normal((nv, d))
        return Workload(name, "SGD step in the loss, params[k] = params[k] - ...", after_sgd_step,
                        ({"w": 0.1 * normal(d), "b": 0.2}, X, X @ w + 0.1 * normal(n), Xv, Xv @ w + 0.1 * normal(nv)),
                        0, after_sgd_step_grad, size, f"{n}+{nv} x {d}")
    if name == "N66":
        n, d = p["n"], p["d"]
        X = normal((n, d)).astype(np.float32)
        y = (X @ normal(d) + 2 * normal(n)).astype(np.float32)
        return Workload(name, "float32 capped smooth-L1, nested np.where", capped_smooth_l1,
                        ((0.1 * normal(d)).astype(np.float32), X, y), 0, capped_smooth_l1_grad, size,
                        f"{n}x{d}, float32", rtol=1e-4)
    if name == "N67":
        T, q = p["T"], p["p"]
        x = np.zeros(T)
        eps = normal(T)
        for t in range(2, T):
            x[t] = 0.5 * x[t - 1] - 0.2 * x[t - 2] + eps[t]
        return Workload(name, "AR(p) NLL, for t in range(p, T), x[t-p:t][::-1]", ar_nll,
                        (0.1 * normal(q), 0.1, x), (0, 1), ar_nll_grad, size, f"T {T}, p {q}")
    T, D, k = p["T"], p["D"], p["k"]                         # N68
    Ws = tuple(normal((D, k)) / np.sqrt(D) for _ in range(3))
    return Workload(name, "causal attention, np.where(np.triu(...), -inf, S)", causal_attention,
                    Ws + (normal((T, D)), normal((T, k))), (0, 1, 2), causal_attention_grad, size,
                    f"{T} tokens, {D}->{k}")
