"""``np.maximum``/``np.minimum``/``np.fmax``/``np.fmin`` of complex values (primitives/complex_rules.py):
NumPy orders complex numbers by their real parts, then their imaginary parts, and the result is
one of the operands, so the derivative goes to the operand picked (half to each on a tie, as for
real values). Checked against central differences in both real directions (docs/syntax.md,
"Complex numbers") where the order does not change under the step, in reverse and forward mode."""
import numpy as np
import pytest
from array_check import both_directions

import transpiler

A = np.array([[1.0 + 2.0j, -0.5 + 0.3j], [0.2 - 1.1j, 2.5 + 0.1j]])
B = np.array([[0.4 - 0.7j, 0.6 + 1.2j], [-1.3 + 0.4j, 2.1 - 0.9j]])
W = np.array([[0.3 + 1.0j, -0.2 + 0.5j], [1.1 - 0.4j, 0.7 + 0.2j]])


def maximum(a, b):
    return np.real(np.sum(W * np.maximum(a, b)))


def minimum_times_itself(a, b):
    m = np.minimum(a, b)
    return np.imag(np.sum(m * m * W))


def fmax_in_a_loop(a, b):
    total = 0.0
    for k in range(2):
        total = total + np.abs(np.sum(np.fmax(a, b * (k + 1)))) ** 2
    return total


def fmin_with_a_complex_number(a, b):
    return np.real(np.sum(np.fmin(a, 0.3 + 0.2j) * np.conj(b)))


FUNCTIONS = [maximum, minimum_times_itself, fmax_in_a_loop, fmin_with_a_complex_number]


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_complex_extrema_match_differences_in_reverse_mode(f):
    d_a, d_b = transpiler.grad(f, wrt=(0, 1))(A, B)
    np.testing.assert_allclose(d_a, both_directions(lambda a: f(a, B), A), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(d_b, both_directions(lambda b: f(A, b), B), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_complex_extrema_match_differences_in_forward_mode(f):
    t_a, t_b = np.full_like(A, 0.5 - 0.25j), np.full_like(B, -0.3 + 0.8j)
    _, tangent = transpiler.jvp(f, (A, B), (t_a, t_b))
    h = 1e-6
    expected = (f(A + h * t_a, B + h * t_b) - f(A - h * t_a, B - h * t_b)) / (2 * h)
    assert tangent == pytest.approx(expected, rel=1e-6, abs=1e-8)


def picked(a, b):
    return np.real(np.sum(np.maximum(a, b) * (2.0 - 1.0j)))


def test_equal_real_parts_route_the_derivative_by_the_imaginary_parts_and_ties_split_it():
    a = np.array([1.0 + 2.0j, 1.0 + 1.0j, 0.5 - 0.5j])
    b = np.array([1.0 + 1.0j, 1.0 + 3.0j, 0.5 - 0.5j])
    d_a, d_b = transpiler.grad(picked, wrt=(0, 1))(a, b)
    np.testing.assert_allclose(d_a, [2 - 1j, 0, 1 - 0.5j])
    np.testing.assert_allclose(d_b, [0, 2 - 1j, 1 - 0.5j])


def test_python_complex_numbers_take_the_complex_rule():
    d_a, d_b = transpiler.grad(picked, wrt=(0, 1))(1.0 + 2.0j, 1.0 + 1.0j)
    assert (d_a, d_b) == (2 - 1j, 0)


def real_maximum(a, b):
    return np.sum(np.maximum(a, b) ** 2)


def test_real_extrema_keep_their_one_pass_rule():
    x, y = A.real, B.real
    assert "np.heaviside" in transpiler.show(real_maximum, wrt=(0, 1), args=(x, y)).code
    np.testing.assert_allclose(transpiler.grad(real_maximum)(x, y), 2 * x * (x > y))


# --------------------------------------------------------------------------- NaN: np.fmax / np.fmin pick the number
def fmax_weighed(a, b):
    return np.sum(np.fmax(a, b) * np.array([1.0, 2.0, 3.0]))


def fmin_of_numbers(a, b):
    return np.fmin(a, b) * 2.0


def test_fmax_and_fmin_give_the_derivative_to_the_number_beside_a_nan():
    a, b = np.array([np.nan, 1.0, 2.0]), np.array([1.0, np.nan, 0.5])
    d_a, d_b = transpiler.grad(fmax_weighed, wrt=(0, 1))(a, b)
    np.testing.assert_array_equal(d_a, [0.0, 2.0, 3.0])
    np.testing.assert_array_equal(d_b, [1.0, 0.0, 0.0])
    _, tangent = transpiler.jvp(fmax_weighed, (a, b), (np.ones(3), np.ones(3)))
    assert tangent == 6.0
    assert transpiler.grad(fmin_of_numbers, wrt=(0, 1))(np.nan, 1.0) == (0.0, 2.0)
    assert transpiler.grad(fmin_of_numbers, wrt=(0, 1))(1.0, np.nan) == (2.0, 0.0)


def test_complex_fmax_gives_the_derivative_to_the_number_beside_a_nan():
    a = np.array([complex(np.nan, 0.0), 1.0 + 1.0j])
    b = np.array([0.5 - 1.0j, complex(0.0, np.nan)])
    d_a, d_b = transpiler.grad(picked_f, wrt=(0, 1))(a, b)
    np.testing.assert_array_equal(d_a, [0.0, 2.0 - 1.0j])
    np.testing.assert_array_equal(d_b, [2.0 - 1.0j, 0.0])


def picked_f(a, b):
    return np.real(np.sum(np.fmax(a, b) * (2.0 - 1.0j)))
