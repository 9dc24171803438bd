"""``functools.partial`` as the function to transform (api/partials.py): positional arguments
bound like ``self``, keywords as the function's defaults — in every transform."""
import functools

import numpy as np
import pytest

import transpiler
from transpiler import TranspileError

X = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7], [-0.2, 0.8, 1.1], [0.9, -0.4, 0.6]])
Y = np.array([1.0, -0.5, 0.25, 2.0])
W = np.array([0.3, -0.2, 0.1])


def loss(w, X, y, l2=0.0):
    r = np.tanh(X @ w) - y
    return np.sum(r * r) + l2 * np.sum(w ** 2)


def fd_gradient(f, x, h=1e-6):
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def test_grad_of_a_partial_binding_the_data_by_keyword_is_the_gradient_in_w():
    g = transpiler.grad(functools.partial(loss, X=X, y=Y))(W)
    np.testing.assert_allclose(g, fd_gradient(lambda w: loss(w, X, Y), W), rtol=1e-6)
    np.testing.assert_allclose(g, transpiler.grad(loss)(W, X, Y), rtol=1e-12)


def test_a_bound_keyword_can_be_overridden_at_the_call_as_with_the_partial():
    p = functools.partial(loss, X=X, y=Y, l2=0.5)
    assert transpiler.value_and_grad(p)(W, l2=2.0)[0] == pytest.approx(p(W, l2=2.0), rel=1e-12)
    np.testing.assert_allclose(transpiler.grad(p)(W, l2=2.0), transpiler.grad(loss)(W, X, Y, 2.0), rtol=1e-12)


def test_grad_of_a_partial_binding_leading_arguments_positionally():
    g = transpiler.grad(functools.partial(loss, W), wrt="X")(X, Y)
    np.testing.assert_allclose(g, transpiler.grad(loss, wrt=1)(W, X, Y), rtol=1e-12)
    np.testing.assert_allclose(g, fd_gradient(lambda x: loss(W, x, Y), X), rtol=1e-6)


def test_forward_mode_and_second_derivatives_of_a_partial():
    p = functools.partial(loss, X=X, y=Y, l2=0.1)
    t = np.array([1.0, 0.5, -2.0])
    value, tangent = transpiler.jvp(p, (W,), (t,))
    assert value == pytest.approx(p(W), rel=1e-12)
    assert tangent == pytest.approx(transpiler.grad(p)(W) @ t, rel=1e-10)
    H = transpiler.hessian(p)(W)
    np.testing.assert_allclose(H @ t, transpiler.hvp(p, W, t), rtol=1e-10)
    np.testing.assert_allclose(H @ t, fd_gradient(lambda w: transpiler.grad(p)(w) @ t, W), rtol=1e-5)


class Model:
    def __init__(self, scale):
        self.scale = scale

    def loss(self, w, X, y):
        return self.scale * np.sum((X @ w - y) ** 2)


def test_a_partial_of_a_bound_method_reads_its_object():
    model = Model(3.0)
    g = transpiler.grad(functools.partial(model.loss, X=X, y=Y))(W)
    np.testing.assert_allclose(g, fd_gradient(lambda w: model.loss(w, X, Y), W), rtol=1e-6)


def test_the_partial_used_with_scipy_minimize_converges_to_the_least_squares_fit():
    optimize = pytest.importorskip("scipy.optimize")
    p = functools.partial(lambda w, X, y: np.sum((X @ w - y) ** 2), X=X, y=Y)
    result = optimize.minimize(transpiler.value_and_grad(p), np.zeros(3), jac=True, method="BFGS")
    np.testing.assert_allclose(result.x, np.linalg.lstsq(X, Y, rcond=None)[0], atol=1e-6)


def test_a_partial_leaving_a_parameter_without_a_value_before_a_bound_one_is_refused():
    with pytest.raises(TranspileError, match="stays without a value") as error:
        transpiler.grad(functools.partial(loss, X=X))
    assert "lambda" in error.value.hint


def test_a_partial_binding_a_name_the_function_does_not_have_is_refused():
    with pytest.raises(TranspileError, match="not a named parameter"):
        transpiler.grad(functools.partial(loss, Z=X))


def test_check_grad_takes_a_partial_and_names_its_function():
    report = transpiler.check_grad(functools.partial(loss, X=X, y=Y), W)
    assert report.ok and report.function == "loss"
