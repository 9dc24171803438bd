"""scipy.ndimage's linear filters (primitives/scipy_ndimage.py): correlate, convolve,
correlate1d, convolve1d, uniform_filter1d, uniform_filter, gaussian_filter1d, gaussian_filter as
users call them (every mode, cval, origin, even and odd sizes, per-axis sizes and sigmas, in a
loop), values against SciPy's, derivatives in the image and in the weights in reverse and forward
mode against central differences and through the Hessian; output= and order > 0 refused."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.ndimage as nd  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

IMAGE = rng(51).normal(size=(5, 6))
WEIGHTS = rng(52).normal(size=(3, 2))
MODES = ["reflect", "mirror", "nearest", "wrap", "constant", "grid-mirror", "grid-wrap", "grid-constant"]


def every_filter(m, w, mode):
    return (nd.correlate(m, w, mode=mode, cval=0.5), nd.convolve(m, w, None, mode, 0.25, (1, -1)),
            nd.correlate1d(m, w[:, 0], 0, mode=mode), nd.convolve1d(m, w[0], mode=mode, origin=-1),
            nd.uniform_filter1d(m, 4, axis=1, mode=mode), nd.uniform_filter(m, (3, 2), mode=mode),
            nd.gaussian_filter1d(m, 0.8, axis=0, mode=mode), nd.gaussian_filter(m, (1.0, 0.6), mode=mode),
            nd.gaussian_filter(m, 0.7, mode=mode, truncate=2.0), nd.uniform_filter(m, mode=mode),
            nd.sobel(m, mode=mode, cval=0.5), nd.sobel(m, 0, mode=mode), nd.prewitt(m, axis=-2, mode=mode),
            nd.laplace(m, mode=mode, cval=0.25))


@pytest.mark.parametrize("mode", MODES)
def test_values_are_scipys(mode):
    def filtered(m, w):
        return every_filter(m, w, mode)

    value, _ = transpiler.jvp(filtered, (IMAGE, WEIGHTS), (np.ones_like(IMAGE), np.ones_like(WEIGHTS)))
    for ours, theirs in zip(value, every_filter(IMAGE, WEIGHTS, mode)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-13)


def smoothed_energy(m):
    return np.sum(nd.gaussian_filter(m, 1.0) ** 2) + np.sum(np.sin(nd.gaussian_filter1d(m, 0.6, mode="wrap")))


def correlation_with_learned_weights(m):
    return np.sum(nd.correlate(m, m[:3, :2] * 0.5, mode="nearest") ** 2)


def convolutions_in_a_loop(m):
    total = 0.0
    for mode in ("mirror", "constant"):
        total = total + np.sum(nd.convolve(m, WEIGHTS, mode=mode, cval=1.5) ** 2)
    return total + np.sum(nd.convolve1d(m, [1.0, -2.0, 0.5, 1.0], axis=0) ** 3)


def box_filters(m):
    return np.sum(nd.uniform_filter(m, 3) * m) + np.sum(nd.uniform_filter1d(m ** 2, 2, mode="grid-wrap"))


def edge_magnitude(m):
    return np.sum(np.hypot(nd.sobel(m, 0), nd.sobel(m, 1))) + np.sum(nd.prewitt(m) ** 2) + np.sum(nd.laplace(m) ** 2)


@pytest.mark.parametrize("fn", [smoothed_energy, correlation_with_learned_weights, convolutions_in_a_loop,
                                box_filters, edge_magnitude], ids=lambda f: f.__name__)
def test_filters_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, IMAGE)
    jvp_matches_finite_differences(fn, IMAGE)
    hessian_matches_differences_of_the_gradient(fn, IMAGE)


def gaussian_derivative(m):
    return np.sum(nd.gaussian_filter(m, 1.0, order=1))


def into_an_output(m):
    return np.sum(nd.correlate(m, WEIGHTS, output=np.zeros_like(m)))


@pytest.mark.parametrize("fn, says", [(gaussian_derivative, "order > 0"), (into_an_output, "output=")],
                         ids=["order", "output"])
def test_what_has_no_composition_is_refused(fn, says):
    with pytest.raises(TranspileError, match=says):
        transpiler.grad(fn)(IMAGE)


def modes_per_axis(m):
    return np.sum(nd.correlate(m, WEIGHTS, mode=["reflect", "wrap"]))


def test_a_mode_per_axis_stops_when_the_filter_runs():
    with pytest.raises(NotImplementedError, match="pass one such string"):
        transpiler.grad(modes_per_axis)(IMAGE)
