"""pdist and cdist with the metrics "chebyshev", "minkowski" (``p=``), "cosine" and "correlation",
and pdist's "euclidean" at a zero distance (primitives/scipy_spatial.py): values against SciPy's,
reverse and forward mode against central differences and the Hessian."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.spatial.distance as distance  # noqa: E402
from scipy.spatial.distance import cdist, pdist  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402

X = rng(51).normal(size=(4, 3))
OTHERS = rng(52).normal(size=(2, 3))
WEIGHTS = np.arange(1.0, 7.0)


def minkowski_p3(x):
    return np.sum(pdist(x, "minkowski", p=3) * WEIGHTS)


def minkowski_default_p_in_a_loop(x):
    total = 0.0
    for scale in (1.0, 0.5):
        total = total + np.sum(distance.cdist(scale * x, OTHERS, metric="minkowski") ** 2)
    return total


def cosine_both(x):
    return np.sum(pdist(x, metric="cosine") * WEIGHTS) + np.sum(np.exp(-cdist(x, OTHERS, "cosine")))


def correlation_both(x):
    return np.sum(pdist(x, "correlation") ** 2) + np.sum(cdist(OTHERS, x, "correlation") * np.arange(8.0).reshape(2, 4))


def chebyshev_both(x):
    return np.sum(pdist(x, "chebyshev") * WEIGHTS) + np.sum(cdist(x, OTHERS, "chebyshev") ** 2)


@pytest.mark.parametrize("fn", [minkowski_p3, minkowski_default_p_in_a_loop, cosine_both, correlation_both],
                         ids=lambda f: f.__name__)
def test_smooth_metrics_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X)


def test_chebyshev_in_both_modes_and_the_hessian_in_both_modes():
    gradient_matches_finite_differences(chebyshev_both, X)
    jvp_matches_finite_differences(chebyshev_both, X)
    hessian_matches_differences_of_the_gradient(chebyshev_both, X)
    np.testing.assert_allclose(transpiler.hessian(chebyshev_both, mode="forward")(X),
                               transpiler.hessian(chebyshev_both)(X), rtol=1e-10, atol=1e-12)


def every_metric(x, y):
    return (pdist(x, "minkowski", p=3), pdist(x, "minkowski", p=1.5), pdist(x, "chebyshev"), pdist(x, "cosine"),
            pdist(x, "correlation"), cdist(x, y, "minkowski", p=3), cdist(x, y, "chebyshev"), cdist(x, y, "cosine"),
            cdist(x, y, "correlation"))


def test_values_are_scipys():
    value, _ = transpiler.jvp(every_metric, (X, OTHERS), (np.ones_like(X), np.ones_like(OTHERS)))
    for ours, theirs in zip(value, every_metric(X, OTHERS)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)


def weighted_pairs(x):
    return np.sum(pdist(x) * WEIGHTS) + np.sum(pdist(x, "minkowski", p=3))


def test_a_zero_distance_in_pdist_has_derivative_zero_as_in_cdist():
    repeated = X.copy()
    repeated[2] = repeated[0]
    gradient = transpiler.grad(weighted_pairs)(repeated)
    assert np.all(np.isfinite(gradient))
    apart = [k for k, (i, j) in enumerate(zip(*np.triu_indices(4, 1))) if (i, j) != (0, 2)]

    def without_the_zero(x):       # the same sum without the pair at distance 0 (a subgradient 0 there)
        return np.sum(pdist(x)[apart] * WEIGHTS[apart]) + np.sum(pdist(x, "minkowski", p=3)[apart])

    np.testing.assert_allclose(gradient, transpiler.grad(without_the_zero)(repeated), rtol=1e-12)
    _, tangent = transpiler.jvp(weighted_pairs, (repeated,), (np.ones_like(X),))
    assert np.isfinite(tangent)
