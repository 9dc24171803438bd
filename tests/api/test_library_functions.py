"""A library function differentiated itself, as JAX's quickstart writes ``grad(jnp.tanh)``:
``grad(np.tanh)``, ``jacobian(np.linalg.det)``, ``hessian(math.sin)`` differentiate the function
through its rule, by a ``def`` made for it that takes its required positional parameters
(api/library_functions.py). It was refused ("NumPy's functions have no Python source"), and
``grad(scipy.special.logsumexp)`` read SciPy's own source and refused ``xp.sum``."""
import math
import operator

import numpy as np
import pytest
import scipy.special

import transpiler
from transpiler import SourceUnavailableError

A = np.array([[2.0, 1.0], [0.5, 3.0]])


@pytest.mark.parametrize("transform, f, args, expected", [
    (transpiler.grad, np.tanh, (2.0,), 1 - np.tanh(2.0) ** 2),
    (transpiler.grad, np.sum, (np.ones(3),), np.ones(3)),
    (transpiler.grad, np.linalg.det, (A,), np.linalg.det(A) * np.linalg.inv(A).T),
    (transpiler.jacobian, np.cumsum, (np.ones(3),), np.tril(np.ones((3, 3)))),
    (transpiler.jacobian, np.exp, (np.zeros(2),), np.eye(2)),
    (transpiler.grad, math.sin, (0.3,), math.cos(0.3)),
    (transpiler.grad, scipy.special.expit, (0.0,), 0.25),
    (transpiler.grad, scipy.special.logsumexp, (np.zeros(2),), np.array([0.5, 0.5])),
    (transpiler.hessian, np.sin, (0.3,), -math.sin(0.3)),
], ids=["tanh", "sum", "det", "cumsum", "exp", "math.sin", "expit", "logsumexp", "hessian sin"])
def test_a_library_function_is_differentiated_through_its_rule(transform, f, args, expected):
    np.testing.assert_allclose(transform(f)(*args), expected, rtol=1e-12, atol=1e-14)


def test_its_positional_parameters_are_differentiated_as_a_def_s_are():
    np.testing.assert_allclose(transpiler.grad(np.dot, wrt=1)(np.arange(3.0), np.ones(3)), np.arange(3.0))
    np.testing.assert_allclose(transpiler.grad(transpiler.grad(np.tanh))(0.5),
                               -2 * np.tanh(0.5) * (1 - np.tanh(0.5) ** 2))
    np.testing.assert_allclose(transpiler.hessian(np.sin, mode="forward")(0.3), -math.sin(0.3))
    assert transpiler.jvp(np.exp, (0.0,), (2.0,)) == (1.0, 2.0)


def test_its_keywords_are_left_at_their_defaults_and_the_rest_refused():
    with pytest.raises(TypeError, match="unexpected keyword argument 'axis'"):
        transpiler.grad(np.sum)(np.ones(3), axis=0)
    with pytest.raises(SourceUnavailableError, match="np.einsum itself"):       # no fixed parameters
        transpiler.grad(np.einsum)("i,i->", np.ones(2), np.ones(2))


A2, B2 = np.array([1.5, -2.0]), np.array([0.5, 3.0])


@pytest.mark.parametrize("f, args, tangents, expected", [
    (operator.add, (A2, B2), (np.ones(2), np.ones(2)), 2 * np.ones(2)),
    (operator.sub, (A2, B2), (np.ones(2), 2 * np.ones(2)), -np.ones(2)),
    (operator.mul, (A2, B2), (np.ones(2), np.ones(2)), A2 + B2),
    (operator.truediv, (A2, B2), (np.ones(2), np.ones(2)), 1 / B2 - A2 / B2 ** 2),
    (operator.pow, (np.abs(A2), B2), (np.ones(2), np.zeros(2)), B2 * np.abs(A2) ** (B2 - 1)),
    (operator.neg, (A2,), (np.ones(2),), -np.ones(2)),
    (operator.matmul, (np.diag(A2), B2), (np.eye(2), np.zeros(2)), B2),
], ids=["add", "sub", "mul", "truediv", "pow", "neg", "matmul"])
def test_a_function_of_the_operator_module_is_the_operator_it_spells(f, args, tangents, expected):
    # autograd's own tests pass operator.mul & co. themselves to its transforms
    np.testing.assert_allclose(transpiler.jvp(f, args, tangents)[1], expected, rtol=1e-12)
    cotangent = np.ones(np.shape(f(*args)))
    np.testing.assert_allclose(np.sum(transpiler.vjp(f, *args)[1](cotangent)[0] * tangents[0]),
                               np.sum(cotangent * transpiler.jvp(f, args, (tangents[0],) + tuple(
                                   np.zeros_like(a) for a in args[1:]))[1]), rtol=1e-12)


def test_grad_and_hessian_of_operator_mul_on_numbers():
    assert transpiler.grad(operator.mul, wrt=(0, 1))(2.0, 3.0) == (3.0, 2.0)
    assert transpiler.hessian(operator.mul)(2.0, 3.0) == 0.0
    assert transpiler.grad(operator.abs)(-2.0) == -1.0


def rounded(x):
    return np.round(x)


def scaled(x, a, b=2.0):
    return a * x**b


def times(x, *, s=2.0):
    return x * s


def scaled_vjp(d, y, x, a, b=2.0):
    return d * a * b * x**(b - 1), np.sum(d * x**b), None


def scaled_jvp(t, y, x, a, b=2.0):
    return (0.0 if t[0] is None else a * b * x**(b - 1) * t[0]) + (0.0 if t[1] is None else t[1] * x**b)


X = np.array([0.3, 1.7])


@pytest.mark.parametrize("transform", [
    lambda f: transpiler.vjp(f, X)[1](np.ones(2))[0],
    lambda f: transpiler.jvp(f, (X,), (np.ones(2),))[1],
    lambda f: np.diag(transpiler.jacobian(f)(X)),
    lambda f: np.diag(transpiler.jacobian(f, mode="forward")(X))])
def test_a_function_with_a_rule_differentiated_itself_is_differentiated_by_its_rule(register, transform):
    register(rounded, lambda d_y, y, x: (d_y,), lambda t, y, x: t[0])      # straight through, not round's 0
    np.testing.assert_allclose(transform(rounded), np.ones(2))


def test_its_defaults_and_keywords_reach_the_rule(register):
    register(scaled, scaled_vjp, scaled_jvp)
    np.testing.assert_allclose(np.diag(transpiler.jacobian(scaled)(X, 3.0)), 3.0 * 2.0 * X)
    np.testing.assert_allclose(np.diag(transpiler.jacobian(scaled)(X, 3.0, b=3.0)), 3.0 * 3.0 * X**2)
    d_a = transpiler.jacobian(scaled, (0, 1))(X, 3.0)[1]
    np.testing.assert_allclose(d_a, X**2)


def test_a_keyword_only_parameter_keeps_its_default_and_the_rule_is_used(register):
    register(times, lambda d, y, x, *, s=2.0: (d * s * 10,))      # (10×: tells the rule from the body)
    np.testing.assert_allclose(transpiler.vjp(times, X)[1](np.ones(2))[0], [20.0, 20.0])
