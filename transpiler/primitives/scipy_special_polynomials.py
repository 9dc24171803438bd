"""The orthogonal polynomials of ``scipy.special`` evaluated at ``x`` (loaded by scipy_special.py):
``eval_legendre``, ``eval_sh_legendre``, ``eval_chebyt``, ``eval_chebyu``, ``eval_sh_chebyt``,
``eval_sh_chebyu``, ``eval_hermite``, ``eval_hermitenorm``, ``eval_laguerre``,
``eval_genlaguerre``, ``eval_gegenbauer`` and ``eval_jacobi``, by their derivative in ``x``, which
is again one of them of degree ``n - 1`` (so Hessians differentiate it by the same rules). The
degree ``n`` is an integer: no derivative (refused where active), nor have the parameters
``alpha``, ``beta``. A degree below 1 has derivative 0: the ``np.maximum(n - 1, 0)`` only keeps
the unused call's degree valid. SciPy also takes other degrees (0.5, -2: a hypergeometric
continuation, a reflection) whose derivatives these recurrences do not give: refused when the
derivative runs (``whole_degree``).
"""
import numpy as np
import scipy.special

from .registry import Spelling, elementwise, nondifferentiable
from .runtime import helper, refuse_at_run_time

FAMILY = "scipy.special"
special = scipy.special


def _path(name: str) -> Spelling:
    return Spelling(path=f"scipy.special.{name}")


@helper("refuse_at_run_time")
def whole_degree(n):
    """``n``, refusing a degree that is not a whole number >= 0 (``eval_legendre(0.5, x)``,
    ``eval_chebyt(-2, x)``): SciPy continues the polynomials there, and the derivative rules
    here, recurrences in whole degrees, would give another function's derivative."""
    degrees = np.asarray(n)
    if np.any((degrees < 0) | (degrees != np.floor(degrees))):
        polynomials = tuple(f"scipy.special.eval_{name}" for name in (
            "legendre", "sh_legendre", "chebyt", "chebyu", "sh_chebyt", "sh_chebyu", "gegenbauer", "hermite",
            "hermitenorm", "laguerre", "genlaguerre", "jacobi"))
        refuse_at_run_time(polynomials, "the derivative of an orthogonal polynomial of scipy.special at a degree "
                           "that is not a whole number >= 0 is not supported (SciPy continues it to other degrees)",
                           "pass whole degrees 0, 1, 2 ... (as integers or floats)")
    return n


# (a degree carries no derivative: generated code calling it is differentiated again for Hessians)
nondifferentiable(whole_degree, family="runtime helpers", shape_rule=None, spelling=Spelling(path="whole_degree"))


# P_n' = C_{n-1}^(3/2) (the Gegenbauer polynomial): no division by x² - 1 at x = ±1
@elementwise(special.eval_legendre, family=FAMILY, spelling=_path("eval_legendre"),
             sympy=lambda sp, n, x: sp.legendre(n, x))
def eval_legendre(n, x):
    return None, np.where(whole_degree(n) >= 1, scipy.special.eval_gegenbauer(np.maximum(n - 1, 0), 1.5, x), 0.0)


@elementwise(special.eval_sh_legendre, family=FAMILY, spelling=_path("eval_sh_legendre"),
             sympy=lambda sp, n, x: sp.legendre(n, 2 * x - 1))
def eval_sh_legendre(n, x):
    return None, np.where(whole_degree(n) >= 1, 2 * scipy.special.eval_gegenbauer(np.maximum(n - 1, 0), 1.5, 2 * x - 1), 0.0)


# T_n' = n U_{n-1}; U_n = C_n^(1), and C_n^(a)' = 2a C_{n-1}^(a+1)
@elementwise(special.eval_chebyt, family=FAMILY, spelling=_path("eval_chebyt"),
             sympy=lambda sp, n, x: sp.chebyshevt(n, x))
def eval_chebyt(n, x):
    return None, whole_degree(n) * scipy.special.eval_chebyu(np.maximum(n - 1, 0), x)


