"""Python's ``statistics`` module on floats (primitives/python_statistics.py): value and gradient
against the library and finite differences, forward mode against reverse, Hessian-vector
products against differences of the gradient; the functions without a composition refused,
located, where a differentiated value reaches them, and run where none does."""
import statistics

import numpy as np
import pytest

import composition_checks
import transpiler

X = np.array([0.3, -0.7, 1.2, 0.45])
ODD = X[:3]

CASES = {
    "mean": (lambda x: statistics.mean(x) ** 2, X),
    "mean of a list display": (lambda x: statistics.mean([x[0], 2 * x[1], x[2]]) ** 2, X),
    "fmean": (lambda x: statistics.fmean(x) * x[0], X),
    "fmean weighted": (lambda x: statistics.fmean(x, weights=[1.0, 2.0, 3.0, 0.5]) ** 2, X),
    "median of an odd count": (lambda x: statistics.median(x) * x[0], ODD),
    "median of an even count": (lambda x: statistics.median(x) * x[0], X),
    "median_low": (lambda x: statistics.median_low(x) ** 2, X),
    "median_high": (lambda x: statistics.median_high(x) ** 2, X),
    "pvariance": (lambda x: statistics.pvariance(x), X),
    "pvariance about mu": (lambda x: statistics.pvariance(x, mu=0.2), X),
    "variance": (lambda x: statistics.variance(x), X),
    "variance about xbar": (lambda x: statistics.variance(x, x[0]), X),
    "pstdev": (lambda x: statistics.pstdev(x), X),
    "stdev of a comprehension": (lambda x: statistics.stdev([2 * v for v in x]), X),
    "geometric_mean": (lambda x: statistics.geometric_mean(np.exp(x)), X),
    "harmonic_mean": (lambda x: statistics.harmonic_mean(x ** 2 + 1.0), X),
    "harmonic_mean weighted": (lambda x: statistics.harmonic_mean(x ** 2 + 1.0, weights=[1.0, 2.0, 0.5, 1.0]), X),
    "covariance": (lambda x: statistics.covariance(x, x ** 2), X),
    "correlation": (lambda x: statistics.correlation(x, np.sin(x)), X),
}


@pytest.mark.parametrize("name", CASES)
def test_value_and_gradient(name):
    fn, x = CASES[name]
    composition_checks.value_and_gradient(fn, (x,))


@pytest.mark.parametrize("name", CASES)
def test_forward_matches_reverse(name):
    fn, x = CASES[name]
    composition_checks.forward_matches_reverse(fn, (x,))


@pytest.mark.parametrize("name", CASES)
def test_hvp_matches_differences_of_the_gradient(name):
    fn, x = CASES[name]
    composition_checks.hvp_matches_differences(fn, (x,), 0.01)


def mode_of_the_data(x):
    return statistics.mode(x) * x[0]


def mode_of_constants(x):
    return statistics.mode([1.0, 2.0, 2.0]) * x[0]


def test_the_library_function_itself_is_differentiated():
    np.testing.assert_allclose(transpiler.grad(statistics.pvariance)(X), 2 * (X - X.mean()) / X.size, rtol=1e-12)


def test_without_a_composition_refused_where_differentiated_and_run_where_not():
    with pytest.raises(transpiler.UnknownFunctionError,
                       match=r"test_python_statistics.py:\d+:\d+: `statistics.mode` is not differentiable here"):
        transpiler.grad(mode_of_the_data)(X)
    np.testing.assert_allclose(transpiler.grad(mode_of_constants)(X), [2.0, 0.0, 0.0, 0.0])
