"""The builtin ``sum`` of a list or tuple of values of known shapes (primitives/lists.py): its shape
is known (their broadcast shape), and where every item has the sum's own shape its adjoint is the
list ``[d_y] * n`` written out, not ``sum_adjoint``: a loss assembled as ``sum(... for x, t in
zip(xs, ts))`` (natural5.py's N50) computed every item's value in the forward sweep only for the
generic seed and adjoint. Gradients against finite differences in both modes, and Hessians."""
import numpy as np
import pytest

from one_argument_checks import (gradient_matches_finite_differences,
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler

X = np.random.default_rng(7).normal(size=6)
XS = [np.random.default_rng(k).normal(size=(4, 3)) for k in range(3)]
TS = [np.random.default_rng(10 + k).normal(size=(4, 2)) for k in range(3)]


def numbers(x):
    return sum([x[0], x[1] ** 2, x[2] * x[3]])


def arrays_of_one_shape(x):
    return np.sum(sum([x[:3], x[3:] ** 2]) ** 2)


def a_broadcast_item(x):
    return np.sum(sum([x.reshape(2, 3), x[:3], x[4]]) ** 2)


def with_a_start(x):
    return sum([x[0], x[1]], 2.0 * x[2]) ** 2


def rows_of_an_array(x):
    return np.sum(sum(x.reshape(2, 3)) ** 2)


def generators(x):
    return sum(v ** 2 for v in x) * sum((x[i] for i in range(3)), x[5])


@pytest.mark.parametrize("fn", [numbers, arrays_of_one_shape, a_broadcast_item, with_a_start, rows_of_an_array,
                                generators], ids=lambda f: f.__name__)
def test_the_builtin_sum_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X)


def list_loss(W, xs, ts):
    return sum(np.sum((np.tanh(x @ W) - t) ** 2) for x, t in zip(xs, ts)) / len(xs)


def test_a_loss_summed_over_a_list_makes_no_item_in_the_forward_sweep():
    W = np.random.default_rng(3).normal(size=(3, 2))
    gradient = transpiler.grad(list_loss)
    got = gradient(W, XS, TS)
    step, expected = 1e-6, np.zeros_like(W)
    for index in np.ndindex(W.shape):
        e = np.zeros_like(W)
        e[index] = step
        expected[index] = (list_loss(W + e, XS, TS) - list_loss(W - e, XS, TS)) / (2 * step)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)
    source = gradient.compiled((W, XS, TS)).source
    assert "sum_adjoint" not in source and "unit_seed" not in source
    assert ".sum()" not in source and "np.sum(" not in source        # (the items' values: unused)
