"""Benchmark workloads W1-W8: the function as people write it, its inputs, and a hand-written
NumPy gradient.

Each workload function below is ordinary NumPy code that reads only the global ``np``; the
benchmark differentiates it with ``transpiler``, and re-binds ``np`` to ``autograd.numpy`` or
``jax.numpy`` (same code object, new globals) for those peers. Torch has its own spelling of the
same formulas in :func:`torch_versions`.

``make(name, size)`` builds a :class:`Workload`; ``size`` is ``"full"`` (the sizes of the
benchmark issue), ``"quick"`` (``run.py --quick``) or ``"smoke"`` (tests/test_benchmark_smoke.py).

This file is imported by tests/benchmarks/run.py and by tests/test_benchmark_smoke.py; it is not a
test module itself (pytest does not collect it).
"""
from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

NAMES = ("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8")


# =============================================================================== the functions
# Written the way people write them; the benchmark differentiates exactly this source.


def logistic_map(x):
    """W1: 200 iterations of the logistic map v <- 3.7 v (1 - v); d/dx of the last iterate."""
    v = x
    for _ in range(200):
        v = 3.7 * v * (1 - v)
    return v


def max_example(x1, x2, x3):
    """W2: 2 log(x1 + sin x1) max(x2, x3) on Python floats, with NumPy ufuncs."""
    return 2 * np.log(x1 + np.sin(x1)) * np.maximum(x2, x3)


def mlp_loss(W1, b1, W2, b2, W3, b3, X, y):
    """W3: a 784-16-16-10 ReLU MLP, softmax cross-entropy with integer labels, mean over the batch."""
    h1 = np.maximum(0, X @ W1 + b1)
    h2 = np.maximum(0, h1 @ W2 + b2)
    logits = h2 @ W3 + b3
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    n = X.shape[0]
    return -np.mean(logp[np.arange(n), y])


def gp_quadratic(ell, X, y):
    """W4: y^T (K1 + K2 + 1e-3 I)^-1 y, one squared-exponential kernel per input dimension."""
    N = X.shape[0]
    D1 = (X[:, None, 0] - X[None, :, 0]) ** 2
    D2 = (X[:, None, 1] - X[None, :, 1]) ** 2
    K1 = np.exp(-D1 / (2 * ell[0] ** 2))
    K2 = np.exp(-D2 / (2 * ell[1] ** 2))
    K = K1 + K2 + 1e-3 * np.eye(N)
    return y @ np.linalg.solve(K, y)


def lecture_sum(x):
    """W5: sum(sqrt(x^2 + exp(x^2)) + cos(x^2 + exp(x^2))), subexpressions repeated as written."""
    return np.sum(np.sqrt(x ** 2 + np.exp(x ** 2)) + np.cos(x ** 2 + np.exp(x ** 2)))


def tanh_mlp_mse(W1, b1, W2, b2, W3, b3, W4, b4, X, t):
    """W6: three tanh layers of 512 units, a linear scalar output per example, mean squared error."""
    h1 = np.tanh(X @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    h3 = np.tanh(h2 @ W3 + b3)
    out = h3 @ W4 + b4
    return np.mean((out - t) ** 2)


def logistic_nll(w, X, y):
    """W7: logistic-regression negative log-likelihood, sigmoid written as 1 / (1 + exp(-z))."""
    p = 1 / (1 + np.exp(-(X @ w)))
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))


def rosenbrock_loop(x):
    """W8: the Rosenbrock function as a scalar Python loop over the elements of an array."""
    s = 0.0
    for i in range(len(x) - 1):
        s = s + 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return s


# =============================================================================== hand-written gradients
# What a person writes for these by hand in NumPy. Each returns what transpiler.grad(f, wrt) returns:
# one gradient for a single wrt, a tuple of gradients (in wrt order) for a tuple.


