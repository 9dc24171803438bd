"""The ufunc method ``accumulate`` (primitives/accumulations.py): running maxima and minima
(primitives), running sums and products (compositions over ``np.cumsum``/``np.cumprod``), running
log-sum-exps (the recurrence of ``np.logaddexp``), along
axis 0 by default and along any axis given; ties included. Reverse mode, forward mode and second
order against central finite differences."""
import numpy as np
import pytest
from array_check import check_gradient, hessian_by_differences, numeric_gradient, rng

import transpiler

X = rng(70).normal(size=(4, 3))
V = np.array([0.3, -1.2, 2.0, 0.7, 2.5, 1.0])
WEIGHTS = rng(71).normal(size=(4, 3))


def running_maximum_of_a_vector(x):
    return np.sum(np.maximum.accumulate(x) ** 2)


def running_maximum_along_rows(x):
    return np.sum(np.maximum.accumulate(x, axis=1) * WEIGHTS)


def running_minimum_down_columns(x):
    return np.sum(np.minimum.accumulate(x) ** 3)


def drawdown(prices):
    peak = np.maximum.accumulate(prices)
    return np.max((peak - prices) / peak)


def running_sum_and_product(x):
    return np.sum(np.add.accumulate(x) ** 2) + np.sum(np.multiply.accumulate(x, axis=1) * WEIGHTS)


CASES = {
    np.maximum.accumulate: [(running_maximum_of_a_vector, V), (running_maximum_along_rows, X),
                            (drawdown, np.array([1.0, 1.3, 1.1, 0.9, 1.4, 1.2]))],
    np.minimum.accumulate: [(running_minimum_down_columns, X)],
}
def running_log_sum_exp(x):
    return np.sum(np.logaddexp.accumulate(x) * WEIGHTS) + np.sum(np.logaddexp.accumulate(x, axis=-1) ** 2)


ALL = [case for cases in CASES.values() for case in cases] + [(running_sum_and_product, X), (running_log_sum_exp, X)]


@pytest.mark.parametrize("case", ALL, ids=lambda case: case[0].__name__)
def test_gradient_and_tangent_match_finite_differences(case):
    fn, x = case
    check_gradient(fn, (x,), rtol=1e-5, atol=1e-7)
    direction = rng(72).normal(size=np.shape(x))
    value, tangent = transpiler.jvp(fn, (x,), (direction,))
    assert np.isclose(value, fn(x))
    np.testing.assert_allclose(tangent, np.sum(numeric_gradient(fn, [x], 0) * direction), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("case", ALL, ids=lambda case: case[0].__name__)
def test_hessian_matches_differences_of_the_gradient(case):
    fn, x = case
    np.testing.assert_allclose(transpiler.hessian(fn)(x), hessian_by_differences(fn, x), rtol=1e-4, atol=1e-6)


def test_a_tie_sends_the_derivative_to_one_element_only():
    x = np.array([2.0, 1.0, 2.0, 0.5])          # the running maximum is 2 from the start
    g = transpiler.grad(lambda v: np.sum(np.maximum.accumulate(v)))(x)
    assert g.sum() == 4.0 and g[1] == 0.0 and g[3] == 0.0


def test_a_running_log_sum_exp_is_finite_where_its_values_span_thousands():
    x = np.array([-2000.0, 0.0, 1000.0])
    value, gradient = transpiler.value_and_grad(lambda v: np.sum(np.logaddexp.accumulate(v)))(x)
    assert value == np.sum(np.logaddexp.accumulate(x))
    np.testing.assert_allclose(gradient, [1.0, 1.0, 1.0])      # each y[k] is its own largest element
