"""Loops and comprehensions over ``itertools.combinations`` / ``permutations`` / ``product`` /
``combinations_with_replacement`` whose tuples are known while compiling (frontend/combinations.py):
over a range of constant bounds, a display of names, a tuple bound to a name; and, where the
length is known only at run time (an argument, ``range(len(x))``), as loops over indices, with
``itertools.pairwise`` too. Both modes and a hessian against central differences; a ``break``
leaves the loop in both forms; what cannot be compiled is refused, located."""
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


def run_time_length(x, ws):
    return sum(np.sum(a * b * x) for a, b in combinations(ws, 2))


def coulomb(points):
    energy = 0.0
    for p, q in itertools.combinations(points, 2):        # rows of an argument: run-time length
        energy += 1.0 / np.linalg.norm(p - q)
    return energy


def index_pairs(x):
    return sum(x[i] * x[j] ** 2 for i, j in itertools.combinations(range(len(x)), 2))


def chain(x):
    return sum((a - b) ** 2 * a for a, b in itertools.pairwise(x))


def run_time_orderings(x):
    total = 0.0
    for a, b in itertools.permutations(x, 2):
        total += a * b ** 2
    for a, b in itertools.combinations_with_replacement(x[:2], 2):
        total += np.sin(a * b)
    for a, b, c, d in itertools.product(x[:2], x[1:], repeat=2):
        total += a * b - c * d ** 2
    return total


def nested_run_time_loops(x):
    total = 0.0
    for a, b in itertools.combinations(x, 2):
        for c, d in itertools.pairwise(x):
            total += a * b * (c - d)
    return total


def stops_at_a_break(x):
    total = 0.0
    for i, j in itertools.combinations(range(len(x)), 2):
        if x[i] > 0.5:
            break
        total += x[i] * x[j]
    return total


def stops_at_a_break_over_known_tuples(x):
    total = 0.0
    for i, j in itertools.combinations(range(3), 2):
        if x[i] > 0.5:
            break
        total += x[i] * x[j]
    return total


CASES = [(pairwise_products, ()), (generator_in_sum, ()), (gram_of_features, ()), (ordered_pairs, (np.array([1.0, 2.0, 3.0]),)),
         (product_of_two, ()), (run_time_length, ([X, 2 * X],)), (index_pairs, ()), (chain, ()), (run_time_orderings, ()),
         (nested_run_time_loops, ()), (stops_at_a_break, ()), (stops_at_a_break_over_known_tuples, ())]


@pytest.mark.parametrize("f, rest", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_reverse_and_forward_mode_match_finite_differences(f, rest):
    assert transpiler.check_grad(f, X, *rest).ok
    direction, h = np.array([1.0, 0.5, -2.0]), 1e-6
    value, tangent = transpiler.jvp(f, (X, *rest), (direction, *[None] * len(rest)))
    assert value == pytest.approx(f(X, *rest))
    assert tangent == pytest.approx((f(X + h * direction, *rest) - f(X - h * direction, *rest)) / (2 * h), rel=1e-6)


def test_a_break_stops_the_loop_over_itertools_tuples():
    # the break's flag was lost where the loop was rewritten: it ran on over every pair
    x = np.array([0.3, 0.9, -0.5])
    for f in (stops_at_a_break, stops_at_a_break_over_known_tuples):
        assert transpiler.value_and_grad(f)(x)[0] == pytest.approx(f(x)) == pytest.approx(0.3 * 0.9 + 0.3 * -0.5)


def test_pairs_of_rows_of_an_argument_match_finite_differences():
    points = np.array([[0.0, 0.1], [1.0, 0.3], [0.2, 1.4], [1.5, 1.1]])
    assert transpiler.check_grad(coulomb, points).ok
    np.testing.assert_allclose(transpiler.hessian(index_pairs)(X), transpiler.hessian(index_pairs, mode="forward")(X))


def test_the_hessian_of_pairwise_products():
    np.testing.assert_allclose(transpiler.hessian(pairwise_products)(X), np.ones((3, 3)) - np.eye(3))


def computed_items(x):
    return sum(np.sum(a * b) for a, b in combinations([x, x ** 2], 2))


def computed_r(x, r):
    return sum(x[i] for i in combinations(range(3), r))


@pytest.mark.parametrize("f, rest, message", [
    (computed_items, (), r"over a display computing its items"),
    (computed_r, (2,), r"with `r` computed"),
])
def test_tuples_known_only_at_run_time_are_refused_at_the_call(f, rest, message):
    with pytest.raises(UnsupportedSyntaxError, match=message) as error:
        transpiler.grad(f)(X, *rest)
    assert "test_itertools_loops.py" in str(error.value)
