"""Constant factors that cancel exactly (powers of two multiplying to 1) across an adjoint read
once: the reverse of ``0.5 * z ** 2`` is ``g * z``, not ``(g * 0.5) * (2 * z)`` (opt/cleanup.py
with ir/algebra.py); factors that would round keep their multiplications."""
import ast

import numpy as np

import transpiler
from transpiler.check import check_grad
from transpiler.ir.algebra import simplify

RNG = np.random.default_rng(8)


def simplified(code: str) -> str:
    return ast.unparse(simplify(ast.parse(code, mode="eval").body))


def test_reciprocal_powers_of_two_cancel_and_others_stay():
    assert simplified("(g * 0.5) * (2 * z)") == "g * z"
    assert simplified("(0.25 * g) * (z * 4)") == "g * z"
    assert simplified("(g * 0.1) * (10 * z)") == "g * 0.1 * (10 * z)"      # 0.1 * 10 rounds
    assert simplified("(g * 0.5) * (3 * z)") == "g * 0.5 * (3 * z)"


def gaussian_nll(mu, x):
    z = np.tanh(x - mu[None, :])
    return np.sum(0.5 * z ** 2)


def half_squares_in_a_loop(w, x):
    total = 0.0
    for i in range(3):
        total = total + np.sum(0.5 * (x * w - i) ** 2)
    return total


def test_the_half_square_s_adjoint_is_one_multiplication_and_right():
    mu, x = RNG.standard_normal(3), RNG.standard_normal((6, 3))
    source = transpiler.grad(gaussian_nll).compiled((mu, x)).source
    reverse = source.split("# reverse sweep")[1]
    assert "0.5" not in reverse and "2 * z" not in reverse
    assert check_grad(gaussian_nll, mu, x)
    w = RNG.standard_normal(4)
    assert check_grad(half_squares_in_a_loop, w, RNG.standard_normal(4))
    _, tangent = transpiler.jvp(gaussian_nll, (mu, x), (np.ones(3), np.zeros_like(x)))
    assert np.isclose(tangent, transpiler.grad(gaussian_nll)(mu, x).sum())
