"""``transpiler.grad(g)(x)`` inside a differentiated function, ``g`` decorated with
``@transpiler.differentiate``: the function it decorates, as for an undecorated one (it was
refused as "a derivative taken inside ... in this form"). Against central differences."""
import numpy as np
import pytest

import transpiler


@transpiler.differentiate
def decorated(a, b):
    return a ** 2 * np.cos(b)


def plain(a, b):
    return a ** 2 * np.cos(b)


def slope_of_decorated(p, q):
    return transpiler.grad(decorated)(p, q) * q


def slope_of_plain(p, q):
    return transpiler.grad(plain)(p, q) * q


def test_the_decorated_function_is_differentiated_as_the_plain_one():
    at = (0.7, 0.3)
    decorated_gradient = transpiler.grad(slope_of_decorated, (0, 1))(*at)
    np.testing.assert_allclose(decorated_gradient, transpiler.grad(slope_of_plain, (0, 1))(*at), rtol=1e-12)
    h = 1e-6
    numeric = [(slope_of_plain(at[0] + h, at[1]) - slope_of_plain(at[0] - h, at[1])) / (2 * h),
               (slope_of_plain(at[0], at[1] + h) - slope_of_plain(at[0], at[1] - h)) / (2 * h)]
    np.testing.assert_allclose(decorated_gradient, numeric, rtol=1e-7)
    assert transpiler.jvp(slope_of_decorated, (*at,), (1.0, 0.0))[1] == pytest.approx(numeric[0], rel=1e-7)
