"""The natural-spelling workloads N1-N31 (natural.py, natural2.py, natural3.py) written as a torch
user writes the same programs: torch ops on tensors, the same loops, containers (a list of (W, b)
pairs, a dict of weights, a class holding ``self.`` parameters) and helpers (``logsumexp``,
``softmax``, ``sigmoid``, ``layer_norm``), keyword defaults, the arguments' dtypes — so
``run.py``'s "torch eager" column measures torch's autograd on the program people would write.

Where NumPy or SciPy has a function torch spells differently, the torch spelling is used:
``np.split(a, 3, axis=1)`` is ``torch.chunk(a, 3, dim=1)``, ``x.var(axis=0)`` (NumPy's, ddof=0)
is ``x.var(dim=0, correction=0)``, ``np.maximum(0, h)`` is ``torch.relu(h)``,
``sliding_window_view(x, (3, 3), axis=(1, 2))`` is ``x.unfold(1, 3, 1).unfold(2, 3, 1)`` (the same
(b, h, w, c, i, j) windows), ``scipy.linalg.cho_solve`` is ``torch.cholesky_solve``,
``scipy.special.gammaln`` is ``torch.special.gammaln``, ``scipy.special.logsumexp`` is
``torch.logsumexp``, ``X.dot(w)`` is ``X @ w`` (torch's ``dot`` takes vectors only).

N1, N4 and N11 call no NumPy at all (Python arithmetic and indexing on their arguments): a torch
user's program is the same text, so their torch version is the workload's own function, run on
tensors (:data:`SAME_TEXT`).

:func:`torch_gradient` is the adapter ``run.py`` times and tests/test_benchmark_torch.py checks:
the arguments as tensors once (a float as a float64 0-d tensor; lists, tuples and dicts
converted inside), the differentiated ones as leaves, and one call = the forward pass,
``torch.autograd.grad`` and the gradients back as NumPy arrays, in the order
:func:`workloads.flat` lists the hand-written gradient's.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

import workloads
from natural import REGULARISATION
from workloads import Workload

SAME_TEXT = ("N1", "N4", "N11")


def torch_gradient(w: Workload, torch) -> Callable[[], tuple]:
    """One call: ``w``'s torch version forwards, its gradient w.r.t. ``w.wrt``, as NumPy arrays."""
    f = torch_function(w, torch)
    wrt = w.wrt_tuple
    leaves: list = []

    def to_torch(a, leaf: bool):
        if isinstance(a, dict):
            return {k: to_torch(v, leaf) for k, v in a.items()}
        if isinstance(a, (list, tuple)):
            return type(a)(to_torch(v, leaf) for v in a)
        if isinstance(a, np.ndarray):
            t = torch.from_numpy(a.copy() if leaf else a)
        elif isinstance(a, float):
            t = torch.tensor(a, dtype=torch.float64)
        else:
            return a
        if leaf and t.is_floating_point():
            t.requires_grad_()
            leaves.append(t)
        return t

    targs = [to_torch(a, i in wrt) for i, a in enumerate(w.args)]

    def call() -> tuple:
        return tuple(g.numpy() for g in torch.autograd.grad(f(*targs), leaves))

    return call


def torch_function(w: Workload, torch) -> Callable:
    """``w``'s torch version (W1-W8: workloads.torch_versions; N1-N31: this module's)."""
    if w.name in SAME_TEXT:
        return w.f
    for versions in (workloads.torch_versions(torch), torch_versions(torch)):
        if w.name in versions:
            return versions[w.name]
    raise KeyError(f"{w.name} has no torch version")


def torch_versions(torch) -> dict[str, Callable]:
    """N2-N31 but N4 and N11 (see :data:`SAME_TEXT`), written with torch ops."""
    return {**_n1_to_n11(torch), **_n12_to_n19(torch), **_n20_to_n31(torch)}


