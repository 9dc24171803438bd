"""Forward mode of ``xs * n`` on a list (``repeated(xs, n)``): an integer count carries no
derivative. Where the count was an item of a list with tangents (``[0.0] * nt[0]`` with
``nt = [0] + list(q)``, pyliferisk's mortality table; tests/realworld/makeham_life_annuities.py),
its tangent, the float 0.0, was taken as a count and made the tangent NumPy's product, one item
long: the loop over the list then read past its end (an IndexError), and an index into it read
another item's tangent (10.0 where the derivative is 1.0). The two terms (items and count) are
now added item by item, and NumPy's product of a list and an array keeps both."""
import numpy as np
import pytest

import transpiler

X = np.array([0.5, 1.5, 2.5])


def count_from_a_list(x):
    nt = [1] + list(x)
    qx = [0.0] * nt[0] + list(nt[1:])
    return qx[0] * 10.0 + qx[1]


def looped_over(x):
    nt = [1] + list(np.exp(-x))
    qx = [0.0] * nt[0] + [q * 0.9 for q in nt[1:]] + [1.0]
    lx = [1.0]
    for val in qx:
        lx.append(lx[-1] * (1 - val))
    return sum(lx)


def items_and_count_with_tangents(x):
    nt = [2] + list(x)
    row = [x[0], x[1] ** 2] * nt[0]
    return row[0] + 3.0 * row[1] + 5.0 * row[2] + 7.0 * row[3]


def numpy_product_of_a_list(x):
    weights = [1.0, 2.0, 3.0]
    return np.sum(np.sin(weights * x))


CASES = [count_from_a_list, looped_over, items_and_count_with_tangents, numpy_product_of_a_list]


def directional_difference(f, t, h=1e-6):
    return (f(X + h * t) - f(X - h * t)) / (2 * h)


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_forward_mode_matches_finite_differences(f):
    t = np.array([1.0, -0.5, 0.25])
    value, tangent = transpiler.jvp(f, (X,), (t,))
    assert value == pytest.approx(f(X), rel=1e-12)
    assert tangent == pytest.approx(directional_difference(f, t), rel=1e-6, abs=1e-9)


def test_the_count_from_a_list_gives_the_derivative_of_the_item_it_reads():
    _, tangent = transpiler.jvp(count_from_a_list, (X,), (np.array([1.0, 0.0, 0.0]),))
    assert tangent == pytest.approx(1.0)


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, X)
    assert report.ok, report


@pytest.mark.parametrize("f", [items_and_count_with_tangents, numpy_product_of_a_list])
def test_second_derivatives_match_differences_of_the_gradient(f):
    h = 1e-5
    numeric = np.stack([(transpiler.grad(f)(X + h * e) - transpiler.grad(f)(X - h * e)) / (2 * h)
                        for e in np.eye(3)], axis=1)
    assert transpiler.hessian(f)(X) == pytest.approx(numeric, rel=1e-6, abs=1e-8)
