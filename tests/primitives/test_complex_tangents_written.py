"""A real array made complex, then written into: its tangent is as complex as the array
(primitives/complex_tangents.py, casts.py ``inexact_part``). It stayed the real tangent of the
real argument, and a complex value's tangent written into it lost its imaginary part (a silent
wrong ``jvp``, forward ``grad`` of one number and ``hessian``; pr7's B2) or raised."""
import warnings

import numpy as np
import pytest

import transpiler

X = np.array([0.3, -0.7, 1.1, 0.45])


def rotated_slice(x):
    z = x.astype(np.complex128)
    z[1:3] = z[1:3] * 1j
    return np.sum(np.imag(z))


def rotated_item_after_adding_zero(x):
    z = x + 0j
    z[1] = z[1] * 1j
    return np.sum(np.abs(z * (1.0 + 0.5j)) ** 2)


def written_with_an_imaginary_part(x):
    y = np.asarray(x, dtype=np.complex128).copy()
    y[2] = y[2] + 1j * x[3]
    return np.sum(np.abs(y) ** 2)


def item_scaled_and_shifted_after_adding_zero(x):
    z = x + 0j
    z[1] = z[1] * (1 + 2j) + x[2]
    return np.sum(np.abs(z) ** 2)


def joined_after_adding_zero(x):
    z = np.concatenate([x + 0j, x])      # (no analysis knows the kind of the join: its tangent is made
    z[1:3] = z[1:3] * 1j                 # complex where x + 0j is)
    return np.sum(np.imag(z))


def stacked_item_after_adding_zero(x):
    z = np.stack([x + 0j, x])
    z[0, 1] = z[0, 1] * 1j + x[3]
    return np.sum(np.imag(z) ** 2 + np.real(z))


def one_number_made_complex(a):
    z = np.array([a, 2.0]).astype(np.complex128)
    z[0:1] = z[0:1] * 1j * a
    return np.sum(np.imag(z))


def central(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("f", [rotated_slice, rotated_item_after_adding_zero, written_with_an_imaginary_part,
                               item_scaled_and_shifted_after_adding_zero, joined_after_adding_zero,
                               stacked_item_after_adding_zero])
def test_both_modes_and_the_hessian_match_finite_differences(f):
    with warnings.catch_warnings():
        warnings.simplefilter("error", np.exceptions.ComplexWarning)
        expected = central(f, X)
        np.testing.assert_allclose(transpiler.grad(f)(X), expected, rtol=1e-6, atol=1e-9)
        for direction in np.eye(4):
            assert transpiler.jvp(f, (X,), (direction,))[1] == pytest.approx(expected @ direction, rel=1e-6, abs=1e-9)
        # (rotated_item_after_adding_zero's Hessian raised TypeError: the gradient's own helper call
        # `assign_at(z, 1, v)`, differentiated again, wrote a complex tangent into x's real one)
        hessian = np.array([central(lambda x: transpiler.grad(f)(x)[i], X) for i in range(4)])
        np.testing.assert_allclose(transpiler.hessian(f)(X), hessian, rtol=1e-5, atol=1e-7)


def test_the_forward_mode_gradient_of_one_number():
    h = 1e-6
    expected = (one_number_made_complex(0.3 + h) - one_number_made_complex(0.3 - h)) / (2 * h)
    assert transpiler.grad(one_number_made_complex)(0.3) == pytest.approx(expected, rel=1e-6)
