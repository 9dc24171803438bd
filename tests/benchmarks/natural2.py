"""Benchmark workloads N12-N19: more everyday models spelled the way people write them (issue 17)
— ``np.logaddexp`` with the penalty weight as an argument, a one-hot matrix from ``np.eye(k)[y]``,
parameters in a dict with ReLU as ``np.maximum(0, h)``, a GRU cell unrolled over time with its
gates from ``np.split``, attention over a batch in ``einsum`` followed by a layer-norm helper with a
keyword default, a Gaussian likelihood through ``slogdet`` and ``solve``, a finite-difference
Laplacian from shifted slices, a Lennard-Jones energy by broadcasting with a masked diagonal —
each with a hand-written NumPy gradient.

Same structure as natural.py (``make(name, size)`` builds a :class:`~workloads.Workload`);
``run.py --suite natural`` times them with N1-N11. The hand-written gradients are checked against
finite differences by tests/test_benchmark_natural.py.
"""
from __future__ import annotations

import numpy as np

from workloads import Workload, sized

NAMES = ("N12", "N13", "N14", "N15", "N16", "N17", "N18", "N19")


# =============================================================================== the functions
def logreg_l2(w, X, y, lam):
    """N12: logistic regression (labels in {-1, 1}) through ``np.logaddexp``, an L2 penalty whose
    weight is an argument."""
    margins = y * (X @ w)
    return np.mean(np.logaddexp(0, -margins)) + lam * np.dot(w, w)


def softmax_xent(W, b, X, y):
    """N13: softmax cross-entropy of a linear model, the labels one-hot through ``np.eye(k)[y]``."""
    logits = X @ W + b
    logits = logits - logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    onehot = np.eye(W.shape[1])[y]
    return -(onehot * log_probs).sum() / len(X)


def mlp_dict(params, X, y):
    """N14: a two-layer ReLU MLP whose parameters are a dict ``{"W1": ..., "b1": ...}``."""
    h = np.maximum(0, X @ params["W1"] + params["b1"])
    out = h @ params["W2"] + params["b2"]
    return 0.5 * np.mean((out - y) ** 2)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def gru_loss(Wx, Wh, b, xs, target):
    """N15: a GRU cell unrolled over the time steps of ``xs`` (time, batch, features), its three
    gates split from one product with ``np.split``; squared error of the last state."""
    h = np.zeros((xs.shape[1], Wh.shape[0]))
    for t in range(xs.shape[0]):
        xr, xz, xn = np.split(xs[t] @ Wx + b, 3, axis=1)
        hr, hz, hn = np.split(h @ Wh, 3, axis=1)
        r = sigmoid(xr + hr)
        z = sigmoid(xz + hz)
        n = np.tanh(xn + r * hn)
        h = (1 - z) * n + z * h
    return np.sum((h - target) ** 2)


