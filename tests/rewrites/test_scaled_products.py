"""The ``scaled_products`` rewrite (transpiler/rewrites/scaled_products.py): a number times a matrix,
read once by a matrix product with a smaller result, scales the product instead (on the reverse
sweep's IR, for calls). Pinned: the code's shape, finite differences, the gradient with the rewrite off, float32,
second derivatives, and the cases left alone (on the IR of small functions)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.backends import python_code
from transpiler.driver import pipeline
from transpiler.rewrites.scaled_products import move_scalars_to_products

RNG = np.random.default_rng(29)
D, N = 5, 40
L0 = np.eye(D) + 0.2 * np.tril(RNG.standard_normal((D, D)))
MU, X = 0.1 * RNG.standard_normal(D), RNG.standard_normal((N, D))


def gaussian_nll(L, mu, X):
    n, d = X.shape
    cov = L @ L.T + 1e-3 * np.eye(d)
    diff = X - mu
    sign, logdet = np.linalg.slogdet(cov)
    return 0.5 * (n * logdet + np.sum(diff * np.linalg.solve(cov, diff.T).T))


def gaussian_columns(L, mu, X):
    """Samples as columns, the solve's output read as it comes."""
    cov = L @ L.T + 1e-3 * np.eye(X.shape[1])
    diff = (X - mu).T
    alpha = np.linalg.solve(cov, diff)
    return 0.5 * X.shape[0] * np.linalg.slogdet(cov)[1] + np.sum(alpha * diff) / 2


def mahalanobis(cov, diff):
    return np.sum(diff * np.linalg.solve(cov, diff.T).T)


def gaussian_helper(L, mu, X):
    cov = L @ L.T + 1e-3 * np.eye(X.shape[1])
    return 0.5 * mahalanobis(cov, X - mu) + 0.5 * len(X) * np.linalg.slogdet(cov)[1]


def code(f, *args, wrt=(0, 1), rewrites=True) -> str:
    source = transpiler.grad(f, wrt=wrt, rewrites=rewrites).compiled(args).source
    return source[source.index(f"def {f.__name__}_grad"):]


@pytest.mark.parametrize("f", [gaussian_nll, gaussian_columns, gaussian_helper])
def test_the_number_scales_the_smaller_product(f):
    args = (L0, MU, X)
    source, off = code(f, *args), code(f, *args, rewrites={"scaled_products": False})
    assert source.count("@") == off.count("@") and "0.5 * (" in source and "0.5 * (" not in off, source
    assert check_grad(f, *args, wrt=(0, 1))
    on, reference = transpiler.grad(f, wrt=(0, 1))(*args), transpiler.grad(f, wrt=(0, 1), rewrites=False)(*args)
    for a, b in zip(on, reference):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12 * np.max(np.abs(b)))


def test_float32_and_second_derivatives():
    args32 = tuple(a.astype(np.float32) for a in (L0, MU, X))
    d_L, d_mu = transpiler.grad(gaussian_nll, wrt=(0, 1))(*args32)
    assert d_L.dtype == np.float32 and d_mu.dtype == np.float32
    np.testing.assert_allclose(d_L, transpiler.grad(gaussian_nll)(L0, MU, X), rtol=2e-3, atol=2e-3)
    v = RNG.standard_normal(L0.shape)
    np.testing.assert_allclose(transpiler.hvp(lambda L: gaussian_nll(L, MU, X), L0, v),
                               transpiler.hvp(lambda L: gaussian_nll(L, MU, X), L0, v, rewrites=False), rtol=1e-9)


def moved(f, shapes: dict, kinds: dict | None = None) -> str:
    """``f``'s IR with the rewrite applied (argument shapes and dtype kinds by name), printed."""
    fn = pipeline.lowered(f)
    return python_code.module_source(move_scalars_to_products(fn, shapes, KINDS if kinds is None else kinds)
                                     ).split("\n", 3)[3].strip()


SHAPES = {"a": (3, 50), "b": (50, 3), "c": (3, 3), "d": None, "e": (4, 3, 50), "u": (50,), "v": (50,)}
KINDS = dict.fromkeys(SHAPES, "f8")


