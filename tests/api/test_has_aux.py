"""``has_aux=True``: a function returning ``(loss, aux)`` (JAX's convention) has its loss
differentiated and its aux — metrics, predictions, new state — handed back from the same pass."""
import numpy as np
import pytest

import transpiler
from transpiler import OutputShapeError

X = np.arange(6.0).reshape(3, 2)
Y = np.array([1.0, 2.0, 3.0])


def loss_with_metrics(w, X, y):
    pred = X @ w
    err = pred - y
    loss = np.mean(err ** 2)
    return loss, (pred, np.max(np.abs(err)))


def loss_and_residual(w, X, y):
    err = X @ w - y
    return np.sum(err * err), err          # (err is reused by the reverse sweep: aux must survive)


def loss_and_state(w, X, y):
    h = X @ w
    for _ in range(3):
        h = np.tanh(h)
    return np.sum((h - y) ** 2), h


def loss_only(w, X, y):
    return loss_with_metrics(w, X, y)[0]


@pytest.mark.parametrize("f", [loss_with_metrics, loss_and_residual, loss_and_state])
def test_grad_with_aux_is_the_gradient_of_the_loss_and_the_aux_of_the_same_pass(f):
    w = np.array([0.5, -0.2])
    gradient, aux = transpiler.grad(f, has_aux=True)(w, X, Y)
    loss = lambda v: f(v, X, Y)[0]  # noqa: E731
    h = 1e-6
    expected = np.array([(loss(w + h * e) - loss(w - h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(gradient, expected, rtol=1e-6)
    expected_aux = f(w, X, Y)[1]
    if isinstance(expected_aux, tuple):
        for got, want in zip(aux, expected_aux):
            np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_array_equal(aux, expected_aux)
    (value, aux_again), gradient_again = transpiler.value_and_grad(f, has_aux=True)(w, X, Y)
    assert value == f(w, X, Y)[0]
    np.testing.assert_array_equal(gradient_again, gradient)


def test_aux_with_several_parameters_and_the_decorator():
    w = np.array([0.5, -0.2])
    (dw, dX), (pred, worst) = transpiler.grad(loss_with_metrics, wrt=(0, 1), has_aux=True)(w, X, Y)
    np.testing.assert_allclose(dw, transpiler.grad(loss_only)(w, X, Y))
    np.testing.assert_allclose(dX, transpiler.grad(loss_only, wrt=1)(w, X, Y))
    np.testing.assert_array_equal(pred, X @ w)
    decorated = transpiler.differentiate(loss_with_metrics, has_aux=True)
    gradient, aux = decorated.grad(w, X, Y)
    np.testing.assert_allclose(gradient, dw)
    assert decorated(w, X, Y)[1][1] == aux[1]


def not_a_pair(w):
    return np.sum(w ** 2)


def test_a_function_that_returns_no_pair_is_a_located_error():
    with pytest.raises(OutputShapeError, match=r"test_has_aux.py:\d+:\d+: with has_aux=True, not_a_pair must return"):
        transpiler.grad(not_a_pair, has_aux=True)(np.ones(2))
    with pytest.raises(OutputShapeError, match="with has_aux=True, not_a_pair must return a pair"):
        transpiler.differentiate(not_a_pair, mode="forward", has_aux=True).grad(np.ones(2))


def array_loss(w):
    return w * 2.0, np.sum(w)


def test_a_loss_that_is_not_a_number_is_refused():
    with pytest.raises(OutputShapeError, match="scalar loss"):
        transpiler.grad(array_loss, has_aux=True)(np.ones(2))
