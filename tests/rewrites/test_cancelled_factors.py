"""The ``cancelled_factors`` rewrite (transpiler/rewrites/cancelled_factors.py): a number that
multiplies a value and divides it back (an Adam step's bias correction ``m = (1 - b1) * g;
m / (1 - b1)``), or divides and multiplies back (that step's adjoint), is no work: the value is read
instead (on the reverse sweep's IR, for calls). Pinned: the code in several spellings (an argument,
a helper, a closure's and a global's constant, a dict of parameters, float32, the quotient first),
finite differences, the same gradient as with the rewrite off, forward mode, and what is left
alone (an array divisor, a float32 value a float64 number widens)."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(61)
X = RNG.standard_normal((12, 4))
W = 0.3 * RNG.standard_normal(4)


def adam_like(w, X, beta=0.9):
    g = X.T @ np.tanh(X @ w)
    m = (1 - beta) * g
    m_hat = m / (1 - beta)
    return np.sum(np.sin(w - 0.1 * m_hat))


def corrected(m, beta):
    return m / (1 - beta)


def helper(w, X, beta=0.9):
    g = X.T @ np.tanh(X @ w)
    return np.sum(np.sin(w - 0.1 * corrected((1 - beta) * g, beta)))


def closure(beta):
    def f(w, X):
        g = X.T @ np.tanh(X @ w)
        return np.sum(np.sin(w - 0.1 * ((1 - beta) * g) / (1 - beta)))
    return f


BETA = 0.99


def global_constant(w, X):
    g = X.T @ np.tanh(X @ w)
    return np.sum(np.sin(w - 0.1 * (g * (1 - BETA)) / (1 - BETA)))


def literal(w, X):
    g = X.T @ np.tanh(X @ w)
    return np.sum(np.sin(w - 0.1 * (0.2 * g) / 0.2))


def quotient_first(w, X, c=3.0):
    g = X.T @ np.tanh(X @ w)
    return np.sum(np.sin(w - 0.1 * (g / c) * c))


def adam_dict(params, X, y, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8):
    r = X @ params["w"] + params["b"] - y
    grads = {"w": X.T @ r / len(y), "b": np.mean(r)}
    new = {}
    for name, value in params.items():
        g = grads[name]
        m_hat = (1 - beta1) * g / (1 - beta1)
        v_hat = (1 - beta2) * g ** 2 / (1 - beta2)
        new[name] = value - lr * m_hat / (np.sqrt(v_hat) + eps)
    r = X @ new["w"] + new["b"] - y
    return 0.5 * np.mean(r ** 2)


Y = RNG.standard_normal(12)
CASES = {"argument": (adam_like, (W, X, 0.9)), "helper": (helper, (W, X, 0.9)), "closure": (closure(0.8), (W, X)),
         "global": (global_constant, (W, X)), "quotient_first": (quotient_first, (W, X, 3.0)), "literal": (literal, (W, X)),
         "dict": (adam_dict, ({"w": W, "b": 0.2}, X, Y, 0.1, 0.9, 0.999, 1e-8))}


def source(f, args, **options) -> str:
    return transpiler.grad(f, **options).compiled(args).source


def scalings(code: str) -> int:
    """How many multiplications and divisions the code's own function makes (not its helpers)."""
    body = code[code.index("# forward sweep"):]
    return len(re.findall(r"(?<![*/])[*/](?![*/])|np\.(?:multiply|divide)\(", body))


@pytest.mark.parametrize("name", CASES)
def test_the_number_cancels_and_the_gradient_matches_differences(name):
    f, args = CASES[name]
    on, off = source(f, args), source(f, args, rewrites={"cancelled_factors": False})
    # each cancelled pair is two scalings in the forward sweep and two in the reverse one
    assert scalings(on) <= scalings(off) - 4, on
    assert check_grad(f, *args)


@pytest.mark.parametrize("name", CASES)
def test_switched_off_the_gradient_agrees(name):
    f, args = CASES[name]
    on = transpiler.grad(f)(*args)
    off = transpiler.grad(f, rewrites={"cancelled_factors": False})(*args)
    for a, b in zip(*((g["w"], g["b"]) if isinstance(g, dict) else (g,) for g in (on, off))):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_float32_forward_mode_and_second_derivatives():
    # (literal numbers, which do not widen float32; a float argument's or free name's kind does
    # not say whether it is a Python float or a float64 scalar, which would: left alone there)
    w32, X32, f = W.astype(np.float32), X.astype(np.float32), literal
    g32, g64 = transpiler.grad(f)(w32, X32), transpiler.grad(adam_like)(W, X, 0.8)
    assert g32.dtype == np.float32 and g32 == pytest.approx(g64, rel=1e-3)
    assert scalings(source(f, (w32, X32))) <= scalings(source(f, (w32, X32), rewrites=False)) - 4
    v = RNG.standard_normal(4)
    assert transpiler.jvp(adam_like, (W, X, 0.9), (v, np.zeros_like(X), 0.0))[1] == pytest.approx(g64 @ v, rel=1e-9)
    h = 1e-6
    at = lambda w: transpiler.grad(adam_like)(w, X, 0.9)     # noqa: E731
    fd = (at(W + h * v) - at(W - h * v)) / (2 * h)
    assert transpiler.jvp(lambda w: adam_like_grad_of(w), (W,), (v,))[1] == pytest.approx(fd, rel=1e-5)


def adam_like_grad_of(w):
    return transpiler.grad(adam_like)(w, X, 0.9)


def widened(w, X, c):
    g = X.T @ np.tanh(X @ w)
    return np.sum(np.sin(w - 0.1 * (c * g) / c))


@pytest.mark.parametrize("w, X, c", [(W, X, RNG.uniform(1, 2, size=4)),           # an array divisor
                                     (W.astype(np.float32), X.astype(np.float32), np.float64(0.7))])  # float32 widened
def test_left_alone_where_the_copy_would_change_a_shape_or_dtype(w, X, c):
    assert scalings(source(widened, (w, X, c))) == scalings(source(widened, (w, X, c),
                                                                   rewrites={"cancelled_factors": False}))
    assert check_grad(widened, W, X, c if np.ndim(c) else 0.7)
