"""Benchmark workloads N44-N56: twelve more spellings (issue 17, found by rp1's probes) — a
``NamedTuple`` of parameters with a ``forward`` method and an ``np.maximum(0, .)`` ReLU, a plain
class with ``__call__`` made inside the loss and an ``np.clip(z, 0, None)`` ReLU,
``scipy.special.log_softmax`` with the labels picked by ``logp[np.arange(n), y]``, ``logsumexp``
with ``np.take_along_axis``, a Gaussian likelihood through ``np.linalg.slogdet`` and
``np.linalg.solve``, batched attention on 3-d arrays with ``np.swapaxes``, a loss summed by
``sum(... for x, t in zip(xs, ts))``, layers composed by ``functools.reduce``, discounted returns by
``np.cumsum`` of a reversed array, a float32 logistic loss through ``expit``, ``np.clip`` and
``xlogy``, a fixed-point iteration by ``while True`` to a tolerance, and mean pooling by
``reshape(-1, k, h).mean(axis=1)`` before ``np.linalg.norm(axis=1, keepdims=True)`` — each with a
hand-written NumPy gradient. N50c and N50g are N50 with its data lists read from a closure and
from module globals; N56 a list MLP, ``for W, b in layers``, differentiated with respect to its
input, its layers an argument, N56c a closure's and N56g a global's (issue 17: free names are
arguments too; frontend/free_arrays.py). N50g's and N56g's ``make`` rebinds the globals their
functions read: the workload made last is the one they compute.

Same structure as natural4.py (``make(name, size)`` builds a :class:`~workloads.Workload`);
``run.py --suite natural`` times them with N1-N43. The hand-written gradients are checked against
finite differences by tests/test_benchmark_natural.py.
"""
from __future__ import annotations

from functools import reduce
from typing import NamedTuple

import numpy as np
from scipy.special import expit, log_softmax, logsumexp, xlogy

from workloads import Workload, sized

NAMES = ("N44", "N45", "N46", "N47", "N48", "N49", "N50", "N51", "N52", "N53", "N54", "N55",
         "N50c", "N50g", "N56", "N56c", "N56g")


# =============================================================================== the functions
# N44 NamedTuple parameters with a forward method, np.maximum(0, .) ReLU
class MLP(NamedTuple):
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray

    def forward(self, X):
        h = np.maximum(0, X @ self.W1 + self.b1)
        return h @ self.W2 + self.b2


def mlp_loss(model, X, y):
    return np.mean((model.forward(X) - y) ** 2)


def mlp_loss_grad(model, X, y):
    a = X @ model.W1 + model.b1
    h = np.maximum(0, a)
    g = 2 * (h @ model.W2 + model.b2 - y) / y.size
    da = (g @ model.W2.T) * (a > 0)
    return MLP(X.T @ da, da.sum(axis=0), h.T @ g, g.sum(axis=0))


# N46 log_softmax and integer label indexing p[np.arange(n), y]
def xent_index(W, b, X, y):
    logp = log_softmax(X @ W + b, axis=1)
    return -logp[np.arange(len(y)), y].mean()


def xent_index_grad(W, b, X, y):
    z = X @ W + b
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    p /= len(y)
    return X.T @ p, p.sum(axis=0)


# N47 logsumexp and np.take_along_axis
def xent_take(W, X, y):
    z = X @ W
    logp = z - logsumexp(z, axis=1, keepdims=True)
    return -np.mean(np.take_along_axis(logp, y[:, None], axis=1))


def xent_take_grad(W, X, y):
    z = X @ W
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    return X.T @ (p / len(y))


# N48 Gaussian NLL with slogdet and solve (the hand inverts the 10x10 S once: NumPy's solve of 500
# right-hand sides costs ten times inv(S) @ D.T)
def gauss_slogdet(A, mu, X, jitter=1e-3):
    S = A @ A.T + jitter * np.eye(len(mu))
    D = X - mu
    sign, logdet = np.linalg.slogdet(S)
    quad = np.sum(D * np.linalg.solve(S, D.T).T)
    n, d = X.shape
    return 0.5 * (n * logdet + quad + n * d * np.log(2 * np.pi))


