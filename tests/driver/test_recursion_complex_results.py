"""A recursive function whose result is complex though its arguments are real (``return v + 0j``
at the base, a complex factor at each level): the caller's adjoint of the call stays complex
(it took it for real, and kept only the real part: grad 1.8 where it is 3.0), and both modes
agree with central differences."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient


def made_complex(v, n):
    if n == 0:
        return v + 0j
    return made_complex(v, n - 1) * (1 + 1j) + v          # made_complex(a, 1) = a (2 + 1j)


def complex_step(v, n):
    if n == 0:
        return v
    return complex_step(v, n - 1) * (0.5 + 0.5j)


def fft_rec(a):
    n = len(a)
    if n == 1:
        return a + 0j
    even = fft_rec(a[0::2])
    odd = fft_rec(a[1::2])
    tw = np.exp(-2j * np.pi * np.arange(n // 2) / n) * odd
    return np.concatenate([even + tw, even - tw])


def modulus(x):
    return abs(made_complex(x[0], 1)) ** 2                 # 5 x0^2


def real_part(x):
    return np.real(made_complex(x[0], 2)) * x[1]


def real_base_complex_step(x):
    return abs(complex_step(x[0], 2) + 1) ** 2


def fft_power(x):
    return np.sum(np.abs(fft_rec(x)) ** 2 * np.arange(1.0, 5.0))


CASES = {f.__name__: f for f in (modulus, real_part, real_base_complex_step, fft_power)}
X = np.array([0.3, -0.7, 1.1, 0.45])


@pytest.mark.parametrize("name", CASES)
def test_gradient_of_a_recursion_made_complex_matches_central_differences(name):
    f = CASES[name]
    expected = numeric_gradient(f, (X,), 0)
    np.testing.assert_allclose(transpiler.grad(f)(X), expected, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", CASES)
def test_tangent_of_a_real_output_is_real_and_matches_the_gradient(name):
    f = CASES[name]
    direction = np.array([1.0, -0.5, 0.25, 2.0])
    value, tangent = transpiler.jvp(f, (X,), (direction,))
    assert np.isrealobj(tangent)
    np.testing.assert_allclose(tangent, numeric_gradient(f, (X,), 0) @ direction, rtol=1e-6, atol=1e-9)


def modulus_again(x):
    return abs(made_complex(x[0], 1)) ** 2


def test_the_modulus_derivative_is_the_closed_form_also_once_the_recursion_is_compiled():
    """(the first function compiled through a recursion was right before: the second was not)"""
    assert transpiler.grad(modulus)(np.array([0.3]))[0] == pytest.approx(3.0)
    assert transpiler.grad(modulus_again)(np.array([0.3]))[0] == pytest.approx(3.0)
