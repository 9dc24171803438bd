"""cdist's and pdist's "sqeuclidean" and "euclidean" metrics through ``squared_distances``
(primitives/scipy_spatial.py): SciPy's own ``cdist`` as the primal and matrix products as the rules
(no (n, m, d) broadcast difference), in both modes and the Hessian against differences, for either
argument; at coincident points the gradient is the broadcast composition's (a distance 0 has
derivative 0)."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from scipy.spatial.distance import cdist, pdist  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402
from transpiler.primitives.scipy_spatial import squared_distances  # noqa: E402

POINTS = rng(51).normal(size=(5, 3))
CENTRES = rng(52).normal(size=(4, 3))
WEIGHTS = rng(53).normal(size=(5, 4))


def kernel_in_the_points(x):
    return np.sum(WEIGHTS * np.exp(-cdist(x, CENTRES, "sqeuclidean")))


def kernel_in_the_centres(z):
    return np.sum(WEIGHTS * np.sin(cdist(POINTS, z, metric="euclidean")))


def both_arguments_one_array(x):
    return np.sum(WEIGHTS[:, :2] * cdist(x, x[:2] * 2.0, "sqeuclidean") ** 1.5)


def condensed(x):
    return np.sum(np.cos(pdist(x, "sqeuclidean"))) + np.sum(pdist(x) ** 3)


# the rule's finite-difference cases (tests/primitives/test_array_rules.py checks every rule has some)
CASES = {squared_distances: [(kernel_in_the_points, (POINTS,), (0,)), (kernel_in_the_centres, (CENTRES,), (0,)),
                             (both_arguments_one_array, (POINTS,), (0,)), (condensed, (POINTS,), (0,))]}


@pytest.mark.parametrize("fn, args, wrt", CASES[squared_distances], ids=lambda c: getattr(c, "__name__", ""))
def test_squared_distances_in_both_modes_and_the_hessian(fn, args, wrt):
    (x,) = args
    gradient_matches_finite_differences(fn, x)
    jvp_matches_finite_differences(fn, x)
    hessian_matches_differences_of_the_gradient(fn, x)


def test_values_are_scipys():
    def distances(x, z):
        return cdist(x, z), cdist(x, z, "sqeuclidean"), pdist(x), pdist(x, "sqeuclidean")

    value, _ = transpiler.jvp(distances, (POINTS, CENTRES), (np.ones_like(POINTS), np.ones_like(CENTRES)))
    for ours, theirs in zip(value, distances(POINTS, CENTRES)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-13)


def by_broadcasting(x, z):
    """The Euclidean distances as the composition wrote them before: a distance 0 has derivative 0."""
    difference = x[:, None, :] - z[None, :, :]
    squared = np.sum(difference * difference, axis=-1)
    return np.where(squared == 0, 0.0, np.sqrt(np.where(squared == 0, 1.0, squared)))


def test_coincident_points_have_the_broadcast_compositions_gradient():
    centres = CENTRES.copy()
    centres[1], centres[3] = POINTS[2], POINTS[4]
    with_cdist = transpiler.grad(lambda x, z: np.sum(WEIGHTS * np.exp(-cdist(x, z))), wrt=(0, 1))(POINTS, centres)
    composed = transpiler.grad(lambda x, z: np.sum(WEIGHTS * np.exp(-by_broadcasting(x, z))), wrt=(0, 1))(
        POINTS, centres)
    for ours, theirs in zip(with_cdist, composed):
        assert np.all(np.isfinite(ours))
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


def test_the_gradient_makes_no_broadcast_difference():
    source = transpiler.grad(kernel_in_the_points).source(args=(POINTS,))
    gradient = source[source.index("def kernel_in_the_points"):]     # (after the helper's own source)
    assert "squared_distances(x, CENTRES)" in gradient
    assert "None, :" not in gradient


def student_t_affinities(x):
    """The condensed distances changed in place, the points read after (the regression this
    guards, t-SNE's `dist /= k` refused as a write to a view of X, is pinned by
    tests/realworld sklearn_tsne_kl)."""
    points = x.reshape(5, 3)
    dist = pdist(points, "sqeuclidean")
    dist /= 2.0
    dist += 1.0
    total = np.sum(np.log(dist))
    for i in range(2):                      # (the points read after the write)
        total = total + np.dot(dist[:5], points[i] - points)[0]
    return total


def test_distances_are_a_new_array_written_in_place():
    gradient_matches_finite_differences(student_t_affinities, POINTS.ravel())
