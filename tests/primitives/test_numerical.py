"""NumPy's numerical functions of issue 16 (primitives/numerical.py) as users write them: the
tuple-valued np.modf, np.divmod (and builtin divmod), np.frexp; np.i0 on both of its branches;
np.unwrap (axis, discont, period); copysign, fmod, ldexp and nextafter inside expressions,
helpers and loops; the functions with no derivative (spacing, gcd, bitwise, nanargmax) next to
differentiated values. Each is checked in reverse mode and forward mode against central finite
differences and through the Hessian. (The scalar rules' partials are checked against sympy in
test_rules.py.)"""
import numpy as np
import pytest
from array_check import rng
from one_argument_checks import (gradient_matches_finite_differences, hessian_matches_differences_of_the_gradient,
                                 jvp_matches_finite_differences)

import transpiler

X = np.array([[0.35, -1.7, 2.45], [9.3, -12.6, 4.2]])       # away from integers: modf's steps
ANGLES = np.array([0.1, 2.9, -2.8, 0.4, 3.05, -3.0, 1.0])     # wraps both ways
SIGNS = np.array([[1.1, -0.4, 2.0], [-3.0, 0.7, -5.0]])


def modf_both_parts(x):
    fraction, whole = np.modf(x)
    return np.sum(fraction ** 2 + whole * np.sin(x))


def divmod_tuple(x):
    quotient, remainder = np.divmod(x, 1.5)
    return np.sum(remainder ** 2 * quotient + remainder * x)


def builtin_divmod_of_numbers(x):
    total = 0.0
    for value in x.ravel():
        q, r = divmod(value, 0.65)
        total = total + q * r + r ** 3
    return total


def frexp_mantissa_and_exponent(x):
    mantissa, exponent = np.frexp(x)
    return np.sum(mantissa ** 3 * exponent + mantissa)


def i0_both_branches(x):
    return np.sum(np.i0(x) * np.cos(x))          # |x| <= 8 and beyond


def i0_in_a_helper(x):
    def scaled(v):
        return np.i0(v / 4.0) * v
    return np.sum(scaled(x))


def unwrap_default(x):
    return np.sum(np.unwrap(x) ** 2 * np.arange(1.0, 8.0))


def unwrap_keywords(x):
    return np.sum(np.sin(np.unwrap(x, discont=2.0, period=4.0)) * np.unwrap(x))


def unwrap_along_axis(x):
    return np.sum(np.unwrap(np.reshape(x[:6], (2, 3)), axis=0) ** 2)


def copysign_and_fmod(x):
    return np.sum(np.copysign(x, SIGNS) * x + np.fmod(x, 1.3) ** 2 + np.fmod(2.0, x + 20.0))


def ldexp_and_nextafter_in_a_loop(x):
    total = 0.0
    for k in range(3):
        total = total + np.sum(np.ldexp(x, k) * np.nextafter(x, np.inf))
    return total


def not_differentiated_beside(x):
    largest = np.nanargmax(x, axis=1)
    smallest = np.nanargmin(x)
    weights = np.gcd(np.arange(1, 4), 6) + np.bitwise_and(np.arange(3), 1) + np.left_shift(1, 2)
    return np.sum(x * weights) + x[1, largest[1]] * np.ravel(x)[smallest] + np.sum(np.spacing(x))


CASES = [
    (modf_both_parts, X), (divmod_tuple, X), (builtin_divmod_of_numbers, X), (frexp_mantissa_and_exponent, X),
    (i0_both_branches, X), (i0_in_a_helper, X), (unwrap_default, ANGLES), (unwrap_keywords, ANGLES),
    (unwrap_along_axis, ANGLES), (copysign_and_fmod, X), (ldexp_and_nextafter_in_a_loop, X),
    (not_differentiated_beside, X),
]
IDS = [fn.__name__ for fn, _ in CASES]


@pytest.mark.parametrize("fn, x", CASES, ids=IDS)
def test_gradient_matches_finite_differences(fn, x):
    gradient_matches_finite_differences(fn, x)