def gauss_det(A, mu, X, jitter=1e-3):
    S = A @ A.T + jitter * np.eye(len(mu))
    D = X - mu
    quad = np.sum(D * np.linalg.solve(S, D.T).T)
    n, d = X.shape
    return 0.5 * (n * np.log(np.linalg.det(S)) + quad + n * d * np.log(2 * np.pi))


def gauss_grad(A, mu, X, jitter=1e-3):
    S = A @ A.T + jitter * np.eye(len(mu))
    Sinv = np.linalg.inv(S)
    M = (X - mu) @ Sinv
    G = 0.5 * (len(X) * Sinv - M.T @ M)
    return 2 * G @ A, -M.sum(axis=0)


# N49 batched attention, 3-d @ and np.swapaxes
def batch_attention(Wq, Wk, Wv, X, target):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    S = Q @ np.swapaxes(K, 1, 2) / np.sqrt(Q.shape[-1])
    S = S - S.max(axis=-1, keepdims=True)
    P = np.exp(S)
    P = P / P.sum(axis=-1, keepdims=True)
    return np.mean((P @ V - target) ** 2)


def batch_attention_grad(Wq, Wk, Wv, X, target):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    c = 1 / np.sqrt(Q.shape[-1])
    S = Q @ np.swapaxes(K, 1, 2) * c
    P = np.exp(S - S.max(axis=-1, keepdims=True))
    P /= P.sum(axis=-1, keepdims=True)
    out = P @ V
    g = 2 * (out - target) / out.size
    dP = g @ np.swapaxes(V, 1, 2)
    dV = np.swapaxes(P, 1, 2) @ g
    dS = P * (dP - (dP * P).sum(axis=-1, keepdims=True)) * c
    dQ, dK = dS @ K, np.swapaxes(dS, 1, 2) @ Q
    X2 = X.reshape(-1, X.shape[-1]).T
    d = Wq.shape[1]
    return X2 @ dQ.reshape(-1, d), X2 @ dK.reshape(-1, d), X2 @ dV.reshape(-1, Wv.shape[1])


# N50 a loss assembled with sum(... for ...) over a Python list of arrays
def list_loss(W, xs, ts):
    return sum(np.sum((np.tanh(x @ W) - t) ** 2) for x, t in zip(xs, ts)) / len(xs)


def list_loss_grad(W, xs, ts):
    dW = np.zeros_like(W)
    for x, t in zip(xs, ts):
        h = np.tanh(x @ W)
        dW += x.T @ (2 * (h - t) * (1 - h * h))
    return dW / len(xs)


# N51 functools.reduce over a list of layers
def deep_tanh(Ws, X, y):
    h = reduce(lambda h, W: np.tanh(h @ W), Ws, X)
    return np.mean((h - y) ** 2)


def deep_tanh_grad(Ws, X, y):
    hs = [X]
    for W in Ws:
        hs.append(np.tanh(hs[-1] @ W))
    g = 2 * (hs[-1] - y) / y.size
    grads = [None] * len(Ws)
    for i in reversed(range(len(Ws))):
        da = g * (1 - hs[i + 1] ** 2)
        grads[i] = hs[i].T @ da
        g = da @ Ws[i].T
    return grads


# N52 discounted returns by np.cumsum of a reversed array
def returns_loss(w, X, target, gamma=0.95):
    r = np.tanh(X @ w)
    disc = gamma ** np.arange(len(r))
    G = np.cumsum((r * disc)[::-1])[::-1] / disc
    return np.sum((G - target) ** 2)


def returns_loss_grad(w, X, target, gamma=0.95):
    r = np.tanh(X @ w)
    disc = gamma ** np.arange(len(r))
    G = np.cumsum((r * disc)[::-1])[::-1] / disc
    e = 2 * (G - target) / disc
    return X.T @ (np.cumsum(e) * disc * (1 - r * r))


# N53 float32 logistic regression, expit, np.clip, xlogy
def bce32(w, b, X, y):
    p = np.clip(expit(X @ w + b), 1e-6, 1 - 1e-6)
    return -np.mean(xlogy(y, p) + xlogy(1 - y, 1 - p))


