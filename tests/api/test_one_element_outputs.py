"""A function returning a tuple or list of one number (`return loss,`, as DEAP's benchmarks do):
grad differentiates that number, value_and_grad hands back the container as the function
returned it, and jvp, vjp, jacobian, hessian and hvp keep the same structure."""
import math

import numpy as np
import pytest

import transpiler
from transpiler import OutputShapeError

X = np.array([0.3, -1.2, 0.8])


def central_differences(f, x, h=1e-6):
    """d f(x)[0] / dx, element by element."""
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    for i in range(x.size):
        up, down = x.copy(), x.copy()
        up.flat[i] += h
        down.flat[i] -= h
        out.flat[i] = (f(up)[0] - f(down)[0]) / (2 * h)
    return out


def sphere(individual):
    return sum(gene * gene for gene in individual),


def as_list(x):
    return [np.sum(np.sin(x) * x)]


def in_branches(x, flag=1):
    if flag > 0:
        return np.sum(np.exp(x)),
    else:
        return np.sum(x ** 3),


def in_a_loop(x):
    total = 0.0
    for v in x:
        total = total + math.cos(v) * v
    return (total,)


def helper(x):
    return np.dot(x, x),


def through_a_helper(x):
    return (2.0 * helper(x)[0],)


scaled = lambda x, scale=2.0: (scale * np.sum(x ** 2),)  # noqa: E731


@pytest.mark.parametrize("f", [sphere, as_list, in_branches, in_a_loop, through_a_helper, scaled])
def test_grad_of_a_one_element_return_is_its_element_s_gradient(f):
    expected = central_differences(lambda v: f(v), X)
    np.testing.assert_allclose(transpiler.grad(f)(X), expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", [sphere, as_list, in_branches, in_a_loop, through_a_helper, scaled])
def test_value_and_grad_returns_the_container_the_function_returned(f):
    value, gradient = transpiler.value_and_grad(f)(X)
    assert type(value) is type(f(X)) and len(value) == 1
    np.testing.assert_allclose(value[0], f(X)[0])
    np.testing.assert_allclose(gradient, central_differences(lambda v: f(v), X), rtol=1e-6, atol=1e-8)


def test_other_branch_and_keyword_arguments():
    gradient = transpiler.grad(in_branches)(X, flag=-1)
    np.testing.assert_allclose(gradient, 3 * X ** 2)
    np.testing.assert_allclose(transpiler.grad(scaled)(X, scale=3.0), 6 * X)


def test_a_list_of_numbers_and_a_number_argument():
    """DEAP's individuals are lists: the gradient is a list like the argument."""
    assert transpiler.grad(sphere)([1.0, 2.0]) == [2.0, 4.0]
    value, gradient = transpiler.value_and_grad(in_a_loop)([0.5])
    assert value == (math.cos(0.5) * 0.5,) and np.isclose(gradient[0], math.cos(0.5) - 0.5 * math.sin(0.5))
    assert transpiler.grad(lambda t: (t ** 3,))(2.0) == pytest.approx(12.0)


def test_float32_keeps_its_dtype():
    x = X.astype(np.float32)
    gradient = transpiler.grad(sphere)(x)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, 2 * x, rtol=1e-6)


def test_with_respect_to_several_arguments():
    def weighted(w, x):
        return (np.sum(w * x ** 2),)

    gw, gx = transpiler.grad(weighted, wrt=(0, 1))(np.ones(3), X)
    np.testing.assert_allclose(gw, X ** 2)
    np.testing.assert_allclose(gx, 2 * X)


def test_forward_mode_and_pullback_keep_the_structure():
    out, tangent = transpiler.jvp(sphere, (X,), (np.ones(3),))
    assert isinstance(out, tuple) and isinstance(tangent, tuple)
    np.testing.assert_allclose(tangent[0], np.sum(2 * X))
    out, tangent = transpiler.jvp(as_list, (X,), (np.ones(3),))
    assert isinstance(out, list) and np.isclose(tangent[0], np.sum(np.cos(X) * X + np.sin(X)))
    out, pullback = transpiler.vjp(sphere, X)
    np.testing.assert_allclose(pullback((1.0,))[0], 2 * X)
    (jac,) = transpiler.jacobian(sphere)(X)
    np.testing.assert_allclose(jac, 2 * X)


def test_second_derivatives_are_the_element_s():
    np.testing.assert_allclose(transpiler.hessian(sphere)(X), 2 * np.eye(3))
    np.testing.assert_allclose(transpiler.hvp(as_list, X, np.ones(3)),
                               transpiler.hvp(lambda x: np.sum(np.sin(x) * x), X, np.ones(3)))
    assert transpiler.grad(transpiler.grad(lambda t: (t ** 3,)))(2.0) == pytest.approx(12.0)


def test_printed_gradient_seeds_the_element_and_returns_the_container():
    text = transpiler.grad(sphere).source(args=(X,))
    assert "    _t6 = sum(_items),\n" in text and "sum_adjoint(1.0, _items)" in text
    assert "    return _t6, d_individual\n" in text
    assert "def sphere_value_and_grad(individual, d_out=1.0):" in transpiler.grad(sphere).source()


def test_an_array_in_a_one_element_tuple_is_refused():
    def doubled(x):
        return 2.0 * x,

    with pytest.raises(OutputShapeError, match="tuple or list of one element"):
        transpiler.grad(doubled)(X)


def test_two_elements_are_still_refused():
    def pair(x):
        return np.sum(x), np.sum(x ** 2)

    with pytest.raises(OutputShapeError, match="returns a tuple"):
        transpiler.grad(pair)(X)


def test_a_list_grown_by_appends_is_refused_not_a_crash():
    """Its length is not known when compiling: the generated code's seed refuses it at run time
    (it was a TypeError from NumPy inside the generated code)."""
    def grown(x):
        out = [np.sum(x)]
        out.append(np.sum(x ** 2))
        return out

    with pytest.raises(OutputShapeError, match="returned a list of 2 values"):
        transpiler.grad(grown)(X)
    out, tangent = transpiler.jvp(grown, (X,), (np.ones(3),))
    np.testing.assert_allclose(tangent, [3.0, np.sum(2 * X)])
