"""scipy.interpolate's splines made in the function and called (frontend/callable_objects.py,
primitives/scipy_splines.py): ``CubicSpline`` (each bc_type, ``nu``, ``extrapolate``, ``axis``),
``PchipInterpolator``, ``Akima1DInterpolator``, ``make_interp_spline(x, y, k)`` and interp1d's other kinds. Values are SciPy's; gradients, jvps
and a Hessian agree with finite differences, in the data, the knots and the new points; the
interpolators not compiled are refused where they are made."""
import inspect

import numpy as np
import pytest

import transpiler

interpolate = pytest.importorskip("scipy.interpolate")

KNOTS = np.array([0.0, 0.4, 1.1, 1.5, 2.3, 3.0])
DATA = np.array([0.3, -0.5, 1.2, 0.4, -0.2, 0.3])        # (first equals last: periodic allowed)
QUERY = np.array([-0.3, 0.15, 0.65, 1.25, 1.85, 2.6, 3.3])  # (two outside; none on a knot, a midpoint, wrapped or not)
INSIDE = QUERY[1:-1]


def not_a_knot(y, q):
    cs = interpolate.CubicSpline(KNOTS, np.sin(y) + y)
    return np.sum(cs(q) ** 2) + np.sum(cs(q, 1) * q) + np.sum(cs(q, nu=2))


def natural(y, q):
    cs = interpolate.CubicSpline(KNOTS, np.sin(y) + y, bc_type="natural")
    return np.sum(cs(q) ** 2) + np.sum(cs(q, 1) * q) + np.sum(cs(q, nu=2))


def clamped(y, q):
    cs = interpolate.CubicSpline(KNOTS, np.sin(y) + y, bc_type="clamped")
    return np.sum(cs(q) ** 2) + np.sum(cs(q, 1) * q) + np.sum(cs(q, nu=2))


def given_derivatives(y, q):
    cs = interpolate.CubicSpline(KNOTS, np.sin(y) + y, bc_type=((1, y[0]), (2, -1.0)))   # (a slope from the data)
    return np.sum(cs(q) ** 2) + np.sum(cs(q, 1) * q) + np.sum(cs(q, nu=2))


def not_extrapolated(y, q):
    cs = interpolate.CubicSpline(KNOTS, np.sin(y) + y, bc_type="natural", extrapolate=False)
    return np.sum(cs(q) ** 2) + np.sum(cs(q, 1) * q) + np.sum(cs(q, nu=2))


def periodic_in_y(y, q):
    closed = np.concatenate([y[:-1], y[:1]])                  # (periodic data: the last is the first)
    cs = interpolate.CubicSpline(KNOTS, closed, bc_type="periodic")
    return np.sum(np.tanh(cs(q))) + np.sum(cs(q, 1) ** 2)


SPLINES = [not_a_knot, natural, clamped, given_derivatives, not_extrapolated, periodic_in_y]


@pytest.mark.parametrize("f", SPLINES)
def test_a_cubic_spline_is_scipys_value_and_is_differentiated_in_data_and_points(f):
    q = INSIDE if f is not_extrapolated else QUERY              # (extrapolate=False: NaN outside)
    value, _ = transpiler.value_and_grad(f, wrt=(0, 1))(DATA, q)
    assert value == pytest.approx(f(DATA, q), rel=1e-12)
    assert transpiler.check_grad(f, DATA, q, wrt=(0, 1)).ok
    _, tangent = transpiler.jvp(f, (DATA, q), (np.ones(6), np.ones(len(q))))
    gy, gq = transpiler.grad(f, wrt=(0, 1))(DATA, q)
    assert tangent == pytest.approx(np.sum(gy) + np.sum(gq), rel=1e-10)


def test_a_point_outside_the_knots_is_nan_without_extrapolation_as_in_scipy():
    def values(y, q):
        cs = interpolate.CubicSpline(KNOTS, y, extrapolate=False)
        return cs(q, 1)
    got = transpiler.jvp(values, (DATA, QUERY), (np.ones(6), np.zeros(7)))[0]
    np.testing.assert_array_equal(np.isnan(got), [True, False, False, False, False, False, True])
    np.testing.assert_allclose(got, values(DATA, QUERY), rtol=1e-12)


def moving_knots(t, y, q):
    cs = interpolate.CubicSpline(np.cumsum(t), y, bc_type="natural")
    return np.sum(cs(q) ** 2)


