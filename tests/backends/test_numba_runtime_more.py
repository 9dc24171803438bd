"""numba's forms of ``norm_adjoint``, ``diag_adjoint``, ``running_sum_backward`` and ``undiff``
(backends/numba_runtime.py) and the
``np.result_type`` numba is given (backends/numba_overloads.py): each compiled by numba gives what
NumPy's helper gives, and gradients that call them compile and equal the NumPy backend's."""
import math

import numpy as np
import pytest

import transpiler
from transpiler.backends import emit, numba_overloads
from transpiler.backends.numba_runtime import NUMBA_HELPERS
from transpiler.primitives import runtime

numba = pytest.importorskip("numba")
pytest.importorskip("scipy")            # numba's @, np.dot and np.linalg need SciPy's BLAS

RNG = np.random.default_rng(11)
X = RNG.standard_normal(6)


def jitted(name):
    """The numba version of helper ``name``, compiled with the numba-only helper it calls."""
    numba_overloads.register()           # (as the backend's jit does: np.result_type)
    namespace = {"np": np}
    for helper in ("axis_blocks", name):
        exec(emit.helper_source(NUMBA_HELPERS[helper]), namespace)
        namespace[helper] = numba.njit(namespace[helper])
    return namespace[name]


VECTOR_ORDS = [None, 2, 1, 0, np.inf, -np.inf, 3, 0.5]
MATRIX_ORDS = [None, "fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf]


@pytest.mark.parametrize("x, ords", [(RNG.standard_normal(6), VECTOR_ORDS), (RNG.standard_normal((4, 5)), MATRIX_ORDS)],
                         ids=["vector", "matrix"])
def test_numba_norm_adjoint_is_numpys_for_each_order(x, ords):
    compiled = jitted("norm_adjoint")
    for ord in ords:
        y = np.linalg.norm(x, ord)
        got = compiled(0.7, y, x, ord, None, False)
        want = runtime.HELPERS["norm_adjoint"](0.7, y, x, ord, None, False)
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14, err_msg=f"ord={ord!r}")


def test_numba_norm_adjoint_of_a_zero_vector_is_zero():
    np.testing.assert_array_equal(jitted("norm_adjoint")(1.0, 0.0, np.zeros(3), 3, None, False), np.zeros(3))


@pytest.mark.parametrize("shape, k", [((5,), 0), ((5,), -2), ((4, 4), 0), ((3, 5), 1), ((5, 3), -1)], ids=str)
def test_numba_diag_adjoint_is_numpys(shape, k):
    v = RNG.standard_normal(shape)
    g = RNG.standard_normal(np.shape(np.diag(v, k)))
    np.testing.assert_array_equal(jitted("diag_adjoint")(g, v, k), runtime.HELPERS["diag_adjoint"](g, v, k))


@pytest.mark.parametrize("axis", [None, 0, 1, -1], ids=str)
def test_numba_running_sum_backward_is_numpys(axis):
    x, g = RNG.standard_normal((3, 4, 2)), RNG.standard_normal((3, 4, 2))
    want = runtime.HELPERS["running_sum_backward"](g, x, axis)
    got = jitted("running_sum_backward")(g, x, axis)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-13)


@pytest.mark.parametrize("shape, n, axis", [((5,), 1, -1), ((5,), 2, 0), ((3, 4, 2), 1, 1), ((3, 4, 2), 2, -1),
                                            ((3, 4, 2), 3, 0), ((2,), 3, -1)], ids=str)
def test_numba_undiff_is_numpys(shape, n, axis):
    g = RNG.standard_normal(np.shape(np.diff(np.zeros(shape), n, axis)))
    want = runtime.HELPERS["undiff"](g, shape, n, axis)
    got = jitted("undiff")(g, shape, n, axis)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-13)


def test_numba_result_type_is_numpys_with_python_numbers_weak():
    numba_overloads.register()

    @numba.njit
    def dtype_of_zeros(a, b):
        return np.zeros(1, np.result_type(a, b)).dtype

    for a, b in [(np.ones(2, np.float32), 1.0), (np.ones(2, np.int64), 1.0), (np.ones(2, np.float32), np.ones(2)),
                 (np.ones(2), 1j), (np.ones(2, np.int32), 2)]:
        assert dtype_of_zeros(a, b) == np.result_type(a, b), (a.dtype, b)


