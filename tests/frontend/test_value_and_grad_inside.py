"""``value_and_grad(f)(x)`` inside the function being differentiated: ``(f(x), grad(f)(x))``,
``x`` computed once (a random draw in it is drawn once, as Python does). Checked against central
differences of the function as Python runs it, in both modes."""
import numpy as np
import pytest

import transpiler

A = np.array([[2.0, 0.3], [0.3, 1.0]])


def loss_of_a_module(v):
    return np.sum(np.tanh(A @ v) ** 2)


def value_and_gradient_of_a_module_function(w):
    value, gradient = transpiler.value_and_grad(loss_of_a_module)(w)
    return value + np.sum(gradient ** 2)


def steps_of_a_nested_loss(w):
    def loss(v):
        return np.sum(np.sin(v * w[0]) ** 2)
    total, v = 0.0, w
    for _ in range(2):
        value, gradient = transpiler.value_and_grad(loss)(v)
        total = total + value
        v = v - 0.1 * gradient
    return total


def second_parameter_of_a_lambda(w):
    pair = transpiler.value_and_grad(lambda a, b: np.sum(a * b ** 2), 1)(w, w[::-1])
    return pair[0] * np.sum(pair[1])


def argument_with_a_random_draw(w):
    rng = np.random.default_rng(0)
    value, gradient = transpiler.value_and_grad(loss_of_a_module)(w + rng.normal(size=2))
    return value * np.sum(gradient)


CASES = [value_and_gradient_of_a_module_function, steps_of_a_nested_loss, second_parameter_of_a_lambda,
         argument_with_a_random_draw]
W = np.array([0.4, -0.3])


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_value_and_grad_inside_matches_central_differences(f):
    eps = 1e-6
    expected = np.array([(f(W + eps * e) - f(W - eps * e)) / (2 * eps) for e in np.eye(2)])
    np.testing.assert_allclose(transpiler.grad(f)(W), expected, rtol=1e-6, atol=1e-8)
    value, along = transpiler.jvp(f, (W,), (np.array([1.0, -2.0]),))
    assert value == pytest.approx(f(W), rel=1e-12)
    assert along == pytest.approx(expected @ [1.0, -2.0], rel=1e-6, abs=1e-8)


def with_aux(w):
    return transpiler.value_and_grad(lambda v: (np.sum(v ** 2), v), has_aux=True)(w)[1]


def test_value_and_grad_with_has_aux_inside_is_refused_at_its_line():
    with pytest.raises(transpiler.UnsupportedSyntaxError,
                       match=r"test_value_and_grad_inside.py:\d+:\d+: `transpiler.value_and_grad` .* in this form"):
        transpiler.grad(lambda w: np.sum(with_aux(w)))(W)