def bce32_grad(w, b, X, y):
    s = expit(X @ w + b)
    p = np.clip(s, 1e-6, 1 - 1e-6)
    inside = (s >= 1e-6) & (s <= 1 - 1e-6)
    dz = -(y / p - (1 - y) / (1 - p)) * inside * s * (1 - s) / len(y)
    return X.T @ dz, dz.sum()


# N54 fixed-point iteration, while loop to a tolerance
def fixed_point(W, X, target, tol=1e-12):
    Z = np.zeros_like(X)
    while True:
        Z_new = np.tanh(Z @ W + X)
        if np.max(np.abs(Z_new - Z)) < tol:
            break
        Z = Z_new
    return np.sum((Z_new - target) ** 2)


def fixed_point_grad(W, X, target, tol=1e-12):
    Zs = [np.zeros_like(X)]
    while True:
        Zs.append(np.tanh(Zs[-1] @ W + X))
        if np.max(np.abs(Zs[-1] - Zs[-2])) < tol:
            break
    g = 2 * (Zs[-1] - target)
    dW = np.zeros_like(W)
    for k in range(len(Zs) - 1, 0, -1):
        da = g * (1 - Zs[k] ** 2)
        dW += Zs[k - 1].T @ da
        g = da @ W.T
    return dW


# N55 pooling by reshape(-1, k, h).mean(axis=1), cosine by np.linalg.norm(axis=1, keepdims)
def pooled_cosine(W, X, T, k=4):
    H = np.tanh(X @ W)
    P = H.reshape(-1, k, H.shape[1]).mean(axis=1)
    U = P / np.linalg.norm(P, axis=1, keepdims=True)
    return -np.sum(U * T)


def pooled_cosine_grad(W, X, T, k=4):
    H = np.tanh(X @ W)
    P = H.reshape(-1, k, H.shape[1]).mean(axis=1)
    r = np.linalg.norm(P, axis=1, keepdims=True)
    U = P / r
    dU = -T
    dP = (dU - U * np.sum(dU * U, axis=1, keepdims=True)) / r
    dH = np.repeat(dP / k, k, axis=0)
    return X.T @ (dH * (1 - H * H))


# N50c, N50g: N50 with its lists read from a closure, from module globals
def make_list_loss(xs, ts):
    def list_loss_closure(W):
        return sum(np.sum((np.tanh(x @ W) - t) ** 2) for x, t in zip(xs, ts)) / len(xs)
    return list_loss_closure


XS: list = []
TS: list = []


def list_loss_global(W):
    return sum(np.sum((np.tanh(x @ W) - t) ** 2) for x, t in zip(XS, TS)) / len(XS)


# N56, N56c, N56g: a list MLP `for W, b in layers`, its gradient with respect to the input
def layers_loss(X, layers, Y):
    for W, b in layers:
        X = np.tanh(X @ W + b)
    return np.mean((X - Y) ** 2)


def layers_loss_grad(X, layers, Y):
    hs = [X]
    for W, b in layers:
        hs.append(np.tanh(hs[-1] @ W + b))
    g = 2 * (hs[-1] - Y) / Y.size
    for (W, _), h in zip(reversed(layers), reversed(hs[1:])):
        g = (g * (1 - h * h)) @ W.T
    return g


def make_layers_loss(layers):
    def layers_loss_closure(X, Y):
        for W, b in layers:
            X = np.tanh(X @ W + b)
        return np.mean((X - Y) ** 2)
    return layers_loss_closure


LAYERS: list = []


def layers_loss_global(X, Y):
    for W, b in LAYERS:
        X = np.tanh(X @ W + b)
    return np.mean((X - Y) ** 2)


# N45 a plain class with __call__ made inside, np.clip(., 0, None) ReLU
class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def __call__(self, x):
        return x @ self.W + self.b


def two_layer(W1, b1, W2, b2, X, y):
    l1, l2 = Linear(W1, b1), Linear(W2, b2)
    return np.mean((l2(np.clip(l1(X), 0, None)) - y) ** 2)


def two_layer_grad(W1, b1, W2, b2, X, y):
    g = mlp_loss_grad(MLP(W1, b1, W2, b2), X, y)
    return tuple(g)




