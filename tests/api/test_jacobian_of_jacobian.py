"""``jacobian(jacobian(f))``: the inner Jacobian is a function transpiler made, taken as what it
stands for (forward mode over the gradient seeded with each output direction). It failed with an
error pointing into the library's own source, while ``hessian``'s refusal of a vector output
advises it."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import OutputShapeError

X = np.array([0.3, -0.7, 1.1])
Y = np.array([0.5, 1.5])


def moments(x):
    return np.array([np.sum(x ** 2), np.sum(np.sin(x) * x[0]), np.prod(x)])


def coupled(x, y):
    return np.outer(np.tanh(x), y ** 2)


def scalar_loss(x):
    return np.sum(np.exp(x) * x[1])


def _central_jacobian(f, x, h=1e-5):
    columns = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e.flat[j] = h
        columns.append((np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * h))
    return np.stack(columns, axis=-1).reshape(np.shape(f(x)) + x.shape)


def test_jacobian_of_a_jacobian_against_finite_differences_of_the_jacobian():
    inner = transpiler.jacobian(moments)
    second = transpiler.jacobian(inner)(X)
    assert second.shape == (3, 3, 3)
    np.testing.assert_allclose(second, _central_jacobian(inner, X), rtol=1e-6, atol=1e-8)
    for o in range(3):          # each output's Hessian is symmetric
        np.testing.assert_allclose(second[o], second[o].T, atol=1e-12)


def test_mixed_second_derivatives_of_two_arguments():
    second = transpiler.jacobian(transpiler.jacobian(coupled, wrt=0), wrt=1)(X, Y)
    assert second.shape == (3, 2, 3, 2)
    numeric = _central_jacobian(lambda y: transpiler.jacobian(coupled, wrt=0)(X, y), Y)
    np.testing.assert_allclose(second, numeric, rtol=1e-6, atol=1e-8)


def test_of_a_scalar_function_it_is_the_hessian():
    second = transpiler.jacobian(transpiler.jacobian(scalar_loss))(X)
    np.testing.assert_allclose(second, transpiler.hessian(scalar_loss)(X), rtol=1e-12)


def test_keywords_name_the_argument_and_reverse_mode_inside():
    second = transpiler.jacobian(transpiler.jacobian(coupled, wrt="y", mode="reverse"), wrt="x")(X, y=Y)
    reference = transpiler.jacobian(transpiler.jacobian(coupled, wrt=1), wrt=0)(X, Y)
    np.testing.assert_allclose(second, reference, rtol=1e-12)


def test_containers_are_refused_with_what_to_write():
    def pair(x):
        return np.sum(x ** 2), x * 2.0
    with pytest.raises(OutputShapeError, match="not containers"):
        transpiler.jacobian(transpiler.jacobian(pair))(X)


def test_float32_arguments_give_float32_second_derivatives():
    second = transpiler.jacobian(transpiler.jacobian(moments))(X.astype(np.float32))
    assert second.dtype == np.float32
    np.testing.assert_allclose(second, transpiler.jacobian(transpiler.jacobian(moments))(X), rtol=1e-4, atol=1e-5)
