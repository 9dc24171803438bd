"""A complex array's adjoint that came out real (``np.real(z)``'s: ``d_z`` is its real adjoint)
takes a complex share added into a slice of it (``z[4:] *= 1j``): add_into makes it complex
first. It raised NumPy's casting error in the gradient, and the Hessian (forward over reverse)
of a masked write was silently 0 where it is 2. Each against central differences."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient

X = np.array([0.3, -0.7, 1.1, 0.45])


def slice_rotated_after_fancy_writes(x):
    z = np.concatenate([x * 1j, x])
    z[[0, 2]] = z[[0, 2]] * 1j
    z[4:] *= 1j
    return np.sum(np.real(z) ** 2 + np.imag(z) * 0.5)


def mask_rotated_after_fancy_writes(x):
    z = np.concatenate([x * 1j, x])
    z[[0, 2]] = z[[0, 2]] * 1j
    z[z.real > 0] *= 1j
    return np.sum(np.imag(z) + np.real(z) ** 2)


@pytest.mark.parametrize("f", [slice_rotated_after_fancy_writes, mask_rotated_after_fancy_writes])
def test_gradient_and_hessian_match_central_differences(f):
    expected = numeric_gradient(f, (X,), 0)
    np.testing.assert_allclose(transpiler.grad(f)(X), expected, rtol=1e-6, atol=1e-9)
    hessian = np.array([numeric_gradient(lambda x: transpiler.grad(f)(x)[i], (X,), 0) for i in range(4)])
    np.testing.assert_allclose(transpiler.hessian(f)(X), hessian, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(transpiler.hessian(f, mode="forward")(X), hessian, rtol=1e-5, atol=1e-7)
