"""Second derivatives keep a float32 argument's dtype in every mode, as the gradient does
(tests/api/test_gradient_api.py): ``hessian`` in reverse (forward over reverse) and forward
(forward over forward) mode and ``hvp``. Before, ``hessian(f, mode="forward")`` of a float32
array was float64 (its entries were gathered into a float64 array), and ``hvp`` was float64
wherever the generated code promoted (a Python-float default ``p=3.0`` of ``x ** p``)."""
import numpy as np
import pytest

import transpiler


def cubes(x, p=3.0):
    return np.sum(x ** p)


def sine_weighted(x):
    return np.sum(np.sin(x) * x)


SCALE64 = np.array([1.0, 2.0, 0.5])


def scaled_by_a_float64_global(x):
    return np.sum(SCALE64 * np.tanh(x) ** 2)


X = np.array([-1.5, -2.0, 0.7])
V = np.array([1.0, -0.5, 2.0])


@pytest.mark.parametrize("f", [cubes, sine_weighted, scaled_by_a_float64_global, lambda x: np.sum(x ** 2.0)],
                         ids=["cubes", "sine_weighted", "scaled_by_a_float64_global", "lambda"])
def test_second_derivatives_of_a_float32_array_are_float32_in_every_mode(f):
    x32 = X.astype(np.float32)
    expected = transpiler.hessian(f)(X)
    for mode in ("reverse", "forward"):
        got = transpiler.hessian(f, mode=mode)(x32)
        assert got.dtype == np.float32, mode
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    product = transpiler.hvp(f, x32, V.astype(np.float32))
    assert product.dtype == np.float32
    np.testing.assert_allclose(product, expected @ V, rtol=1e-5, atol=1e-5)


def test_second_derivatives_of_a_float64_array_stay_float64():
    for got in (transpiler.hessian(cubes, mode="forward")(X), transpiler.hessian(cubes)(X),
                transpiler.hvp(cubes, X, V)):
        assert got.dtype == np.float64
