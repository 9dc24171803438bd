"""Functions passed as arguments of the differentiated function (frontend/function_arguments.py):
``grad(sequence_loss)(params, gru, init_state)`` as d2l calls its model, a predictor passed to a
loss, an activation as a keyword-only parameter with a default. Each function is a constant of
the call: the code is compiled for it (by identity), so another function passed compiles anew,
never reuses the code made for the first. Checked in reverse mode against central differences,
in forward mode along a direction, and to second order where it applies."""
import numpy as np
import pytest

import transpiler

RNG = np.random.default_rng(7)
DATA = RNG.normal(size=(5, 3))
TARGETS = RNG.normal(size=5)
W = RNG.normal(size=3) * 0.5


def central(f, args, wrt, direction, h=1e-6):
    def at(s):
        return f(*[a + s * direction if i == wrt else a for i, a in enumerate(args)])
    return (at(h) - at(-h)) / (2 * h)


def check(f, *args, wrt=0):
    """grad against central differences per coordinate, jvp along a random direction."""
    gradient = transpiler.grad(f, wrt=wrt)(*args)
    x = np.asarray(args[wrt], dtype=float)
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = 1.0
        np.testing.assert_allclose(gradient.reshape(-1)[k], central(f, args, wrt, e.reshape(x.shape)),
                                   rtol=1e-5, atol=1e-7)
    direction = np.random.default_rng(1).normal(size=x.shape)
    tangents = [None] * len(args)
    tangents[wrt] = direction
    value, derivative = transpiler.jvp(f, args, tangents)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12)
    np.testing.assert_allclose(derivative, central(f, args, wrt, direction), rtol=1e-5, atol=1e-7)


def squared_loss(w, predictor):
    return np.mean((predictor(DATA, w) - TARGETS) ** 2)


def linear(X, w):
    return X @ w


def saturating(X, w):
    return np.tanh(X @ w)


def test_a_predictor_passed_to_the_differentiated_loss():
    check(squared_loss, W, linear)
    check(squared_loss, W, saturating)


def test_another_function_passed_compiles_anew():
    # the same Gradient called with two functions: the second never runs the first's code
    g = transpiler.grad(squared_loss)
    first, second, again = g(W, linear), g(W, saturating), g(W, linear)
    np.testing.assert_allclose(first, 2 * DATA.T @ (DATA @ W - TARGETS) / 5)
    t = np.tanh(DATA @ W)
    np.testing.assert_allclose(second, 2 * DATA.T @ ((t - TARGETS) * (1 - t ** 2)) / 5)
    np.testing.assert_array_equal(again, first)
    assert not np.allclose(first, second)


def test_a_lambda_a_closure_and_numpy_functions():
    scale = 1.7
    check(squared_loss, W, lambda X, w: np.sin(X @ w) * scale)

    def make(power):
        return lambda X, w: (X @ w) ** power
    check(squared_loss, W, make(3))

    def total(x, f):
        return np.sum(f(x))
    for f in (np.sin, np.exp, np.tanh, np.cumsum):
        check(total, W, f)


def run_steps(x, step, n):
    # the function passed is called in a loop and in a branch
    for k in range(n):
        if k % 2 == 0:
            x = step(x)
        else:
            x = x + 0.1 * step(x)
    return np.sum(x ** 2)


def damped(x):
    return 0.9 * x - 0.05 * x ** 3


def test_called_in_a_loop_and_a_branch_and_through_a_helper():
    check(run_steps, W, damped, 4)

    def through_helper(x, step):
        return run_steps(x, step, 3)
    check(through_helper, W, damped)


def activated(x, *, act=np.tanh):
    return np.sum(act(x) ** 2)


def test_a_keyword_only_default_and_its_replacement():
    check(activated, W)
    np.testing.assert_allclose(transpiler.grad(activated)(W), 2 * np.tanh(W) * (1 - np.tanh(W) ** 2))
    np.testing.assert_allclose(transpiler.grad(activated)(W, act=np.sin), 2 * np.sin(W) * np.cos(W))


def test_second_order_and_float32():
    def loss(x, f):
        return np.sum(f(x) ** 2)
    np.testing.assert_allclose(transpiler.hessian(loss)(W, np.sin), np.diag(2 * np.cos(2 * W)), rtol=1e-10)
    v = np.array([1.0, -0.5, 0.25])
    np.testing.assert_allclose(transpiler.hvp(loss, W, v, np.exp), 4 * np.exp(2 * W) * v, rtol=1e-10)
    np.testing.assert_allclose(transpiler.hvp(loss, W, v, np.sin), 2 * np.cos(2 * W) * v, rtol=1e-10)
    g32 = transpiler.grad(loss)(W.astype(np.float32), np.tanh)
    assert g32.dtype == np.float32
    t = np.tanh(W)
    np.testing.assert_allclose(g32, 2 * t * (1 - t ** 2), rtol=1e-5)


def test_a_list_of_functions_passed_is_compiled_for_each_function():
    def loss(x, fs):
        return np.sum(fs[0](x))
    np.testing.assert_allclose(transpiler.grad(loss)(W, [np.sin]), np.cos(W))
    np.testing.assert_allclose(transpiler.grad(loss)(W, [np.exp]), np.exp(W))


def test_a_function_in_a_container_of_other_values_stays_refused_located():
    def loss(x, fs):
        return np.sum(fs[0](x))
    with pytest.raises(transpiler.TranspileError) as info:
        transpiler.grad(loss)(W, [np.sin, 2.0])
    assert info.value.location.line == loss.__code__.co_firstlineno + 1


def test_differentiating_with_respect_to_the_function_is_refused():
    def total(x, f):
        return np.sum(f(x))
    with pytest.raises(transpiler.NonDifferentiableError, match="with respect to `f`, which is a ufunc"):
        transpiler.grad(total, wrt=1)(W, np.sin)


def test_jacobian_and_vjp_with_functions_passed():
    def apply(x, f):
        return f(x) * 2.0
    jacobian = transpiler.jacobian(apply)
    np.testing.assert_allclose(jacobian(W, np.sin), np.diag(2 * np.cos(W)))
    np.testing.assert_allclose(jacobian(W, np.exp), np.diag(2 * np.exp(W)))
    np.testing.assert_allclose(transpiler.jacobian(apply, mode="forward")(W, np.tanh),
                               np.diag(2 * (1 - np.tanh(W) ** 2)))
    _, pullback = transpiler.vjp(apply, W, np.cos)
    np.testing.assert_allclose(pullback(np.ones(3))[0], -2 * np.sin(W))