@elementwise(special.eval_chebyu, family=FAMILY, spelling=_path("eval_chebyu"),
             sympy=lambda sp, n, x: sp.chebyshevu(n, x))
def eval_chebyu(n, x):
    return None, np.where(whole_degree(n) >= 1, 2 * scipy.special.eval_gegenbauer(np.maximum(n - 1, 0), 2.0, x), 0.0)


@elementwise(special.eval_sh_chebyt, family=FAMILY, spelling=_path("eval_sh_chebyt"),
             sympy=lambda sp, n, x: sp.chebyshevt(n, 2 * x - 1))
def eval_sh_chebyt(n, x):
    return None, 2 * whole_degree(n) * scipy.special.eval_chebyu(np.maximum(n - 1, 0), 2 * x - 1)


@elementwise(special.eval_sh_chebyu, family=FAMILY, spelling=_path("eval_sh_chebyu"),
             sympy=lambda sp, n, x: sp.chebyshevu(n, 2 * x - 1))
def eval_sh_chebyu(n, x):
    return None, np.where(whole_degree(n) >= 1, 4 * scipy.special.eval_gegenbauer(np.maximum(n - 1, 0), 2.0, 2 * x - 1), 0.0)


@elementwise(special.eval_gegenbauer, family=FAMILY, spelling=_path("eval_gegenbauer"),
             sympy=lambda sp, n, alpha, x: sp.gegenbauer(n, alpha, x))
def eval_gegenbauer(n, alpha, x):
    return None, None, np.where(whole_degree(n) >= 1, 2 * alpha * scipy.special.eval_gegenbauer(np.maximum(n - 1, 0), alpha + 1, x), 0.0)


# H_n' = 2n H_{n-1} (physicists'), He_n' = n He_{n-1} (probabilists')
@elementwise(special.eval_hermite, family=FAMILY, spelling=_path("eval_hermite"),
             sympy=lambda sp, n, x: sp.hermite(n, x))
def eval_hermite(n, x):
    return None, 2 * whole_degree(n) * scipy.special.eval_hermite(np.maximum(n - 1, 0), x)


@elementwise(special.eval_hermitenorm, family=FAMILY, spelling=_path("eval_hermitenorm"),
             sympy=lambda sp, n, x: sp.hermite_prob(n, x))
def eval_hermitenorm(n, x):
    return None, whole_degree(n) * scipy.special.eval_hermitenorm(np.maximum(n - 1, 0), x)


# L_n^(a)' = -L_{n-1}^(a+1)
@elementwise(special.eval_laguerre, family=FAMILY, spelling=_path("eval_laguerre"),
             sympy=lambda sp, n, x: sp.laguerre(n, x))
def eval_laguerre(n, x):
    return None, np.where(whole_degree(n) >= 1, -scipy.special.eval_genlaguerre(np.maximum(n - 1, 0), 1.0, x), 0.0)


@elementwise(special.eval_genlaguerre, family=FAMILY, spelling=_path("eval_genlaguerre"),
             sympy=lambda sp, n, alpha, x: sp.assoc_laguerre(n, alpha, x))
def eval_genlaguerre(n, alpha, x):
    return None, None, np.where(whole_degree(n) >= 1, -scipy.special.eval_genlaguerre(np.maximum(n - 1, 0), alpha + 1, x), 0.0)


# P_n^(a,b)' = (n + a + b + 1) / 2 P_{n-1}^(a+1,b+1)
@elementwise(special.eval_jacobi, family=FAMILY, spelling=_path("eval_jacobi"),
             sympy=lambda sp, n, alpha, beta, x: sp.jacobi(n, alpha, beta, x))
def eval_jacobi(n, alpha, beta, x):
    return None, None, None, np.where(
        whole_degree(n) >= 1, (n + alpha + beta + 1) / 2 * scipy.special.eval_jacobi(np.maximum(n - 1, 0), alpha + 1, beta + 1, x), 0.0)