def _n1_to_n11(torch) -> dict[str, Callable]:
    def mlp_pairs(params, X, y):                                        # N2
        h = X
        for W, b in params[:-1]:
            h = torch.tanh(h @ W + b)
        W, b = params[-1]
        out = h @ W + b
        return torch.mean((out - y) ** 2)

    def rnn_loss(Wx, Wh, b, xs, target):                                # N3
        h = torch.zeros((xs.shape[1], Wh.shape[0]), dtype=xs.dtype)
        for t in range(xs.shape[0]):
            h = torch.tanh(xs[t] @ Wx + h @ Wh + b)
        return torch.sum((h - target) ** 2)

    def logsumexp(a):
        m = torch.amax(a, dim=1, keepdim=True)
        return m[:, 0] + torch.log(torch.sum(torch.exp(a - m), dim=1))

    def gmm_nll(means, log_sigmas, logits, x):                          # N5
        log_w = logits - logsumexp(logits[None, :])[0]
        z = (x[:, None] - means[None, :]) / torch.exp(log_sigmas)[None, :]
        logp = log_w[None, :] - 0.5 * z ** 2 - log_sigmas[None, :] - 0.5 * math.log(2 * math.pi)
        return -torch.sum(logsumexp(logp))

    def softmax(z):
        e = torch.exp(z - torch.amax(z, dim=-1, keepdim=True))
        return e / torch.sum(e, dim=-1, keepdim=True)

    def attention_loss(Wq, Wk, Wv, X, target):                         # N6
        Q = X @ Wq
        K = X @ Wk
        V = X @ Wv
        A = softmax(Q @ K.T / math.sqrt(Q.shape[1]))
        return torch.sum((A @ V - target) ** 2)

    def mlp32(W1, b1, W2, b2, X, y):                                    # N7 (float32 tensors)
        h = torch.tanh(X @ W1 + b1)
        out = h @ W2 + b2
        return torch.mean((out - y) ** 2)

    def logreg_loss(w, X, y):                                           # N8
        p = 1.0 / (1.0 + torch.exp(-(X @ w)))
        loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
        return loss + REGULARISATION * (w ** 2).sum()

    def conv_loss(kernel, img, target):                                 # N9
        H, W = img.shape
        out = torch.zeros((H - 2, W - 2), dtype=img.dtype)
        for i in range(3):
            for j in range(3):
                out = out + kernel[i, j] * img[i:i + H - 2, j:j + W - 2]
        return torch.sum((out - target) ** 2)

    def rosenbrock(x):                                                  # N10
        return torch.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)

    return {"N2": mlp_pairs, "N3": rnn_loss, "N5": gmm_nll, "N6": attention_loss, "N7": mlp32,
            "N8": logreg_loss, "N9": conv_loss, "N10": rosenbrock}


def _n12_to_n19(torch) -> dict[str, Callable]:
    def logreg_l2(w, X, y, lam):                                        # N12
        margins = y * (X @ w)
        return torch.mean(torch.logaddexp(torch.zeros_like(margins), -margins)) + lam * torch.dot(w, w)

    def softmax_xent(W, b, X, y):                                       # N13
        logits = X @ W + b
        logits = logits - logits.amax(dim=1, keepdim=True)
        log_probs = logits - torch.log(torch.exp(logits).sum(dim=1, keepdim=True))
        onehot = torch.eye(W.shape[1], dtype=W.dtype)[y]
        return -(onehot * log_probs).sum() / len(X)

    def mlp_dict(params, X, y):                                         # N14
        h = torch.relu(X @ params["W1"] + params["b1"])
        out = h @ params["W2"] + params["b2"]
        return 0.5 * torch.mean((out - y) ** 2)

    def sigmoid(a):
        return 1 / (1 + torch.exp(-a))

    def gru_loss(Wx, Wh, b, xs, target):                                # N15
        h = torch.zeros((xs.shape[1], Wh.shape[0]), dtype=xs.dtype)
        for t in range(xs.shape[0]):
            xr, xz, xn = torch.chunk(xs[t] @ Wx + b, 3, dim=1)
            hr, hz, hn = torch.chunk(h @ Wh, 3, dim=1)
            r = sigmoid(xr + hr)
            z = sigmoid(xz + hz)
            n = torch.tanh(xn + r * hn)
            h = (1 - z) * n + z * h
        return torch.sum((h - target) ** 2)

    def layer_norm(x, gamma, beta, eps=1e-5):
        mu = x.mean(dim=-1, keepdim=True)
        var = ((x - mu) ** 2).mean(dim=-1, keepdim=True)
        return (x - mu) / torch.sqrt(var + eps) * gamma + beta

    def attention_block(Wq, Wk, Wv, gamma, beta, X, target):            # N16
        Q = torch.einsum("btd,de->bte", X, Wq)
        K = torch.einsum("btd,de->bte", X, Wk)
        V = torch.einsum("btd,de->bte", X, Wv)
        S = torch.einsum("bqe,bke->bqk", Q, K) / math.sqrt(X.shape[-1])
        A = torch.exp(S - S.amax(dim=-1, keepdim=True))
        A = A / A.sum(dim=-1, keepdim=True)
        Y = layer_norm(X + torch.einsum("bqk,bke->bqe", A, V), gamma, beta)
        return torch.mean((Y - target) ** 2)

    def gaussian_nll(L, mu, X):                                         # N17
        n, d = X.shape
        cov = L @ L.T + 1e-3 * torch.eye(d, dtype=L.dtype)
        diff = X - mu
        sign, logdet = torch.linalg.slogdet(cov)
        maha = torch.sum(diff * torch.linalg.solve(cov, diff.T).T)
        return 0.5 * (n * logdet + maha + n * d * math.log(2 * math.pi))

    def laplacian_energy(u, f, h=0.05):                                 # N18
        lap = (u[1:-1, 2:] + u[1:-1, :-2] + u[2:, 1:-1] + u[:-2, 1:-1] - 4 * u[1:-1, 1:-1]) / h ** 2
        return 0.5 * torch.sum(lap ** 2) * h ** 2 - torch.sum(f * u[1:-1, 1:-1]) * h ** 2

    def lennard_jones(x):                                               # N19
        n = x.shape[0]
        d = x[:, None, :] - x[None, :, :]
        r2 = torch.sum(d ** 2, dim=-1) + torch.eye(n, dtype=x.dtype)
        inv6 = 1.0 / r2 ** 3
        e = 4.0 * (inv6 ** 2 - inv6)
        return 0.5 * torch.sum(e * (1 - torch.eye(n, dtype=x.dtype)))

    return {"N12": logreg_l2, "N13": softmax_xent, "N14": mlp_dict, "N15": gru_loss, "N16": attention_block,
            "N17": gaussian_nll, "N18": laplacian_energy, "N19": lennard_jones}


