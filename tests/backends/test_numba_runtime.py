"""The runtime helpers the numba backend prints in numba's forms (backends/numba_runtime.py):
each compiled by numba gives what its NumPy helper gives, and gradients that call them compile
and equal the NumPy backend's."""
import numpy as np
import pytest

import transpiler
from transpiler.backends.numba_runtime import NUMBA_HELPERS
from transpiler.primitives import runtime

numba = pytest.importorskip("numba")
pytest.importorskip("scipy")            # numba's @ and np.dot need SciPy's BLAS

RNG = np.random.default_rng(5)
X = RNG.standard_normal(6)

BROADCASTS = [                           # (g's shape, x's shape)
    ((3, 4), (4,)), ((3, 4), (3, 1)), ((3, 4), ()), ((2, 3, 4), (1, 3, 1)), ((5,), (5,)), ((2, 3, 4), (3, 1)),
]


@pytest.mark.parametrize("g_shape, x_shape", BROADCASTS, ids=str)
def test_numba_unbroadcast_sums_as_numpys_helper(g_shape, x_shape):
    g, x = RNG.standard_normal(g_shape), RNG.standard_normal(x_shape)
    g = g if g.ndim < 2 else np.swapaxes(np.swapaxes(g, 0, -1).copy(), 0, -1)   # (a strided view too)
    x = float(x) if x.ndim == 0 else x
    got = numba.njit(NUMBA_HELPERS["unbroadcast"])(g, x)
    np.testing.assert_allclose(got, runtime.unbroadcast(g, x), rtol=1e-14)
    assert np.shape(got) == np.shape(x)


def test_numba_unbroadcast_of_two_numbers_and_of_complex_arrays():
    jitted = numba.njit(NUMBA_HELPERS["unbroadcast"])
    assert jitted(2.5, 1.0) == 2.5
    g = RNG.standard_normal((3, 4)) + 1j * RNG.standard_normal((3, 4))
    np.testing.assert_allclose(jitted(g, np.ones((1, 4))), runtime.unbroadcast(g, np.ones((1, 4))))


REDUCED = [(None, False), (None, True), (1, False), (-1, True), ((0, 2), False), ((0, -1), True)]


@pytest.mark.parametrize("axis, keepdims", REDUCED, ids=str)
def test_numba_unreduce_spreads_as_numpys_helper(axis, keepdims):
    x = RNG.standard_normal((2, 3, 4))
    g = np.sum(x, axis=axis, keepdims=keepdims)
    got = numba.njit(NUMBA_HELPERS["unreduce"])(g, x, axis, keepdims)
    np.testing.assert_array_equal(got, runtime.unreduce(g, x, axis, keepdims))


def broadcast_rows(x):
    return np.sum(np.broadcast_to(x, (3, 6)) * np.arange(18).reshape(3, 6))


def swapped_outer(x):
    return np.sum(np.swapaxes(np.outer(x, x + 1), 0, -1) * np.arange(36).reshape(6, 6))


def clipped_above(x):
    return np.sum(np.clip(x, None, 0.5) * x)


def interpolated(x):
    return np.sum(np.interp(x, [-2.0, 0.0, 1.0, 3.0], [1.0, 2.0, -1.0, 0.5]))


def trapezoid(x):
    return np.trapezoid(x ** 2, dx=0.5)


def summed_rows_of_a_tuple_axis(x):
    a = np.outer(x, x).reshape(2, 3, 6)
    return np.sum(np.sum(a, axis=(0, 2)) ** 2)


GRADIENTS = [broadcast_rows, swapped_outer, clipped_above, interpolated, trapezoid, summed_rows_of_a_tuple_axis]


@pytest.mark.parametrize("f", GRADIENTS, ids=[f.__name__ for f in GRADIENTS])
def test_numba_compiles_gradients_calling_unbroadcast_and_unreduce(f):
    value, got = transpiler.value_and_grad(f, backend="numba")(X)
    want_value, want = transpiler.value_and_grad(f)(X)
    np.testing.assert_allclose(value, want_value, rtol=1e-12)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    assert transpiler.check_grad(f, X).ok


def test_numba_module_prints_the_numba_helpers_it_compiles():
    gradient = transpiler.grad(broadcast_rows, backend="numba")
    gradient(X)
    source = gradient.compiled((X,)).source
    assert "if isinstance(x, (bool, int, float, complex)):" in source      # (numba's unbroadcast)
    assert "tuple(range(extra))" not in source                            # (NumPy's)


@pytest.mark.parametrize("x", [np.ones((2, 3)), np.arange(4), np.ones(3, np.complex128), 2.0], ids=repr)
def test_numba_zeros_like_adjoint_is_numpys(x):
    got = numba.njit(NUMBA_HELPERS["zeros_like_adjoint"])(x)
    want = runtime.zeros_like_adjoint(x)
    assert np.shape(got) == np.shape(want) and np.result_type(got) == np.result_type(want)
    assert not np.any(got)


def test_numba_add_into_adds_at_integer_arrays_and_refuses_a_repeat():
    jitted = numba.njit(NUMBA_HELPERS["add_into"])
    g = RNG.standard_normal(3)
    index = np.array([4, 0, 2])
    np.testing.assert_array_equal(jitted(np.zeros(6), index, g), runtime.add_into(np.zeros(6), index, g))
    np.testing.assert_array_equal(jitted(np.zeros(6), 1, 2.0), runtime.add_into(np.zeros(6), 1, 2.0))
    assert jitted(1.5, 0, 2.0) == 3.5
    with pytest.raises(ValueError, match="repeats"):
        jitted(np.zeros(6), np.array([1, 3, 1]), g)
