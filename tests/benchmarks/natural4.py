"""Benchmark workloads N32-N43: twelve more everyday models spelled the way people write them
(issue 17) — kernel ridge through ``scipy.spatial.distance.cdist``, a Transformer block from
helpers (layer norm, attention, an MLP), a VAE's ELBO with a reparameterised draw from a fixed
``np.random.default_rng(0)``, a Lennard-Jones energy by a double Python loop over ``i < j``, a
Runge-Kutta 4 pendulum with a dict of parameters, softmax regression with ``np.eye(k)[y]``, matrix
factorisation with ``np.nansum`` over missing entries, Black-Scholes through
``scipy.stats.norm.cdf``, a Poisson-process log-likelihood with ``np.cumsum`` and ``np.diff``, a
least-squares fit whose model is a lambda, a 2-layer GRU over a list of time steps with ``zip``,
and total-variation denoising with ``np.diff(axis=...)`` and ``np.sqrt(eps + ...)`` — each with a
hand-written NumPy gradient.

Same structure as natural3.py (``make(name, size)`` builds a :class:`~workloads.Workload`);
``run.py --suite natural`` times them with N1-N31. The hand-written gradients are checked against
finite differences by tests/test_benchmark_natural.py.
"""
from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist
from scipy.stats import norm

from workloads import Workload, sized

NAMES = ("N32", "N33", "N34", "N35", "N36", "N37", "N38", "N39", "N40", "N41", "N42", "N43")


# =============================================================================== the functions
def kernel_ridge(alpha, ell, X, Z, y, lam=1e-2):
    """N32: kernel ridge regression's loss, a Gaussian kernel of ``cdist(X, Z, "sqeuclidean")``;
    differentiated in the weights and the length scale."""
    K = np.exp(-cdist(X, Z, "sqeuclidean") / (2 * ell ** 2))
    r = K @ alpha - y
    return np.mean(r ** 2) + lam * alpha @ alpha


def layer_norm(x, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps)


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def attention(x, Wq, Wk, Wv):
    q, k, v = x @ Wq, x @ Wk, x @ Wv
    return softmax(q @ k.T / np.sqrt(q.shape[-1])) @ v


def transformer_block(Wq, Wk, Wv, W1, W2, x, target):
    """N33: a pre-norm Transformer block (attention and a ReLU MLP, each with a residual) written
    with helpers, mean squared error."""
    h = x + attention(layer_norm(x), Wq, Wk, Wv)
    out = h + np.maximum(0, layer_norm(h) @ W1) @ W2
    return np.mean((out - target) ** 2)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def vae_loss(W_mu, W_lv, W_dec, x):
    """N34: a linear VAE's negative ELBO per example: the reparameterised draw
    ``mu + exp(logvar / 2) * eps`` with ``eps`` from a fixed ``np.random.default_rng(0)``, a
    Bernoulli decoder through a sigmoid, the Gaussian KL."""
    mu, logvar = x @ W_mu, x @ W_lv
    eps = np.random.default_rng(0).standard_normal(mu.shape)
    z = mu + np.exp(0.5 * logvar) * eps
    x_hat = sigmoid(z @ W_dec)
    recon = np.sum(x * np.log(x_hat) + (1 - x) * np.log(1 - x_hat))
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    return -(recon - kl) / len(x)


def lennard_jones(pos, epsilon=1.0, sigma=1.0):
    """N35: Lennard-Jones energy by a double Python loop over the pairs ``i < j``."""
    energy = 0.0
    n = len(pos)
    for i in range(n):
        for j in range(n):
            if i < j:
                r2 = np.sum((pos[i] - pos[j]) ** 2)
                s6 = (sigma ** 2 / r2) ** 3
                energy += 4 * epsilon * (s6 ** 2 - s6)
    return energy


def pendulum_rhs(state, p):
    theta, omega = state
    return np.array([omega, -p["g"] / p["L"] * np.sin(theta) - p["damping"] * omega])


