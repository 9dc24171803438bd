"""Benchmark workloads N1-N11: the mathematics of everyday models spelled the way people write
it (issue 17) — constants in a closure, parameters in a list of (W, b) pairs looped over, helpers
(``logsumexp``, ``softmax``), keyword defaults, method spellings (``X.dot(w)``, ``.mean()``), a
module-level constant, float32, shifted slices, nested loops — each with a hand-written NumPy
gradient.

Same structure as workloads.py (``make(name, size)`` builds a :class:`~workloads.Workload`);
``run.py --suite natural`` times them. The functions read the global ``np``; the peers' columns
rebind it, in the function and in the functions of this module it calls or holds in a closure
(``workloads.rebind``: N5's ``logsumexp``, N6's ``softmax``).
"""
from __future__ import annotations

import numpy as np

from workloads import Workload, sized

NAMES = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N10", "N11")

REGULARISATION = 1e-2        # N8 reads it from the module, as people write it


# =============================================================================== the functions
def make_chaotic_map(r, n):
    """N1: the logistic map with its rate and step count in a closure."""
    def chaotic_map(x):
        for _ in range(n):
            x = r * x * (1 - x)
        return x
    return chaotic_map


def mlp_pairs(params, X, y):
    """N2: a tanh MLP whose parameters are a list of (W, b) pairs, looped over."""
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W, b = params[-1]
    out = h @ W + b
    return np.mean((out - y) ** 2)


def rnn_loss(Wx, Wh, b, xs, target):
    """N3: a tanh RNN over the time steps of ``xs`` (time, batch, features); squared error of
    the last state."""
    h = np.zeros((xs.shape[1], Wh.shape[0]))
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ Wx + h @ Wh + b)
    return np.sum((h - target) ** 2)


def damped_oscillator(k, c, x0=1.0, v0=0.0, dt=0.01, steps=500):
    """N4: explicit Euler for x'' = -k x - c v, scalar parameters, keyword defaults."""
    x, v = x0, v0
    for _ in range(steps):
        a = -k * x - c * v
        x, v = x + dt * v, v + dt * a
    return (x - 0.5) ** 2


def logsumexp(a):
    m = np.max(a, axis=1, keepdims=True)
    return m[:, 0] + np.log(np.sum(np.exp(a - m), axis=1))


def gmm_nll(means, log_sigmas, logits, x):
    """N5: negative log-likelihood of a 1-D Gaussian mixture, through a ``logsumexp`` helper."""
    log_w = logits - logsumexp(logits[None, :])[0]
    z = (x[:, None] - means[None, :]) / np.exp(log_sigmas)[None, :]
    logp = log_w[None, :] - 0.5 * z ** 2 - log_sigmas[None, :] - 0.5 * np.log(2 * np.pi)
    return -np.sum(logsumexp(logp))


def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def attention_loss(Wq, Wk, Wv, X, target):
    """N6: single-head self-attention through a ``softmax`` helper; squared error."""
    Q = X @ Wq
    K = X @ Wk
    V = X @ Wv
    A = softmax(Q @ K.T / np.sqrt(Q.shape[1]))
    return np.sum((A @ V - target) ** 2)


def mlp32(W1, b1, W2, b2, X, y):
    """N7: a one-hidden-layer tanh MLP in float32."""
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    return np.mean((out - y) ** 2)


def logreg_loss(w, X, y):
    """N8: logistic regression with ``X.dot(w)``, ``.mean()`` and a module-level L2 constant."""
    p = 1.0 / (1.0 + np.exp(-X.dot(w)))
    loss = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()
    return loss + REGULARISATION * (w ** 2).sum()


def conv_loss(kernel, img, target):
    """N9: a 3x3 'valid' convolution as nine shifted slices accumulated in a loop."""
    H, W = img.shape
    out = np.zeros((H - 2, W - 2))
    for i in range(3):
        for j in range(3):
            out = out + kernel[i, j] * img[i:i + H - 2, j:j + W - 2]
    return np.sum((out - target) ** 2)


