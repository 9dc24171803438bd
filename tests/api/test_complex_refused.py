"""Complex numbers are refused, not differentiated: every rule is written for real values, and a
complex argument or constant gave silently wrong gradients (|z * z|: neither autograd's nor
JAX's convention). Issue 16 adds complex support with a documented convention."""
import numpy as np
import pytest

import transpiler
from transpiler import NonDifferentiableError, UnsupportedSyntaxError


def squared_modulus(z):
    return np.sum(np.abs(z * z))


def complex_scale(x):
    return np.sum(np.abs(x * (1 + 2j)) ** 2)


Z = np.array([0.3 + 0.2j, -0.5 + 0.7j])


@pytest.mark.parametrize("transform", [
    lambda: transpiler.grad(squared_modulus)(Z),
    lambda: transpiler.value_and_grad(squared_modulus)(Z),
    lambda: transpiler.jvp(squared_modulus, (Z,), (Z,)),
    lambda: transpiler.vjp(squared_modulus, Z)[1](1.0),
    lambda: transpiler.jacobian(squared_modulus)(Z),
    lambda: transpiler.hessian(squared_modulus)(Z),
    lambda: transpiler.grad(squared_modulus)(complex(0.5, 1.0)),
], ids=["grad", "value_and_grad", "jvp", "vjp", "jacobian", "hessian", "python-complex"])
def test_a_complex_argument_is_refused_by_every_transform(transform):
    with pytest.raises(NonDifferentiableError, match="`z` of squared_modulus is complex.*not supported yet"):
        transform()


def test_a_complex_constant_in_the_function_is_refused_at_its_line():
    with pytest.raises(UnsupportedSyntaxError, match=r"test_complex_refused.py:\d+:\d+: the complex number 2j"):
        transpiler.grad(complex_scale)(np.array([0.3, -0.5]))
