"""scipy.spatial.distance.cdist ("sqeuclidean", "euclidean", "cityblock"; the other metrics:
test_scipy_spatial_metrics.py) and the distances of
two vectors (sqeuclidean, euclidean, cityblock, cosine, with weights w) as compositions
(primitives/scipy_spatial.py): values against SciPy's, reverse and forward mode against central
differences and the Hessian; a point's distance to itself has derivative 0, not NaN; another
metric refused where written."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.spatial.distance as distance  # noqa: E402
from scipy.spatial.distance import cdist  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

X = rng(41).normal(size=(4, 3))
OTHERS = rng(42).normal(size=(2, 3))


def rbf_kernel(x):
    return np.sum(np.exp(-cdist(x, OTHERS, "sqeuclidean")) * np.arange(8.0).reshape(4, 2))


def euclidean_keyword(x):
    return np.sum(cdist(OTHERS, x, metric="euclidean") ** 3)


def cityblock_default_and_loop(x):
    total = np.sum(cdist(x, x[:2] + 0.5))
    for scale in (1.0, 2.0):
        total = total + np.sum(np.sin(cdist(scale * x, OTHERS, "cityblock")))
    return total


def vector_distances(x):
    return (distance.euclidean(x[0], x[1]) + distance.sqeuclidean(x[1], x[2], np.array([1.0, 2.0, 0.5]))
            + distance.cityblock(x[2], x[3]) + distance.cosine(x[0], x[3]) + distance.cosine(x[1], x[2], w=x[3] ** 2)
            + distance.euclidean(x[2], x[0], w=np.array([0.5, 1.0, 2.0])))


@pytest.mark.parametrize("fn", [rbf_kernel, euclidean_keyword, cityblock_default_and_loop, vector_distances],
                         ids=lambda f: f.__name__)
def test_distances_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X)


def all_distances(x, y):
    return (cdist(x, y), cdist(x, y, "sqeuclidean"), cdist(x, y, "cityblock"), distance.euclidean(x[0], y[1]),
            distance.cosine(x[1], y[0]), distance.cityblock(x[2], y[1], w=y[0] ** 2))


def test_values_are_scipys():
    value, _ = transpiler.jvp(all_distances, (X, OTHERS), (np.ones_like(X), np.ones_like(OTHERS)))
    for ours, theirs in zip(value, all_distances(X, OTHERS)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-13)


def gram_of_itself(x):
    return np.sum(np.exp(-cdist(x, x)))


def test_a_points_distance_to_itself_has_derivative_zero():
    gradient = transpiler.grad(gram_of_itself)(X)
    assert np.all(np.isfinite(gradient))
    difference = X[:, None, :] - X[None, :, :]
    d = np.sqrt(np.sum(difference ** 2, axis=2))
    unit = np.divide(difference, d[..., None], out=np.zeros_like(difference), where=d[..., None] > 0)
    np.testing.assert_allclose(gradient, -2 * np.sum(np.exp(-d)[..., None] * unit, axis=1), rtol=1e-12)


def canberra(x):
    return np.sum(cdist(x, OTHERS, "canberra"))


def test_another_metric_is_refused():
    with pytest.raises(TranspileError, match="metric"):
        transpiler.grad(canberra)(X)
