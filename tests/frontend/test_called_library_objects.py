"""Library objects made in the function and called (frontend/callable_objects.py):
``np.poly1d(c)``, ``np.polynomial.Polynomial(c)`` (the polynomial evaluated) and
``scipy.interpolate.interp1d(x, y)`` (SciPy's interpolation, its bounds and fill values), also
made and called at once (``np.poly1d(c)(x)``), differentiable in their data and their argument,
in both modes; other uses of the object, and options not compiled, refused where they are written."""
import numpy as np
import pytest

import transpiler

T = np.linspace(-1.0, 1.0, 7)
C = np.array([0.5, -1.2, 2.0])


def legacy_poly(c, x):
    p = np.poly1d(c)
    return np.sum(p(x) ** 2)


def new_style_poly(c, x):
    p = np.polynomial.Polynomial(c)
    return np.sum(np.sin(p(x)))


def fitted_trend(y):
    trend = np.poly1d(np.polyfit(T, y, 2))      # a fit, then the fitted curve evaluated
    return np.sum((y - trend(T)) ** 2) + trend(0.5)


@pytest.mark.parametrize("f", [legacy_poly, new_style_poly])
def test_a_polynomial_object_is_differentiated_in_coefficients_and_argument(f):
    x = np.array([0.3, -0.8, 1.4])
    assert transpiler.check_grad(f, C, x, wrt=(0, 1)).ok
    value, tangent = transpiler.jvp(f, (C, x), (np.ones(3), np.ones(3)))
    assert value == pytest.approx(f(C, x), rel=1e-12)
    gc, gx = transpiler.grad(f, wrt=(0, 1))(C, x)
    assert tangent == pytest.approx(np.sum(gc) + np.sum(gx), rel=1e-10)


def test_a_fitted_poly1d_is_differentiated_through_the_fit():
    y = np.cos(2 * T) + 0.1 * T
    assert transpiler.check_grad(fitted_trend, y).ok


def called_where_made(c, x):
    return np.sum(np.poly1d(c)(x) ** 2) + np.sum(np.sin(np.polynomial.Polynomial(c)(x)))


def test_an_object_called_where_it_is_made_is_the_object_bound_then_called():
    """``np.poly1d(c)(x)``, no name between (fuzz class signals, seed 900006): was refused as a
    call of a value computed by the function, or as np.poly1d without a rule."""
    x = np.array([0.3, -0.8, 1.4])
    assert transpiler.value_and_grad(called_where_made, wrt=(0, 1))(C, x)[0] == pytest.approx(called_where_made(C, x))
    assert transpiler.check_grad(called_where_made, C, x, wrt=(0, 1)).ok
    value, tangent = transpiler.jvp(called_where_made, (C, x), (np.ones(3), np.ones(3)))
    gc, gx = transpiler.grad(called_where_made, wrt=(0, 1))(C, x)
    assert tangent == pytest.approx(np.sum(gc) + np.sum(gx), rel=1e-10)


def test_another_use_of_the_object_is_refused_where_it_is_written():
    def derivative_at(c):
        p = np.poly1d(c)
        return p.deriv()(0.5)
    with pytest.raises(transpiler.TranspileError) as raised:
        transpiler.grad(derivative_at)(C)
    assert raised.value.location.line == derivative_at.__code__.co_firstlineno + 2
    assert "np.polyder" in str(raised.value)


interpolate = pytest.importorskip("scipy.interpolate")
KNOTS = np.array([0.0, 0.5, 0.9, 1.4, 2.0, 1.7])      # (unsorted: interp1d sorts them)
VALUES = np.array([0.3, -0.7, 1.1, 0.5, 0.2, -0.4])
QUERY = np.array([0.15, 0.71, 1.33, 1.93])             # (between the knots: no kink within a step)


def interpolated(y, q):
    f = interpolate.interp1d(KNOTS, np.sin(y) * 2.0)
    return np.sum(f(q) ** 2) + float(f(0.37))


def filled(y, q):
    f = interpolate.interp1d(KNOTS, y, bounds_error=False, fill_value=(0.5, -1.0))
    return np.sum(f(q * 1.5 - 0.3) ** 2)          # (points below and above the knots: the fill values)


def extrapolated(y, q):
    f = interpolate.interp1d(KNOTS, y, fill_value="extrapolate")
    return np.sum(f(q * 1.5 - 0.2) ** 3)


def along_an_axis(y, q):
    table = np.outer(np.arange(1.0, 4.0), y)        # (3, 6): interpolated along axis 1
    f = interpolate.interp1d(KNOTS, table, axis=1)
    return np.sum(np.tanh(f(q.reshape(2, 2))))


def interpolated_at_once(y, q):
    knots = np.sort(KNOTS)
    return np.sum(interpolate.interp1d(KNOTS, y, kind="cubic")(q) ** 2) + np.sum(interpolate.CubicSpline(knots, y)(q))


def interpolated_where_made(y, q):
    return np.sum(interpolate.interp1d(KNOTS, y)(q) ** 2)


@pytest.mark.parametrize("f", [interpolated, filled, extrapolated, along_an_axis, interpolated_at_once,
                               interpolated_where_made])
def test_an_interp1d_is_scipys_value_and_is_differentiated_in_data_and_points(f):
    assert transpiler.value_and_grad(f, wrt=(0, 1))(VALUES, QUERY)[0] == pytest.approx(f(VALUES, QUERY), rel=1e-12)
    assert transpiler.check_grad(f, VALUES, QUERY, wrt=(0, 1)).ok
    value, tangent = transpiler.jvp(f, (VALUES, QUERY), (np.ones(6), np.ones(4)))
    gy, gq = transpiler.grad(f, wrt=(0, 1))(VALUES, QUERY)
    assert tangent == pytest.approx(np.sum(gy) + np.sum(gq), rel=1e-10)


def from_lists(y, q):
    # knots and values written as lists (the values differentiated): the generated code indexed
    # the knots' list with an array, a TypeError, before the model converted them as SciPy does
    f = interpolate.interp1d([0.0, 1.0, 2.0], [0.0, y[0], y[1] ** 2])
    g = interpolate.interp1d([2.0, 0.0, 1.0], [y[2], y[3], y[4]], kind="nearest")
    return float(f(1.5)) + np.sum(f(q) * g(q))


def test_knots_and_values_given_as_lists_are_arrays_as_in_scipy():
    q = np.array([0.2, 0.7, 1.6])
    assert transpiler.value_and_grad(from_lists, wrt=(0, 1))(VALUES, q)[0] == pytest.approx(from_lists(VALUES, q),
                                                                                         rel=1e-12)
    assert transpiler.check_grad(from_lists, VALUES, q, wrt=(0, 1)).ok
    value, tangent = transpiler.jvp(from_lists, (VALUES, q), (np.ones(6), np.ones(3)))
    gy, gq = transpiler.grad(from_lists, wrt=(0, 1))(VALUES, q)
    assert tangent == pytest.approx(np.sum(gy) + np.sum(gq), rel=1e-10)


def test_a_point_outside_the_knots_raises_as_scipy_does():
    with pytest.raises(ValueError, match="outside the interpolation range"):
        transpiler.grad(interpolated)(VALUES, QUERY + 5.0)