def test_a_cubic_spline_is_differentiated_in_its_knots():
    steps = np.array([0.0, 0.4, 0.7, 0.4, 0.8, 0.7])
    assert transpiler.check_grad(moving_knots, steps, DATA, INSIDE, wrt=(0, 1, 2)).ok


def along_axis_one(y, q):
    table = np.outer(np.array([1.0, -2.0]), y) + np.arange(2.0)[:, None]    # (2, 6): along axis 1
    cs = interpolate.CubicSpline(KNOTS, table, axis=1, bc_type="not-a-knot")
    return np.sum(np.sin(cs(q.reshape(5, 1), 1)))


def test_a_cubic_spline_along_an_axis_has_scipys_shape_and_gradient():
    def values(y, q):
        cs = interpolate.CubicSpline(KNOTS, np.outer(np.array([1.0, 2.0]), y), axis=1)
        return cs(q.reshape(5, 1))
    result = transpiler.jvp(values, (DATA, INSIDE), (np.ones(6), np.ones(5)))[0]
    assert result.shape == (2, 5, 1)
    np.testing.assert_allclose(result, values(DATA, INSIDE), rtol=1e-12)
    assert transpiler.value_and_grad(along_axis_one)(DATA, INSIDE)[0] == pytest.approx(along_axis_one(DATA, INSIDE))
    assert transpiler.check_grad(along_axis_one, DATA, INSIDE, wrt=(0, 1)).ok


def test_the_hessian_of_a_spline_fit_matches_finite_differences():
    def energy(y):
        cs = interpolate.CubicSpline(KNOTS, y ** 2)
        return np.sum(cs(INSIDE) ** 2)
    hessian = transpiler.hessian(energy)(DATA)
    grad = transpiler.grad(energy)
    step = 1e-6
    numeric = np.stack([(grad(DATA + step * e) - grad(DATA - step * e)) / (2 * step) for e in np.eye(6)])
    np.testing.assert_allclose(hessian, numeric, rtol=1e-6, atol=1e-7)


def test_float32_data_is_interpolated_in_float64_as_scipy_does():
    y = DATA.astype(np.float32)

    def spline(y, q):
        cs = interpolate.CubicSpline(KNOTS, y)
        return cs(q)
    got = transpiler.jvp(spline, (y, INSIDE), (np.ones(6, np.float32), np.zeros(5)))[0]
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, spline(y, INSIDE), rtol=1e-12)
    assert transpiler.check_grad(lambda y: np.sum(spline(y, INSIDE) ** 2), y.astype(np.float64)).ok


def nearest_values(y, q):
    f = interpolate.interp1d(KNOTS, y, kind="nearest", bounds_error=False)
    return f(q)


def cubic_values(y, q):
    f = interpolate.interp1d(KNOTS, y, kind="cubic", bounds_error=False)
    return f(q)


@pytest.mark.parametrize("values", [nearest_values, cubic_values])
def test_float32_data_keeps_scipys_result_dtype(values):
    y = DATA.astype(np.float32)         # (nearest: float32, the fill written into it; cubic: float64)
    got = transpiler.jvp(values, (y, QUERY), (np.ones(6, np.float32), np.zeros(7)))[0]
    expected = values(y, QUERY)
    assert got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-12)


LOCAL_KNOTS = np.array([0.0, 1.0, 1.5, 2.5, 4.0])


CONDITIONS = "natural"


def test_options_from_a_global_or_a_closure_are_constants():
    degree = 2

    def spline(y):
        cs = interpolate.CubicSpline(KNOTS, y, bc_type=CONDITIONS)
        spl = interpolate.make_interp_spline(KNOTS, y, k=degree)
        return np.sum(cs(INSIDE) * spl(INSIDE))
    assert transpiler.value_and_grad(spline)(DATA)[0] == pytest.approx(spline(DATA), rel=1e-12)
    assert transpiler.check_grad(spline, DATA).ok


def test_the_data_may_be_passed_by_name():
    def spline(y):
        cs = interpolate.CubicSpline(x=KNOTS, y=y, bc_type="natural")
        f = interpolate.interp1d(KNOTS, y=y, kind="quadratic")
        return np.sum(cs(INSIDE) * f(INSIDE))
    assert transpiler.value_and_grad(spline)(DATA)[0] == pytest.approx(spline(DATA), rel=1e-12)
    assert transpiler.check_grad(spline, DATA).ok