def rosenbrock(x):
    """N10: the Rosenbrock function, vectorised over slices."""
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def pair_energy(x):
    """N11: a pairwise soft potential over the elements of ``x``, in two nested loops."""
    n = len(x)
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            d = x[i] - x[j]
            e = e + 1.0 / (1.0 + d * d)
    return e


# =============================================================================== hand-written gradients
def chaotic_map_grad(r, n):
    def grad(x):
        d = 1.0
        for _ in range(n):
            d = d * r * (1 - 2 * x)
            x = r * x * (1 - x)
        return d
    return grad


def mlp_pairs_grad(params, X, y):
    hs = [X]
    for W, b in params[:-1]:
        hs.append(np.tanh(hs[-1] @ W + b))
    W, b = params[-1]
    out = hs[-1] @ W + b
    g = 2 * (out - y) / out.size
    grads = [(hs[-1].T @ g, g.sum(axis=0))]
    gh = g @ W.T
    for (W, b), h_in, h_out in zip(reversed(params[:-1]), reversed(hs[:-1]), reversed(hs[1:])):
        gz = gh * (1 - h_out ** 2)
        grads.append((h_in.T @ gz, gz.sum(axis=0)))
        gh = gz @ W.T
    return list(reversed(grads))


def rnn_loss_grad(Wx, Wh, b, xs, target):
    hs = [np.zeros((xs.shape[1], Wh.shape[0]))]
    for t in range(xs.shape[0]):
        hs.append(np.tanh(xs[t] @ Wx + hs[-1] @ Wh + b))
    gh = 2 * (hs[-1] - target)
    gWx, gWh, gb = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    for t in reversed(range(xs.shape[0])):
        gz = gh * (1 - hs[t + 1] ** 2)
        gWx += xs[t].T @ gz
        gWh += hs[t].T @ gz
        gb += gz.sum(axis=0)
        gh = gz @ Wh.T
    return gWx, gWh, gb


def damped_oscillator_grad(k, c, x0=1.0, v0=0.0, dt=0.01, steps=500):
    x, v = x0, v0
    xk = vk = xc = vc = 0.0          # forward sensitivities d(x, v)/d(k, c)
    for _ in range(steps):
        a = -k * x - c * v
        ak, ac = -x - k * xk - c * vk, -k * xc - v - c * vc
        x, v, xk, vk, xc, vc = x + dt * v, v + dt * a, xk + dt * vk, vk + dt * ak, xc + dt * vc, vc + dt * ac
    return 2 * (x - 0.5) * xk, 2 * (x - 0.5) * xc


def gmm_nll_grad(means, log_sigmas, logits, x):
    sigma = np.exp(log_sigmas)
    log_w = logits - np.log(np.sum(np.exp(logits - logits.max()))) - logits.max()
    z = (x[:, None] - means[None, :]) / sigma[None, :]
    logp = log_w[None, :] - 0.5 * z ** 2 - log_sigmas[None, :] - 0.5 * np.log(2 * np.pi)
    r = np.exp(logp - logp.max(axis=1, keepdims=True))
    r /= r.sum(axis=1, keepdims=True)                       # responsibilities
    g_means = -np.sum(r * z, axis=0) / sigma
    g_log_sigmas = -np.sum(r * (z ** 2 - 1), axis=0)
    g_logits = -r.sum(axis=0) + x.shape[0] * np.exp(log_w)
    return g_means, g_log_sigmas, g_logits


def attention_loss_grad(Wq, Wk, Wv, X, target):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scale = np.sqrt(Q.shape[1])
    S = Q @ K.T / scale
    A = np.exp(S - S.max(axis=-1, keepdims=True))
    A /= A.sum(axis=-1, keepdims=True)
    g_out = 2 * (A @ V - target)
    gA, gV = g_out @ V.T, A.T @ g_out
    gS = A * (gA - np.sum(gA * A, axis=-1, keepdims=True)) / scale
    gQ, gK = gS @ K, gS.T @ Q
    return X.T @ gQ, X.T @ gK, X.T @ gV


