"""``where=`` and ``initial=`` of NumPy's reductions (transpiler/frontend/reduction_keywords.py):
written as the reductions they mean; values are NumPy's, gradients match finite differences,
forward mode matches reverse; the mask is evaluated once."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, 0.7, -0.4, 1.1])
M = np.array([[0.3, 0.7], [-0.4, 1.1], [0.2, -0.9]])


def sum_where(x):
    return np.sum(x ** 2, where=x > 0.5)


def sum_where_axis(m):
    return np.sum(np.sum(m ** 2, axis=0, where=m > 0) ** 2)


def max_initial(x):
    return np.max(x ** 2, initial=0.2)


def max_initial_where(x):
    return np.max(x, initial=-5.0, where=x < 1.0)


def min_where_per_row(m):
    return np.sum(np.min(m, axis=1, initial=10.0, where=m > 0))


def mean_where(x):
    return np.mean(x ** 3, where=x > 0)


def mean_where_per_row(m):
    return np.sum(np.mean(m ** 2, axis=1, where=m > 0) ** 2)


def prod_where(x):
    return np.prod(x, where=x > 0)


def sum_initial(x):
    return np.sum(x ** 2, initial=1.5)


def as_methods(x):
    return (x ** 2).sum(where=x > 0.5) + x.max(initial=2.0) + x.mean(where=x < 1.0)


@pytest.mark.parametrize("f, x", [(sum_where, X), (sum_where_axis, M), (max_initial, X), (max_initial_where, X),
                                  (min_where_per_row, M), (mean_where, X), (mean_where_per_row, M),
                                  (prod_where, X), (sum_initial, X), (as_methods, X)],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_where_and_initial_in_both_modes(f, x):
    assert transpiler.check_grad(f, x).ok
    value, tangent = transpiler.jvp(f, (x,), (np.ones_like(x),))
    assert value == pytest.approx(f(x), rel=1e-12)
    assert tangent == pytest.approx(np.sum(transpiler.grad(f)(x)), rel=1e-10)


def mean_of_a_random_half(x, rng):
    return np.mean(x ** 2, where=rng.random(x.shape) > 0.5)


def test_the_mask_is_evaluated_once():
    """The rewrite reads the mask twice (the sum and the count): it is drawn once, as Python does."""
    x = np.linspace(0.1, 1.0, 20)
    value, gradient = transpiler.value_and_grad(mean_of_a_random_half)(x, np.random.default_rng(3))
    assert value == pytest.approx(mean_of_a_random_half(x, np.random.default_rng(3)), rel=1e-12)
    mask = np.random.default_rng(3).random(x.shape) > 0.5
    np.testing.assert_allclose(gradient, np.where(mask, 2 * x, 0.0) / mask.sum(), rtol=1e-12)