def test_knots_from_a_closure_and_a_global_are_read_at_call_time():
    knots = LOCAL_KNOTS * 0.5

    def from_closure(y):
        cs = interpolate.CubicSpline(knots, y)
        return np.sum(cs(np.array([0.3, 1.1])) ** 2)

    def from_global(y):
        spl = interpolate.make_interp_spline(LOCAL_KNOTS, y, k=2)
        return np.sum(spl(np.array([0.3, 3.1])) ** 2)
    y = np.array([1.0, -0.5, 0.2, 0.9, -1.1])
    for f in (from_closure, from_global):
        assert transpiler.value_and_grad(f)(y)[0] == pytest.approx(f(y), rel=1e-12)
        assert transpiler.check_grad(f, y).ok


def monotone(y, q):
    p = interpolate.PchipInterpolator(KNOTS, np.stack([y, np.cumsum(y ** 2)], axis=1))   # (6, 2): along axis 0
    return np.sum(p(q) ** 2) + np.sum(p(q, 1)[:, 0] * q)


def monotone_not_extrapolated(y, q):
    p = interpolate.PchipInterpolator(KNOTS, y * 2.0, extrapolate=False)
    return np.sum(np.sin(p(q[1:-1], nu=2)))


@pytest.mark.parametrize("f", [monotone, monotone_not_extrapolated])
def test_a_pchip_interpolator_is_scipys_value_and_is_differentiated(f):
    assert transpiler.value_and_grad(f, wrt=(0, 1))(DATA, QUERY)[0] == pytest.approx(f(DATA, QUERY), rel=1e-12)
    assert transpiler.check_grad(f, DATA, QUERY, wrt=(0, 1)).ok
    _, tangent = transpiler.jvp(f, (DATA, QUERY), (np.ones(6), np.ones(7)))
    gy, gq = transpiler.grad(f, wrt=(0, 1))(DATA, QUERY)
    assert tangent == pytest.approx(np.sum(gy) + np.sum(gq), rel=1e-10)


def test_a_pchip_slope_is_zero_where_the_data_turn():
    def end_slopes(y):
        p = interpolate.PchipInterpolator(KNOTS, y)
        return p(KNOTS, 1)
    jacobian = transpiler.jacobian(end_slopes)(DATA)
    turning = [1, 2, 4]     # (DATA's secants change sign there: PCHIP's slope is 0 whatever y does nearby)
    np.testing.assert_array_equal(jacobian[turning], 0.0)
    assert np.all(np.any(jacobian[[0, 3, 5]] != 0.0, axis=1))     # (the ends, and a knot between two falls)
    np.testing.assert_allclose(end_slopes(DATA), interpolate.PchipInterpolator(KNOTS, DATA)(KNOTS, 1), rtol=1e-12)


def akima(y, q):
    a = interpolate.Akima1DInterpolator(KNOTS, y * 2.0, extrapolate=True)
    return np.sum(a(q) ** 2) + np.sum(a(q, 1) * q)


def modified_akima(y, q):
    a = interpolate.Akima1DInterpolator(KNOTS, np.stack([y, y ** 2], axis=1), method="makima")  # (outside: NaN)
    return np.sum(np.cos(a(q[1:-1]))) + np.sum(a(q[1:-1], nu=2)[:, 1])


@pytest.mark.parametrize("f", [akima, modified_akima])
def test_an_akima_interpolator_is_scipys_value_and_is_differentiated(f):
    assert transpiler.value_and_grad(f, wrt=(0, 1))(DATA, QUERY)[0] == pytest.approx(f(DATA, QUERY), rel=1e-12)
    assert transpiler.check_grad(f, DATA, QUERY, wrt=(0, 1)).ok
    _, tangent = transpiler.jvp(f, (DATA, QUERY), (np.ones(6), np.ones(7)))
    gy, gq = transpiler.grad(f, wrt=(0, 1))(DATA, QUERY)
    assert tangent == pytest.approx(np.sum(gy) + np.sum(gq), rel=1e-10)


def hermite(y, q):
    h = interpolate.CubicHermiteSpline(KNOTS, y, np.cos(y) * y)          # (slopes of one's own)
    return np.sum(h(q) ** 2) + np.sum(h(q, 1))


def test_a_cubic_hermite_spline_is_scipys_value_and_is_differentiated_in_values_and_slopes():
    assert transpiler.value_and_grad(hermite, wrt=(0, 1))(DATA, QUERY)[0] == pytest.approx(hermite(DATA, QUERY), rel=1e-12)
    assert transpiler.check_grad(hermite, DATA, QUERY, wrt=(0, 1)).ok