def logistic_map_grad(x):
    v, d = x, 1.0
    for _ in range(200):
        d = d * 3.7 * (1 - 2 * v)          # forward accumulation: dv_{k+1}/dv_k = 3.7 (1 - 2 v_k)
        v = 3.7 * v * (1 - v)
    return d


def max_example_grad(x1, x2, x3):
    s = x1 + np.sin(x1)
    m = np.maximum(x2, x3)
    L = 2 * np.log(s)
    return 2 * (1 + np.cos(x1)) / s * m, L * float(x2 >= x3), L * float(x3 > x2)


def mlp_loss_grad(W1, b1, W2, b2, W3, b3, X, y):
    n = X.shape[0]
    a1 = X @ W1 + b1
    h1 = np.maximum(0, a1)
    a2 = h1 @ W2 + b2
    h2 = np.maximum(0, a2)
    logits = h2 @ W3 + b3
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    dlogits = e / e.sum(axis=1, keepdims=True)          # softmax
    dlogits[np.arange(n), y] -= 1
    dlogits /= n
    dW3 = h2.T @ dlogits
    db3 = dlogits.sum(axis=0)
    da2 = (dlogits @ W3.T) * (a2 > 0)
    dW2 = h1.T @ da2
    db2 = da2.sum(axis=0)
    da1 = (da2 @ W2.T) * (a1 > 0)
    dW1 = X.T @ da1
    db1 = da1.sum(axis=0)
    return dW1, db1, dW2, db2, dW3, db3


def gp_quadratic_grad(ell, X, y):
    N = X.shape[0]
    D1 = (X[:, None, 0] - X[None, :, 0]) ** 2
    D2 = (X[:, None, 1] - X[None, :, 1]) ** 2
    K1 = np.exp(-D1 / (2 * ell[0] ** 2))
    K2 = np.exp(-D2 / (2 * ell[1] ** 2))
    K = K1 + K2 + 1e-3 * np.eye(N)
    alpha = np.linalg.solve(K, y)                       # K symmetric: d/dK = -alpha alpha^T
    # dK_a/dell_a = K_a * D_a / ell_a^3
    return np.array([-(alpha @ (K1 * D1) @ alpha) / ell[0] ** 3,
                     -(alpha @ (K2 * D2) @ alpha) / ell[1] ** 3])


def lecture_sum_grad(x):
    u = x ** 2
    e = np.exp(u)
    s = u + e
    return (0.5 / np.sqrt(s) - np.sin(s)) * (1 + e) * (2 * x)


