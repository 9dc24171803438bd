"""primitives/scipy_splines.py and scipy_interpolate.py, run as NumPy (what the lowering inlines),
give SciPy's values to rounding: every spline and interp1d kind, knots two to nine, data of one to
three axes interpolated along each, every bc_type, nu 0 to 3, with and without extrapolation."""
import numpy as np
import pytest

from transpiler.primitives import scipy_interpolate, scipy_splines

interpolate = pytest.importorskip("scipy.interpolate")
RNG = np.random.default_rng(11)
CONDITIONS = {"not-a-knot": ("not-a-knot", None), "periodic": ("periodic", None), "clamped": (1, None),
              "natural": (2, None)}


def cases(smallest):
    for n in (smallest, 3, 4, 9):
        x = np.cumsum(RNG.uniform(0.2, 1.0, max(n, smallest)))
        for shape in ((len(x),), (len(x), 2), (2, len(x), 3)):
            axis = shape.index(len(x))
            y = RNG.normal(size=shape)
            q = np.concatenate([np.linspace(x[0] - 0.5, x[-1] + 0.5, 15), x])
            yield x, y, axis, q


def assert_same(got, expected):
    assert got.shape == expected.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_allclose(got, expected, rtol=1e-11, atol=1e-11)


@pytest.mark.parametrize("conditions", ["not-a-knot", "natural", "clamped", "periodic", "given"])
def test_cubic_spline_values(conditions):
    for x, y, axis, q in cases(2 if conditions != "periodic" else 3):
        rest = np.shape(np.take(y, 0, axis=axis))
        bc = ((1, np.full(rest, 0.3)), (2, np.full(rest, -0.4))) if conditions == "given" else conditions
        if bc == "periodic":
            y = y.copy()
            np.moveaxis(y, axis, 0)[-1] = np.moveaxis(y, axis, 0)[0]
        start, end = (CONDITIONS[bc], CONDITIONS[bc]) if isinstance(bc, str) else bc
        for extrapolate in (None, False):
            spline = interpolate.CubicSpline(x, y, axis=axis, bc_type=bc, extrapolate=extrapolate)
            for nu in range(4):
                assert_same(scipy_splines.cubic_spline(x, y, q, nu, axis=axis, spline_extrapolate=extrapolate,
                                                       start=start[0], start_value=start[1], end=end[0],
                                                       end_value=end[1]), spline(q, nu))


@pytest.mark.parametrize("maker, ours, options", [
    (interpolate.PchipInterpolator, scipy_splines.pchip, {}),
    (interpolate.Akima1DInterpolator, scipy_splines.akima, {"method": "akima"}),
    (interpolate.Akima1DInterpolator, scipy_splines.akima, {"method": "makima"}),
])
def test_local_slope_interpolators_values(maker, ours, options):
    for x, y, axis, q in cases(2):
        for nu in range(4):
            assert_same(ours(x, y, q, nu, axis=axis, **options), maker(x, y, axis=axis, **options)(q, nu))


@pytest.mark.parametrize("k", [0, 1, 2, 3, 5])
def test_make_interp_spline_values(k):
    for x, y, axis, q in cases(k + 1):
        spline = interpolate.make_interp_spline(x, y, k=k, axis=axis)
        for extrapolate in (None, False, "periodic"):
            for nu in range(k + 2):
                assert_same(scipy_splines.interpolating_spline(x, y, q, nu, extrapolate, k=k, axis=axis),
                            spline(q, nu, extrapolate=extrapolate))


@pytest.mark.parametrize("kind", scipy_interpolate.INTERP1D_KINDS)
def test_interp1d_values(kind):
    for x, y, axis, q in cases(4):
        shuffled = RNG.permutation(len(x))
        x, y = x[shuffled], np.take(y, shuffled, axis=axis)
        for options in ({"bounds_error": False}, {"fill_value": "extrapolate"},
                        {"bounds_error": False, "fill_value": (1.5, -2.0)}):
            expected = interpolate.interp1d(x, y, kind=kind, axis=axis, **options)(q)
            assert_same(scipy_interpolate.interp1d(x, y, q, kind=kind, axis=axis, **options), expected)
