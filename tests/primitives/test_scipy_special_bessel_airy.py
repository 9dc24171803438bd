"""spherical_jn/yn/in/kn (with derivative=), airy and lambertw (primitives/scipy_special_bessel_airy.py):
derivatives against sympy's at several points, 0 included where the function is defined there;
the second derivative at and near 0 against differences of the gradient (the recurrence over
neighbouring orders divides by nothing); airy's four parts; lambertw complex-valued, its real
part differentiated for real z, and holomorphic in both real directions for complex z."""
import numpy as np
import pytest

pytest.importorskip("scipy")
sympy = pytest.importorskip("sympy")
import scipy.special as sps  # noqa: E402
from scipy import special  # noqa: E402
from array_check import both_directions  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402


def jn(n, z): return sps.spherical_jn(n, z)
def jn_prime(n, z): return sps.spherical_jn(n, z, derivative=True)
def yn(n, z): return special.spherical_yn(n, z)
def yn_prime(n, z): return sps.spherical_yn(n, z, True)


Z = sympy.Symbol("z", positive=True)
SYMPY = {jn: lambda n: sympy.jn(n, Z), jn_prime: lambda n: sympy.diff(sympy.jn(n, Z), Z),
         yn: lambda n: sympy.yn(n, Z), yn_prime: lambda n: sympy.diff(sympy.yn(n, Z), Z)}
CASES = [(f, n, z) for f in SYMPY for n in (0, 1, 2, 4) for z in (0.3, 1.7, 6.5)]


@pytest.mark.parametrize("f, n, z", CASES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_spherical_bessel_derivatives_are_sympys(f, n, z):
    got = transpiler.grad(f, wrt=1)(n, z)
    exact = sympy.diff(SYMPY[f](n), Z).subs(Z, sympy.Rational(str(z)))
    np.testing.assert_allclose(got, float(sympy.N(exact, 30)), rtol=1e-9)


def every_spherical(x):
    total = 0.0
    for n in range(4):
        total = total + np.sum(sps.spherical_jn(n, x, True) * (n + 1) + sps.spherical_in(n, x, derivative=True)
                               + special.spherical_jn(n, x) * x + sps.spherical_in(n, x) / (n + 1))
    return total


def singular_at_zero(x):
    return np.sum(sps.spherical_yn(2, x) * x ** 3 + sps.spherical_kn(1, x, True) + special.spherical_kn(0, x))


AT_AND_NEAR_ZERO = np.array([0.0, 1e-3, 0.4, 2.5])


def test_spherical_functions_in_both_modes_and_the_hessian_at_and_near_zero():
    gradient_matches_finite_differences(every_spherical, AT_AND_NEAR_ZERO)
    jvp_matches_finite_differences(every_spherical, AT_AND_NEAR_ZERO)
    hessian_matches_differences_of_the_gradient(every_spherical, AT_AND_NEAR_ZERO)
    # j_1'''(0) = -1/5 and i_1'''(0) = 1/5: the second derivatives of the derivative=True terms at 0
    hessian = transpiler.hessian(every_spherical, mode="forward")(AT_AND_NEAR_ZERO)
    np.testing.assert_allclose(hessian, transpiler.hessian(every_spherical)(AT_AND_NEAR_ZERO), rtol=1e-10, atol=1e-12)
    away = np.array([0.3, 0.9, 1.7])
    gradient_matches_finite_differences(singular_at_zero, away)
    hessian_matches_differences_of_the_gradient(singular_at_zero, away)


def airy_parts(x):
    ai, aip, bi, bip = sps.airy(x)
    return np.sum(ai * aip + bi / 10 + bip ** 2 / 100)


@pytest.mark.parametrize("point", [-2.5, 0.0, 1.3])
def test_airy_parts_are_sympys(point):
    t = sympy.Symbol("t", real=True)
    expression = sympy.airyai(t) * sympy.airyaiprime(t) + sympy.airybi(t) / 10 + sympy.airybiprime(t) ** 2 / 100
    exact = sympy.diff(expression, t).subs(t, sympy.Rational(str(point)))
    np.testing.assert_allclose(transpiler.grad(airy_parts)(point), float(sympy.N(exact, 30)), rtol=1e-9)


def test_airy_in_both_modes_and_the_hessian():
    x = np.array([-3.0, -0.5, 0.0, 1.2])
    gradient_matches_finite_differences(airy_parts, x)
    jvp_matches_finite_differences(airy_parts, x)
    hessian_matches_differences_of_the_gradient(airy_parts, x)


def lambert_real(x):
    return np.sum(np.real(sps.lambertw(x)) * np.array([1.0, 2.0, 3.0, 4.0])) + np.sum(np.real(special.lambertw(x, 0)) ** 2)


@pytest.mark.parametrize("point", [0.0, 0.5, 3.0, -0.2])
def test_lambertw_is_sympys(point):
    def one(z):
        return np.real(sps.lambertw(z))
    t = sympy.Symbol("t", real=True)
    exact = sympy.limit(sympy.diff(sympy.LambertW(t), t), t, sympy.Rational(str(point)))   # (W / (z (1 + W)) at 0: 1)
    np.testing.assert_allclose(transpiler.grad(one)(point), float(sympy.N(exact, 30)), rtol=1e-10)


def test_lambertw_in_both_modes_and_the_hessian():
    x = np.array([-0.3, 0.0, 0.8, 5.0])
    gradient_matches_finite_differences(lambert_real, x)
    jvp_matches_finite_differences(lambert_real, x)
    hessian_matches_differences_of_the_gradient(lambert_real, x)


W = np.array([0.3 - 1.0j, 1.2 + 0.4j, -0.5 + 0.2j])


def lambert_of_complex(z):
    return np.sum(np.real(sps.lambertw(z) * W))


def test_lambertw_of_a_complex_value_in_both_real_directions():
    z = np.array([0.4 + 0.3j, -0.2 + 0.5j, 2.0 - 1.0j])
    np.testing.assert_allclose(transpiler.grad(lambert_of_complex)(z), both_directions(lambert_of_complex, z),
                               rtol=1e-6, atol=1e-8)
