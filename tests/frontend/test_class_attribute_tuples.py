"""A class attribute holding a tuple of constants (``names = ("log_Md", "r_d", ...)``, the galaxy
rotation-curve program's ``RotationModel.names``) read through an object made in the function:
immutable, so a constant like a number or string class attribute. Refused before ("the class
attribute `RotationModel.names` (tuple) of an object made inside the function")."""
import numpy as np
import pytest

import transpiler


class _Model:
    names = ("scale", "shift")
    weights = (2.0, 0.5)

    def __init__(self, theta):
        self.params = {name: theta[i] for i, name in enumerate(self.names)}

    def __call__(self, x):
        total = 0.0
        for w, name in zip(self.weights, self.names):
            total = total + w * self.params[name] * x
        return total + self.params[self.names[1]] ** 2


def uses_tuple_class_attributes(theta):
    return _Model(theta)(3.0)


def test_a_tuple_of_constants_on_the_class_is_a_constant():
    theta = np.array([0.7, -0.4])
    value, g = transpiler.value_and_grad(uses_tuple_class_attributes)(theta)
    assert value == pytest.approx(uses_tuple_class_attributes(theta))
    np.testing.assert_allclose(g, [6.0, 1.5 + 2 * theta[1]])
    _, tangent = transpiler.jvp(uses_tuple_class_attributes, (theta,), (np.array([1.0, 1.0]),))
    assert tangent == pytest.approx(6.0 + 1.5 + 2 * theta[1])
