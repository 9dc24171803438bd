"""``max(xs, key=f)``, ``min(xs, key=f)`` and ``sorted(xs, key=f, reverse=r)`` (frontend/
comprehensions.py): the keys decide the order and carry no derivative; the items chosen carry
theirs. Ties go where Python puts them. Both modes and second order against finite differences."""
import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 2.0, 0.7])


def extremes_by_key(x):
    return max(x, key=abs) * 2 + min(x, key=lambda v: (v - 1) ** 2)


def sorted_by_magnitude(x):
    s = sorted(x, key=abs, reverse=True)
    return s[0] * 3 + s[1] * s[3]


def points_by_key(x):
    pts = [(x[0], x[1]), (x[2], x[3]), (x[1], x[0])]
    best = max(pts, key=lambda p: p[0] + p[1])
    order = sorted(pts, key=lambda p: p[1])
    return best[0] * best[1] + order[0][0] * 5


@pytest.mark.parametrize("f", [extremes_by_key, sorted_by_magnitude, points_by_key])
def test_matches_finite_differences_in_both_modes(f):
    assert_both_modes(f, X)


def test_second_derivative_through_a_sort_by_key():
    h = transpiler.hessian(sorted_by_magnitude)(X)       # 3 x2 + x1 x0
    expected = np.zeros((4, 4))
    expected[0, 1] = expected[1, 0] = 1.0
    np.testing.assert_allclose(h, expected)


def test_ties_are_broken_as_python_breaks_them():
    x = np.array([1.0, -1.0, 0.5])
    # max keeps the first of equal keys; a stable sort keeps their order, reversed or not
    assert transpiler.grad(lambda v: max(v, key=abs))(x).tolist() == [1.0, 0.0, 0.0]
    assert transpiler.grad(lambda v: sorted(v, key=abs, reverse=True)[1])(x).tolist() == [0.0, 1.0, 0.0]


def keys_of_a_dict_by_length(params):
    return sum(np.sum(params[k]) * i for i, k in enumerate(sorted(params, key=len)))


def test_sorted_keys_of_a_dict_by_key():
    g = transpiler.grad(keys_of_a_dict_by_length)({"bb": np.ones(2), "a": np.ones(1)})
    np.testing.assert_allclose(g["bb"], [1.0, 1.0])
    np.testing.assert_allclose(g["a"], [0.0])
