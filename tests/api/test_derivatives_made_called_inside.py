"""A derivative transpiler made (``@differentiate(mode="forward")``'s ``.grad`` and
``.value_and_grad``, a function ``jacobian`` returned) called inside a function being
differentiated is refused at the user's line, named as what it is: before, forward mode's
``.grad`` was called by its closure's name ``(jac)`` and ``.value_and_grad`` was refused inside
transpiler/api/decorator.py."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import TranspileError

X = np.array([0.3, -0.7, 1.1])


@transpiler.differentiate(mode="forward")
def forward(x):
    return np.sum(np.sin(x) ** 2)


@transpiler.differentiate
def reverse(x):
    return np.sum(np.sin(x) ** 2)


JACOBIAN = transpiler.jacobian(np.sin)


def uses_forward_grad(x):
    return np.sum(forward.grad(x) * x)


def uses_forward_value_and_grad(x):
    value, gradient = forward.value_and_grad(x)
    return value + np.sum(gradient)


def uses_reverse_value_and_grad(x):
    value, gradient = reverse.value_and_grad(x)
    return value + np.sum(gradient)


def uses_a_jacobian_held_in_a_name(x):
    return np.sum(JACOBIAN(x))


@pytest.mark.parametrize("f, called", [(uses_forward_grad, "forward.grad"),
                                       (uses_forward_value_and_grad, "forward.value_and_grad"),
                                       (uses_reverse_value_and_grad, "reverse.value_and_grad"),
                                       (uses_a_jacobian_held_in_a_name, "JACOBIAN")])
def test_refused_at_the_users_line_as_a_derivative_transpiler_made(f, called):
    with pytest.raises(TranspileError) as refused:
        transpiler.grad(f)(X)
    message = str(refused.value)
    assert f"`{called}` (a derivative transpiler made) called inside" in message
    assert __file__ in message and "transpiler/api" not in message


def test_forward_value_and_grad_outside_is_the_value_and_the_gradient():
    value, gradient = forward.value_and_grad(X)
    assert value == pytest.approx(forward(X))
    np.testing.assert_allclose(gradient, 2 * np.sin(X) * np.cos(X), rtol=1e-12)
