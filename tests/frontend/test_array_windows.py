"""A name for a window of an array updated in place (``u = U[1:-1, 1:-1]`` then ``u += du``, as
Rougier's Gray-Scott code writes it) is read as the window it is: ``u += du`` writes into ``U``
and every later ``u`` shows ``U``'s current values, as NumPy's view does. Both modes against
central finite differences, second order, and the spellings left as written (refused, or Python's
meaning where it is not a view)."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from transpiler.check import check_grad

GRID = np.random.default_rng(2).uniform(0.2, 1.0, (6, 6))


def diffuse(U, rate):
    u = U[1:-1, 1:-1]
    for i in range(3):
        L = U[0:-2, 1:-1] + U[2:, 1:-1] + U[1:-1, 0:-2] + U[1:-1, 2:] - 4 * U[1:-1, 1:-1]
        u += rate * L - 0.1 * u * u
    return np.sum(U * np.linspace(0.5, 1.5, U.size).reshape(U.shape))


def two_fields(U, V):
    u, v = U[1:-1, 1:-1], V[1:-1, ...]
    uvv = u * v[:, 1:-1] ** 2
    u += 0.2 - uvv
    v *= 1.5
    return np.sum(U ** 2) + np.sum(V * U)


def writes_rows_of_the_window(U):
    u = U[1:, 1:]
    u[0] = 5.0 * u[1]
    u[-1] += 2.0
    return np.sum(U ** 2 * np.arange(U.size).reshape(U.shape))


@pytest.mark.parametrize("f, args, wrt", [(diffuse, (GRID, 0.15), 0), (diffuse, (GRID, 0.15), 1),
                                          (writes_rows_of_the_window, (GRID,), 0),
                                          (two_fields, (GRID, GRID[::-1].copy()), 0),
                                          (two_fields, (GRID, GRID[::-1].copy()), 1)])
def test_an_updated_window_matches_finite_differences_in_both_modes(f, args, wrt):
    assert check_grad(f, *args, wrt=wrt).ok
    direction = np.random.default_rng(4).standard_normal(np.shape(args[wrt]))
    tangents = tuple(direction if i == wrt else None for i in range(len(args)))
    value, tangent = transpiler.jvp(f, args, tangents)

    def at(step):                 # (the Python function writes into its arguments: fresh copies)
        moved = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
        moved[wrt] = moved[wrt] + step * direction
        return f(*moved)

    h = 1e-6
    assert value == pytest.approx(at(0.0))
    assert tangent == pytest.approx((at(h) - at(-h)) / (2 * h), rel=1e-6)


def test_the_callers_array_is_not_written():
    U = GRID.copy()
    transpiler.grad(diffuse)(U, 0.15)
    np.testing.assert_array_equal(U, GRID)


def test_second_derivative_through_an_updated_window():
    def f(rate):
        return diffuse(GRID.copy(), rate)
    h = 1e-4
    expected = (f(0.15 + h) - 2 * f(0.15) + f(0.15 - h)) / h ** 2
    assert transpiler.hessian(diffuse, wrt=1)(GRID, 0.15) == pytest.approx(expected, rel=1e-4)


def a_number_not_a_window(A):
    a = A[0, 1]
    a += 1.0           # a number: A is unchanged
    return np.sum(A ** 2) + a


def test_integers_alone_give_a_number_whose_update_leaves_the_array_alone():
    np.testing.assert_allclose(transpiler.grad(a_number_not_a_window)(GRID),
                               2 * GRID + (np.arange(36).reshape(6, 6) == 1))


def rebinds_the_window(U):
    u = U[1:, 1:]
    u += 1.0
    u = U[:1, :1]
    return np.sum(U) + np.sum(u)


def window_of_a_rebound_array(U):
    u = U[1:, 1:]
    U = U * 2
    u += 1.0           # writes into the old array, which nothing reads again
    return np.sum(U)


def test_a_window_whose_name_is_rebound_is_left_as_written():
    with pytest.raises(UnsupportedSyntaxError, match="in place"):
        transpiler.grad(rebinds_the_window)(GRID)


def test_a_window_of_an_array_whose_name_is_rebound_keeps_pythons_meaning():
    np.testing.assert_allclose(transpiler.grad(window_of_a_rebound_array)(GRID), 2 * np.ones((6, 6)))


def heat_with_a_named_interior(x, r):
    """A 1-D grid's interior named by one slice: a view because `u` is an array NumPy made."""
    u = np.zeros(len(x) + 2)
    u[1:-1] = x
    interior = u[1:-1]
    for _ in range(4):
        interior += r * (u[2:] - 2 * interior + u[:-2])
    return np.sum(u ** 2 * np.linspace(1.0, 2.0, len(u)))


def list_slice_is_a_copy(x):
    y = [1.0, 2.0, 3.0]
    v = y[0:2]                 # a list's slice copies: v[0] = ... leaves y alone
    v[0] = x[0]
    return y[0] * x[1] + v[0]


@pytest.mark.parametrize("wrt", [0, 1])
def test_a_single_slice_of_an_array_made_in_the_function_is_a_window(wrt):
    args = (np.random.default_rng(4).uniform(-1, 1, 5), 0.2)
    assert transpiler.value_and_grad(heat_with_a_named_interior, wrt=wrt)(*args)[0] == pytest.approx(
        heat_with_a_named_interior(*args), rel=1e-13)
    test_an_updated_window_matches_finite_differences_in_both_modes(heat_with_a_named_interior, args, wrt)
    x = np.array([0.3, -0.7, 1.1])
    assert transpiler.value_and_grad(list_slice_is_a_copy)(x)[0] == list_slice_is_a_copy(x)
    assert check_grad(list_slice_is_a_copy, x).ok
