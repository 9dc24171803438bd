"""scipy.special.wofz, the Faddeeva function w(z) = exp(-z²) erfc(-iz) (holomorphic:
w'(z) = -2 z w(z) + 2i/√π), for real and complex arguments: against sympy's derivative, central
differences in both real directions (docs/syntax.md, "Complex numbers"), forward mode and the
Hessian; and the quantiles of SciPy's discrete distributions (counts: SciPy's values, derivative 0)."""
import numpy as np
import pytest

sympy = pytest.importorskip("sympy")
pytest.importorskip("scipy")
import scipy.special as sps  # noqa: E402
import scipy.stats as stats  # noqa: E402
from array_check import both_directions  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402

X = np.array([[0.3, -1.2, 2.0], [0.05, 1.7, -0.6]])
Z = np.array([0.3 + 0.5j, -1.2 + 0.2j, 2.0 - 0.1j, 0.1 + 1.5j])


def real_part(x):
    return np.sum(np.real(sps.wofz(x)) ** 2 * np.arange(1.0, 7.0).reshape(2, 3))


def both_parts_in_a_loop(x):
    total = 0.0
    for scale in (0.5, 1.5):
        w = sps.wofz(scale * x)
        total = total + np.sum(w.real * w.imag)
    return total


def modulus(x):
    return np.sum(np.abs(sps.wofz(x * 2.0)))


@pytest.mark.parametrize("fn", [real_part, both_parts_in_a_loop, modulus], ids=lambda f: f.__name__)
def test_wofz_of_real_values_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X)


def faddeeva(z):
    return sps.wofz(z)


@pytest.mark.parametrize("point", [0.3 + 0.5j, -1.2 + 0.2j, 0.7, 2.5 - 1.0j])
def test_wofz_derivative_is_sympys(point):
    z = sympy.symbols("z")
    exact = complex(sympy.diff(sympy.exp(-z ** 2) * sympy.erfc(-sympy.I * z), z).subs(z, point).evalf())
    _, tangent = transpiler.jvp(faddeeva, (np.complex128(point),), (np.complex128(1.0),))
    assert tangent == pytest.approx(exact, rel=1e-10)


def complex_argument(z):
    return np.real(np.sum(sps.wofz(z) * (1.0 - 2.0j)))


def squared_modulus(z):
    return np.sum(np.abs(sps.wofz(z * 0.5)) ** 2)


@pytest.mark.parametrize("fn", [complex_argument, squared_modulus], ids=lambda f: f.__name__)
def test_wofz_of_complex_values_matches_differences_in_both_real_directions(fn):
    np.testing.assert_allclose(transpiler.grad(fn)(Z), both_directions(fn, Z), rtol=1e-6, atol=1e-8)
    t = np.full_like(Z, 0.5 - 0.25j)
    _, tangent = transpiler.jvp(fn, (Z,), (t,))
    h = 1e-6
    assert tangent == pytest.approx((fn(Z + h * t) - fn(Z - h * t)) / (2 * h), rel=1e-6, abs=1e-8)


# --------------------------------------------------------------------------- discrete quantiles
def quantiles(q, p):
    return (stats.bernoulli.ppf(q, p) + stats.binom.ppf(q, 6, p) + stats.geom.ppf(q, p)
            + stats.nbinom.ppf(q, 3, p) + stats.poisson.ppf(q, 4 * p) + stats.bernoulli.ppf(q, p, loc=2))


def weighed_quantiles(q, p):
    return np.sum(quantiles(q, p) * q) + p


def test_discrete_quantiles_are_scipys_with_derivative_zero():
    q, p = np.array([0.0, 0.1, 0.5, 0.7, 0.95, 1.0]), 0.3
    value, (d_q, d_p) = transpiler.value_and_grad(weighed_quantiles, wrt=(0, 1))(q, p)
    assert value == pytest.approx(weighed_quantiles(q, p), rel=1e-14)
    np.testing.assert_array_equal(d_q, quantiles(q, p))        # only the weight q carries a derivative
    assert d_p == 1.0
    value, tangent = transpiler.jvp(quantiles, (q, p), (np.ones_like(q), 1.0))
    np.testing.assert_array_equal(value, quantiles(q, p))
    np.testing.assert_array_equal(tangent, np.zeros_like(q))