THREE = np.array([0.0, 0.7, 1.6])


def two_knots(y, q):
    cs = interpolate.CubicSpline(THREE[1:], y[1:], bc_type=("not-a-knot", (2, y[0])))
    return np.sum(cs(q) ** 2)


def three_knots_parabola(y, q):
    cs = interpolate.CubicSpline(THREE, y)                    # (SciPy's parabola through the three)
    return np.sum(cs(q) ** 2) + np.sum(cs(q, 1))


def three_knots_periodic(y, q):
    cs = interpolate.CubicSpline(THREE, np.concatenate([y[:2], y[:1]]), bc_type="periodic")
    return np.sum(cs(q) ** 2) + np.sum(cs(q, 1))


@pytest.mark.parametrize("f", [two_knots, three_knots_parabola, three_knots_periodic])
def test_two_and_three_knots_take_scipys_special_cases(f):
    y, q = np.array([0.4, -0.3, 0.9]), np.array([0.2, 0.9, 1.4, 2.1])
    assert transpiler.value_and_grad(f, wrt=(0, 1))(y, q)[0] == pytest.approx(f(y, q), rel=1e-12)
    assert transpiler.check_grad(f, y, q, wrt=(0, 1)).ok


def cubic_kind_extrapolated_along_rows(y, q):
    table = np.stack([y, np.cos(y)])                          # (2, 6): interpolated along axis -1
    f = interpolate.interp1d(KNOTS, table, kind="cubic", fill_value="extrapolate")
    return np.sum(f(q) ** 2)


def test_a_cubic_interp1d_extrapolates_along_the_last_axis():
    assert transpiler.value_and_grad(cubic_kind_extrapolated_along_rows)(DATA, QUERY)[0] == \
        pytest.approx(cubic_kind_extrapolated_along_rows(DATA, QUERY), rel=1e-12)
    assert transpiler.check_grad(cubic_kind_extrapolated_along_rows, DATA, QUERY, wrt=(0, 1)).ok


def linear_spline(y, q):
    spl = interpolate.make_interp_spline(KNOTS, np.cos(y), k=1)
    return np.sum(spl(q) ** 2) + np.sum(spl(q, 1))


def quadratic_spline(y, q):
    spl = interpolate.make_interp_spline(KNOTS, np.cos(y), k=2)
    return np.sum(spl(q) ** 2) + np.sum(spl(q, 1))


def cubic_b_spline(y, q):
    spl = interpolate.make_interp_spline(KNOTS, np.cos(y))
    return np.sum(spl(q) ** 2) + np.sum(spl(q, 1)) + np.sum(spl(q, nu=2, extrapolate=False)[1:-1])


@pytest.mark.parametrize("spline", [linear_spline, quadratic_spline, cubic_b_spline])
def test_make_interp_spline_is_scipys_value_and_is_differentiated(spline):
    assert transpiler.value_and_grad(spline, wrt=(0, 1))(DATA, QUERY)[0] == pytest.approx(spline(DATA, QUERY), rel=1e-12)
    assert transpiler.check_grad(spline, DATA, QUERY, wrt=(0, 1)).ok


SHUFFLED = np.array([1.1, 0.0, 3.0, 0.4, 2.3, 1.5])     # (unsorted: interp1d sorts them)


def kind_quadratic(y, q):
    f = interpolate.interp1d(SHUFFLED, y ** 2, kind="quadratic", bounds_error=False, fill_value=(0.5, -1.0))
    return np.sum(f(q) * q)


def kind_cubic(y, q):
    f = interpolate.interp1d(SHUFFLED, y ** 2, kind="cubic", bounds_error=False, fill_value=(0.5, -1.0))
    return np.sum(f(q) * q)


def kind_zero(y, q):
    f = interpolate.interp1d(SHUFFLED, y ** 2, kind="zero", bounds_error=False, fill_value=(0.5, -1.0))
    return np.sum(f(q) * q)


def kind_nearest(y, q):
    f = interpolate.interp1d(SHUFFLED, y ** 2, kind="nearest", bounds_error=False, fill_value=(0.5, -1.0))
    return np.sum(f(q) * q)


def kind_nearest_up(y, q):
    f = interpolate.interp1d(SHUFFLED, y ** 2, kind="nearest-up", bounds_error=False, fill_value=(0.5, -1.0))
    return np.sum(f(q) * q)


