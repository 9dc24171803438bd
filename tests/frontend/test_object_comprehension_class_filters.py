"""A comprehension over objects made in the function filtered by their classes: ``[c for c in
model.components if isinstance(c, NFWHalo)][0]`` (the galaxy rotation-curve program's halo),
``[c(2.0) for c in parts if not isinstance(c, B)]``. The filter is decided while compiling for
each object, so the comprehension unrolls as one without a filter does (object_loops.py
``object_comprehension``). Refused before ("putting the object `b` ... in a list or other
container")."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError


class _Linear:
    def __init__(self, w):
        self.w = w

    def __call__(self, x):
        return self.w * x


class _Square(_Linear):
    def __call__(self, x):
        return self.w * x ** 2


class _Model:
    def __init__(self, theta):
        self.parts = [_Linear(theta[0]), _Square(theta[1]), _Linear(theta[2])]


def picks_by_class(theta):
    m = _Model(theta)
    square = [c for c in m.parts if isinstance(c, _Square)][0]
    plain = [c(2.0) for c in m.parts if not isinstance(c, _Square)]
    return square(3.0) + sum(plain) + sum(c.w for c in m.parts if isinstance(c, _Linear))


def filters_numbers_by_class(theta):
    values = [theta[0], theta[1]]
    return theta[1] * 2.0 + sum(v for v in values if isinstance(v, _Square))


def test_objects_filtered_by_class_are_differentiated_in_both_modes():
    theta = np.array([0.5, 1.5, 0.7])
    value, g = transpiler.value_and_grad(picks_by_class)(theta)
    assert value == pytest.approx(picks_by_class(theta))
    np.testing.assert_allclose(g, [3.0, 10.0, 3.0])          # 9 t1 + 2 t0 + 2 t2 + (t0 + t1 + t2)
    _, tangent = transpiler.jvp(picks_by_class, (theta,), (np.array([1.0, 0.0, -1.0]),))
    assert tangent == pytest.approx(0.0)


def test_a_class_filter_of_numbers_keeps_none_of_them():
    theta = np.array([0.5, 1.5])
    np.testing.assert_allclose(transpiler.grad(filters_numbers_by_class)(theta), [0.0, 2.0])
