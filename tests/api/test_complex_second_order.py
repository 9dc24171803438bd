"""Second derivatives of a real function of complex ``z``: the derivative of its gradient
(``dL/dx - 1j dL/dy``, docs/syntax.md "Complex numbers") along a complex direction ``v``, by
``jvp(grad(f))``, ``hvp`` and ``grad`` of a function calling ``grad(f)`` (forward over reverse
mode in the arguments' complex kinds), checked against central differences of the gradient in
both real directions. ``jvp(grad(f))`` of a complex argument used to give a wrong number silently
(the forward pass took ``z`` for real: ``abs``'s and ``conj``'s real rules)."""
import numpy as np
import pytest

import transpiler

Z = np.array([1.1 + 1.2j, -0.4 + 0.7j, 0.6 - 0.9j])
V = np.array([0.3 + 0.7j, -1.0 + 0.2j, 0.5 - 0.4j])
WEIGHTS = np.array([0.5 - 1.0j, 1.5 + 0.25j, -0.7 + 0.6j])


def modulus(z):
    return np.sum(np.abs(z))


def phase_times_modulus(z):
    return np.sum(np.sin(np.angle(z)) * np.abs(z) ** 2)


def holomorphic_real_part(z):
    return np.real(np.sum(np.exp(z) * np.sin(z) / (1 + z ** 2)))


def spectrum(z):
    return np.sum(np.abs(np.fft.fft(z * np.conj(z[::-1]))) ** 2)


def weighted_parts(z, w=WEIGHTS):
    return np.sum(np.real(z) ** 3 * np.imag(z) + np.abs(z * w) ** 2)


def in_a_loop(z):
    total = 0.0
    for k in range(3):
        total = total + np.sum(np.abs(z + 0.5 * k) ** 3)
    return total


FUNCTIONS = [modulus, phase_times_modulus, holomorphic_real_part, spectrum, weighted_parts, in_a_loop]


def gradient_derivative_by_differences(f, z, v, h=1e-6):
    g = transpiler.grad(f)
    return (g(z + h * v) - g(z - h * v)) / (2 * h)


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("v", [V, 1j * V, np.real(V) + 0j], ids=["complex", "imaginary", "real"])
def test_jvp_of_the_gradient_is_its_derivative_along_a_complex_direction(f, v):
    gradient, along = transpiler.jvp(transpiler.grad(f), [Z], [v])
    np.testing.assert_allclose(gradient, transpiler.grad(f)(Z))
    np.testing.assert_allclose(along, gradient_derivative_by_differences(f, Z, v), rtol=1e-5, atol=1e-6)


def test_jvp_of_the_gradient_of_a_complex_number():
    z, v = 1.1 + 1.2j, 0.3 + 0.7j
    _, along = transpiler.jvp(transpiler.grad(lambda z: np.abs(z)), [z], [v])
    np.testing.assert_allclose(along, gradient_derivative_by_differences(lambda z: np.abs(z), z, v), rtol=1e-6)


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_hvp_is_the_derivative_of_the_gradient(f):
    np.testing.assert_allclose(transpiler.hvp(f, Z, V), gradient_derivative_by_differences(f, Z, V),
                               rtol=1e-5, atol=1e-6)


def projected_gradient(z):
    return np.sum(np.real(transpiler.grad(phase_times_modulus)(z) * WEIGHTS))


def scaled_cube(scale, u):
    return np.sum(np.abs(scale * u) ** 3)


def imaginary_part_of_a_second_argument_gradient(z):
    return np.sum(np.imag(transpiler.grad(scaled_cube, wrt=1)(0.5 + 0.25j, z)))


@pytest.mark.parametrize("f", [projected_gradient, imaginary_part_of_a_second_argument_gradient],
                         ids=lambda f: f.__name__)
def test_grad_of_a_function_calling_grad_of_a_complex_argument(f):
    h = 1e-6
    by_differences = np.array([(f(Z + h * e) - f(Z - h * e)) / (2 * h) - 1j * (f(Z + 1j * h * e) - f(Z - 1j * h * e)) / (2 * h)
                               for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.grad(f)(Z), by_differences, rtol=1e-5, atol=1e-6)
    # forward mode through the same call: the derivative along V is Re(sum(grad * V))
    _, along = transpiler.jvp(f, [Z], [V])
    np.testing.assert_allclose(along, np.real(np.sum(by_differences * V)), rtol=1e-5, atol=1e-6)


def squared_size_of_a_complex_number(x):
    z = x[0] + 1j * x[1]
    return np.abs(z) ** 2


def test_forward_over_forward_through_the_size_of_a_complex_value_says_what_to_use():
    """(it named the internal primitive `written` and gave the generic complex hint)"""
    x = np.array([0.3, -1.2])
    np.testing.assert_allclose(transpiler.hessian(squared_size_of_a_complex_number)(x), 2 * np.eye(2))
    with pytest.raises(transpiler.NonDifferentiableError, match="written by the first derivative's code") as refused:
        transpiler.hessian(squared_size_of_a_complex_number, mode="forward")(x)
    assert "transpiler.hessian(f) (forward over reverse mode)" in refused.value.hint
    assert "test_complex_second_order.py" in str(refused.value)
