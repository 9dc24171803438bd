"""Loops and comprehensions over ``itertools.combinations`` / ``permutations`` / ``product`` /
``combinations_with_replacement`` whose tuples are known while compiling (frontend/combinations.py):
over a range of constant bounds, a display of names, a tuple bound to a name. Both modes and a
hessian against central differences; what is known only at run time is refused, located."""
import itertools
from itertools import combinations, product

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.3, -0.5, 0.9])


def pairwise_products(x):
    s = 0.0
    for i, j in itertools.combinations(range(3), 2):
        s = s + x[i] * x[j]
    return s


def generator_in_sum(x):
    return sum(x[i] * x[j] ** 2 for i, j in combinations(range(3), 2))


def gram_of_features(x):
    sq, sn = x ** 2, np.sin(x)
    features = (x, sq, sn)                          # a tuple bound to a name
    total = 0.0
    for a, b in itertools.combinations_with_replacement(features, 2):
        total = total + np.sum(a * b)
    for a, b in product([x, sq], repeat=2):         # a display of names, `repeat=`
        total = total + np.sum(a * b) * 0.5
    return total


def ordered_pairs(x, weights):
    s = 0.0
    for i, j in itertools.permutations(range(3), r=2):
        if i < j:                                   # in a branch
            s = s + weights[i] * x[i] * np.cos(x[j])
        else:
            s = s + helper(x[i], x[j])              # through a helper
    return s


def helper(a, b):
    return a * b ** 3


def product_of_two(x):
    return sum(np.exp(x[i] - x[j]) for i, j in product(range(2), range(1, 3)))


CASES = [(pairwise_products, ()), (generator_in_sum, ()), (gram_of_features, ()), (ordered_pairs, (np.array([1.0, 2.0, 3.0]),)),
         (product_of_two, ())]


@pytest.mark.parametrize("f, rest", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_reverse_and_forward_mode_match_finite_differences(f, rest):
    assert transpiler.check_grad(f, X, *rest).ok
    direction, h = np.array([1.0, 0.5, -2.0]), 1e-6
    value, tangent = transpiler.jvp(f, (X, *rest), (direction, *[None] * len(rest)))
    assert value == pytest.approx(f(X, *rest))
    assert tangent == pytest.approx((f(X + h * direction, *rest) - f(X - h * direction, *rest)) / (2 * h), rel=1e-6)


def test_the_hessian_of_pairwise_products():
    np.testing.assert_allclose(transpiler.hessian(pairwise_products)(X), np.ones((3, 3)) - np.eye(3))


def computed_items(x):
    return sum(np.sum(a * b) for a, b in combinations([x, x ** 2], 2))


def run_time_length(x, ws):
    return sum(np.sum(a * b * x) for a, b in combinations(ws, 2))


def computed_r(x, r):
    return sum(x[i] for i in combinations(range(3), r))


@pytest.mark.parametrize("f, rest, message", [
    (computed_items, (), r"over a display computing its items"),
    (run_time_length, ([X, 2 * X],), r"over `ws`, whose length is known only at run time"),
    (computed_r, (2,), r"with `r` computed"),
])
def test_tuples_known_only_at_run_time_are_refused_at_the_call(f, rest, message):
    with pytest.raises(UnsupportedSyntaxError, match=message) as error:
        transpiler.grad(f)(X, *rest)
    assert "test_itertools_loops.py" in str(error.value)