def _n20_to_n31(torch) -> dict[str, Callable]:
    def gp_nll(log_theta, X, y):                                        # N20
        ell, sf, sn = torch.exp(log_theta)
        sq = torch.sum(X ** 2, 1)[:, None] + torch.sum(X ** 2, 1)[None, :] - 2 * X @ X.T
        K = sf ** 2 * torch.exp(-0.5 * sq / ell ** 2) + (sn ** 2 + 1e-6) * torch.eye(len(X), dtype=X.dtype)
        L = torch.linalg.cholesky(K)
        alpha = torch.cholesky_solve(y[:, None], L)[:, 0]
        return 0.5 * y @ alpha + torch.sum(torch.log(torch.diag(L))) + 0.5 * len(X) * math.log(2 * math.pi)

    def conv_layer(K, b, x, target):                                    # N21
        windows = x.unfold(1, K.shape[0], 1).unfold(2, K.shape[1], 1)
        out = torch.relu(torch.einsum("bhwcij,ijco->bhwo", windows, K) + b)
        return torch.mean((out - target) ** 2)

    class BatchNorm:
        def __init__(self, gamma, beta, eps=1e-5):
            self.gamma = gamma
            self.beta = beta
            self.eps = eps

        def forward(self, x):
            mu = x.mean(dim=0)
            var = x.var(dim=0, correction=0)
            self.x_hat = (x - mu) / torch.sqrt(var + self.eps)
            return self.gamma * self.x_hat + self.beta

    def batchnorm_loss(W, gamma, beta, X, target):                      # N22
        bn = BatchNorm(gamma, beta)
        h = torch.tanh(bn.forward(X @ W))
        return torch.mean((h - target) ** 2)

    def sigmoid(a):
        return 1 / (1 + torch.exp(-a))

    def lstm_loss(p, xs, target):                                       # N23
        B, H = xs.shape[1], p["Wf"].shape[1]
        h, c = torch.zeros((B, H), dtype=xs.dtype), torch.zeros((B, H), dtype=xs.dtype)
        for t in range(xs.shape[0]):
            hx = torch.cat([h, xs[t]], dim=1)
            f = sigmoid(hx @ p["Wf"] + p["bf"])
            i = sigmoid(hx @ p["Wi"] + p["bi"])
            o = sigmoid(hx @ p["Wo"] + p["bo"])
            g = torch.tanh(hx @ p["Wc"] + p["bc"])
            c = f * c + i * g
            h = o * torch.tanh(c)
        return torch.sum((h - target) ** 2)

    def squared_error(params, X, y):
        r = X @ params["w"] + params["b"] - y
        return 0.5 * torch.mean(r ** 2)

    def adam_step_loss(params, X, y, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8):     # N24
        r = X @ params["w"] + params["b"] - y
        grads = {"w": X.T @ r / len(y), "b": torch.mean(r)}
        new = {}
        for name, value in params.items():
            g = grads[name]
            m = (1 - beta1) * g
            v = (1 - beta2) * g ** 2
            m_hat = m / (1 - beta1)
            v_hat = v / (1 - beta2)
            new[name] = value - lr * m_hat / (torch.sqrt(v_hat) + eps)
        return squared_error(new, X, y)

    def poisson_nll(beta, X, y):                                        # N25
        eta = X @ beta
        return torch.sum(torch.exp(eta) - y * eta + torch.special.gammaln(y + 1)) / len(y)

    def huber_loss(w, X, y, delta=1.0):                                 # N26
        r = X @ w - y
        return torch.mean(torch.where(torch.abs(r) <= delta, 0.5 * r ** 2, delta * (torch.abs(r) - 0.5 * delta)))

    def soft_kmeans(C, X, beta=2.0):                                    # N27, N31 (float32)
        d2 = torch.sum((X[:, None, :] - C[None, :, :]) ** 2, dim=-1)
        return -torch.sum(torch.logsumexp(-beta * d2, dim=1, keepdim=True)) / beta

    def heat_loss(u0, alpha, target, steps=200):                        # N28, N30 (float32)
        u = u0
        for _ in range(steps):
            u = u + alpha * (torch.roll(u, 1) - 2 * u + torch.roll(u, -1))
        return torch.sum((u - target) ** 2)

    def horner(x, coeffs):                                              # N29
        y = 0.0
        for c in coeffs:
            y = y * x + c
        return torch.sum(y)

    return {"N20": gp_nll, "N21": conv_layer, "N22": batchnorm_loss, "N23": lstm_loss, "N24": adam_step_loss,
            "N25": poisson_nll, "N26": huber_loss, "N27": soft_kmeans, "N28": heat_loss, "N29": horner,
            "N30": heat_loss, "N31": soft_kmeans}

