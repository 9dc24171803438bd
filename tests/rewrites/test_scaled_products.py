"""The ``scaled_products`` rewrite (transpiler/rewrites/scaled_products.py): a number times a matrix,
read once by a matrix product with a smaller result, scales the product instead (in the code calls
run). Pinned: the code's shape, finite differences, the gradient with the rewrite off, float32,
second derivatives, and the cases left alone."""
import ast

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
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


def moved(text: str, shapes: dict) -> str:
    return ast.unparse(ast.Module(body=move_scalars_to_products(ast.parse(text).body, shapes), type_ignores=[]))


SHAPES = {"a": (3, 50), "b": (50, 3), "c": (3, 3)}


def test_each_side_of_the_product():
    assert moved("s = 0.5 * a\nr = s @ a.T\n", SHAPES) == "r = 0.5 * (a @ a.T)"
    assert moved("s = a * 2\nr = s @ b - c\n", SHAPES) == "r = 2 * (a @ b) - c"
    assert moved("s = 2 * b\nr = a @ s\n", SHAPES) == "r = 2 * (a @ b)"


def test_the_product_found_past_statements_that_leave_the_scaling_alone():
    """The one reader is looked up, not scanned for: what comes between still decides."""
    assert moved("s = 0.5 * a\nq = b + 1\nu = q * 2\nr = s @ a.T\n", SHAPES) \
        == "q = b + 1\nu = q * 2\nr = 0.5 * (a @ a.T)"


@pytest.mark.parametrize("text", [
    "s = 0.5 * c\nr = s @ a\n",                  # the product (3, 50) is larger than c (3, 3)
    "s = 0.5 * a\nr = s @ a.T\nt = s + 1\n",     # read twice
    "s = 0.5 * a\na = a + 1\nr = s @ a.T\n",     # what it scales bound again before the product
    "s = 0.5 * d\nr = s @ d.T\n",                # shapes unknown
    "s = 0.5 * a\nfor i in range(2):\n    r = s @ a.T\n",      # read in a loop
    "s = 0.5 * a\nif b:\n    q = 1\nr = s @ a.T\n",     # a branch before the product
    "s = 0.5 * a\nq = 1\ns2 = s\nr = s2 @ a.T\n",     # read by a copy, not the product
])
def test_anything_else_is_left_alone(text):
    assert moved(text, SHAPES) == ast.unparse(ast.parse(text))