def layer_norm(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * gamma + beta


def attention_block(Wq, Wk, Wv, gamma, beta, X, target):
    """N16: single-head attention over a batch (batch, tokens, features) in ``einsum``, a residual
    connection and a ``layer_norm`` helper; mean squared error."""
    Q = np.einsum("btd,de->bte", X, Wq)
    K = np.einsum("btd,de->bte", X, Wk)
    V = np.einsum("btd,de->bte", X, Wv)
    S = np.einsum("bqe,bke->bqk", Q, K) / np.sqrt(X.shape[-1])
    A = np.exp(S - S.max(axis=-1, keepdims=True))
    A = A / A.sum(axis=-1, keepdims=True)
    Y = layer_norm(X + np.einsum("bqk,bke->bqe", A, V), gamma, beta)
    return np.mean((Y - target) ** 2)


def gaussian_nll(L, mu, X):
    """N17: negative log-likelihood of samples under N(mu, L L^T + eps I), through
    ``np.linalg.slogdet`` and ``np.linalg.solve``."""
    n, d = X.shape
    cov = L @ L.T + 1e-3 * np.eye(d)
    diff = X - mu
    sign, logdet = np.linalg.slogdet(cov)
    maha = np.sum(diff * np.linalg.solve(cov, diff.T).T)
    return 0.5 * (n * logdet + maha + n * d * np.log(2 * np.pi))


def laplacian_energy(u, f, h=0.05):
    """N18: a finite-difference Laplacian from shifted slices of a grid; a least-squares energy
    with a source term."""
    lap = (u[1:-1, 2:] + u[1:-1, :-2] + u[2:, 1:-1] + u[:-2, 1:-1] - 4 * u[1:-1, 1:-1]) / h ** 2
    return 0.5 * np.sum(lap ** 2) * h ** 2 - np.sum(f * u[1:-1, 1:-1]) * h ** 2


def lennard_jones(x):
    """N19: the Lennard-Jones energy of ``n`` points (n, 3), pair distances by broadcasting
    ``x[:, None, :] - x[None, :, :]``, the diagonal masked."""
    n = x.shape[0]
    d = x[:, None, :] - x[None, :, :]
    r2 = np.sum(d ** 2, axis=-1) + np.eye(n)
    inv6 = 1.0 / r2 ** 3
    e = 4.0 * (inv6 ** 2 - inv6)
    return 0.5 * np.sum(e * (1 - np.eye(n)))


# =============================================================================== hand-written gradients
def logreg_l2_grad(w, X, y, lam):
    margins = y * (X @ w)
    s = 1 / (1 + np.exp(margins))                        # sigmoid(-margins)
    return X.T @ (-y * s) / X.shape[0] + 2 * lam * w


def softmax_xent_grad(W, b, X, y):
    logits = X @ W + b
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    g = p / len(X)
    return X.T @ g, g.sum(axis=0)


def mlp_dict_grad(params, X, y):
    a = X @ params["W1"] + params["b1"]
    h = np.maximum(0, a)
    out = h @ params["W2"] + params["b2"]
    g = (out - y) / out.size
    ga = (g @ params["W2"].T) * (a > 0)
    return {"W1": X.T @ ga, "b1": ga.sum(axis=0), "W2": h.T @ g, "b2": g.sum(axis=0)}


def gru_loss_grad(Wx, Wh, b, xs, target):
    H = Wh.shape[0]
    h = np.zeros((xs.shape[1], H))
    tape = []
    for t in range(xs.shape[0]):
        xr, xz, xn = np.split(xs[t] @ Wx + b, 3, axis=1)
        hr, hz, hn = np.split(h @ Wh, 3, axis=1)
        r = 1 / (1 + np.exp(-(xr + hr)))
        z = 1 / (1 + np.exp(-(xz + hz)))
        n = np.tanh(xn + r * hn)
        tape.append((h, r, z, n, hn))
        h = (1 - z) * n + z * h
    gWx, gWh, gb = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    gh = 2 * (h - target)
    for t in reversed(range(xs.shape[0])):
        h, r, z, n, hn = tape[t]
        gan = gh * (1 - z) * (1 - n ** 2)
        gaz = gh * (h - n) * z * (1 - z)
        gar = gan * hn * r * (1 - r)
        gx = np.concatenate([gar, gaz, gan], axis=1)
        gg = np.concatenate([gar, gaz, gan * r], axis=1)
        gWx += xs[t].T @ gx
        gb += gx.sum(axis=0)
        gWh += h.T @ gg
        gh = gh * z + gg @ Wh.T
    return gWx, gWh, gb


def attention_block_grad(Wq, Wk, Wv, gamma, beta, X, target):
    B, T, D = X.shape
    X2 = X.reshape(-1, D)
    Q, K, V = (X2 @ Wq).reshape(B, T, -1), (X2 @ Wk).reshape(B, T, -1), (X2 @ Wv).reshape(B, T, -1)
    scale = np.sqrt(D)
    S = Q @ K.transpose(0, 2, 1) / scale
    A = np.exp(S - S.max(axis=-1, keepdims=True))
    A /= A.sum(axis=-1, keepdims=True)
    R = X + A @ V
    mu = R.mean(axis=-1, keepdims=True)
    s = np.sqrt(((R - mu) ** 2).mean(axis=-1, keepdims=True) + 1e-5)
    xhat = (R - mu) / s
    gY = 2 * (xhat * gamma + beta - target) / target.size
    g_gamma, g_beta = (gY * xhat).sum(axis=(0, 1)), gY.sum(axis=(0, 1))
    gx = gY * gamma
    gR = (gx - gx.mean(axis=-1, keepdims=True) - xhat * (gx * xhat).mean(axis=-1, keepdims=True)) / s
    gA, gV = gR @ V.transpose(0, 2, 1), A.transpose(0, 2, 1) @ gR
    gS = A * (gA - np.sum(gA * A, axis=-1, keepdims=True)) / scale
    gQ, gK = gS @ K, gS.transpose(0, 2, 1) @ Q
    return (X2.T @ gQ.reshape(-1, gQ.shape[-1]), X2.T @ gK.reshape(-1, gK.shape[-1]),
            X2.T @ gV.reshape(-1, gV.shape[-1]), g_gamma, g_beta)


def gaussian_nll_grad(L, mu, X):
    n, d = X.shape
    cov = L @ L.T + 1e-3 * np.eye(d)
    alpha = np.linalg.solve(cov, (X - mu).T)             # (d, n)
    g_cov = 0.5 * (n * np.linalg.inv(cov) - alpha @ alpha.T)
    return 2 * g_cov @ L, -alpha.sum(axis=1)


def laplacian_energy_grad(u, f, h=0.05):
    lap = (u[1:-1, 2:] + u[1:-1, :-2] + u[2:, 1:-1] + u[:-2, 1:-1] - 4 * u[1:-1, 1:-1]) / h ** 2
    g = lap                                                # d(energy)/d(lap) * (d lap / d u) scale: h^2 / h^2
    gu = np.zeros_like(u)
    gu[1:-1, 2:] += g
    gu[1:-1, :-2] += g
    gu[2:, 1:-1] += g
    gu[:-2, 1:-1] += g
    gu[1:-1, 1:-1] -= 4 * g + f * h ** 2
    return gu


def lennard_jones_grad(x):
    n = x.shape[0]
    d = x[:, None, :] - x[None, :, :]
    r2 = np.sum(d ** 2, axis=-1) + np.eye(n)
    inv6 = 1.0 / r2 ** 3
    w = (12.0 * inv6 - 24.0 * inv6 ** 2) / r2 * (1 - np.eye(n))   # d(e)/d(r2), symmetric
    return 2.0 * np.einsum("ij,ijk->ik", w, d)             # 0.5 * (2 d_ij from (i, j) + 2 d_ij from (j, i))


# =============================================================================== workloads
_SIZES = {
    "N12": {"full": dict(n=2000, d=50), "quick": dict(n=500, d=20), "smoke": dict(n=20, d=4)},
    "N13": {"full": dict(n=500, d=64, k=10), "quick": dict(n=100, d=16, k=5), "smoke": dict(n=8, d=4, k=3)},
    "N14": {"full": dict(n=256, d=64, h=128), "quick": dict(n=32, d=16, h=32), "smoke": dict(n=6, d=3, h=5)},
    "N15": {"full": dict(T=20, B=16, D=8, H=32), "quick": dict(T=10, B=8, D=4, H=16),
            "smoke": dict(T=4, B=2, D=3, H=4)},
    "N16": {"full": dict(B=8, T=32, D=32), "quick": dict(B=4, T=8, D=8), "smoke": dict(B=2, T=4, D=3)},
    "N17": {"full": dict(n=500, d=30), "quick": dict(n=100, d=10), "smoke": dict(n=10, d=3)},
    "N18": {"full": dict(N=128), "quick": dict(N=32), "smoke": dict(N=6)},
    "N19": {"full": dict(n=64), "quick": dict(n=20), "smoke": dict(n=5)},
}


def make(name: str, size: str = "full", seed: int = 0) -> Workload:
    """Build workload ``name`` ("N12".."N19") at ``size`` ("full", "quick" or "smoke")."""
    p = sized(name, size, _SIZES)
    rng = np.random.default_rng(seed)
    normal = rng.standard_normal
    if name == "N12":
        n, d = p["n"], p["d"]
        X, w = normal((n, d)), 0.1 * normal(d)
        y = np.where(rng.uniform(size=n) < 1 / (1 + np.exp(-(X @ w))), 1.0, -1.0)
        return Workload(name, "logistic regression, np.logaddexp, L2 argument", logreg_l2, (w, X, y, 1e-2), 0,
                        logreg_l2_grad, size, f"X {n}x{d}")
    if name == "N13":
        n, d, k = p["n"], p["d"], p["k"]
        args = (0.1 * normal((d, k)), 0.1 * normal(k), normal((n, d)), rng.integers(0, k, size=n))
        return Workload(name, "softmax cross-entropy, np.eye(k)[y]", softmax_xent, args, (0, 1),
                        softmax_xent_grad, size, f"{n}x{d}, {k} classes")
    if name == "N14":
        n, d, h = p["n"], p["d"], p["h"]
        params = {"W1": normal((d, h)) / np.sqrt(d), "b1": 0.1 * normal(h),
                  "W2": normal((h, 1)) / np.sqrt(h), "b2": 0.1 * normal(1)}
        return Workload(name, "ReLU MLP, parameters in a dict", mlp_dict, (params, normal((n, d)), normal((n, 1))),
                        0, mlp_dict_grad, size, f"{d}-{h}-1, batch {n}")
    if name == "N15":
        T, B, D, H = p["T"], p["B"], p["D"], p["H"]
        args = (normal((D, 3 * H)) / np.sqrt(D), normal((H, 3 * H)) / np.sqrt(H), 0.1 * normal(3 * H),
                normal((T, B, D)), 0.5 * normal((B, H)))
        return Workload(name, "GRU over time, gates from np.split", gru_loss, args, (0, 1, 2), gru_loss_grad,
                        size, f"{T} steps, batch {B}, {D}->{H}")
    if name == "N16":
        B, T, D = p["B"], p["T"], p["D"]
        args = tuple(normal((D, D)) / np.sqrt(D) for _ in range(3)) + (
            1 + 0.1 * normal(D), 0.1 * normal(D), normal((B, T, D)), normal((B, T, D)))
        return Workload(name, "attention in einsum + layer-norm helper", attention_block, args, (0, 1, 2, 3, 4),
                        attention_block_grad, size, f"batch {B}, {T} tokens, d={D}")
    if name == "N17":
        n, d = p["n"], p["d"]
        L = np.eye(d) + 0.1 * np.tril(normal((d, d)))
        args = (L, 0.1 * normal(d), normal((n, d)))
        return Workload(name, "Gaussian NLL, slogdet + solve", gaussian_nll, args, (0, 1), gaussian_nll_grad,
                        size, f"{n} samples, d={d}")
    if name == "N18":
        N = p["N"]
        args = (normal((N, N)), normal((N - 2, N - 2)))
        return Workload(name, "Laplacian energy from shifted slices", laplacian_energy, args, 0,
                        laplacian_energy_grad, size, f"{N}x{N} grid")
    if name == "N19":
        n = p["n"]
        side = int(np.ceil(n ** (1 / 3)))
        grid = np.stack(np.meshgrid(*[np.arange(side)] * 3, indexing="ij"), axis=-1).reshape(-1, 3)[:n]
        x = 1.2 * grid + 0.05 * normal((n, 3))
        return Workload(name, "Lennard-Jones, broadcast pairs, masked diagonal", lennard_jones, (x,), 0,
                        lennard_jones_grad, size, f"{n} atoms")
    raise ValueError(f"unknown workload {name!r}; these workloads are {', '.join(NAMES)}")
