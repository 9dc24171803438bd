"""An object called like a function (a model class with ``__call__``) is differentiated through
its ``__call__`` method, bound to it: ``self``'s attributes are read at each call, as for any
bound method."""
from dataclasses import dataclass

import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient
from transpiler.errors import SourceUnavailableError


class TanhModel:
    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        return np.sum(np.tanh(self.k * x))


@dataclass
class Quadratic:
    A: np.ndarray

    def __call__(self, x, c=1.0):
        return 0.5 * x @ self.A @ x + c * x.sum()


X = np.array([0.3, 1.2, -0.7])


def test_grad_of_a_callable_object_in_both_modes():
    model = TanhModel(2.0)
    numeric = numeric_gradient(lambda x: model(x), (X,), 0)
    np.testing.assert_allclose(transpiler.grad(model)(X), numeric, rtol=1e-7)
    value, gradient = transpiler.value_and_grad(model)(X)
    assert value == pytest.approx(model(X))
    np.testing.assert_allclose(gradient, numeric, rtol=1e-7)
    _, slope = transpiler.jvp(model, (X,), (np.ones(3),))
    assert slope == pytest.approx(numeric.sum(), rel=1e-7)


def test_callable_objects_attributes_are_read_at_each_call():
    model = TanhModel(2.0)
    gradient = transpiler.grad(model)
    gradient(X)
    model.k = 3.0
    np.testing.assert_allclose(gradient(X), 3.0 * (1 - np.tanh(3.0 * X) ** 2), rtol=1e-12)


def test_callable_dataclass_by_parameter_name_and_its_hessian():
    quadratic = Quadratic(np.diag([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(transpiler.grad(quadratic)(X), quadratic.A @ X + 1.0, rtol=1e-12)
    assert transpiler.grad(quadratic, wrt="c")(X, 2.0) == pytest.approx(X.sum())
    np.testing.assert_allclose(transpiler.hessian(quadratic)(X), quadratic.A, rtol=1e-12)


def test_callable_without_python_call_method_is_refused():
    with pytest.raises(SourceUnavailableError, match="cannot differentiate"):
        transpiler.grad(np.vectorize(np.sin))(X)