def tanh_mlp_mse_grad(W1, b1, W2, b2, W3, b3, W4, b4, X, t):
    h1 = np.tanh(X @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    h3 = np.tanh(h2 @ W3 + b3)
    out = h3 @ W4 + b4
    dout = (2.0 / out.size) * (out - t)
    dW4 = h3.T @ dout
    db4 = dout.sum(axis=0)
    da3 = (dout @ W4.T) * (1 - h3 ** 2)
    dW3 = h2.T @ da3
    db3 = da3.sum(axis=0)
    da2 = (da3 @ W3.T) * (1 - h2 ** 2)
    dW2 = h1.T @ da2
    db2 = da2.sum(axis=0)
    da1 = (da2 @ W2.T) * (1 - h1 ** 2)
    dW1 = X.T @ da1
    db1 = da1.sum(axis=0)
    return dW1, db1, dW2, db2, dW3, db3, dW4, db4


def logistic_nll_grad(w, X, y):
    p = 1 / (1 + np.exp(-(X @ w)))
    return X.T @ (p - y)


def rosenbrock_loop_grad(x):
    d = x[1:] - x[:-1] ** 2
    g = np.zeros_like(x)
    g[:-1] = -400.0 * x[:-1] * d - 2.0 * (1 - x[:-1])
    g[1:] += 200.0 * d
    return g


# =============================================================================== torch spellings


def torch_versions(torch) -> dict[str, Callable]:
    """The same eight functions written with torch ops (torch tensors in, a 0-d tensor out)."""

    def w1(x):
        v = x
        for _ in range(200):
            v = 3.7 * v * (1 - v)
        return v

    def w2(x1, x2, x3):
        return 2 * torch.log(x1 + torch.sin(x1)) * torch.maximum(x2, x3)

    def w3(W1, b1, W2, b2, W3, b3, X, y):
        h1 = torch.relu(X @ W1 + b1)
        h2 = torch.relu(h1 @ W2 + b2)
        logits = h2 @ W3 + b3
        z = logits - torch.amax(logits, dim=1, keepdim=True)
        logp = z - torch.log(torch.sum(torch.exp(z), dim=1, keepdim=True))
        n = X.shape[0]
        return -torch.mean(logp[torch.arange(n), y])

    def w4(ell, X, y):
        N = X.shape[0]
        D1 = (X[:, None, 0] - X[None, :, 0]) ** 2
        D2 = (X[:, None, 1] - X[None, :, 1]) ** 2
        K1 = torch.exp(-D1 / (2 * ell[0] ** 2))
        K2 = torch.exp(-D2 / (2 * ell[1] ** 2))
        K = K1 + K2 + 1e-3 * torch.eye(N, dtype=X.dtype)
        return y @ torch.linalg.solve(K, y)

    def w5(x):
        return torch.sum(torch.sqrt(x ** 2 + torch.exp(x ** 2)) + torch.cos(x ** 2 + torch.exp(x ** 2)))

    def w6(W1, b1, W2, b2, W3, b3, W4, b4, X, t):
        h1 = torch.tanh(X @ W1 + b1)
        h2 = torch.tanh(h1 @ W2 + b2)
        h3 = torch.tanh(h2 @ W3 + b3)
        out = h3 @ W4 + b4
        return torch.mean((out - t) ** 2)

    def w7(w, X, y):
        p = 1 / (1 + torch.exp(-(X @ w)))
        return -torch.sum(y * torch.log(p) + (1 - y) * torch.log(1 - p))

    def w8(x):
        s = 0.0
        for i in range(len(x) - 1):
            s = s + 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
        return s

    return dict(zip(NAMES, (w1, w2, w3, w4, w5, w6, w7, w8)))


# =============================================================================== workloads


@dataclass
class Workload:
    name: str
    title: str
    f: Callable                      # the function (reads the global ``np``)
    args: tuple                      # its arguments
    wrt: Any                         # transpiler.grad's ``wrt``: an index or a tuple of indices
    hand: Callable                   # hand-written gradient: same arguments, same result shape
    size: str = "full"
    sizes: str = ""                  # the problem size, as text for the report
    notes: dict = field(default_factory=dict)
    rtol: float = 1e-6               # how close to the hand-written gradient (float32: looser)

    @property
    def wrt_tuple(self) -> tuple[int, ...]:
        return tuple(self.wrt) if isinstance(self.wrt, (tuple, list)) else (self.wrt,)

    def with_numpy(self, module) -> Callable:
        """``f`` with its global ``np`` bound to ``module`` (autograd.numpy, jax.numpy)."""
        return rebind(self.f, module)


def rebind(f: Callable, module) -> Callable:
    """``f`` reading ``np`` as ``module``, and so every function of its module it calls (a
    ``logsumexp`` helper) or holds in a closure cell (``make(r, n)``'s inner function), and the
    methods of its module's classes (a copy of the class)."""
    g = dict(f.__globals__)
    g["np"] = module

    def again(h):
        if not (isinstance(h, types.FunctionType) and h.__globals__ is f.__globals__):
            return h
        cells = tuple(types.CellType(again(c.cell_contents)) if c.cell_contents is not h else c
                      for c in h.__closure__ or ()) or None
        return types.FunctionType(h.__code__, g, h.__name__, h.__defaults__, cells)

    def rebound(value):
        return types.FunctionType(value.__code__, g, value.__name__, value.__defaults__, value.__closure__)

    for name, value in f.__globals__.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is f.__globals__ and value is not f:
            g[name] = rebound(value)
        elif isinstance(value, type) and value.__module__ == f.__module__:    # a class's methods (N22)
            g[name] = type(value.__name__, value.__bases__, {
                k: rebound(v) if isinstance(v, types.FunctionType) else v
                for k, v in vars(value).items() if k not in ("__dict__", "__weakref__")})
    return again(f)


_SIZES = {
    # name: {size: parameters}
    "W3": {"full": dict(n=128, d=784, h=16, k=10), "quick": dict(n=32, d=784, h=16, k=10),
           "smoke": dict(n=8, d=12, h=5, k=4)},
    "W4": {"full": dict(N=200), "quick": dict(N=50), "smoke": dict(N=12)},
    "W5": {"full": dict(n=10 ** 6), "quick": dict(n=10 ** 4), "smoke": dict(n=20)},
    "W6": {"full": dict(n=256, h=512), "quick": dict(n=32, h=64), "smoke": dict(n=6, h=5)},
    "W7": {"full": dict(n=10000, d=100), "quick": dict(n=1000, d=20), "smoke": dict(n=30, d=4)},
    "W8": {"full": dict(n=100), "quick": dict(n=20), "smoke": dict(n=10)},
}


def sized(name: str, size: str, sizes: dict, names: tuple | None = None) -> dict:
    """The parameters of workload ``name`` at ``size`` in a suite's ``sizes`` table ({} where the
    workload has none); ValueError for a size other than "full", "quick" or "smoke", or a name
    not among the suite's ``names``."""
    if size not in ("full", "quick", "smoke"):
        raise ValueError(f"size must be 'full', 'quick' or 'smoke', not {size!r}")
    if names is not None and name not in names:
        raise ValueError(f"unknown workload {name!r}; these workloads are {', '.join(names)}")
    return sizes.get(name, {}).get(size, {})


def make(name: str, size: str = "full", seed: int = 0) -> Workload:
    """Build workload ``name`` ("W1".."W8") at ``size`` ("full", "quick" or "smoke")."""
    p = sized(name, size, _SIZES)
    rng = np.random.default_rng(seed)
    if name == "W1":
        return Workload(name, "logistic map, 200 iterations", logistic_map, (0.3,), 0,
                        logistic_map_grad, size, "scalar, 200 steps")
    if name == "W2":
        return Workload(name, "2 log(x1+sin x1) max(x2,x3)", max_example, (5.0, -2.0, -5.0),
                        (0, 1, 2), max_example_grad, size, "3 Python floats")
    if name == "W3":
        n, d, h, k = p["n"], p["d"], p["h"], p["k"]
        X = rng.standard_normal((n, d))
        y = rng.integers(0, k, size=n)
        W1 = rng.standard_normal((d, h)) / np.sqrt(d)
        W2 = rng.standard_normal((h, h)) / np.sqrt(h)
        W3 = rng.standard_normal((h, k)) / np.sqrt(h)
        b1, b2, b3 = (0.1 * rng.standard_normal(m) for m in (h, h, k))
        return Workload(name, "MLP softmax cross-entropy", mlp_loss, (W1, b1, W2, b2, W3, b3, X, y),
                        (0, 1, 2, 3, 4, 5), mlp_loss_grad, size, f"{d}-{h}-{h}-{k}, batch {n}")
    if name == "W4":
        N = p["N"]
        X = rng.uniform(0.0, 1.0, size=(N, 2))
        y = rng.standard_normal(N)
        ell = np.array([0.3, 0.5])
        return Workload(name, "GP quadratic form, solve", gp_quadratic, (ell, X, y), 0,
                        gp_quadratic_grad, size, f"N={N}")
    if name == "W5":
        x = rng.uniform(-1.0, 1.0, size=p["n"])
        return Workload(name, "elementwise sqrt/exp/cos, repeated subexpr.", lecture_sum, (x,), 0,
                        lecture_sum_grad, size, f"n={p['n']:.0e}".replace("e+0", "e"))
    if name == "W6":
        n, h = p["n"], p["h"]
        X = rng.standard_normal((n, h))
        t = rng.standard_normal((n, 1))
        Ws = [rng.standard_normal((h, h)) / np.sqrt(h) for _ in range(3)] + [rng.standard_normal((h, 1)) / np.sqrt(h)]
        bs = [0.1 * rng.standard_normal(h) for _ in range(3)] + [0.1 * rng.standard_normal(1)]
        args = (Ws[0], bs[0], Ws[1], bs[1], Ws[2], bs[2], Ws[3], bs[3], X, t)
        return Workload(name, "3 tanh layers, MSE", tanh_mlp_mse, args, tuple(range(8)),
                        tanh_mlp_mse_grad, size, f"3x{h} tanh, batch {n}")
    if name == "W7":
        n, d = p["n"], p["d"]
        X = rng.standard_normal((n, d))
        w = 0.1 * rng.standard_normal(d)
        y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(X @ w)))).astype(float)
        return Workload(name, "logistic regression NLL", logistic_nll, (w, X, y), 0,
                        logistic_nll_grad, size, f"X {n}x{d}")
    if name == "W8":
        x = rng.uniform(-1.5, 1.5, size=p["n"])
        return Workload(name, "Rosenbrock, scalar loop", rosenbrock_loop, (x,), 0,
                        rosenbrock_loop_grad, size, f"n={p['n']}")
    raise ValueError(f"unknown workload {name!r}; the workloads are {', '.join(NAMES)}")


