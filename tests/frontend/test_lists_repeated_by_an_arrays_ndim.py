"""``[slice(None)] * image.ndim`` is a new list (scikit-image's ``_denoise_tv_chambolle_nd``;
tests/realworld/skimage_tv_chambolle.py): ``x.ndim`` and ``x.size`` are Python ints, so the
product is a list's repetition, never NumPy's product with an array (frontend/containers.py),
also where the count was bound before the loop that repeats the list. Two such lists were taken
for memory they may share, and writing one then reading the other was refused."""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip


def divergence_once(image, p):
    ndim = image.ndim
    d = -p.sum(0)
    slices_d = [slice(None), ] * ndim
    slices_p = [slice(None), ] * (ndim + 1)
    for ax in range(ndim):
        slices_d[ax] = slice(1, None)
        slices_p[ax + 1] = slice(0, -1)
        slices_p[0] = ax
        d[tuple(slices_d)] += p[tuple(slices_p)]
        slices_d[ax] = slice(None)
        slices_p[ax + 1] = slice(None)
    return np.sum((image + d) ** 2)


def lists_made_in_a_loop(image, p):
    ndim = image.ndim
    total = 0.0
    for step in range(3):
        lo = [slice(None)] * ndim
        hi = [slice(None)] * p.ndim
        lo[step % ndim] = slice(1, None)
        hi[0] = step % 2
        total = total + np.sum(image[tuple(lo)] ** 2) * np.sum(p[tuple(hi)])
    return total


def repeated_by_size(image, p):
    weights = [1.0] * image.size
    weights[0] = 2.0
    return np.sum(np.asarray(weights) * image.ravel() ** 2) + np.sum(p)


CASES = [divergence_once, lists_made_in_a_loop, repeated_by_size]
IMAGE = np.arange(12.0).reshape(3, 4) / 7.0
P = np.cos(np.arange(24.0)).reshape(2, 3, 4)


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_the_printed_ir_computes_the_functions_value(f):
    assert roundtrip.mismatch(f, (IMAGE, P)) is None


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, IMAGE, P, wrt=(0, 1))
    assert report.ok, report


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_forward_mode_matches_finite_differences(f):
    rng = np.random.RandomState(0)
    t_image, t_p = rng.randn(*IMAGE.shape), rng.randn(*P.shape)
    value, derivative = transpiler.jvp(f, (IMAGE, P), (t_image, t_p))
    h = 1e-6
    assert value == pytest.approx(f(IMAGE, P), rel=1e-12)
    numeric = (f(IMAGE + h * t_image, P + h * t_p) - f(IMAGE - h * t_image, P - h * t_p)) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-6)
