"""``np.add.at(a, indices, b)`` as a statement on a local array (primitives/writes.py ``added_at``,
frontend/statements.py): repeated positions add once per occurrence, in a loop too, with tuple
indices and broadcast values. Reverse mode, forward mode and second order against central
finite differences."""
import numpy as np
import pytest
from array_check import check_gradient, numeric_gradient, rng

import transpiler
from transpiler.primitives import writes

X = np.array([0.3, -1.2, 2.0, 0.7])


def repeated_positions(x):
    y = np.zeros(3)
    np.add.at(y, [0, 0, 2], x[:3] * 2)
    return np.sum(y ** 2)


def pairs_of_positions(x):
    m = np.outer(x, x)
    np.add.at(m, (np.array([0, 1, 1]), np.array([2, 2, 2])), x[1:])
    return np.sum(m * m)


def counts_in_a_loop(x):
    counts = np.zeros(2)
    for k in range(3):
        np.add.at(counts, [k % 2], x[k] ** 2)
    return counts[0] * counts[1]


def rows_of_an_embedding(x):
    table = np.tile(x, (3, 1))
    grads = np.zeros_like(table)
    np.add.at(grads, [0, 2, 0], table[1] * 0.5)        # one row added to several rows, one twice
    return np.sum(grads * table)


CASES = {writes.added_at: [(repeated_positions, (X,), (0,)), (pairs_of_positions, (X,), (0,)),
                           (counts_in_a_loop, (X,), (0,)), (rows_of_an_embedding, (X,), (0,))]}
ALL = [case[0] for case in CASES[writes.added_at]]


@pytest.mark.parametrize("f", ALL)
def test_matches_finite_differences_in_both_modes(f):
    check_gradient(f, (X,))
    direction = rng(80).normal(size=4)
    value, tangent = transpiler.jvp(f, (X,), (direction,))
    assert np.isclose(value, f(X.copy()))
    np.testing.assert_allclose(tangent, np.sum(numeric_gradient(f, [X], 0) * direction), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f", [repeated_positions, counts_in_a_loop])
def test_second_derivatives(f):
    g = transpiler.grad(f)
    numeric = np.array([(g(X + 1e-5 * e) - g(X - 1e-5 * e)) / 2e-5 for e in np.eye(4)])
    np.testing.assert_allclose(transpiler.hessian(f)(X), numeric, atol=1e-5)


def test_repeated_positions_add_each_occurrence_as_numpy_does():
    y = np.zeros(3)
    np.add.at(y, [0, 0, 2], X[:3] * 2)
    assert transpiler.value_and_grad(repeated_positions)(X)[0] == pytest.approx(np.sum(y ** 2))
