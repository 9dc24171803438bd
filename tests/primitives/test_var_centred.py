"""``np.var``'s adjoint where the shape is known and the axes are leading (a batch's statistics),
all of them, or kept: ``(g * 2 / (n - ddof)) * (x - np.mean(x, axis))`` as arithmetic
(primitives/reductions.py, ``_var_centred``), whose mean and centred ``x`` the reverse sweep shares
with the forward sweep's (``repeated_values``: a reduction, ``x.mean(axis=0)`` the same computation
as ``np.mean(x, axis=0)``). Checked against central differences in the spellings users write (a
class keeping its parameters, a helper, ``np.var`` and the method, ``ddof``, ``keepdims``, an inner
axis, which keeps the general rule, float32), forward mode and Hessians; the code pinned."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(8)
X = RNG.standard_normal((12, 3))
W = RNG.standard_normal((3, 4))
GAMMA, BETA = 1 + 0.1 * RNG.standard_normal(4), 0.1 * RNG.standard_normal(4)
T = RNG.standard_normal((12, 4))


class BatchNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def forward(self, x):
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        return self.gamma * (x - mu) / np.sqrt(var + self.eps) + self.beta


def batchnorm_loss(W, gamma, beta, X, target):
    h = np.tanh(BatchNorm(gamma, beta).forward(X @ W))
    return np.mean((h - target) ** 2)


def _standardised(z, ddof):
    return (z - np.mean(z, axis=0)) / np.sqrt(np.var(z, axis=0, ddof=ddof) + 1e-5)


def standardised_helper(W, X, target):
    return np.sum(_standardised(X @ W, 1) * target)


def spread_all(x):
    return np.var(x) * np.sum(x ** 2)


def spread_kept(x):
    return np.sum(np.sin(x) * x.var(axis=1, keepdims=True))


def spread_inner(x):
    return np.sum(np.cos(x.var(axis=1)))          # (an inner axis dropped: the general rule)


def spread_3d(x):
    return np.sum(np.var(x, axis=(0, 1)) ** 2)


CASES = [(batchnorm_loss, (W, GAMMA, BETA, X, T), (0, 1, 2)), (standardised_helper, (W, X, T), 0),
         (spread_all, (X,), 0), (spread_kept, (X,), 0), (spread_inner, (X,), 0),
         (spread_3d, (RNG.standard_normal((4, 5, 3)),), 0)]


@pytest.mark.parametrize("fn, args, wrt", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_gradient_matches_central_differences_and_forward_mode(fn, args, wrt):
    g = transpiler.grad(fn, wrt=wrt)
    for _ in range(3):                        # (the second call at a shape runs code specialised to it)
        got = g(*args)
    assert check_grad(fn, *args, wrt=wrt).ok
    first = got[0] if isinstance(wrt, tuple) else got
    t = RNG.standard_normal(np.shape(args[0]))
    _, tangent = transpiler.jvp(fn, args, (t, *(np.zeros_like(a) for a in args[1:])))
    assert tangent == pytest.approx(np.vdot(first, t), rel=1e-10)


@pytest.mark.parametrize("fn, args", [(spread_all, (X,)), (spread_kept, (X,)), (spread_3d, (RNG.standard_normal((4, 5, 3)),))])
def test_hessian_vector_products_match_differences_of_the_gradient(fn, args):
    x, = args
    v = RNG.standard_normal(x.shape)
    g, h = transpiler.grad(fn), 1e-6
    expected = (g(x + h * v) - g(x - h * v)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(fn, x, v), expected, rtol=1e-5, atol=1e-6)


def test_the_batch_norm_s_reverse_sweep_reads_the_forward_centred_values():
    source = transpiler.grad(batchnorm_loss, wrt=(0, 1, 2)).source(args=(W, GAMMA, BETA, X, T))
    body = source[source.index("def batchnorm_loss_grad"):]
    assert "var_adjoint" not in source and "np.mean(" not in body and body.count(".mean(axis=0)") == 1, body
    reverse = body[body.index("# reverse sweep"):]
    centred = body[body.index("# forward sweep"):].split("\n")
    name = next(line.split("=")[0].strip() for line in centred if " - mu_1" in line)
    assert name in reverse                      # x - mu, computed once, read by var's adjoint


def test_an_inner_axis_keeps_the_general_rule_and_float32_its_dtype():
    assert "var_adjoint" in transpiler.grad(spread_inner).source(args=(X,))
    x32 = X.astype(np.float32)
    g32 = transpiler.grad(spread_kept)
    for _ in range(3):
        got = g32(x32)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, transpiler.grad(spread_kept)(X), rtol=1e-4, atol=1e-5)


def test_ddof_leaving_no_element_keeps_the_general_rule():
    def one_row(x):
        return np.sum(np.var(x, axis=0, ddof=1))
    x = RNG.standard_normal((1, 3))
    with np.errstate(invalid="ignore", divide="ignore"):
        got = transpiler.grad(one_row)(x)
        assert np.all(np.isnan(got))            # NumPy's value is NaN there, and so is its derivative