# =============================================================================== workloads
_SIZES = {
    "N44": {"full": dict(n=256, d=20, h=32, o=4), "quick": dict(n=64, d=8, h=16, o=2), "smoke": dict(n=5, d=3, h=4, o=2)},
    "N45": {"full": dict(n=256, d=20, h=32, o=4), "quick": dict(n=64, d=8, h=16, o=2), "smoke": dict(n=5, d=3, h=4, o=2)},
    "N46": {"full": dict(n=1000, d=30, k=10), "quick": dict(n=200, d=10, k=5), "smoke": dict(n=6, d=3, k=3)},
    "N47": {"full": dict(n=1000, d=30, k=10), "quick": dict(n=200, d=10, k=5), "smoke": dict(n=6, d=3, k=3)},
    "N48": {"full": dict(n=500, d=10), "quick": dict(n=100, d=5), "smoke": dict(n=6, d=3)},
    "N49": {"full": dict(B=8, T=32, D=16, k=16), "quick": dict(B=2, T=8, D=4, k=4), "smoke": dict(B=2, T=3, D=2, k=2)},
    "N50": {"full": dict(steps=10, b=32, i=16, o=8), "quick": dict(steps=5, b=8, i=4, o=4), "smoke": dict(steps=3, b=2, i=2, o=2)},
    "N51": {"full": dict(layers=4, n=200, w=32), "quick": dict(layers=3, n=50, w=8), "smoke": dict(layers=2, n=3, w=3)},
    "N52": {"full": dict(n=2000, d=8), "quick": dict(n=200, d=4), "smoke": dict(n=6, d=2)},
    "N53": {"full": dict(n=2000, d=20), "quick": dict(n=200, d=5), "smoke": dict(n=8, d=3)},
    "N54": {"full": dict(n=64, h=16), "quick": dict(n=16, h=8), "smoke": dict(n=3, h=3)},
    "N55": {"full": dict(n=400, d=16, h=32), "quick": dict(n=80, d=8, h=8), "smoke": dict(n=8, d=3, h=3)},
    "N56": {"full": dict(n=64, sizes=(16, 32, 32, 8)), "quick": dict(n=16, sizes=(4, 8, 4)),
            "smoke": dict(n=3, sizes=(2, 3, 2))},
}
for _name in ("N50c", "N50g"):
    _SIZES[_name] = _SIZES["N50"]
for _name in ("N56c", "N56g"):
    _SIZES[_name] = _SIZES["N56"]


