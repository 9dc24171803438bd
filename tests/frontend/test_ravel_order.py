"""``np.ravel(x, order=...)`` and the method spellings ``x.ravel("F")``, ``x.flatten(order=...)``
(frontend/ravel_order.py, ``ravel_in_order`` in primitives/shape.py): "C" and "F" for any array;
"K" and "A" (memory order) decided from the primal array when the code runs (a C- or
Fortran-contiguous matrix, a transpose); refused at run time for a view whose strides follow
neither order, and at compile time for an order that is not a constant. Both modes, hessian."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

A = np.arange(1.0, 7.0).reshape(2, 3) / 7
WEIGHTS = np.arange(6.0)


def fortran_order(x):
    return np.sum(np.ravel(x, order="F") ** 2 * WEIGHTS)


def method_spellings(x):
    return np.sum(x.ravel("F") ** 3 * WEIGHTS) + np.sum(x.flatten(order="C") * WEIGHTS) + np.sum(x.T.ravel("F") ** 2)


def memory_order_of_rows(x):
    total = 0.0
    for i in range(x.shape[0]):
        total = total + np.dot(np.ravel(x[i], order="K"), x[i] - x[0]) + np.sum(np.ravel(x[:, i], "A") ** 3)
    return total


def memory_order_of_a_matrix(x):
    return np.sum(np.ravel(x, order="K") * WEIGHTS)


def order_from_a_parameter(x, order):
    return np.sum(np.ravel(x, order=order))


@pytest.mark.parametrize("f", [fortran_order, method_spellings, memory_order_of_rows])
def test_ravel_orders_in_both_modes(f):
    assert_both_modes(f, A)


def test_fortran_order_is_numpy_s():
    value, tangent = transpiler.jvp(fortran_order, (A,), (np.ones_like(A),))
    assert value == pytest.approx(fortran_order(A), rel=1e-14)
    assert tangent == pytest.approx(np.sum(2 * np.ravel(A, order="F") * WEIGHTS), rel=1e-14)


@pytest.mark.parametrize("f", [fortran_order, method_spellings])
def test_hessian_through_ravel_orders(f):
    hessian = transpiler.hessian(f)(A).reshape(6, 6)
    gradient = transpiler.grad(f)
    h = 1e-6
    numeric = np.stack([((gradient(A + h * e.reshape(2, 3)) - gradient(A - h * e.reshape(2, 3))) / (2 * h)).ravel()
                        for e in np.eye(6)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-6, atol=1e-8)


def memory_order_of_a_transpose(x):
    return np.sum(np.ravel(x.T, order="K") ** 2 * WEIGHTS) + np.sum(np.ravel(x.T, "A") * WEIGHTS)


def memory_order_of_a_strided_view(x):
    y = np.concatenate([x, x], axis=1)[:, ::-2]        # negative strides: no memory order to follow
    return np.sum(np.ravel(y, order="K"))


@pytest.mark.parametrize("f", [memory_order_of_a_matrix, memory_order_of_a_transpose])
def test_memory_order_of_a_matrix_is_its_layouts_in_both_modes(f):
    assert_both_modes(f, A)
    assert transpiler.value_and_grad(f)(A)[0] == pytest.approx(f(A), rel=1e-14)


def test_memory_order_of_a_view_following_no_order_is_refused_when_it_runs():
    with pytest.raises(ValueError, match="strides follow neither"):
        transpiler.grad(memory_order_of_a_strided_view)(A)


def test_an_order_that_is_not_a_constant_is_refused_where_written():
    with pytest.raises(UnsupportedSyntaxError, match="the order `order`") as caught:
        transpiler.grad(order_from_a_parameter)(A, "C")
    assert "test_ravel_order.py" in str(caught.value)


# ------------------------------------------------- np.reshape(x, shape, order='F') (Sammon mapping)
def fortran_reshape_loss(s, n):
    y = np.reshape(s, (-1, n), order='F')
    return np.sum(np.sin(y) * np.arange(1.0, 1.0 + y.size).reshape(y.shape) ** 1.5)


def test_reshape_in_fortran_order_in_both_modes_second_order_and_float32():
    s = np.linspace(0.1, 1.2, 6)
    assert transpiler.check_grad(fortran_reshape_loss, s, 2).ok
    weights = np.arange(1.0, 7.0).reshape(3, 2) ** 1.5
    expected = (np.cos(np.reshape(s, (3, 2), order='F')) * weights).ravel(order='F')     # by hand
    np.testing.assert_allclose(transpiler.grad(fortran_reshape_loss)(s, 2), expected, rtol=1e-12)
    v = np.linspace(-1.0, 1.0, 6)
    np.testing.assert_allclose(transpiler.jvp(fortran_reshape_loss, (s, 2), (v, None))[1], expected @ v, rtol=1e-12)
    np.testing.assert_allclose(transpiler.hessian(fortran_reshape_loss)(s, 2),
                               np.diag((-np.sin(np.reshape(s, (3, 2), order='F')) * weights).ravel(order='F')),
                               atol=1e-12)
    g32 = transpiler.grad(fortran_reshape_loss)(s.astype(np.float32), 2)
    assert g32.dtype == np.float32 and np.allclose(g32, expected, rtol=1e-5)


def reshape_method_orders(x):
    by_columns = x.reshape(3, 2, order="F")
    flat = x.reshape(-1, order="F")
    as_tuple = x.reshape((2, -1), order="F")
    rows = x.reshape(6, order="C")
    return np.sum(by_columns[:, 0] * np.sin(by_columns[:, 1])) + np.sum(flat * WEIGHTS) \
        + np.sum(as_tuple ** 2 * A) + np.sum(rows[::2] ** 3)


def test_reshape_method_given_an_order_in_both_modes():
    assert_both_modes(reshape_method_orders, A)


def reshape_function_orders(x):
    by_columns = np.reshape(x, (3, 2), order="F")
    flat = np.reshape(x, -1, order="F")
    as_tuple = np.reshape(x, (2, -1), order="F")
    rows = np.reshape(x, 6)
    return np.sum(by_columns[:, 0] * np.sin(by_columns[:, 1])) + np.sum(flat * WEIGHTS) \
        + np.sum(as_tuple ** 2 * A) + np.sum(rows[::2] ** 3)


def test_reshape_method_and_function_spellings_agree():
    value, gradient = transpiler.value_and_grad(reshape_method_orders)(A)
    assert value == pytest.approx(reshape_method_orders(A), rel=1e-14)
    np.testing.assert_allclose(gradient, transpiler.grad(reshape_function_orders)(A), rtol=1e-14)
    np.testing.assert_allclose(transpiler.hessian(reshape_method_orders)(A),
                               transpiler.hessian(reshape_function_orders)(A), rtol=1e-12)
