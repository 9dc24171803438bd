"""scipy.integrate's trapezoid, cumulative_trapezoid and simpson (primitives/scipy_integrate.py):
values against SciPy's for odd and even sample counts, spacing dx or sample points x (1-D or
y's shape), any axis; derivatives in the samples and in the sample points, in reverse and forward
mode against central differences and through the Hessian; initial other than 0 refused."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.integrate as si  # noqa: E402
from scipy.integrate import cumulative_trapezoid, simpson  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

Y = rng(31).normal(size=(3, 6))
T = np.cumsum(rng(32).uniform(0.2, 1.0, size=6))


def simpson_even_with_points(y):
    return np.sum(simpson(y ** 2, x=T) * np.arange(1.0, 4.0))


def simpson_odd_with_spacing(y):
    return np.sum(si.simpson(np.sin(y[:, :5]), dx=0.3) ** 2)


def simpson_down_columns(y):
    return np.sum(np.cos(si.simpson(y.T, x=T[:, None] + y.T * 0.0, axis=0)))


def simpson_of_two_samples(y):
    return np.sum(simpson(y[:, :2] ** 3, x=T[:2]))


def cumulative_with_zero_in_front(y):
    return np.sum(cumulative_trapezoid(y ** 2, T, initial=0) * np.arange(18.0).reshape(3, 6))


def cumulative_down_columns_in_a_loop(y):
    total = 0.0
    for dx in (0.5, 1.5):
        total = total + np.sum(si.cumulative_trapezoid(np.tanh(y.T), dx=dx, axis=0) ** 2)
    return total


def trapezoid_spellings(y):
    return np.sum(si.trapezoid(y ** 2, T)) + np.sum(si.trapezoid(y, dx=0.1, axis=0) ** 2)


def with_respect_to_the_points(y):
    points = np.cumsum(np.exp(y[0]))
    return simpson(np.sin(points), x=points) + si.trapezoid(points ** 2, points) + np.sum(
        cumulative_trapezoid(np.cos(points), points))


CASES = [simpson_even_with_points, simpson_odd_with_spacing, simpson_down_columns, simpson_of_two_samples,
         cumulative_with_zero_in_front, cumulative_down_columns_in_a_loop, trapezoid_spellings,
         with_respect_to_the_points]


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
def test_integration_rules_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, Y)
    jvp_matches_finite_differences(fn, Y)
    hessian_matches_differences_of_the_gradient(fn, Y)


def simpson_of(y, x):
    return simpson(y, x=x)


def simpson_spaced(y):
    return si.simpson(y, dx=0.7, axis=0)


def cumulative_of(y, x):
    return cumulative_trapezoid(y, x, initial=0), si.cumulative_trapezoid(y, dx=0.25, axis=0)


@pytest.mark.parametrize("n", [2, 3, 4, 5, 8, 9])
def test_values_are_scipys(n):
    y = rng(n).normal(size=(n, 2))
    x = np.cumsum(rng(n + 1).uniform(0.1, 1.0, size=n))
    value, _ = transpiler.jvp(simpson_of, (y.T, x), (np.ones_like(y.T), np.zeros_like(x)))
    np.testing.assert_allclose(value, si.simpson(y.T, x=x), rtol=1e-13, atol=1e-14)
    value, _ = transpiler.jvp(simpson_spaced, (y,), (np.ones_like(y),))
    np.testing.assert_allclose(value, si.simpson(y, dx=0.7, axis=0), rtol=1e-13, atol=1e-14)
    value, _ = transpiler.jvp(cumulative_of, (y.T, x), (np.ones_like(y.T), np.zeros_like(x)))
    for ours, theirs in zip(value, (si.cumulative_trapezoid(y.T, x, initial=0),
                                    si.cumulative_trapezoid(y.T, dx=0.25, axis=0))):
        np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-14)


def cumulative_from_one(y):
    return np.sum(cumulative_trapezoid(y, initial=1.0))


def test_initial_other_than_zero_is_refused_where_written():
    with pytest.raises(TranspileError, match="initial=0 or None") as refusal:
        transpiler.grad(cumulative_from_one)(Y)
    assert f"test_scipy_integrate.py:{cumulative_from_one.__code__.co_firstlineno + 1}:" in str(refusal.value)