def pendulum_loss(p, state0, target, dt=0.01, steps=100):
    """N36: a damped pendulum integrated by Runge-Kutta 4, its parameters a dict; squared error
    of the final angle."""
    s = state0
    for _ in range(steps):
        k1 = pendulum_rhs(s, p)
        k2 = pendulum_rhs(s + dt / 2 * k1, p)
        k3 = pendulum_rhs(s + dt / 2 * k2, p)
        k4 = pendulum_rhs(s + dt * k3, p)
        s = s + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return (s[0] - target) ** 2


def softmax_regression(W, b, X, y, reg=1e-3):
    """N37: softmax regression, labels one-hot by ``np.eye(k)[y]``, the max subtracted in place."""
    logits = X @ W + b
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True)
    Y = np.eye(W.shape[1])[y]
    return -np.sum(Y * np.log(p)) / len(X) + reg * np.sum(W ** 2)


def factorisation_loss(U, V, R, lam=0.1):
    """N38: matrix factorisation over the observed ratings (``R`` is NaN where missing): the errors
    NaN outside the mask by ``np.where``, their squares summed by ``np.nansum`` over the count of
    the mask, an L2 penalty. (``np.nansum((R - U @ V.T) ** 2)`` straight away has a NaN gradient,
    as in JAX: docs/syntax.md, NaN-ignoring functions.)"""
    mask = ~np.isnan(R)
    err = np.where(mask, R - U @ V.T, np.nan)
    return np.nansum(err ** 2) / mask.sum() + lam * (np.sum(U ** 2) + np.sum(V ** 2))


def black_scholes(S, sigma, K, T, r=0.02):
    """N39: the summed Black-Scholes prices of a book of calls through ``scipy.stats.norm.cdf``;
    its gradient is the deltas and vegas."""
    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    return np.sum(S * norm.cdf(d1) - K * np.exp(-r * T) * norm.cdf(d2))


def poisson_process_nll(log_rates, edges, times, smooth=1.0):
    """N40: negative log-likelihood of event ``times`` under a piecewise-constant rate on the bins
    ``edges``: the compensator the last of ``np.cumsum`` of rate × ``np.diff(edges)``, a smoothness
    penalty on ``np.diff(log_rates)``."""
    cumulative = np.cumsum(np.exp(log_rates) * np.diff(edges))
    bins = np.searchsorted(edges, times, side="right") - 1
    loglik = np.sum(log_rates[bins]) - cumulative[-1]
    return -loglik + smooth * np.sum(np.diff(log_rates) ** 2)


def least_squares(model, theta, t, y):
    r = model(theta, t) - y
    return 0.5 * r @ r


def decay_fit(theta, t, y):
    """N41: nonlinear least squares of an exponential decay, the model a lambda passed to a helper."""
    return least_squares(lambda th, t: th[0] * np.exp(-th[1] * t) + th[2], theta, t, y)


def gru_loss(layers, xs, target):
    """N42: a 2-layer GRU over a list of time steps, the layers' ``(W, U, b)`` and states zipped;
    gates sliced from one product each; squared error of the top state."""
    B, H = xs[0].shape[0], layers[0][1].shape[0]
    hs = [np.zeros((B, H)) for _ in layers]
    for x in xs:
        inp, new_hs = x, []
        for (W, U, b), h in zip(layers, hs):
            a, u = inp @ W + b, h @ U
            z = sigmoid(a[:, :H] + u[:, :H])
            r = sigmoid(a[:, H:2 * H] + u[:, H:2 * H])
            n = np.tanh(a[:, 2 * H:] + r * u[:, 2 * H:])
            inp = (1 - z) * n + z * h
            new_hs.append(inp)
        hs = new_hs
    return np.sum((hs[-1] - target) ** 2)


