"""``np.logaddexp``'s partials are its softmax weights written free of its value, from one
exponential (primitives/elementwise.py): ``exp(min(b - a, cap))`` in reverse mode where the
arguments' dtype is known (cap 709 in float64, 88 in float32), ``exp(-|a - b|)`` elsewhere
(unknown or mixed dtypes, forward mode): a gradient that needs no value computes no
``logaddexp``; no overflow for arguments far apart; exact second derivatives where ``a == b``
(logistic regression at ``w = 0``)."""
import re
import warnings

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(12)
X, Y = RNG.standard_normal((40, 5)), np.sign(RNG.standard_normal(40))


def logistic(w, X, y):
    return np.mean(np.logaddexp(0, -y * (X @ w))) + 1e-2 * np.dot(w, w)


def both_sides(a, b):
    return np.sum(np.logaddexp(a, b) * np.arange(1, len(a) + 1))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_a_gradient_computes_no_logaddexp_and_one_exp():
    w = 0.3 * RNG.standard_normal(5)
    source = transpiler.grad(logistic).compiled((w, X, Y)).source
    body = source[source.index("def logistic_grad"):]
    assert "logaddexp" not in body and body.count("np.exp(") == 1
    assert check_grad(logistic, w, X, Y)


def test_both_weights_share_one_exponential_and_agree_with_finite_differences():
    a, b = RNG.standard_normal(6), RNG.standard_normal(6)
    a[2] = b[2]                                          # a tie
    source = transpiler.grad(both_sides, wrt=(0, 1)).compiled((a, b)).source
    assert source[source.index("def both_sides_grad"):].count("np.exp(") == 1
    assert check_grad(both_sides, a, b, wrt=(0, 1))
    d_a, d_b = transpiler.grad(both_sides, wrt=(0, 1))(a, b)
    assert np.allclose(d_a + d_b, np.arange(1, 7))       # the weights sum to one


