"""The spherical Bessel functions, the Airy functions and the Lambert W function of
``scipy.special`` (loaded by scipy_special.py).

``spherical_jn``, ``spherical_yn``, ``spherical_in``, ``spherical_kn`` (``n, z, derivative=False``)
are compositions over two elementwise primitives each, a runtime helper for the value and one for
the derivative (SciPy's ``derivative=True``), whose own derivative is that of the neighbouring
orders, ``f_n' = (n f_{n-1} - (n+1) f_{n+1}) / (2n+1)`` (``+`` for ``i_n``, both ``-`` for
``k_n``): no division by ``z``, so exact at and near 0; Hessians differentiate both again. The tuple-valued ``airy`` is a composition over four helpers (``Ai' = Aip``,
``Aip' = z Ai``, and the same for ``Bi``). ``lambertw(z, k=0, tol=1e-8)`` is complex-valued
for real ``z`` too (take ``np.real``): holomorphic, ``W' = exp(-W) / (1 + W)`` (1 at ``z = 0``,
infinite at the branch point ``-1/e``); the branch ``k`` and ``tol`` have no derivative.
The degree ``n`` is an integer: no derivative.
"""
import numpy as np
import scipy.special

from .registry import Spelling, composed, elementwise
from .runtime import helper

FAMILY = "scipy.special"
special = scipy.special


# --------------------------------------------------------------------------- spherical Bessel
@helper()
def spherical_jn_value(n, z):
    """``scipy.special.spherical_jn(n, z)``."""
    return scipy.special.spherical_jn(n, z)


@helper()
def spherical_jn_derivative(n, z):
    """``scipy.special.spherical_jn(n, z, derivative=True)``."""
    return scipy.special.spherical_jn(n, z, True)


@helper()
def spherical_yn_value(n, z):
    """``scipy.special.spherical_yn(n, z)``."""
    return scipy.special.spherical_yn(n, z)


@helper()
def spherical_yn_derivative(n, z):
    """``scipy.special.spherical_yn(n, z, derivative=True)``."""
    return scipy.special.spherical_yn(n, z, True)


@helper()
def spherical_in_value(n, z):
    """``scipy.special.spherical_in(n, z)``."""
    return scipy.special.spherical_in(n, z)


@helper()
def spherical_in_derivative(n, z):
    """``scipy.special.spherical_in(n, z, derivative=True)``."""
    return scipy.special.spherical_in(n, z, True)


@helper()
def spherical_kn_value(n, z):
    """``scipy.special.spherical_kn(n, z)``."""
    return scipy.special.spherical_kn(n, z)


@helper()
def spherical_kn_derivative(n, z):
    """``scipy.special.spherical_kn(n, z, derivative=True)``."""
    return scipy.special.spherical_kn(n, z, True)


def _path(name: str) -> Spelling:
    return Spelling(path=name)


@elementwise(spherical_jn_value, family=FAMILY, spelling=_path("spherical_jn_value"),
             sympy=lambda sp, n, z: sp.jn(n, z))
def spherical_jn_value_partials(n, z):
    return None, spherical_jn_derivative(n, z)


@elementwise(spherical_jn_derivative, family=FAMILY, spelling=_path("spherical_jn_derivative"),
             sympy=lambda sp, n, z: sp.diff(sp.jn(n, z), z))
def spherical_jn_derivative_partials(n, z):
    # (SciPy truncates a float order toward zero: spherical_jn(1.7, z) is spherical_jn(1, z))
    return None, (np.trunc(n) * spherical_jn_derivative(np.maximum(np.trunc(n) - 1, 0), z)
                  - (np.trunc(n) + 1) * spherical_jn_derivative(n + 1, z)) / (2 * np.trunc(n) + 1)


@elementwise(spherical_yn_value, family=FAMILY, spelling=_path("spherical_yn_value"),
             sympy=lambda sp, n, z: sp.yn(n, z))
def spherical_yn_value_partials(n, z):
    return None, spherical_yn_derivative(n, z)


@elementwise(spherical_yn_derivative, family=FAMILY, spelling=_path("spherical_yn_derivative"),
             sympy=lambda sp, n, z: sp.diff(sp.yn(n, z), z))
def spherical_yn_derivative_partials(n, z):
    return None, (np.trunc(n) * spherical_yn_derivative(np.maximum(np.trunc(n) - 1, 0), z)
                  - (np.trunc(n) + 1) * spherical_yn_derivative(n + 1, z)) / (2 * np.trunc(n) + 1)


@elementwise(spherical_in_value, family=FAMILY, spelling=_path("spherical_in_value"),
             sympy=lambda sp, n, z: sp.sqrt(sp.pi / (2 * z)) * sp.besseli(n + sp.Rational(1, 2), z))
def spherical_in_value_partials(n, z):
    return None, spherical_in_derivative(n, z)


