"""The ufunc methods ``reduce`` and ``outer`` (primitives/ufunc_methods.py), written as the
functions they equal: along axis 0 by default, along any axis given, ``keepdims``; reverse mode,
forward mode and second order against central finite differences, values equal to NumPy's."""
import numpy as np
import pytest
from array_check import check_gradient, hessian_by_differences, numeric_gradient, rng

import transpiler

X = rng(80).normal(size=(4, 3))
V = np.array([0.3, -1.2, 2.0, 0.7])
WEIGHTS = rng(81).normal(size=(4, 3))


def sums_and_products(x):
    return np.sum(np.add.reduce(x) ** 2) + np.sum(np.multiply.reduce(x, axis=1) * WEIGHTS[:, 0])


def extrema_along_rows(x):
    return np.sum(np.maximum.reduce(x, 1) ** 2) - np.sum(np.minimum.reduce(x, axis=0, keepdims=True))


def log_sum_exp(x):
    return np.sum(np.logaddexp.reduce(x, axis=1) * WEIGHTS[:, 1]) + np.logaddexp.reduce(x.ravel())


def outer_products(v):
    return np.sum(np.multiply.outer(v, v[:3]) ** 2) + np.sum(np.exp(-np.subtract.outer(v, v) ** 2))


def outer_of_a_matrix_and_a_vector(x):
    return np.sum(np.add.outer(x, V[:2]) * np.hypot.outer(V, V[:2])[:, None, :])


CASES = [(sums_and_products, X), (extrema_along_rows, X), (log_sum_exp, X), (outer_products, V),
         (outer_of_a_matrix_and_a_vector, X)]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case[0].__name__)
def test_value_gradient_and_tangent_match_numpy_and_finite_differences(case):
    fn, x = case
    value, _ = transpiler.value_and_grad(fn)(x)
    assert value == pytest.approx(fn(x), rel=1e-13)
    check_gradient(fn, (x,), rtol=1e-5, atol=1e-7)
    direction = rng(82).normal(size=np.shape(x))
    _, tangent = transpiler.jvp(fn, (x,), (direction,))
    np.testing.assert_allclose(tangent, np.sum(numeric_gradient(fn, [x], 0) * direction), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("case", CASES[2:4], ids=lambda case: case[0].__name__)
def test_hessian_matches_differences_of_the_gradient(case):
    fn, x = case
    np.testing.assert_allclose(transpiler.hessian(fn)(x), hessian_by_differences(fn, x), rtol=1e-4, atol=1e-6)
