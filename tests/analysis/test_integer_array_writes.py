"""A value written into an integer or boolean array (``k = np.zeros(n, dtype=int); k[0] = v``)
is cast to the array's dtype, as NumPy casts it: a float truncated, its derivative 0 (analysis
``truncating_writes``, ``assign_at`` keeping the array's dtype). Before, the array became a
float array: a wrong value and gradient (3.6 * x where NumPy gives 3 * x), and ``W[k]`` raised
IndexError. Both modes against NumPy's values and central differences."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad

W = np.array([10.0, 20.0, 30.0, 40.0])


def bins_read_as_indices(x):
    k = np.zeros(2, dtype=int)
    k[0] = x[0] * 3
    k[1] = x[1] * 3
    return np.sum(W[k] * x)


def truncated_counts_times_x(x):
    k = np.zeros(2, int)
    k[0] = x[0] * 3
    return np.sum(k * x)


def flags_set_from_values(x):
    seen = np.zeros(3, dtype=bool)
    seen[1] = x[1]
    return np.sum(x * seen) + np.sum(x ** 2)


def other_spellings_of_an_integer_array(x):
    a, b = np.zeros_like(x, dtype=int), np.full(len(x), 0)
    c = np.empty(len(x), np.int64)
    c[:] = 1
    a[0] = x[0] * 3
    b[1] = x[1] * 5
    c[0] = x[0] * 2
    return np.sum(a * x) + np.sum(b * x) + np.sum(c * x)


def a_copy_of_an_integer_argument(x, idx):
    idx = idx.copy()
    idx[0] = x[0] * 3
    return np.sum(idx * x)


def a_float_array_still_carries_derivatives(x):
    y = np.zeros(2)
    y[0] = x[0] * 3
    return np.sum(y * x)


X = np.array([1.2, 0.5, -0.3])


@pytest.mark.parametrize("f", [bins_read_as_indices, truncated_counts_times_x, flags_set_from_values,
                               other_spellings_of_an_integer_array, a_float_array_still_carries_derivatives])
def test_writes_cast_to_the_arrays_dtype_as_numpy_does_in_both_modes(f):
    x = X[:2] if f is not flags_set_from_values else X
    value, gradient = transpiler.value_and_grad(f)(x.copy())
    assert value == pytest.approx(f(x.copy()), rel=1e-14)
    assert check_grad(f, x.copy()).ok
    tangent = np.arange(1.0, len(x) + 1.0)
    _, directional = transpiler.jvp(f, (x.copy(),), (tangent,))
    assert directional == pytest.approx(np.dot(gradient, tangent), rel=1e-12)


def test_the_truncated_value_has_no_derivative():
    np.testing.assert_allclose(transpiler.grad(truncated_counts_times_x)(X[:2]), [3.0, 0.0])
    np.testing.assert_allclose(transpiler.grad(a_copy_of_an_integer_argument)(X[:2], np.array([0, 0])), [3.0, 0.0])