def mlp32_grad(W1, b1, W2, b2, X, y):
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    g = (2 * (out - y) / np.float32(out.size)).astype(np.float32)
    gz = (g @ W2.T) * (1 - h ** 2)
    return X.T @ gz, gz.sum(axis=0), h.T @ g, g.sum(axis=0)


def logreg_loss_grad(w, X, y):
    p = 1.0 / (1.0 + np.exp(-X.dot(w)))
    return X.T.dot(p - y) / X.shape[0] + 2 * REGULARISATION * w


def conv_loss_grad(kernel, img, target):
    H, W = img.shape
    out = np.zeros((H - 2, W - 2))
    for i in range(3):
        for j in range(3):
            out += kernel[i, j] * img[i:i + H - 2, j:j + W - 2]
    g = 2 * (out - target)
    g_kernel, g_img = np.zeros_like(kernel), np.zeros_like(img)
    for i in range(3):
        for j in range(3):
            g_kernel[i, j] = np.sum(g * img[i:i + H - 2, j:j + W - 2])
            g_img[i:i + H - 2, j:j + W - 2] += kernel[i, j] * g
    return g_kernel, g_img


def rosenbrock_grad(x):
    g = np.zeros_like(x)
    t = x[1:] - x[:-1] ** 2
    g[:-1] = -400.0 * t * x[:-1] - 2 * (1 - x[:-1])
    g[1:] += 200.0 * t
    return g


def pair_energy_grad(x):
    d = x[:, None] - x[None, :]
    w = -2 * d / (1.0 + d * d) ** 2
    return np.sum(np.triu(w, 1), axis=1) - np.sum(np.triu(w, 1), axis=0)


# =============================================================================== workloads
_SIZES = {
    "N1": {"full": dict(n=200), "quick": dict(n=200), "smoke": dict(n=30)},
    "N2": {"full": dict(n=128, d=32, h=64), "quick": dict(n=32, d=16, h=32), "smoke": dict(n=5, d=3, h=4)},
    "N3": {"full": dict(T=50, B=16, D=8, H=32), "quick": dict(T=20, B=8, D=4, H=16),
           "smoke": dict(T=5, B=2, D=3, H=4)},
    "N5": {"full": dict(n=2000, k=5), "quick": dict(n=200, k=3), "smoke": dict(n=12, k=3)},
    "N6": {"full": dict(n=64, d=32), "quick": dict(n=16, d=8), "smoke": dict(n=5, d=3)},
    "N7": {"full": dict(n=256, d=128, h=128), "quick": dict(n=32, d=16, h=16), "smoke": dict(n=6, d=4, h=5)},
    "N8": {"full": dict(n=10000, d=100), "quick": dict(n=1000, d=20), "smoke": dict(n=30, d=4)},
    "N9": {"full": dict(H=128), "quick": dict(H=32), "smoke": dict(H=6)},
    "N10": {"full": dict(n=10 ** 5), "quick": dict(n=10 ** 3), "smoke": dict(n=8)},
    "N11": {"full": dict(n=30), "quick": dict(n=12), "smoke": dict(n=5)},
}