def tv_denoise(u, f, lam=0.1, eps=1e-6):
    """N43: total-variation denoising's energy: forward differences by ``np.diff(axis=...)``, the
    isotropic TV smoothed by ``np.sqrt(eps + ...)``."""
    dx = np.diff(u, axis=0)[:, :-1]
    dy = np.diff(u, axis=1)[:-1, :]
    return 0.5 * np.sum((u - f) ** 2) + lam * np.sum(np.sqrt(eps + dx ** 2 + dy ** 2))


# =============================================================================== hand-written gradients
def kernel_ridge_grad(alpha, ell, X, Z, y, lam=1e-2):
    D = cdist(X, Z, "sqeuclidean")
    K = np.exp(-D / (2 * ell ** 2))
    g = 2 * (K @ alpha - y) / len(y)
    return K.T @ g + 2 * lam * alpha, g @ (K * D) @ alpha / ell ** 3


def layer_norm_back(x, g, eps=1e-5):
    inv_std = 1 / np.sqrt(x.var(axis=-1, keepdims=True) + eps)
    x_hat = (x - x.mean(axis=-1, keepdims=True)) * inv_std
    return inv_std * (g - g.mean(axis=-1, keepdims=True) - x_hat * (g * x_hat).mean(axis=-1, keepdims=True))


def transformer_block_grad(Wq, Wk, Wv, W1, W2, x, target):
    n1 = layer_norm(x)
    q, k, v = n1 @ Wq, n1 @ Wk, n1 @ Wv
    scale = 1 / np.sqrt(q.shape[-1])
    A = softmax(q @ k.T * scale)
    h = x + A @ v
    n2 = layer_norm(h)
    pre = n2 @ W1
    act = np.maximum(0, pre)
    out = h + act @ W2
    g_out = 2 * (out - target) / out.size
    g_pre = (g_out @ W2.T) * (pre > 0)
    g_h = g_out + layer_norm_back(h, g_pre @ W1.T)
    g_A = g_h @ v.T
    g_S = A * (g_A - np.sum(g_A * A, axis=-1, keepdims=True)) * scale
    return n1.T @ (g_S @ k), n1.T @ (g_S.T @ q), n1.T @ (A.T @ g_h), n2.T @ g_pre, act.T @ g_out


def vae_loss_grad(W_mu, W_lv, W_dec, x):
    n = len(x)
    mu, logvar = x @ W_mu, x @ W_lv
    eps = np.random.default_rng(0).standard_normal(mu.shape)
    std = np.exp(0.5 * logvar)
    z = mu + std * eps
    g_logits = (sigmoid(z @ W_dec) - x) / n
    g_z = g_logits @ W_dec.T
    g_mu = g_z + mu / n
    g_lv = 0.5 * g_z * eps * std + 0.5 * (std ** 2 - 1) / n
    return x.T @ g_mu, x.T @ g_lv, z.T @ g_logits


def lennard_jones_grad(pos, epsilon=1.0, sigma=1.0):
    g = np.zeros_like(pos)
    n = len(pos)
    for i in range(n):
        for j in range(i + 1, n):
            d = pos[i] - pos[j]
            r2 = np.sum(d ** 2)
            s6 = (sigma ** 2 / r2) ** 3
            dE_dr2 = 4 * epsilon * (-6 * s6 ** 2 + 3 * s6) / r2
            g[i] += 2 * dE_dr2 * d
            g[j] -= 2 * dE_dr2 * d
    return g


def pendulum_loss_grad(p, state0, target, dt=0.01, steps=100):
    """Forward sensitivities: the state and its derivative in (g, L, damping), carried by RK4."""
    g, L, c = p["g"], p["L"], p["damping"]

    def rhs(s, S):          # f(s) and its total derivative J_s(s) @ S + J_p(s)
        theta, omega = s
        f = np.array([omega, -g / L * np.sin(theta) - c * omega])
        J_s = np.array([[0.0, 1.0], [-g / L * np.cos(theta), -c]])
        J_p = np.array([[0.0, 0.0, 0.0], [-np.sin(theta) / L, g * np.sin(theta) / L ** 2, -omega]])
        return f, J_s @ S + J_p

    s, S = np.asarray(state0, dtype=float), np.zeros((2, 3))
    for _ in range(steps):
        k1, K1 = rhs(s, S)
        k2, K2 = rhs(s + dt / 2 * k1, S + dt / 2 * K1)
        k3, K3 = rhs(s + dt / 2 * k2, S + dt / 2 * K2)
        k4, K4 = rhs(s + dt * k3, S + dt * K3)
        s = s + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        S = S + dt / 6 * (K1 + 2 * K2 + 2 * K3 + K4)
    d = 2 * (s[0] - target) * S[0]
    return {"g": d[0], "L": d[1], "damping": d[2]}


