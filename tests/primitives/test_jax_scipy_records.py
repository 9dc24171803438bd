"""What JAX's lax_scipy_test found, as a harness adapted its checks to SciPy spellings:

* ``xlogy(0, y)`` and ``xlog1py(0, y)`` are 0 for every ``y``: their derivative in ``y`` is 0
  there, also at ``y = 0`` (``y = -1``), where the partial ``x / y`` was ``0 / 0`` (NaN), in
  both modes and through the Hessian (testGradOfXlogyAtZero, testGradOfXlog1pyAtZero);
* ``logsumexp(a, axis, b=b)`` with ``b`` of more dimensions than ``a``: SciPy broadcasts the two
  first, so ``axis`` counts the broadcast shape's axes (it raised AxisError);
* ``logsumexp`` of complex values (testLogSumExp's complex dtypes), with ``b``, ``keepdims`` and
  ``return_sign``: SciPy's value, its derivative in both real directions (it was refused: the
  shift by the maximum ordered complex numbers)."""
import numpy as np
import pytest
from array_check import both_directions, numeric_gradient, rng
from scipy import special
from scipy.special import logsumexp

import transpiler


# --------------------------------------------------------------------------- x log y at x = 0
def xlogy_of_zero(y):
    return special.xlogy(0.0, y)


def xlog1py_of_zero(y):
    return special.xlog1py(0.0, y)


def xlogy_mixed(x, y):
    return np.sum(special.xlogy(x, y) ** 2 + special.xlog1py(x, y - 1))


@pytest.mark.parametrize("f, y", [(xlogy_of_zero, 0.0), (xlogy_of_zero, 2.0), (xlog1py_of_zero, -1.0)],
                         ids=["xlogy_at_0", "xlogy_at_2", "xlog1py_at_minus_1"])
def test_the_derivative_of_x_log_y_in_y_is_zero_where_x_is_zero(f, y):
    assert transpiler.grad(f)(y) == 0.0
    assert transpiler.jvp(f, (y,), (1.0,)) == (0.0, 0.0)
    assert transpiler.hessian(f)(y) == 0.0


def test_x_log_y_with_some_zero_x_has_zero_derivative_there_and_the_usual_one_elsewhere():
    x = np.array([0.0, 1.5, 0.0, -0.5])
    y = np.array([0.0, 2.0, 1.0, 0.5])
    gradient = transpiler.grad(xlogy_mixed, wrt=1)(x, y)
    assert gradient[0] == 0.0 and np.all(np.isfinite(gradient))
    np.testing.assert_allclose(gradient[1:], numeric_gradient(xlogy_mixed, [x, y], 1)[1:], rtol=1e-6)
    _, tangent = transpiler.jvp(xlogy_mixed, (x, y), (None, np.array([0.0, 1.0, 1.0, 1.0])))
    assert tangent == pytest.approx(np.sum(gradient[1:]), rel=1e-10)


# --------------------------------------------------------------------------- logsumexp's broadcast b
def weighted_over_the_first_axis(a, b):
    return np.sum(logsumexp(a, axis=-2, b=b) ** 2)


def weighted_keepdims(a, b):
    return np.sum(np.sin(special.logsumexp(a, 1, b=b, keepdims=True)))


@pytest.mark.parametrize("f", [weighted_over_the_first_axis, weighted_keepdims], ids=lambda f: f.__name__)
def test_logsumexp_axis_counts_the_axes_of_a_broadcast_with_b(f):
    a = rng(3).normal(size=(4,))
    b = np.abs(rng(4).normal(size=(3, 4))) + 0.1
    value, grads = transpiler.value_and_grad(f, wrt=(0, 1))(a, b)
    assert value == pytest.approx(f(a, b), rel=1e-12)
    for i, g in enumerate(grads):
        np.testing.assert_allclose(g, numeric_gradient(f, [a, b], i), rtol=1e-6, atol=1e-9)
    t = rng(5).normal(size=(4,))
    _, tangent = transpiler.jvp(f, (a, b), (t, None))
    assert tangent == pytest.approx(np.sum(grads[0] * t), rel=1e-9)


# --------------------------------------------------------------------------- complex logsumexp
Z = rng(6).normal(size=(3, 4)) + 1j * rng(7).normal(size=(3, 4))


def complex_logsumexp(z):
    out = logsumexp(z, axis=1)
    return np.real(np.sum(out * (0.4 - 0.3j) + 0.2 * out * out))


def complex_logsumexp_weighted_keepdims(z):
    out = special.logsumexp(z, axis=0, b=np.arange(1.0, 5.0), keepdims=True)
    return np.real(np.sum(out * (0.4 - 0.3j)))


def complex_logsumexp_with_sign(z):
    log_magnitude, sign = logsumexp(z, axis=-1, return_sign=True)
    return np.sum(log_magnitude ** 2)


@pytest.mark.parametrize("f", [complex_logsumexp, complex_logsumexp_weighted_keepdims, complex_logsumexp_with_sign],
                         ids=lambda f: f.__name__)
def test_logsumexp_of_complex_values_is_scipys_with_its_derivative(f):
    value, gradient = transpiler.value_and_grad(f)(Z)
    assert value == pytest.approx(f(Z), rel=1e-12)
    np.testing.assert_allclose(gradient, both_directions(f, Z), rtol=1e-6, atol=1e-8)
    t = rng(8).normal(size=Z.shape) + 1j * rng(9).normal(size=Z.shape)
    _, tangent = transpiler.jvp(f, (Z,), (t,))
    h = 1e-6
    assert tangent == pytest.approx((f(Z + h * t) - f(Z - h * t)) / (2 * h), rel=1e-6, abs=1e-8)