def left(a, b, c):
    s = 0.5 * a
    return s @ a.T


def right_then_more(a, b, c):
    s = a * 2
    return s @ b - c


def scaled_second(a, b, c):
    s = 2 * b
    return a @ s


def test_each_side_of_the_product():
    assert moved(left, SHAPES) == "def left(a, b, c):\n    return 0.5 * (a @ np.transpose(a))"
    assert moved(right_then_more, SHAPES) == "def right_then_more(a, b, c):\n    return 2 * (a @ b) - c"
    assert moved(scaled_second, SHAPES) == "def scaled_second(a, b, c):\n    return 2 * (a @ b)"


def larger_product(a, b, c):
    s = 0.5 * c
    return s @ a           # (3, 50) is larger than c (3, 3)


def read_twice(a, b, c):
    s = 0.5 * a
    return s @ a.T + np.sum(s)


def unknown_shapes(a, b, d):
    s = 0.5 * d
    return s @ d.T


def read_in_a_loop(a, b, c):
    s = 0.5 * a
    r = c
    for i in range(2):
        r = r + s @ a.T
    return r


def one_dimensional(a, b, c):
    s = 0.5 * a
    return s @ b[:, 0]


def residuals_to_weights(a, b, c):        # N26's reverse sweep: X.T @ (c * r)
    r = b[:, 0]
    s = r * 0.0002
    return a @ s


def test_a_vector_operand():
    assert moved(one_dimensional, SHAPES) == "def one_dimensional(a, b, c):\n    return 0.5 * (a @ b[:, 0])"
    assert moved(residuals_to_weights, SHAPES) == ("def residuals_to_weights(a, b, c):\n    r = b[:, 0]\n"
                                                    "    return 0.0002 * (a @ r)")


def stacked(a, b, e):
    s = 0.5 * e
    return s @ b           # (4, 3, 50) @ (50, 3): a stack of products, left alone


@pytest.mark.parametrize("f", [larger_product, read_twice, unknown_shapes, read_in_a_loop, stacked])
def test_anything_else_is_left_alone(f):
    fn = pipeline.lowered(f)
    assert move_scalars_to_products(fn, SHAPES) is fn


def huber(w, X, y, delta=1.0):
    r = X @ w - y
    return np.mean(np.where(np.abs(r) <= delta, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta)))


def test_a_means_adjoint_scales_the_weights_not_the_residuals():
    """N26: ``X.T @ (c * clip(r))`` as ``c * (X.T @ clip(r))``, a pass over the residuals saved."""
    y = X @ RNG.standard_normal(D) + RNG.standard_normal(N)
    w = RNG.standard_normal(D)
    source = transpiler.grad(huber).compiled((w, X, y, 1.0)).source
    assert f"{1 / N} * (X.T @ clip_within(" in source, source
    assert check_grad(huber, w, X, y)
    np.testing.assert_allclose(transpiler.grad(huber)(w, X, y), transpiler.grad(huber, rewrites=False)(w, X, y),
                               rtol=1e-12)


def through_a_product(a, u, v):          # N12's reverse sweep: X.T @ ((c * s) * y)
    s = 0.0005 * u
    t = s * v
    return a @ t


def through_negation_and_division(a, u, v):
    s = 0.5 * u
    return a @ (-s / v)


def step_read_twice(a, u, v):
    s = 0.5 * u
    t = s * v
    return a @ t + np.sum(t)


def divided_by_the_scaled(a, u, v):
    s = 0.5 * u
    return a @ (v / s)


def test_the_number_moves_through_elementwise_steps_to_the_product():
    assert moved(through_a_product, SHAPES) == "def through_a_product(a, u, v):\n    t = u * v\n    return 0.0005 * (a @ t)"
    assert moved(through_negation_and_division, SHAPES) == (
        "def through_negation_and_division(a, u, v):\n    return 0.5 * (a @ (-u / v))")
    for f in (step_read_twice, divided_by_the_scaled):      # (a step read twice; a number divided by)
        fn = pipeline.lowered(f)
        assert move_scalars_to_products(fn, SHAPES, KINDS) is fn