def kind_previous(y, q):
    f = interpolate.interp1d(SHUFFLED, y ** 2, kind="previous", bounds_error=False, fill_value=(0.5, -1.0))
    return np.sum(f(q) * q)


def kind_next(y, q):
    f = interpolate.interp1d(SHUFFLED, y ** 2, kind="next", bounds_error=False, fill_value=(0.5, -1.0))
    return np.sum(f(q) * q)


@pytest.mark.parametrize("interpolated", [kind_quadratic, kind_cubic, kind_zero, kind_nearest, kind_nearest_up, kind_previous, kind_next])
def test_interp1d_of_another_kind_is_scipys_value_and_gradient(interpolated):
    assert transpiler.value_and_grad(interpolated, wrt=(0, 1))(DATA, QUERY)[0] == \
        pytest.approx(interpolated(DATA, QUERY), rel=1e-12)
    assert transpiler.check_grad(interpolated, DATA, QUERY, wrt=(0, 1)).ok


def previous_extrapolated(y, q):
    f = interpolate.interp1d(KNOTS, y, kind="previous", fill_value="extrapolate")
    return f(q)


def next_extrapolated(y, q):
    f = interpolate.interp1d(KNOTS, y, kind="next", fill_value="extrapolate")
    return f(q)


@pytest.mark.parametrize("values", [previous_extrapolated, next_extrapolated])
def test_previous_and_next_extrapolate_on_one_side_only_as_scipy_does(values):
    got, tangent = transpiler.jvp(values, (DATA, QUERY), (np.ones(6), np.zeros(7)))
    np.testing.assert_array_equal(got, values(DATA, QUERY))       # (NaN where SciPy has NaN)
    assert np.isnan(got[0]) != np.isnan(got[-1])
    np.testing.assert_array_equal(tangent[~np.isnan(got)], 1.0)    # (each value one of the data)


def hermite_without_slopes(y):
    f = interpolate.CubicHermiteSpline(KNOTS, y)
    return np.sum(f(INSIDE))


def akima_positional_method(y):
    f = interpolate.Akima1DInterpolator(KNOTS, y, 0, "makima")      # (SciPy's method= is keyword-only)
    return np.sum(f(INSIDE))


def smoothing(y):
    f = interpolate.UnivariateSpline(KNOTS, y)
    return np.sum(f(INSIDE))


def boundary_conditions(y):
    f = interpolate.make_interp_spline(KNOTS, y, bc_type="natural")
    return np.sum(f(INSIDE))


def periodic_at_one_end(y):
    f = interpolate.CubicSpline(KNOTS, y, bc_type=("periodic", "natural"))
    return np.sum(f(INSIDE))


def conditions_at_run_time(y):
    conditions = "natural" if y[0] > 0 else "clamped"
    f = interpolate.CubicSpline(KNOTS, y, bc_type=conditions)
    return np.sum(f(INSIDE))


def integer_kind(y):
    f = interpolate.interp1d(KNOTS, y, kind=5)
    return np.sum(f(INSIDE))


@pytest.mark.parametrize("made, instead", [ (smoothing, "np.polyfit"),
                                           (akima_positional_method, "method=..."),
                                           (hermite_without_slopes, "dydx=..."),
                                           (boundary_conditions, "CubicSpline(x, y, bc_type=...)"),
                                           (integer_kind, "kind="), (periodic_at_one_end, "write bc_type= in place"),
                                           (conditions_at_run_time, "write bc_type= in place")])
def test_an_interpolator_not_compiled_is_refused_where_it_is_made(made, instead):
    with pytest.raises(transpiler.UnsupportedSyntaxError) as raised:
        transpiler.grad(made)(DATA)
    lines, first = inspect.getsourcelines(made)
    assert raised.value.location.line == first + next(i for i, line in enumerate(lines) if "interpolate." in line)
    assert instead in str(raised.value)


def test_another_use_of_a_spline_is_refused_naming_its_call():
    def derivative_object(y):
        cs = interpolate.CubicSpline(KNOTS, y)
        return np.sum(cs.derivative()(INSIDE))
    with pytest.raises(transpiler.TranspileError) as raised:
        transpiler.grad(derivative_object)(DATA)
    assert raised.value.location.line == derivative_object.__code__.co_firstlineno + 2
    assert "cs(x_new, nu)" in str(raised.value)
