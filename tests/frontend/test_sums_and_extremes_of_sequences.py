"""``sum(rows, [])`` joins lists (it was differentiated as an addition: a gradient of zeros, pr7's
B3) and ``min``/``max`` of tuples compares them as Python does, picking one whole tuple (the
numbers' rule was applied to tuples: a TypeError in the generated code, pr7's B9)
(frontend/comprehensions.py). Both modes against central differences."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, -0.7, 1.1, 0.45])


def flattened_rows(x):
    rows = [[x[0], x[1]], [x[2] * 2.0, x[3]]]
    flat = sum(rows, [])
    return flat[2] * 3.0 + flat[3] ** 2 + len(flat)


def joined_tuples(x):
    t = sum([(x[0],), (x[1], np.sin(x[2]))], ())
    return t[1] * t[2]


def joined_with_start_keyword(x):
    parts = [[x[1]], [x[2], x[3]]]
    flat = sum(parts, start=[x[0] * 5.0])
    return flat[0] + flat[3]


def nearest_by_generator(x):
    return min((v ** 2, i) for i, v in enumerate(x))[0]


def largest_pair_in_a_list(x):
    best = max([(x[0] * 2.0, 1.0), (x[1], 2.0), (x[2], 3.0)])
    return best[0] * best[1]


def index_of_the_closest(x):
    d, i = min((abs(v - 0.4), k) for k, v in enumerate(x))
    return x[i] * 10.0 + d


CASES = [flattened_rows, joined_tuples, joined_with_start_keyword, nearest_by_generator, largest_pair_in_a_list,
         index_of_the_closest]


@pytest.mark.parametrize("f", CASES)
def test_both_modes_match_finite_differences(f):
    h = 1e-6
    expected = np.array([(f(X + h * e) - f(X - h * e)) / (2 * h) for e in np.eye(len(X))])
    value, gradient = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-12)
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-9)
    direction = np.array([0.5, -1.0, 2.0, 0.25])
    assert transpiler.jvp(f, (X,), (direction,))[1] == pytest.approx(expected @ direction, rel=1e-6)