def angle(x):
    return np.arccos(np.dot(x[:3], x[3:]) / (np.linalg.norm(x[:3]) * np.linalg.norm(x[3:])))


def inf_norm(x):
    return np.linalg.norm(x * np.arange(1, 7), np.inf)


def third_norm(x):
    return np.linalg.norm(x, 3)


def matrix_1_norm(x):
    return np.linalg.norm(np.outer(x, x + 1) + np.diag(x), 1)


def matrix_2_norm(x):
    return np.linalg.norm(np.outer(x, x + 1) + np.diag(x), 2)


def hypot(x):
    return math.hypot(*x)


def convolved_valid(x):
    return np.sum(np.convolve(x, x[:2], mode='valid') ** 2)


def correlated_full(x):
    return np.sum(np.correlate(x, x[::-1] ** 2, mode='full') * np.arange(2 * len(x) - 1))


def cumulative_product(x):
    return np.sum(np.cumprod(x)[1:3])


def squared_differences(x):
    return np.sum(np.diff(x) ** 2) + np.sum(np.ediff1d(x) ** 3)


GRADIENTS = [angle, inf_norm, third_norm, matrix_1_norm, matrix_2_norm, hypot, convolved_valid, correlated_full,
             cumulative_product, squared_differences]


@pytest.mark.parametrize("f", GRADIENTS, ids=[f.__name__ for f in GRADIENTS])
def test_numba_compiles_gradients_of_norms_convolutions_and_running_products(f):
    value, got = transpiler.value_and_grad(f, backend="numba")(X)
    want_value, want = transpiler.value_and_grad(f)(X)
    np.testing.assert_allclose(value, want_value, rtol=1e-12)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    assert transpiler.check_grad(f, X).ok


def nuclear_norm(x):
    return np.linalg.norm(np.outer(x, x + 1) + np.eye(6), 'nuc')


def frobenius_norm(x):
    return np.linalg.norm(np.outer(x, x + 1), 'fro') + np.linalg.norm(np.outer(x, x), ord='fro')


@pytest.mark.parametrize("f", [nuclear_norm, frobenius_norm], ids=["nuc", "fro"])
def test_numba_compiles_norms_of_string_order(f):
    value, got = transpiler.value_and_grad(f, backend="numba")(X)
    want_value, want = transpiler.value_and_grad(f)(X)
    np.testing.assert_allclose(value, want_value, rtol=1e-12)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int32, bool], ids=str)
def test_numba_cumsum_along_is_numpys_cumsum_with_its_dtype(dtype):
    a = (RNG.standard_normal((3, 4, 2)) * 3).astype(dtype)
    compiled = jitted("cumsum_along")
    for axis in range(-3, 3):
        got, want = compiled(a, axis), np.cumsum(a, axis=axis)
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-6 if dtype == np.float32 else 1e-14)


@pytest.mark.parametrize("axis", [None, 0, 1, -1], ids=str)
def test_numba_uncumsum_is_numpys(axis):
    g = RNG.standard_normal((3, 4, 2))
    g = g[::-1] if axis is None else g          # (a view numba cannot reshape: copied)
    x = np.zeros((3, 4, 2))
    np.testing.assert_allclose(jitted("uncumsum")(g, x, axis), runtime.HELPERS["uncumsum"](g, x, axis), rtol=1e-14)


def cumulative_rows_and_columns(x):
    a = np.outer(x, x)
    return np.sum(np.cumsum(a, axis=1)[:, -1] * np.cumsum(a, axis=0)[-1]) + np.sum(np.cumsum(a, -1) ** 2)


def reversed_cumulative_sum(x):
    return np.sum(np.cumsum(x[::-1])[::-1] * np.arange(6))


@pytest.mark.parametrize("f", [cumulative_rows_and_columns, reversed_cumulative_sum], ids=lambda f: f.__name__)
def test_numba_compiles_gradients_of_cumsum_along_an_axis(f):
    value, got = transpiler.value_and_grad(f, backend="numba")(X)
    want_value, want = transpiler.value_and_grad(f)(X)
    np.testing.assert_allclose(value, want_value, rtol=1e-12)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    assert transpiler.check_grad(f, X).ok