def make(name: str, size: str = "full", seed: int = 0) -> Workload:
    """Build workload ``name`` ("N44".."N56", "N50c", ...) at ``size`` ("full", "quick" or "smoke")."""
    p = sized(name, size, _SIZES, NAMES)
    rng = np.random.default_rng(seed)
    normal = rng.standard_normal
    if name in ("N44", "N45"):
        n, d, h, o = p["n"], p["d"], p["h"], p["o"]
        model = MLP(normal((d, h)) / np.sqrt(d), 0.1 * normal(h), normal((h, o)) / np.sqrt(h), 0.1 * normal(o))
        X, Y = normal((n, d)), normal((n, o))
        if name == "N44":
            return Workload(name, "NamedTuple model.forward, np.maximum ReLU", mlp_loss, (model, X, Y), 0,
                            mlp_loss_grad, size, f"{n}x{d}, {d}-{h}-{o}")
        return Workload(name, "class __call__ made inside, np.clip ReLU", two_layer, tuple(model) + (X, Y),
                        (0, 1, 2, 3), two_layer_grad, size, f"{n}x{d}, {d}-{h}-{o}")
    if name in ("N46", "N47"):
        n, d, k = p["n"], p["d"], p["k"]
        X, y = normal((n, d)), rng.integers(0, k, n)
        if name == "N46":
            return Workload(name, "log_softmax, logp[np.arange(n), y]", xent_index,
                            (0.1 * normal((d, k)), 0.1 * normal(k), X, y), (0, 1), xent_index_grad, size,
                            f"X {n}x{d}, {k} classes")
        return Workload(name, "logsumexp, np.take_along_axis", xent_take, (0.1 * normal((d, k)), X, y), 0,
                        xent_take_grad, size, f"X {n}x{d}, {k} classes")
    if name == "N48":
        n, d = p["n"], p["d"]
        return Workload(name, "Gaussian NLL, slogdet + solve", gauss_slogdet,
                        (normal((d, d)) / 3 + np.eye(d), normal(d), normal((n, d))), (0, 1), gauss_grad, size,
                        f"{n} points in {d}-d")
    if name == "N49":
        B, T, D, k = p["B"], p["T"], p["D"], p["k"]
        Ws = tuple(normal((D, k)) / np.sqrt(D) for _ in range(3))
        return Workload(name, "batched attention, 3-d @, np.swapaxes", batch_attention,
                        Ws + (normal((B, T, D)), normal((B, T, k))), (0, 1, 2), batch_attention_grad, size,
                        f"batch {B}, {T} tokens, {D}->{k}")
    if name in ("N50", "N50c", "N50g"):
        s, b, i, o = p["steps"], p["b"], p["i"], p["o"]
        xs, ts = [normal((b, i)) for _ in range(s)], [normal((b, o)) for _ in range(s)]
        W = normal((i, o)) / np.sqrt(i)
        if name == "N50":
            return Workload(name, "sum(generator) over zip of lists", list_loss, (W, xs, ts), 0,
                            list_loss_grad, size, f"{s} arrays of {b}x{i}")
        XS[:], TS[:] = xs, ts
        f = make_list_loss(xs, ts) if name == "N50c" else list_loss_global
        return Workload(name, f"N50, lists of a {'closure' if name == 'N50c' else 'global'}", f, (W,), 0,
                        lambda W: list_loss_grad(W, xs, ts), size, f"{s} arrays of {b}x{i}")
    if name in ("N56", "N56c", "N56g"):
        n, sizes = p["n"], p["sizes"]
        layers = [(normal((a, c)) / np.sqrt(a), 0.1 * normal(c)) for a, c in zip(sizes[:-1], sizes[1:])]
        X, Y = normal((n, sizes[0])), normal((n, sizes[-1]))
        shape = f"{n}x{sizes[0]}, " + "-".join(map(str, sizes))
        if name == "N56":
            return Workload(name, "for W, b in layers, d/dX", layers_loss, (X, layers, Y), 0, layers_loss_grad,
                            size, shape)
        LAYERS[:] = layers
        f = make_layers_loss(layers) if name == "N56c" else layers_loss_global
        return Workload(name, f"N56, layers of a {'closure' if name == 'N56c' else 'global'}", f, (X, Y), 0,
                        lambda X, Y: layers_loss_grad(X, layers, Y), size, shape)
    if name == "N51":
        L, n, w = p["layers"], p["n"], p["w"]
        return Workload(name, "functools.reduce over layers", deep_tanh,
                        ([normal((w, w)) / np.sqrt(w) for _ in range(L)], normal((n, w)), normal((n, w))), 0,
                        deep_tanh_grad, size, f"{L} tanh layers of {w}, batch {n}")
    if name == "N52":
        n, d = p["n"], p["d"]
        return Workload(name, "discounted returns, cumsum of [::-1]", returns_loss,
                        (0.1 * normal(d), normal((n, d)), normal(n)), 0, returns_loss_grad, size, f"{n} steps, {d} features")
    if name == "N53":
        n, d = p["n"], p["d"]
        X = normal((n, d)).astype(np.float32)
        y = (rng.uniform(size=n) < 0.5).astype(np.float32)
        return Workload(name, "float32 expit + clip + xlogy", bce32, ((0.1 * normal(d)).astype(np.float32), 0.1, X, y),
                        (0, 1), bce32_grad, size, f"{n}x{d}, float32", rtol=1e-4)
    if name == "N54":
        n, h = p["n"], p["h"]
        return Workload(name, "fixed point, while to a tolerance", fixed_point,
                        (normal((h, h)) * 0.5 / np.sqrt(h), normal((n, h)), normal((n, h))), 0, fixed_point_grad, size,
                        f"{n}x{h}")
    n, d, h = p["n"], p["d"], p["h"]                        # N55
    return Workload(name, "reshape-mean pooling, norm(keepdims)", pooled_cosine,
                    (normal((d, h)) / np.sqrt(d), normal((n, d)), normal((n // 4, h))), 0, pooled_cosine_grad, size,
                    f"{n}x{d} -> {n // 4}x{h}")