def softmax_regression_grad(W, b, X, y, reg=1e-3):
    logits = X @ W + b
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    g = e / e.sum(axis=1, keepdims=True)
    g[np.arange(len(y)), y] -= 1
    g /= len(X)
    return X.T @ g + 2 * reg * W, g.sum(axis=0)


def factorisation_loss_grad(U, V, R, lam=0.1):
    mask = ~np.isnan(R)
    E = np.where(mask, U @ V.T - R, 0.0) * (2 / mask.sum())
    return E @ V + 2 * lam * U, E.T @ U + 2 * lam * V


def black_scholes_grad(S, sigma, K, T, r=0.02):
    sqrt_T = np.sqrt(T)
    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * sqrt_T)
    return norm.cdf(d1), S * norm.pdf(d1) * sqrt_T              # delta, vega


def poisson_process_nll_grad(log_rates, edges, times, smooth=1.0):
    bins = np.searchsorted(edges, times, side="right") - 1
    g = np.exp(log_rates) * np.diff(edges) - np.bincount(bins, minlength=len(log_rates))
    d = 2 * smooth * np.diff(log_rates)
    g[1:] += d
    g[:-1] -= d
    return g


def decay_fit_grad(theta, t, y):
    e = np.exp(-theta[1] * t)
    r = theta[0] * e + theta[2] - y
    return np.array([r @ e, -theta[0] * (r @ (t * e)), np.sum(r)])


def gru_loss_grad(layers, xs, target):
    B, H = xs[0].shape[0], layers[0][1].shape[0]
    hs = [np.zeros((B, H)) for _ in layers]
    tape = []
    for x in xs:
        inp, new_hs, step = x, [], []
        for (W, U, b), h in zip(layers, hs):
            a, u = inp @ W + b, h @ U
            z = sigmoid(a[:, :H] + u[:, :H])
            r = sigmoid(a[:, H:2 * H] + u[:, H:2 * H])
            n = np.tanh(a[:, 2 * H:] + r * u[:, 2 * H:])
            step.append((inp, h, z, r, n, u[:, 2 * H:]))
            inp = (1 - z) * n + z * h
            new_hs.append(inp)
        hs = new_hs
        tape.append(step)
    grads = [[np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)] for W, U, b in layers]
    carry = [np.zeros((B, H)) for _ in layers]       # d loss / d each layer's latest state
    carry[-1] = 2 * (hs[-1] - target)
    for step in reversed(tape):
        for l in reversed(range(len(layers))):
            inp, h, z, r, n, u_n = step[l]
            W, U, _ = layers[l]
            g = carry[l]
            g_an = g * (1 - z) * (1 - n ** 2)
            g_az = g * (h - n) * z * (1 - z)
            g_ar = g_an * u_n * r * (1 - r)
            g_a = np.concatenate([g_az, g_ar, g_an], axis=1)
            g_u = np.concatenate([g_az, g_ar, g_an * r], axis=1)
            grads[l][0] += inp.T @ g_a
            grads[l][1] += h.T @ g_u
            grads[l][2] += g_a.sum(axis=0)
            carry[l] = g * z + g_u @ U.T
            if l > 0:
                carry[l - 1] = carry[l - 1] + g_a @ W.T
    return [tuple(g) for g in grads]


