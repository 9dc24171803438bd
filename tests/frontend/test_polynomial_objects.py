"""``np.poly1d(c)`` and ``np.polynomial.Polynomial(c)`` made in the function and called
(frontend/polynomial_objects.py): the polynomial evaluated, differentiable in its coefficients
and its argument, in both modes; other uses of the object refused where they are written."""
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


def test_another_use_of_the_object_is_refused_where_it_is_written():
    def derivative_at(c):
        p = np.poly1d(c)
        return p.deriv()(0.5)
    with pytest.raises(transpiler.TranspileError) as raised:
        transpiler.grad(derivative_at)(C)
    assert raised.value.location.line == derivative_at.__code__.co_firstlineno + 2
    assert "np.polyder" in str(raised.value)