def logreg_l2(w, X, y, lam):
    """tests/benchmarks/natural2.py's N12 as written there."""
    margins = y * (X @ w)
    return np.mean(np.logaddexp(0, -margins)) + lam * np.dot(w, w)


def softplus(z):
    return np.logaddexp(0.0, z)


def logreg_helper(w, X, y):
    return np.sum(softplus(-y * X.dot(w))) / len(y)


@pytest.mark.parametrize("f, extra", [(logreg_l2, (1e-2,)), (logreg_helper, ())])
def test_a_logistic_losss_mean_scales_the_weights_through_the_labels(f, extra):
    """N12: ``X.T @ ((c * s) * y)`` as ``c * (X.T @ (s * y))``, a pass over the margins saved."""
    y = np.where(RNG.uniform(size=N) < 0.5, 1.0, -1.0)
    w = 0.3 * RNG.standard_normal(D)
    args = (w, X, y) + extra
    source = transpiler.grad(f).compiled(args).source
    reverse = source.split("# reverse sweep")[1]
    scaled_after = reverse.index(f"np.multiply({1 / N}, ") > reverse.index("X.T @")      # (in place, on the product)
    assert scaled_after and reverse.count(f"{1 / N}") == 1, source
    assert check_grad(f, *args)
    np.testing.assert_allclose(transpiler.grad(f)(*args), transpiler.grad(f, rewrites=False)(*args), rtol=1e-12)
    args32 = tuple(a.astype(np.float32) if isinstance(a, np.ndarray) else a for a in args)
    g32 = transpiler.grad(f)(*args32)
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(f)(*args), rtol=1e-4, atol=1e-5)


def difference_of_scaled(a, u, v):      # N25's reverse sweep: X.T @ (c * e - c * y)
    return a @ (0.5 * u - 0.5 * v)


def sum_through_steps(a, u, v):         # N8's: X.T @ ((c * u) / v - (c * y) / p)
    return a @ (0.5 * u / v + -(0.5 * v) * u)


def other_numbers(a, u, v):
    return a @ (0.5 * u - 0.25 * v)


def test_a_sum_of_two_terms_the_same_number_scales():
    assert moved(difference_of_scaled, SHAPES) == "def difference_of_scaled(a, u, v):\n    return 0.5 * (a @ (u - v))"
    assert moved(sum_through_steps, SHAPES) == "def sum_through_steps(a, u, v):\n    return 0.5 * (a @ (u / v + -v * u))"
    fn = pipeline.lowered(other_numbers)
    assert move_scalars_to_products(fn, SHAPES, KINDS) is fn
    for kinds in ({}, {**KINDS, "v": "b1"}):      # (masks: u - v would fail, u + v be a logical or)
        fn = pipeline.lowered(difference_of_scaled)
        assert move_scalars_to_products(fn, SHAPES, kinds) is fn


def poisson_nll(beta, X, y):
    """tests/benchmarks/natural3.py's N25, gammaln left out."""
    eta = X @ beta
    return np.sum(np.exp(eta) - y * eta) / len(y)


def logistic_nll(w, X, y):
    """tests/benchmarks/natural.py's N8, its penalty left out."""
    p = 1.0 / (1.0 + np.exp(-X.dot(w)))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()


@pytest.mark.parametrize("f", [poisson_nll, logistic_nll])
def test_a_means_adjoint_of_two_terms_scales_the_weights(f):
    """N25, N8: the mean's number scales ``X.T @ (...)``, not each of the two terms before it."""
    y = (RNG.uniform(size=N) < 0.5).astype(float)
    w = 0.3 * RNG.standard_normal(D)
    reverse = transpiler.grad(f).compiled((w, X, y)).source.split("# reverse sweep")[1]
    assert reverse.count(f"{1 / N}") == 1 and reverse.index(f"np.multiply({1 / N}, ") > reverse.index("X.T @"), reverse
    assert check_grad(f, w, X, y)
    np.testing.assert_allclose(transpiler.grad(f)(w, X, y), transpiler.grad(f, rewrites=False)(w, X, y), rtol=1e-12)