def tv_denoise_grad(u, f, lam=0.1, eps=1e-6):
    dx = np.diff(u, axis=0)[:, :-1]
    dy = np.diff(u, axis=1)[:-1, :]
    s = np.sqrt(eps + dx ** 2 + dy ** 2)
    a, b = lam * dx / s, lam * dy / s
    g = u - f
    g[:-1, :-1] -= a + b
    g[1:, :-1] += a
    g[:-1, 1:] += b
    return g


# =============================================================================== workloads
_SIZES = {
    "N32": {"full": dict(n=500, m=100, d=3), "quick": dict(n=100, m=20, d=3), "smoke": dict(n=12, m=5, d=2)},
    "N33": {"full": dict(T=64, d=32, f=128), "quick": dict(T=16, d=8, f=32), "smoke": dict(T=4, d=3, f=5)},
    "N34": {"full": dict(n=256, d=64, k=8), "quick": dict(n=32, d=16, k=4), "smoke": dict(n=5, d=4, k=2)},
    "N35": {"full": dict(n=16), "quick": dict(n=8), "smoke": dict(n=4)},
    "N36": {"full": dict(steps=100), "quick": dict(steps=20), "smoke": dict(steps=10)},
    "N37": {"full": dict(n=2000, d=20, k=10), "quick": dict(n=200, d=10, k=5), "smoke": dict(n=10, d=3, k=3)},
    "N38": {"full": dict(n=200, m=150, r=10), "quick": dict(n=40, m=30, r=4), "smoke": dict(n=6, m=5, r=2)},
    "N39": {"full": dict(n=10 ** 4), "quick": dict(n=10 ** 3), "smoke": dict(n=7)},
    "N40": {"full": dict(k=200, events=5000), "quick": dict(k=40, events=500), "smoke": dict(k=6, events=30)},
    "N41": {"full": dict(n=10 ** 4), "quick": dict(n=10 ** 3), "smoke": dict(n=20)},
    "N42": {"full": dict(T=20, B=16, D=8, H=32), "quick": dict(T=5, B=4, D=4, H=8),
            "smoke": dict(T=3, B=2, D=2, H=3)},
    "N43": {"full": dict(n=256), "quick": dict(n=64), "smoke": dict(n=6)},
}