@pytest.mark.parametrize("scale", [1.0, 1e3])
def test_arguments_far_apart_give_exact_weights_without_a_warning(scale):
    a, b = scale * np.array([-800.0, 800.0, 0.0, 30.0]), np.zeros(4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d_a, d_b = transpiler.grad(both_sides, wrt=(0, 1))(a, b)
    weights = np.arange(1, 5)
    expected = np.array([0.0, 1.0, 0.5, 1 / (1 + np.exp(-30.0))]) if scale == 1.0 else np.array([0.0, 1.0, 0.5, 1.0])
    # a weight e^(a - b) below float64's smallest normal number (a - b < -709) reads as
    # 1 / (1 + e^709) = 1.2e-308 in float64 code (the cap that keeps exp finite), no more
    assert np.allclose(d_a, weights * expected, rtol=1e-14, atol=4 * 1.3e-308)
    assert np.allclose(d_b, weights * (1 - expected))


def test_hessian_at_a_tie_is_the_logistic_curvature():
    # at w = 0 every margin is 0, a == b in each logaddexp: the weights' derivative there is 1/4
    w0 = np.zeros(5)
    expected = X.T @ X * 0.25 / len(X) + 2e-2 * np.eye(5)
    assert np.allclose(transpiler.hessian(logistic)(w0, X, Y), expected)
    v = RNG.standard_normal(5)
    assert np.allclose(transpiler.hvp(lambda w: logistic(w, X, Y), w0, v), expected @ v)


def test_forward_mode_and_other_spellings_of_the_same_loss():
    w, t = 0.3 * RNG.standard_normal(5), RNG.standard_normal(5)
    reference = transpiler.grad(logistic)(w, X, Y)
    _, tangent = transpiler.jvp(logistic, (w, X, Y), (t, np.zeros_like(X), np.zeros_like(Y)))
    assert np.isclose(tangent, reference @ t)

    def softplus(w, X, y):
        return np.mean(np.log1p(np.exp(-y * X.dot(w)))) + 1e-2 * w @ w

    def log_sigmoid(w, X, y):
        return -np.mean(np.log(sigmoid(y * (X @ w)))) + 1e-2 * np.sum(w ** 2)
    for f in (softplus, log_sigmoid):
        assert np.allclose(transpiler.grad(f)(w, X, Y), reference), f.__name__


def test_float32_arguments_are_followed_through_arithmetic_to_the_capped_weights():
    # -y * (X @ w) of float32 arrays is float32 (analysis/kinds.py): the weights capped at 88
    w = (0.3 * RNG.standard_normal(5)).astype(np.float32)
    source = transpiler.grad(logistic).compiled((w, X.astype(np.float32), Y.astype(np.float32))).source
    body = source[source.index("def logistic_grad"):]
    assert "np.where" not in body and "88.0" in body


def test_float32_beside_float64_takes_the_general_form():
    # a float64 array widens the float32 one: the margins' kind is float64 or unknown, never float32
    w = (0.3 * RNG.standard_normal(5)).astype(np.float32)
    source = transpiler.grad(logistic).compiled((w, X, Y.astype(np.float32))).source
    assert "88.0" not in source[source.index("def logistic_grad"):]


def test_float32_keeps_its_dtype():
    w = (0.3 * RNG.standard_normal(5)).astype(np.float32)
    g = transpiler.grad(logistic)(w, X.astype(np.float32), Y.astype(np.float32))
    assert g.dtype == np.float32
    assert np.allclose(g, transpiler.grad(logistic)(w.astype(float), X, Y), rtol=1e-4, atol=1e-6)


def test_float64_reverse_mode_needs_no_comparison_or_where():
    w = 0.3 * RNG.standard_normal(5)
    for f, wrt in ((logistic, 0), (both_sides, (0, 1))):
        args = (w, X, Y) if f is logistic else (RNG.standard_normal(6), RNG.standard_normal(6))
        source = transpiler.grad(f, wrt=wrt).compiled(args).source
        body = source[source.index(f"def {f.__name__}_grad"):]
        assert "np.where" not in body and ">=" not in body and body.count("np.exp(") == 1, body


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_infinite_and_far_apart_arguments_in_both_dtypes(dtype):
    # float32 arguments are capped at 88 (exp(709) would overflow there), float64 ones at 709
    a = np.array([-np.inf, np.inf, 0.0, -200.0, 200.0, 3.0, 1e30], dtype=dtype)
    b = np.array([0.0, 0.0, -np.inf, 0.0, 0.0, 3.0, 0.0], dtype=dtype)
    source = transpiler.grad(both_sides, wrt=(0, 1)).compiled((a, b)).source
    cap = 88.0 if dtype == np.float32 else 709.0     # (b - a capped, or its buffer capped in place)
    assert f"np.minimum(b - a, {cap})" in source or re.search(rf"np\.minimum\((_b\w*), {cap}, out=\1\)", source)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d_a, d_b = transpiler.grad(both_sides, wrt=(0, 1))(a, b)
    assert d_a.dtype == dtype and d_b.dtype == dtype
    weights = np.arange(1, 8)
    tiny = np.exp(dtype(-200.0))                          # 1.4e-87 (0 in float32)
    weight_a = np.array([0.0, 1.0, 1.0, tiny, 1.0, 0.5, 1.0])
    weight_b = np.array([1.0, 0.0, 0.0, 1.0, tiny, 0.5, 0.0])
    floor = 8 * (1.3e-308 if dtype == np.float64 else 6.1e-39)       # 1 / (1 + exp(cap))
    assert np.allclose(d_a, weights * weight_a, rtol=1e-6, atol=floor)
    assert np.allclose(d_b, weights * weight_b, rtol=1e-6, atol=floor)


def test_weights_of_float64_arguments_match_the_general_rule_and_differences():
    # moderate and large differences, both signs, through a helper, in a loop, in reverse and
    # forward mode (forward mode keeps the general partials): the two forms agree
    def helper(u, v):
        return np.logaddexp(u, 2.0 * v)

    def looped(a, b):
        total = 0.0
        for k in range(3):
            total = total + np.sum(helper(a * (k + 1), b) ** 2)
        return total

    a = np.array([-40.0, -5.0, -0.3, 0.0, 0.2, 7.0, 50.0]) / 3
    b = np.array([0.1, 0.4, -0.2, 0.0, 0.5, -1.0, 2.0])
    assert check_grad(looped, a, b, wrt=(0, 1))
    g_a, g_b = transpiler.grad(looped, wrt=(0, 1))(a, b)
    ta, tb = RNG.standard_normal(7), RNG.standard_normal(7)
    _, tangent = transpiler.jvp(looped, (a, b), (ta, tb))
    assert np.isclose(tangent, g_a @ ta + g_b @ tb, rtol=1e-12)


def test_broadcast_arguments_get_their_weights_summed_back():
    def pairwise(A, b, c):
        return np.sum(np.logaddexp(A, b) * c)          # b (3,) broadcast along A's rows

    A, b, c = RNG.standard_normal((4, 3)), RNG.standard_normal(3), RNG.standard_normal((4, 3))
    source = transpiler.grad(pairwise, wrt=(0, 1)).compiled((A, b, c)).source
    assert "np.where" not in source[source.index("def pairwise_grad"):]
    assert check_grad(pairwise, A, b, c, wrt=(0, 1))
    step, g = 1e-5, transpiler.grad(lambda b: pairwise(A, b, c))
    numeric = np.array([(g(b + e) - g(b - e)) / (2 * step) for e in np.eye(3) * step]).T
    assert np.allclose(transpiler.hessian(lambda b: pairwise(A, b, c))(b), numeric, atol=1e-7)