def flat(gradient) -> list[np.ndarray]:
    """A gradient (one value or a tuple of them) as a list of float arrays."""
    if dataclasses.is_dataclass(gradient) and not isinstance(gradient, type):     # (N58's Regressor)
        return flat(dataclasses.astuple(gradient))
    if isinstance(gradient, (tuple, list)):
        return [a for g in gradient for a in flat(g)]         # (nested: a list of (W, b) pairs)
    if isinstance(gradient, dict):
        return [a for g in gradient.values() for a in flat(g)]
    return [np.asarray(gradient, dtype=float)]


def _all_float32(gradient) -> bool:
    if dataclasses.is_dataclass(gradient) and not isinstance(gradient, type):
        return _all_float32(dataclasses.astuple(gradient))
    if isinstance(gradient, (tuple, list)):
        return all(_all_float32(g) for g in gradient)
    if isinstance(gradient, dict):
        return all(_all_float32(g) for g in gradient.values())
    return np.asarray(gradient).dtype == np.float32


def allclose(got, want, rtol: float = 1e-6) -> tuple[bool, str]:
    """Does ``got`` equal ``want`` (both gradients) to ``rtol``? And if not, where it differs.

    ``np.allclose`` elementwise with ``rtol``; ``atol`` is ``1e-12 * max|want|`` per gradient so that
    entries which are exactly zero in one and round-off in the other still compare equal. In
    float32 the round-off of a sum computed in another order (numba's matrix products and
    ``tanh``) is some ``1e-6 * max|want|``: there ``atol`` is 100 float32 epsilons times ``max|want|``.
    """
    single = _all_float32(want)
    got, want = flat(got), flat(want)
    if len(got) != len(want):
        return False, f"{len(got)} gradients, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        if g.shape != w.shape:
            return False, f"gradient {i}: shape {g.shape}, expected {w.shape}"
        scale = 100 * float(np.finfo(np.float32).eps) if single else 1e-12
        atol = scale * float(np.max(np.abs(w))) if w.size else 0.0
        if not np.allclose(g, w, rtol=rtol, atol=atol):
            err = np.max(np.abs(g - w) / (atol + rtol * np.abs(w) + 1e-300))
            return False, f"gradient {i}: max |got - want| / tolerance = {err:.3g}"
    return True, ""