def make(name: str, size: str = "full", seed: int = 0) -> Workload:
    """Build workload ``name`` ("N32".."N43") at ``size`` ("full", "quick" or "smoke")."""
    p = sized(name, size, _SIZES, NAMES)
    rng = np.random.default_rng(seed)
    normal = rng.standard_normal
    if name == "N32":
        n, m, d = p["n"], p["m"], p["d"]
        X, Z = normal((n, d)), normal((m, d))
        y = np.sin(X.sum(axis=1)) + 0.1 * normal(n)
        return Workload(name, "kernel ridge, cdist", kernel_ridge, (0.1 * normal(m), 1.3, X, Z, y), (0, 1),
                        kernel_ridge_grad, size, f"{n} points, {m} centres")
    if name == "N33":
        T, d, f = p["T"], p["d"], p["f"]
        Ws = tuple(normal(s) / np.sqrt(s[0]) for s in ((d, d), (d, d), (d, d), (d, f), (f, d)))
        return Workload(name, "Transformer block, helpers", transformer_block,
                        Ws + (normal((T, d)), normal((T, d))), (0, 1, 2, 3, 4), transformer_block_grad,
                        size, f"{T} tokens, width {d}, MLP {f}")
    if name == "N34":
        n, d, k = p["n"], p["d"], p["k"]
        x = (rng.uniform(size=(n, d)) < 0.3).astype(float)
        Ws = (0.3 * normal((d, k)) / np.sqrt(d), 0.3 * normal((d, k)) / np.sqrt(d), normal((k, d)) / np.sqrt(k))
        return Workload(name, "VAE ELBO, reparameterised draw", vae_loss, Ws + (x,), (0, 1, 2), vae_loss_grad,
                        size, f"{n}x{d}, latent {k}")
    if name == "N35":
        n = p["n"]
        lattice = np.array([(i, j, k) for i in range(4) for j in range(2) for k in range(2)], dtype=float)
        pos = 1.15 * lattice[:n] + 0.05 * normal((n, 3))
        return Workload(name, "Lennard-Jones, double loop i < j", lennard_jones, (pos,), 0,
                        lennard_jones_grad, size, f"{n} atoms")
    if name == "N36":
        params = {"g": 9.81, "L": 1.5, "damping": 0.3}
        return Workload(name, "RK4 pendulum, dict of parameters", pendulum_loss,
                        (params, np.array([1.0, 0.0]), 0.2, 0.01, p["steps"]), 0, pendulum_loss_grad, size,
                        f"{p['steps']} steps")
    if name == "N37":
        n, d, k = p["n"], p["d"], p["k"]
        X = normal((n, d))
        y = rng.integers(0, k, size=n)
        return Workload(name, "softmax regression, np.eye(k)[y]", softmax_regression,
                        (0.1 * normal((d, k)), 0.1 * normal(k), X, y), (0, 1), softmax_regression_grad, size,
                        f"X {n}x{d}, {k} classes")
    if name == "N38":
        n, m, r = p["n"], p["m"], p["r"]
        R = normal((n, r)) @ normal((r, m)) / np.sqrt(r)
        R[rng.uniform(size=(n, m)) < 0.7] = np.nan
        return Workload(name, "matrix factorisation, np.nansum", factorisation_loss,
                        (0.3 * normal((n, r)), 0.3 * normal((m, r)), R), (0, 1), factorisation_loss_grad, size,
                        f"{n}x{m}, rank {r}, 30% observed")
    if name == "N39":
        n = p["n"]
        args = (rng.uniform(80, 120, n), rng.uniform(0.1, 0.5, n), rng.uniform(80, 120, n), rng.uniform(0.1, 2, n))
        return Workload(name, "Black-Scholes, norm.cdf", black_scholes, args, (0, 1), black_scholes_grad, size,
                        f"{n} options")
    if name == "N40":
        k = p["k"]
        edges = np.linspace(0.0, 10.0, k + 1)
        times = np.sort(rng.uniform(0.0, 10.0, p["events"]))
        return Workload(name, "Poisson process, cumsum + diff", poisson_process_nll,
                        (np.log(p["events"] / 10.0) + 0.1 * normal(k), edges, times), 0, poisson_process_nll_grad,
                        size, f"{k} bins, {p['events']} events")
    if name == "N41":
        t = np.linspace(0.0, 5.0, p["n"])
        y = 2.0 * np.exp(-0.7 * t) + 0.5 + 0.05 * normal(p["n"])
        return Workload(name, "least squares, model a lambda", decay_fit, (np.array([1.5, 1.0, 0.2]), t, y), 0,
                        decay_fit_grad, size, f"n={p['n']:.0e}".replace("e+0", "e"))
    if name == "N42":
        T, B, D, H = p["T"], p["B"], p["D"], p["H"]
        layers = [(normal((i, 3 * H)) / np.sqrt(i), normal((H, 3 * H)) / np.sqrt(H), 0.1 * normal(3 * H))
                  for i in (D, H)]
        return Workload(name, "2-layer GRU, list of steps, zip", gru_loss,
                        (layers, [normal((B, D)) for _ in range(T)], 0.5 * normal((B, H))), 0, gru_loss_grad,
                        size, f"{T} steps, batch {B}, {D}->{H}->{H}")
    n = p["n"]                                              # N43
    grid = np.linspace(0, 1, n)
    clean = (np.add.outer(grid, grid) > 1).astype(float)
    noisy = clean + 0.1 * normal((n, n))
    return Workload(name, "TV denoising, np.diff(axis=)", tv_denoise, (clean + 0.02 * normal((n, n)), noisy), 0,
                    tv_denoise_grad, size, f"{n}x{n}")
