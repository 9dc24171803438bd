"""``np.vdot`` of complex values (primitives/complex_reductions.py): ``sum(conj(a) * b)``,
antiholomorphic in ``a``, so its rule is not the real one's (which main refused for complex
input). Checked against central differences in both real directions of complex arguments
(docs/syntax.md, "Complex numbers"), in reverse and forward mode and to second order."""
import numpy as np
import pytest
from array_check import both_directions

import transpiler

A = np.array([0.3 + 0.8j, -1.1 + 0.2j, 0.5 - 0.4j])
B = np.array([1.2 - 0.3j, 0.4 + 0.9j, -0.7 + 0.1j])
M = np.array([[1.0, 0.3j, 0.0], [-0.3j, 2.0, 0.1], [0.0, 0.1, -1.0]])


def real_part_of_vdot(a, b):
    return np.real(np.vdot(a, b))


def imaginary_part_of_vdot(a, b):
    return np.imag(np.vdot(a, b))


def expectation_value(a, b):
    # <psi|H|psi> of psi = a + b, as a state-vector simulation computes an energy
    psi = a + 0.5 * b
    return np.real(np.vdot(psi, M @ psi)) / np.real(np.vdot(psi, psi))


def fidelity_of_matrices(a, b):
    # vdot flattens both arguments
    return np.abs(np.vdot(np.outer(a, b), np.outer(b, a))) ** 2


CASES = [real_part_of_vdot, imaginary_part_of_vdot, expectation_value, fidelity_of_matrices]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_complex_vdot_gradient_matches_differences_of_both_parts(f):
    gradients = transpiler.grad(f, wrt=(0, 1))(A, B)
    for i, gradient in enumerate(gradients):
        def along(value, i=i):
            return f(*[value if j == i else a for j, a in enumerate((A, B))])

        np.testing.assert_allclose(gradient, both_directions(along, (A, B)[i]), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_complex_vdot_tangent_matches_a_directional_difference(f):
    ta, tb = np.array([0.5 - 0.25j, 1.0j, -0.3]), np.array([0.2, -0.4 + 0.6j, 0.1 + 0.1j])
    _, tangent = transpiler.jvp(f, (A, B), (ta, tb))
    h = 1e-6
    expected = (f(A + h * ta, B + h * tb) - f(A - h * ta, B - h * tb)) / (2 * h)
    assert tangent == pytest.approx(expected, rel=1e-6, abs=1e-8)


def energy_of_angles(x):
    psi = np.exp(1j * x) * np.array([1.0, 2.0, 0.5]) + x ** 2
    return np.real(np.vdot(psi, M @ psi)) + np.imag(np.vdot(psi * x[0], psi[::-1]))


def test_complex_vdot_of_a_real_parameter_hessian_matches_differences_of_the_gradient():
    x, h = np.array([0.3, -0.7, 1.1]), 1e-5
    gradient = transpiler.grad(energy_of_angles)
    expected = np.array([(gradient(x + h * e) - gradient(x - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(energy_of_angles)(x), expected, rtol=1e-6, atol=1e-7)
