"""The ``cancelled_denominators`` rewrite (transpiler/rewrites/cancelled_denominators.py): on the
reverse sweep, ``(a / x - b / y) * (x * y)`` is ``a * y - b * x`` (a log-loss's adjoint through a
sigmoid's ``p * (1 - p)``: no division). Pinned: the spellings claimed (a logistic loss with
``.mean()``, a helper sigmoid and a sum, one log alone; not ``np.log1p(-p)``, whose
denominator ``1 + -p`` is another value than the sigmoid's ``1 - p``), finite differences, the same
gradient as with the rewrite off, logits where ``p`` rounds to 0 or 1 (the derivative, finite,
where the statements as written give NaN), float32, the function's own value left as written, and
near misses that must not fire."""
import re
import tracemalloc

import numpy as np
import pytest
from scipy.special import expit

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(8)
X = RNG.standard_normal((40, 5))
W = 0.3 * RNG.standard_normal(5)
Y = (RNG.uniform(size=40) < 0.5).astype(float)


def logistic(w, X, y):
    p = 1.0 / (1.0 + np.exp(-X.dot(w)))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def logistic_helper(w, X, y):
    p = sigmoid(X @ w)
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / len(y)


def log_sigmoid(w, X, y):
    """One log: ``(g / p) * (p * (1 - p))`` is ``g * (1 - p)``."""
    return -np.sum(y * np.log(sigmoid(X @ w)))


def other_weights(w, X, y):
    """Weights that are not complementary (``0.5``, not ``1 - y``): no ``p - y``, the products."""
    p = sigmoid(X @ w)
    return -(y * np.log(p) + 0.5 * np.log(1 - p)).mean()


FIRES = {"other_weights": other_weights, "logistic": logistic, "logistic_helper": logistic_helper, "log_sigmoid": log_sigmoid}


def reverse_sweep(f, *args, **options) -> str:
    return transpiler.grad(f, **options).compiled((W, X, Y)).source.split("# reverse sweep")[1]


def expected(w, X, y, f):
    p = expit(X @ w)
    if f is log_sigmoid:
        return -X.T @ (y * (1 - p))
    if f is other_weights:
        return -X.T @ (y * (1 - p) - 0.5 * p) / len(y)
    return X.T @ (p - y) / len(y)


@pytest.mark.parametrize("name", FIRES)
def test_no_division_is_left_and_the_gradient_matches_differences(name):
    f = FIRES[name]
    assert " / p" not in reverse_sweep(f) and "np.divide" not in reverse_sweep(f), reverse_sweep(f)
    if name.startswith("logistic"):     # complementary weights: the hand's X.T @ (p - y), scaled
        assert re.search(r"X\.T @ \(\w+ - y\)", reverse_sweep(f)), reverse_sweep(f)
    assert reverse_sweep(f) != reverse_sweep(f, rewrites={"cancelled_denominators": False})
    assert check_grad(f, W, X, Y)
    on = transpiler.grad(f)(W, X, Y)
    np.testing.assert_allclose(on, transpiler.grad(f, rewrites={"cancelled_denominators": False})(W, X, Y),
                               rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(on, expected(W, X, Y, f), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("name", ["logistic", "log_sigmoid"])
@pytest.mark.parametrize("scale", [40.0, 800.0])
def test_where_p_rounds_to_zero_or_one_the_gradient_is_the_limit(name, scale):
    """Logits of ±40 (``p`` rounds to 1) and ±800 (``exp`` overflows, ``p`` is 0): the derivative,
    ``p - y`` to rounding, finite (as written, ``y / p * (p * (1 - p))`` is ``inf * 0``)."""
    f = FIRES[name]
    X1 = np.array([[1.0, 0.0], [-1.0, 0.0], [1.0, 1.0], [-1.0, 1.0]])
    w = np.array([scale, 0.0])
    for y in (np.array([1.0, 0.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0, 0.0])):
        with np.errstate(all="ignore"):
            got = transpiler.grad(f)(w, X1, y)
        np.testing.assert_allclose(got, expected(w, X1, y, f), rtol=1e-12, atol=1e-300)


def test_float32():
    w, x, y = W.astype(np.float32), X.astype(np.float32), Y.astype(np.float32)
    got = transpiler.grad(logistic)(w, x, y)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected(W, X, Y, logistic), rtol=2e-4, atol=1e-6)


def in_the_primal(a, b, x, y):
    """The function's own ``(a / x - b / y) * (x * y)``: its value stays as written."""
    return np.sum((a / x - b / y) * (x * y))


def clipped(w, X, y):
    """Near miss: the logs read ``p`` clipped, the sigmoid's derivative multiplies by ``s * (1 - s)``
    of ``s`` unclipped: the quotients' denominators are not the product's factors."""
    s = sigmoid(X @ w)
    p = np.clip(s, 1e-7, 1 - 1e-7)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()


def test_the_primal_and_near_misses_are_left_alone():
    x = np.array([0.0, 1.0])
    with np.errstate(all="ignore"):
        value, _ = transpiler.value_and_grad(in_the_primal, wrt=(0, 1))(np.ones(2), np.ones(2), x, np.ones(2))
    assert np.isnan(value)          # 1 / 0 * 0, as NumPy computes the function
    assert check_grad(in_the_primal, *(RNG.uniform(0.5, 2.0, size=6) for _ in range(4)), wrt=(0, 1, 2, 3))
    assert check_grad(clipped, W, X, Y)
    assert reverse_sweep(clipped) == reverse_sweep(clipped, rewrites={"cancelled_denominators": False})


def test_the_peak_memory_is_no_more_than_with_the_quotients_recomputed():
    """recompute_cheap's win on N8 (three arrays of the batch at the peak, not four) stays: the
    reverse sweep reads ``p`` and ``y`` only."""
    rng = np.random.default_rng(3)
    X = rng.standard_normal((20000, 3))
    args = (rng.standard_normal(3), X, (rng.uniform(size=20000) < 0.5).astype(float))

    def peak(gradient):
        gradient(*args)
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            gradient(*args)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    on = peak(transpiler.grad(logistic))
    off = peak(transpiler.grad(logistic, rewrites={"cancelled_denominators": False}))
    assert on <= off and on < 3.1 * 8 * 20000
