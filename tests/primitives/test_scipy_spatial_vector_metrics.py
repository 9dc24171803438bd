"""The distances of two vectors that were refused as unknown (primitives/scipy_spatial.py):
minkowski, chebyshev, canberra, braycurtis, correlation, mahalanobis, seuclidean and
jensenshannon, with and without weights, in the spellings SciPy's signatures take; values against
SciPy's, reverse and forward mode against central differences and the Hessian; a zero distance
(a point and itself) has derivative 0, not NaN."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.spatial.distance as distance  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)
from scipy.spatial.distance import jensenshannon, mahalanobis  # noqa: E402

import transpiler  # noqa: E402

X = rng(61).uniform(0.2, 1.0, size=(2, 4))
W = np.array([1.0, 2.0, 0.5, 1.5])
VI = np.array([[2.0, 0.3, 0.0, 0.0], [0.3, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.1], [0.0, 0.0, 0.1, 3.0]])


def minkowski_orders(x):
    u, v = x
    return distance.minkowski(u, v, 3) + distance.minkowski(u, v, p=1.5, w=W) + distance.minkowski(u, v)


def ratio_metrics(x):
    u, v = x
    return (distance.canberra(u, -v) + distance.canberra(u, v, W) + distance.braycurtis(u, v)
            + distance.braycurtis(u, v, w=W))


def correlations(x):
    u, v = x
    return distance.correlation(u, v) + distance.correlation(u, v, w=W) + distance.correlation(u, v, centered=False)


def scaled_euclidean(x):
    u, v = x
    return mahalanobis(u, v, VI) + distance.seuclidean(u, v, W) ** 2


def divergences(x):
    return jensenshannon(x[0], x[1]) + jensenshannon(x[0], x[1], base=2.0) + np.sum(jensenshannon(x, x[::-1], axis=1))


SMOOTH = [minkowski_orders, ratio_metrics, correlations, scaled_euclidean, divergences]


@pytest.mark.parametrize("fn", SMOOTH, ids=lambda f: f.__name__)
def test_smooth_metrics_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X)


def largest_differences(x):
    u, v = x
    return distance.chebyshev(u, v) + distance.chebyshev(u, v, w=np.array([1.0, 0.0, 1.0, 1.0])) * 2 \
        + distance.minkowski(u, v, np.inf) * 3


def test_the_largest_difference_is_differentiated_in_both_modes():
    gradient_matches_finite_differences(largest_differences, X)
    jvp_matches_finite_differences(largest_differences, X)


def every_metric(x):
    u, v = x
    return (distance.minkowski(u, v, 3), distance.minkowski(u, v, 1.5, W), distance.minkowski(u, v, np.inf),
            distance.chebyshev(u, v), distance.chebyshev(u, v, np.array([1.0, 0.0, 1.0, 1.0])), distance.canberra(u, v),
            distance.canberra(u, np.zeros(4) * u), distance.braycurtis(u, v, W), distance.correlation(u, v, W),
            distance.correlation(u, v, centered=False), mahalanobis(u, v, VI), distance.seuclidean(u, v, W),
            jensenshannon(u, v), jensenshannon(u, v, 2.0), jensenshannon(x, x[::-1], axis=1, keepdims=True))


def test_values_are_scipys():
    got = transpiler.jvp(every_metric, (X,), (np.zeros_like(X),))[0]
    for mine, scipys in zip(got, every_metric(X)):
        np.testing.assert_allclose(mine, scipys, rtol=1e-12, atol=1e-14)


def distances_to_itself(x):
    u = x[0]
    return mahalanobis(u, u, VI) + distance.seuclidean(u, u, W) + jensenshannon(u, u)


def test_a_zero_distance_has_derivative_zero():
    assert np.all(transpiler.grad(distances_to_itself)(X) == 0.0)
