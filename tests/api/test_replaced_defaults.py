"""A function's defaults replaced after its derivative was made (``f.__defaults__ = ...``,
``f.__kwdefaults__ = ...``) are the ones the next call uses, in every transform: a call must
never run with defaults the function no longer has."""
import numpy as np
import pytest

import transpiler

X = np.array([0.5, -1.0])


def scaled_power(x, s=2.0, *, p=2):
    return np.sum(x ** p) * s


@pytest.fixture
def f():
    saved = scaled_power.__defaults__, scaled_power.__kwdefaults__
    yield scaled_power
    scaled_power.__defaults__, scaled_power.__kwdefaults__ = saved


def test_replaced_defaults_are_used_by_grad_value_and_grad_jvp_and_hessian(f):
    grad, value_and_grad, hessian = transpiler.grad(f), transpiler.value_and_grad(f), transpiler.hessian(f)
    np.testing.assert_allclose(grad(X), 4.0 * X)
    f.__defaults__ = (5.0,)
    f.__kwdefaults__ = {"p": 3}
    np.testing.assert_allclose(grad(X), 15.0 * X ** 2)
    value, gradient = value_and_grad(X)
    assert value == pytest.approx(f(X))
    np.testing.assert_allclose(gradient, 15.0 * X ** 2)
    assert transpiler.jvp(f, (X,), (np.ones(2),))[1] == pytest.approx(np.sum(15.0 * X ** 2))
    np.testing.assert_allclose(hessian(X), np.diag(30.0 * X))
