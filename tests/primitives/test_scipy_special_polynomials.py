"""The orthogonal polynomials of scipy.special (primitives/scipy_special_polynomials.py): each
derivative in x against sympy's at several degrees and points (±1 included, where a formula over
x² - 1 would divide by zero); in a loop over degrees with keyword-free spellings, in reverse and
forward mode and through the Hessian in both modes; an active degree refused."""
import numpy as np
import pytest

pytest.importorskip("scipy")
sympy = pytest.importorskip("sympy")
import scipy.special as sps  # noqa: E402
from scipy import special  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402
from transpiler.primitives import REGISTRY  # noqa: E402

transpiler.primitives.registry.load_optional_rules()

def legendre(n, x): return sps.eval_legendre(n, x)
def sh_legendre(n, x): return sps.eval_sh_legendre(n, x)
def chebyt(n, x): return sps.eval_chebyt(n, x)
def chebyu(n, x): return sps.eval_chebyu(n, x)
def sh_chebyt(n, x): return sps.eval_sh_chebyt(n, x)
def sh_chebyu(n, x): return sps.eval_sh_chebyu(n, x)
def hermite(n, x): return sps.eval_hermite(n, x)
def hermitenorm(n, x): return sps.eval_hermitenorm(n, x)
def laguerre(n, x): return sps.eval_laguerre(n, x)
def genlaguerre(n, x): return sps.eval_genlaguerre(n, 0.5, x)
def gegenbauer(n, x): return sps.eval_gegenbauer(n, 0.7, x)
def jacobi(n, x): return sps.eval_jacobi(n, 0.3, 1.2, x)


# the function called -> (its spelling in scipy.special, its constant parameters after the degree)
FUNCTIONS = {legendre: (sps.eval_legendre, ()), sh_legendre: (sps.eval_sh_legendre, ()),
             chebyt: (sps.eval_chebyt, ()), chebyu: (sps.eval_chebyu, ()), sh_chebyt: (sps.eval_sh_chebyt, ()),
             sh_chebyu: (sps.eval_sh_chebyu, ()), hermite: (sps.eval_hermite, ()),
             hermitenorm: (sps.eval_hermitenorm, ()), laguerre: (sps.eval_laguerre, ()),
             genlaguerre: (sps.eval_genlaguerre, ("1/2",)), gegenbauer: (sps.eval_gegenbauer, ("7/10",)),
             jacobi: (sps.eval_jacobi, ("3/10", "6/5"))}
CASES = [(f, n, x) for f in FUNCTIONS for n in (0, 1, 3, 6) for x in (-1.0, 0.35, 1.0)]


@pytest.mark.parametrize("f, n, x", CASES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_the_derivative_in_x_is_sympys(f, n, x):
    got = transpiler.grad(f, wrt=1)(n, x)
    spelling, constants = FUNCTIONS[f]
    t = sympy.Symbol("t", real=True)
    expression = REGISTRY[spelling].sympy(sympy, sympy.Integer(n), *map(sympy.Rational, constants), t)
    exact = sympy.diff(expression, t).subs(t, sympy.Rational(str(x)))
    np.testing.assert_allclose(got, float(exact), rtol=1e-10, atol=1e-12)


def polynomial_sum(x):
    total = 0.0
    for n in range(4):
        total = total + np.sum(sps.eval_legendre(n, x) * special.eval_chebyt(n + 1, x) + sps.eval_hermite(n, x) / 8
                               + sps.eval_laguerre(n, x) + special.eval_gegenbauer(n, 0.7, x) * x
                               + sps.eval_jacobi(n, 0.3, 1.2, x) + sps.eval_genlaguerre(n, 1.5, x) ** 2)
    return total


X = np.array([-0.8, 0.1, 0.6, 0.95])


def test_a_loop_over_degrees_in_both_modes_and_the_hessian():
    gradient_matches_finite_differences(polynomial_sum, X)
    jvp_matches_finite_differences(polynomial_sum, X)
    hessian_matches_differences_of_the_gradient(polynomial_sum, X)
    np.testing.assert_allclose(transpiler.hessian(polynomial_sum, mode="forward")(X),
                               transpiler.hessian(polynomial_sum)(X), rtol=1e-10, atol=1e-12)


def active_degree(n):
    return sps.eval_legendre(n, 0.3)


def test_an_active_degree_is_refused():
    with pytest.raises(TranspileError):
        transpiler.grad(active_degree)(2.0)


def legendre_of_a_half_degree(x):
    return np.sum(sps.eval_legendre(0.5, x) ** 2)


def chebyshev_of_a_negative_degree(x, n=-2):
    return np.sum(sps.eval_chebyt(n, x) * x)


@pytest.mark.parametrize("fn", [legendre_of_a_half_degree, chebyshev_of_a_negative_degree], ids=lambda f: f.__name__)
def test_a_degree_that_is_not_whole_is_refused_at_the_users_line_in_both_modes(fn):
    """SciPy continues the polynomials to such degrees (a hypergeometric function at 0.5, T_2 at
    -2); the recurrences gave another function's derivative there (0 for P_0.5, -2 for T_-2's
    -8 at x = -2)."""
    x = np.array([0.3, -0.6])
    for run in (lambda: transpiler.grad(fn)(x), lambda: transpiler.jvp(fn, (x,), (np.ones(2),))):
        with pytest.raises(TranspileError, match="not a whole number") as info:
            run()
        assert "test_scipy_special_polynomials.py" in str(info.value)