@elementwise(spherical_in_derivative, family=FAMILY, spelling=_path("spherical_in_derivative"),
             sympy=lambda sp, n, z: sp.diff(sp.sqrt(sp.pi / (2 * z)) * sp.besseli(n + sp.Rational(1, 2), z), z))
def spherical_in_derivative_partials(n, z):
    return None, (np.trunc(n) * spherical_in_derivative(np.maximum(np.trunc(n) - 1, 0), z)
                  + (np.trunc(n) + 1) * spherical_in_derivative(n + 1, z)) / (2 * np.trunc(n) + 1)


@elementwise(spherical_kn_value, family=FAMILY, spelling=_path("spherical_kn_value"),
             sympy=lambda sp, n, z: sp.sqrt(sp.pi / (2 * z)) * sp.besselk(n + sp.Rational(1, 2), z))
def spherical_kn_value_partials(n, z):
    return None, spherical_kn_derivative(n, z)


@elementwise(spherical_kn_derivative, family=FAMILY, spelling=_path("spherical_kn_derivative"),
             sympy=lambda sp, n, z: sp.diff(sp.sqrt(sp.pi / (2 * z)) * sp.besselk(n + sp.Rational(1, 2), z), z))
def spherical_kn_derivative_partials(n, z):
    return None, (-np.trunc(n) * spherical_kn_derivative(np.maximum(np.trunc(n) - 1, 0), z)
                  - (np.trunc(n) + 1) * spherical_kn_derivative(n + 1, z)) / (2 * np.trunc(n) + 1)


@composed(special.spherical_jn, family=FAMILY)
def spherical_jn(n, z, derivative=False):
    return spherical_jn_derivative(n, z) if derivative else spherical_jn_value(n, z)


@composed(special.spherical_yn, family=FAMILY)
def spherical_yn(n, z, derivative=False):
    return spherical_yn_derivative(n, z) if derivative else spherical_yn_value(n, z)


@composed(special.spherical_in, family=FAMILY)
def spherical_in(n, z, derivative=False):
    return spherical_in_derivative(n, z) if derivative else spherical_in_value(n, z)


@composed(special.spherical_kn, family=FAMILY)
def spherical_kn(n, z, derivative=False):
    return spherical_kn_derivative(n, z) if derivative else spherical_kn_value(n, z)


# --------------------------------------------------------------------------- Airy
@helper()
def airy_ai(z):
    """``Ai(z)``: the first of ``scipy.special.airy(z)``."""
    return scipy.special.airy(z)[0]


@helper()
def airy_ai_prime(z):
    """``Ai'(z)``: the second of ``scipy.special.airy(z)``."""
    return scipy.special.airy(z)[1]


@helper()
def airy_bi(z):
    """``Bi(z)``: the third of ``scipy.special.airy(z)``."""
    return scipy.special.airy(z)[2]


@helper()
def airy_bi_prime(z):
    """``Bi'(z)``: the fourth of ``scipy.special.airy(z)``."""
    return scipy.special.airy(z)[3]


@elementwise(airy_ai, family=FAMILY, spelling=_path("airy_ai"), sympy=lambda sp, z: sp.airyai(z))
def airy_ai_partial(z):
    return airy_ai_prime(z)


@elementwise(airy_ai_prime, family=FAMILY, spelling=_path("airy_ai_prime"), sympy=lambda sp, z: sp.airyaiprime(z))
def airy_ai_prime_partial(z):
    return z * airy_ai(z)


@elementwise(airy_bi, family=FAMILY, spelling=_path("airy_bi"), sympy=lambda sp, z: sp.airybi(z))
def airy_bi_partial(z):
    return airy_bi_prime(z)


@elementwise(airy_bi_prime, family=FAMILY, spelling=_path("airy_bi_prime"), sympy=lambda sp, z: sp.airybiprime(z))
def airy_bi_prime_partial(z):
    return z * airy_bi(z)


@composed(special.airy, family=FAMILY)
def airy(z, /):
    return airy_ai(z), airy_ai_prime(z), airy_bi(z), airy_bi_prime(z)


# --------------------------------------------------------------------------- Lambert W
@helper()
def lambertw_branch(z, k, tol):
    """``scipy.special.lambertw(z, k, tol)`` (its defaults are the composition's)."""
    return scipy.special.lambertw(z, k, tol)


@elementwise(lambertw_branch, family=FAMILY, spelling=_path("lambertw_branch"),
             sympy=lambda sp, z, k, tol: sp.LambertW(z, k))
def lambertw_branch_partials(z, k, tol, y):
    return np.exp(-y) / (1 + y), None, None


@composed(special.lambertw, family=FAMILY)
def lambertw(z, k=0, tol=1e-8):
    return lambertw_branch(z, k, tol)
