"""Real arguments made complex inside the function: a complex array built from real items
(``np.array([[x[0], 1j * x[1]], ...])``), and casts to a complex dtype (``x.astype(complex)``,
``np.asarray(x, dtype=np.complex64)``). The gradient is real (the real part of the complex
adjoint, docs/syntax.md "Complex numbers"), computed without NumPy's ComplexWarning (which a
``-W error`` run turned into a crash: the real item's adjoint was added into a real array as a
complex number); the casts were refused ("no derivative rule for `x.astype`")."""
import warnings

import numpy as np
import pytest

import transpiler

X = np.array([2.0, 0.5, 1.0])


def hermitian_eigenvalues(x):
    A = np.array([[x[0], 1j * x[1]], [-1j * x[1], x[2]]])
    return np.sum(np.linalg.eigvalsh(A) ** 2)


def cast_then_scaled(x):
    z = x.astype(complex) * (1 + 1j)
    return np.sum(np.abs(z) ** 2)


def cast_then_square_root(x):
    z = np.asarray(x, dtype=complex)
    w = np.sqrt(z - 3.0)                 # complex where x < 3: known complex from the cast
    return np.sum(np.abs(w * w.conj() + w) ** 2)


def cast_to_complex64(x):
    z = x.astype(np.complex64)
    return np.sum(np.abs(z * z))


def central(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize("f", [hermitian_eigenvalues, cast_then_scaled, cast_then_square_root],
                         ids=lambda f: f.__name__)
def test_a_real_argument_made_complex_has_a_real_gradient_in_both_modes(f):
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # (a ComplexWarning was raised on the way)
        gradient = transpiler.grad(f)(X)
        _, tangent = transpiler.jvp(f, (X,), (np.ones(3),))
        hessian = transpiler.hessian(f)(X)
    assert gradient.dtype == np.float64
    np.testing.assert_allclose(gradient, central(f, X), rtol=1e-6, atol=1e-7)
    assert tangent == pytest.approx(central(f, X).sum(), rel=1e-6)
    g = transpiler.grad(f)
    np.testing.assert_allclose(hessian, np.stack([central(lambda x: g(x)[k], X, 1e-5) for k in range(3)]),
                               rtol=1e-5, atol=1e-5)


def test_a_cast_to_complex64_has_the_float64_gradient_of_its_float64_argument():
    gradient = transpiler.grad(cast_to_complex64)(X)
    assert gradient.dtype == np.float64
    np.testing.assert_allclose(gradient, 2 * X, rtol=1e-6)