@pytest.mark.parametrize("fn, x", CASES, ids=IDS)
def test_jvp_matches_finite_differences(fn, x):
    jvp_matches_finite_differences(fn, x)


@pytest.mark.parametrize("fn, x", CASES, ids=IDS)
def test_hessian_matches_differences_of_the_gradient(fn, x):
    hessian_matches_differences_of_the_gradient(fn, x)


def test_tuple_results_are_numpys_bit_for_bit():
    x = np.array([-2.75, -0.5, 0.0, 0.3, 7.0, 1e300, np.inf, -np.inf])

    def parts(x):
        return np.modf(x), np.frexp(x), np.divmod(x[:6], 1.5)

    got = transpiler.value_and_grad(lambda v: np.sum(np.modf(v)[0]))(x)[0]
    assert got == np.sum(np.modf(x)[0])
    fraction, whole = transpiler.jvp(lambda v: np.modf(v), (x,), (np.ones_like(x),))[0]
    np.testing.assert_array_equal(fraction, np.modf(x)[0])
    np.testing.assert_array_equal(whole, np.modf(x)[1])
    mantissa, exponent = transpiler.jvp(lambda v: (np.frexp(v)[0], 1.0 * np.frexp(v)[1]), (x,), (np.ones_like(x),))[0]
    np.testing.assert_array_equal(mantissa, np.frexp(x)[0])
    np.testing.assert_array_equal(exponent, np.frexp(x)[1])
    with pytest.raises(transpiler.errors.OutputTypeError, match="int32 array as its element 1"):
        transpiler.jvp(lambda v: np.frexp(v), (x,), (np.ones_like(x),))     # (an integer output element)


def test_i0_is_numpys_value_bit_for_bit_and_its_derivative_is_i1():
    x = np.array([0.0, 0.5, -3.0, 7.9, 8.0, 8.1, -15.0, 40.0])
    value, tangent = transpiler.jvp(lambda v: np.i0(v), (x,), (np.ones_like(x),))
    np.testing.assert_array_equal(value, np.i0(x))
    scipy_special = pytest.importorskip("scipy.special")
    np.testing.assert_allclose(tangent, scipy_special.i1(x), rtol=1e-13, atol=1e-300)


def test_unwrap_is_numpys_value():
    x = rng(3).uniform(-9, 9, size=(4, 6))
    def spellings(v):
        return np.unwrap(v), np.unwrap(v, axis=0), np.unwrap(v, discont=4.0), np.unwrap(v, 3.5, 1, period=5.0)

    values = transpiler.jvp(spellings, (x,), (np.ones_like(x),))[0]
    for got, expected in zip(values, spellings(x)):
        np.testing.assert_allclose(got, expected, rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("shape, axis", [((3, 1), -1), ((1,), 0), ((1, 4), 0), ((2, 1, 3), 1)])
def test_unwrap_along_an_axis_of_one_element_keeps_the_shape(shape, axis):
    # a single element has no step to unwrap: the value is p itself (the jvp gave an empty array)
    x = rng(4).uniform(-9, 9, size=shape)
    value, tangent = transpiler.jvp(lambda v: np.unwrap(v, axis=axis), (x,), (np.ones_like(x),))
    np.testing.assert_array_equal(value, np.unwrap(x, axis=axis))
    np.testing.assert_array_equal(tangent, np.ones_like(x))
    value, pullback = transpiler.vjp(lambda v: np.unwrap(v, axis=axis) * 2.0, x)
    np.testing.assert_array_equal(value, 2.0 * x)
    np.testing.assert_array_equal(pullback(np.ones_like(x))[0], np.full_like(x, 2.0))


def test_float32_keeps_its_dtype():
    x = X.astype(np.float32)
    g = transpiler.grad(lambda v: np.sum(np.copysign(v, -1.0) * np.fmod(v, 1.5)))(x)
    assert g.dtype == np.float32
