"""The runtime helpers the numba backend prints in numba's forms (backends/numba_runtime.py):
each compiled by numba gives what its NumPy helper gives, and gradients that call them compile
and equal the NumPy backend's."""
import numpy as np
import pytest

import transpiler
from transpiler.backends import emit
from transpiler.backends.numba_runtime import NUMBA_HELPERS
from transpiler.primitives import runtime

numba = pytest.importorskip("numba")
pytest.importorskip("scipy")            # numba's @ and np.dot need SciPy's BLAS

RNG = np.random.default_rng(5)


def jitted(name):
    """The numba version of helper ``name`` as the numba module has it: compiled with the
    numba-only helpers it calls (slice_numbers) in its globals."""
    namespace = {"np": np}
    for helper in ("slice_numbers", name):
        exec(emit.helper_source(NUMBA_HELPERS[helper]), namespace)
    for helper in ("slice_numbers", name):
        namespace[helper] = numba.njit(namespace[helper])
    return namespace[name]
X = RNG.standard_normal(6)

BROADCASTS = [                           # (g's shape, x's shape)
    ((3, 4), (4,)), ((3, 4), (3, 1)), ((3, 4), ()), ((2, 3, 4), (1, 3, 1)), ((5,), (5,)), ((2, 3, 4), (3, 1)),
]


@pytest.mark.parametrize("g_shape, x_shape", BROADCASTS, ids=str)
def test_numba_unbroadcast_sums_as_numpys_helper(g_shape, x_shape):
    g, x = RNG.standard_normal(g_shape), RNG.standard_normal(x_shape)
    g = g if g.ndim < 2 else np.swapaxes(np.swapaxes(g, 0, -1).copy(), 0, -1)   # (a strided view too)
    x = float(x) if x.ndim == 0 else x
    got = jitted("unbroadcast")(g, x)
    np.testing.assert_allclose(got, runtime.unbroadcast(g, x), rtol=1e-14)
    assert np.shape(got) == np.shape(x)


def test_numba_unbroadcast_of_two_numbers_and_of_complex_arrays():
    compiled = jitted("unbroadcast")
    assert compiled(2.5, 1.0) == 2.5
    g = RNG.standard_normal((3, 4)) + 1j * RNG.standard_normal((3, 4))
    np.testing.assert_allclose(compiled(g, np.ones((1, 4))), runtime.unbroadcast(g, np.ones((1, 4))))


REDUCED = [(None, False), (None, True), (1, False), (-1, True), ((0, 2), False), ((0, -1), True)]


@pytest.mark.parametrize("axis, keepdims", REDUCED, ids=str)
def test_numba_unreduce_spreads_as_numpys_helper(axis, keepdims):
    x = RNG.standard_normal((2, 3, 4))
    g = np.sum(x, axis=axis, keepdims=keepdims)
    got = jitted("unreduce")(g, x, axis, keepdims)
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


def scaled_by_column_spread(x):
    a = np.outer(x, x + 1)
    return np.sum(a / a.std(axis=0, keepdims=True))


def zscore_cubed(x):
    return np.sum(((x - x.mean()) / x.std()) ** 3)


def product_with_a_zero(x):
    return np.prod(x * np.array([1.0, 1.0, 0.0, 1.0, 1.0, 1.0])) + np.prod(x[:3] - x[0])


def column_products(x):
    return np.sum(np.prod(np.outer(x, x + 1), axis=0))


GRADIENTS = [broadcast_rows, swapped_outer, clipped_above, interpolated, trapezoid, summed_rows_of_a_tuple_axis,
             scaled_by_column_spread, zscore_cubed, product_with_a_zero, column_products]


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
    got = jitted("zeros_like_adjoint")(x)
    want = runtime.zeros_like_adjoint(x)
    assert np.shape(got) == np.shape(want) and np.result_type(got) == np.result_type(want)
    assert not np.any(got)


def test_numba_add_into_adds_at_integer_arrays_and_refuses_a_repeat():
    compiled = jitted("add_into")
    g = RNG.standard_normal(3)
    index = np.array([4, 0, 2])
    np.testing.assert_array_equal(compiled(np.zeros(6), index, g), runtime.add_into(np.zeros(6), index, g))
    np.testing.assert_array_equal(compiled(np.zeros(6), 1, 2.0), runtime.add_into(np.zeros(6), 1, 2.0))
    assert compiled(1.5, 0, 2.0) == 3.5
    with pytest.raises(ValueError, match="repeats"):
        compiled(np.zeros(6), np.array([1, 3, 1]), g)


@pytest.mark.parametrize("axis, keepdims", REDUCED, ids=str)
@pytest.mark.parametrize("ddof", [0, 1])
def test_numba_var_adjoint_is_numpys(axis, keepdims, ddof):
    x = RNG.standard_normal((2, 3, 4))
    y = np.var(x, axis=axis, keepdims=keepdims, ddof=ddof)
    g = RNG.standard_normal(np.shape(y))
    g = float(g) if np.ndim(g) == 0 else g
    got = jitted("var_adjoint")(g, y, x, axis, keepdims, ddof)
    np.testing.assert_allclose(got, runtime.HELPERS["var_adjoint"](g, y, x, axis, keepdims, ddof), rtol=1e-12)


@pytest.mark.parametrize("axis, keepdims", REDUCED, ids=str)
def test_numba_prod_adjoint_is_numpys_zeros_included(axis, keepdims):
    x = RNG.standard_normal((2, 3, 4))
    x[0, 1, 2] = x[1, 0, 0] = x[1, 0, 3] = 0.0          # one zero in some slices, two in others
    g = RNG.standard_normal(np.shape(np.prod(x, axis=axis, keepdims=keepdims)))
    g = float(g) if np.ndim(g) == 0 else g
    got = jitted("prod_adjoint")(g, x, axis, keepdims)
    np.testing.assert_allclose(got, runtime.HELPERS["prod_adjoint"](g, x, axis, keepdims), rtol=1e-12)
