"""``grad(inner)(x)`` inside the function being differentiated, ``inner`` a lambda or nested
``def``: lifted, the numbers and arrays it reads from the enclosing function passed as arguments
after its own (frontend/lifted_functions.py). Each is checked against central differences of
the function as Python runs it (which calls ``transpiler.grad`` itself), in both modes."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

A = np.array([[2.0, 0.3], [0.3, 1.0]])


def gradient_steps_inside_a_loss(w):
    def loss(v):            # reads nothing of the enclosing function (A is a global)
        return np.sum(np.tanh(A @ v) ** 2)
    for _ in range(3):
        w = w - 0.1 * transpiler.grad(loss)(w)
    return loss(w)


def force_of_an_energy_closing_over_a_matrix(w):
    M = np.outer(w, w) + np.eye(2)

    def energy(x):
        return x @ M @ x
    force = transpiler.grad(energy)(np.array([0.5, -1.0]))
    return np.sum(force ** 2)


def lambda_closing_over_the_parameter(y):
    return transpiler.grad(lambda x: np.sin(x * y[0]) * y[1])(0.3)


def closure_read_at_the_call(y):
    c = y[0]
    f = lambda x: x * c ** 2        # noqa: E731
    c = y[1]                        # Python's closure reads c when f is called: y[1]
    return transpiler.grad(f)(2.0)


def second_parameter_of_a_nested_def(y):
    def g(a, b):
        return a * np.exp(b * y[0])
    return transpiler.grad(g, 1)(2.0, y[1])


def inside_a_branch(y):
    cube = lambda x: x ** 3 * y[0]  # noqa: E731
    if y[1] > 0:
        return transpiler.grad(cube)(y[1])
    return y[0]


def force_of_a_pair_potential(y):
    def potential(r):
        return 1.0 / r ** 12 - 2.0 / r ** 6
    r = np.linalg.norm(y)
    return transpiler.grad(potential)(r) * r


def a_flag_and_a_count_of_the_enclosing_function(w, training=True):
    n = 3

    def loss(v):
        r = np.tanh(v) if training else v
        return sum(np.sum(r ** (k + 1)) for k in range(n))
    return loss(w - 0.5 * transpiler.grad(loss)(w))


def central_differences(f, x, eps=1e-6):
    return np.array([(f(x + eps * e) - f(x - eps * e)) / (2 * eps) for e in np.eye(x.size)])


CASES = [gradient_steps_inside_a_loss, force_of_an_energy_closing_over_a_matrix, lambda_closing_over_the_parameter,
         closure_read_at_the_call, second_parameter_of_a_nested_def, inside_a_branch, force_of_a_pair_potential,
         a_flag_and_a_count_of_the_enclosing_function]
X = np.array([0.7, 1.3])


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_the_gradient_of_a_nested_gradient_matches_central_differences(f):
    expected = central_differences(f, X)
    np.testing.assert_allclose(transpiler.grad(f)(X), expected, rtol=1e-6, atol=1e-8)
    tangent = np.array([0.3, -0.8])
    value, along = transpiler.jvp(f, (X,), (tangent,))
    assert value == pytest.approx(f(X), rel=1e-12)
    assert along == pytest.approx(expected @ tangent, rel=1e-6, abs=1e-8)


def test_the_closure_is_read_when_the_lambda_is_called():
    # c was rebound to y[1] before the call: d/dy of c**2 is 2 * y[1] in y[1]'s place
    np.testing.assert_allclose(transpiler.grad(closure_read_at_the_call)(X), [0.0, 2 * X[1]], rtol=1e-12)


def with_a_default(y):
    def inner(x, s=2.0):
        return x * y ** s
    return transpiler.grad(inner)(1.0)


def reading_a_list(y):
    ws = [y, 2 * y]

    def inner(x):
        return x * ws[0] * ws[1]
    return transpiler.grad(inner)(1.0)


def appending_to_a_list(y):
    seen = []

    def inner(x):
        seen.append(x)
        return x * y
    return transpiler.grad(inner)(1.0)


@pytest.mark.parametrize("f", [with_a_default, reading_a_list, appending_to_a_list], ids=lambda f: f.__name__)
def test_a_nested_function_that_cannot_be_lifted_is_refused_at_its_call(f):
    with pytest.raises(UnsupportedSyntaxError, match=r"test_lifted_functions.py:\d+:\d+: `transpiler.grad` \(grad\) "
                                                     r"called inside a function being differentiated") as refused:
        transpiler.grad(f)(3.0)
    assert "pass lists, objects and functions to it as arguments" in refused.value.hint