def make(name: str, size: str = "full", seed: int = 0) -> Workload:
    """Build workload ``name`` ("N1".."N11") at ``size`` ("full", "quick" or "smoke")."""
    p = sized(name, size, _SIZES)
    rng = np.random.default_rng(seed)
    normal = rng.standard_normal
    if name == "N1":
        return Workload(name, "chaotic map, constants in a closure", make_chaotic_map(3.7, p["n"]), (0.3,), 0,
                        chaotic_map_grad(3.7, p["n"]), size, f"scalar, {p['n']} steps")
    if name == "N2":
        n, d, h = p["n"], p["d"], p["h"]
        dims = [d, h, h, 1]
        params = [(normal((a, b)) / np.sqrt(a), 0.1 * normal(b)) for a, b in zip(dims[:-1], dims[1:])]
        return Workload(name, "MLP, list of (W, b) looped over", mlp_pairs, (params, normal((n, d)), normal((n, 1))),
                        0, mlp_pairs_grad, size, f"{d}-{h}-{h}-1 tanh, batch {n}")
    if name == "N3":
        T, B, D, H = p["T"], p["B"], p["D"], p["H"]
        args = (normal((D, H)) / np.sqrt(D), 0.5 * normal((H, H)) / np.sqrt(H), 0.1 * normal(H),
                normal((T, B, D)), 0.5 * normal((B, H)))
        return Workload(name, "tanh RNN over time", rnn_loss, args, (0, 1, 2), rnn_loss_grad, size,
                        f"{T} steps, batch {B}, {D}->{H}")
    if name == "N4":
        return Workload(name, "explicit Euler ODE, keyword defaults", damped_oscillator, (4.0, 0.3), (0, 1),
                        damped_oscillator_grad, size, "500 steps, defaults")
    if name == "N5":
        n, k = p["n"], p["k"]
        x = np.concatenate([normal(n // 2) - 2, normal(n - n // 2) + 2])
        args = (np.linspace(-1.0, 1.0, k), 0.1 * normal(k), 0.1 * normal(k), x)
        return Workload(name, "mixture NLL, logsumexp helper", gmm_nll, args, (0, 1, 2), gmm_nll_grad, size,
                        f"n={n}, {k} components")
    if name == "N6":
        n, d = p["n"], p["d"]
        args = tuple(normal((d, d)) / np.sqrt(d) for _ in range(3)) + (normal((n, d)), normal((n, d)))
        return Workload(name, "attention, softmax helper", attention_loss, args, (0, 1, 2),
                        attention_loss_grad, size, f"{n} tokens, d={d}")
    if name == "N7":
        n, d, h = p["n"], p["d"], p["h"]
        f32 = np.float32
        args = ((normal((d, h)) / np.sqrt(d)).astype(f32), (0.1 * normal(h)).astype(f32),
                (normal((h, 1)) / np.sqrt(h)).astype(f32), (0.1 * normal(1)).astype(f32),
                normal((n, d)).astype(f32), normal((n, 1)).astype(f32))
        return Workload(name, "float32 MLP", mlp32, args, (0, 1, 2, 3), mlp32_grad, size,
                        f"{d}-{h}-1 tanh, batch {n}, float32", rtol=1e-4)
    if name == "N8":
        n, d = p["n"], p["d"]
        X = normal((n, d))
        w = 0.1 * normal(d)
        y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(X @ w)))).astype(float)
        return Workload(name, "logistic regression, X.dot(w), .mean()", logreg_loss, (w, X, y), 0,
                        logreg_loss_grad, size, f"X {n}x{d}")
    if name == "N9":
        H = p["H"]
        args = (normal((3, 3)), normal((H, H)), normal((H - 2, H - 2)))
        return Workload(name, "3x3 convolution as shifted slices", conv_loss, args, (0, 1), conv_loss_grad, size,
                        f"{H}x{H} image")
    if name == "N10":
        x = rng.uniform(-1.5, 1.5, size=p["n"])
        return Workload(name, "Rosenbrock over slices", rosenbrock, (x,), 0, rosenbrock_grad, size,
                        f"n={p['n']:.0e}".replace("e+0", "e"))
    if name == "N11":
        x = rng.uniform(-2.0, 2.0, size=p["n"])
        return Workload(name, "pair potential, nested loops", pair_energy, (x,), 0, pair_energy_grad, size,
                        f"n={p['n']}, {p['n'] * (p['n'] - 1) // 2} pairs")
    raise ValueError(f"unknown workload {name!r}; the natural workloads are {', '.join(NAMES)}")

