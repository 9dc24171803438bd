"""Python's ``cmath`` module (primitives/python_cmath.py): each function checked, through a real
function of its complex value, against the library's value and central differences (reverse and
forward mode, Hessian-vector products); a real argument gives a complex value, as ``cmath``'s."""
import cmath

import numpy as np
import pytest

import composition_checks
import transpiler

X = np.array([0.7, -0.4])

CASES = {
    "exp": lambda x: abs(cmath.exp(1j * x[0]) + 0.5 * x[1]) ** 2,
    "exp of a real number": lambda x: cmath.exp(x[0]).real * x[1],
    "log": lambda x: cmath.log(complex(x[0], x[1])).imag,
    "log with a base": lambda x: cmath.log(x[0] + 2j, x[1] + 3.0).real,
    "log10": lambda x: abs(cmath.log10(x[0] - 1j * x[1])),
    "sqrt of a negative number": lambda x: cmath.sqrt(x[0] - 2.0).imag * x[1],
    "sin": lambda x: abs(cmath.sin(x[0] + 1j * x[1])),
    "cos": lambda x: cmath.cos(x[0] * (1 + 1j)).real,
    "tan": lambda x: cmath.tan(x[0] + 0.1j * x[1]).imag,
    "sinh": lambda x: cmath.sinh(x[0] + 1j * x[1]).real,
    "cosh": lambda x: cmath.cosh(x[0] + 1j * x[1]).imag,
    "tanh": lambda x: abs(cmath.tanh(x[0] + 1j * x[1])),
    "phase": lambda x: cmath.phase(x[0] + 1j * x[1]),
    "polar": lambda x: cmath.polar(x[0] + 1j * x[1])[0] * cmath.polar(x[0] + 1j * x[1])[1],
    "rect": lambda x: cmath.rect(x[0], x[1]).imag + cmath.rect(x[0], x[1]).real ** 2,
}


@pytest.mark.parametrize("name", CASES)
def test_value_and_gradient(name):
    composition_checks.value_and_gradient(CASES[name], (X,))


@pytest.mark.parametrize("name", CASES)
def test_forward_matches_reverse(name):
    composition_checks.forward_matches_reverse(CASES[name], (X,))


@pytest.mark.parametrize("name", CASES)
def test_hvp_matches_differences_of_the_gradient(name):
    composition_checks.hvp_matches_differences(CASES[name], (X,), 0.01)


def test_a_real_argument_gives_a_complex_value_and_tangent_as_cmath_does():
    value, tangent = transpiler.jvp(lambda t: cmath.exp(t), (0.5,), (1.0,))
    assert np.iscomplexobj(value) and value == pytest.approx(cmath.exp(0.5), rel=1e-15)
    assert tangent == pytest.approx(cmath.exp(0.5), rel=1e-15)
