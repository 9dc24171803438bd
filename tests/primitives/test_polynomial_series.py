"""``numpy.polynomial``'s series functions (primitives/polynomial_series.py): ``polyval``,
``chebval``, ``legval``, ``hermval``, ``hermeval`` and ``chebder``, against NumPy's values and
central differences of NumPy's functions in the coefficients and the points, forward mode
against reverse, Hessian-vector products against differences of the gradient."""
import composition_checks
import numpy as np
import pytest
from numpy.polynomial import chebyshev as C
from numpy.polynomial import hermite as H
from numpy.polynomial import hermite_e as HE
from numpy.polynomial import legendre as L
from numpy.polynomial import polynomial as P

X = np.array([0.3, -0.7, 0.9])
COEFFS = np.array([0.5, -0.2, 0.3, 0.1, 0.7])


def polyval(c, x): return np.sum(P.polyval(x, c) ** 2)
def chebval(c, x): return np.sum(np.sin(C.chebval(x, c)))
def chebval_scalar_point(c, t): return C.chebval(t, c) ** 2
def chebval_two_columns(c, x): return np.sum(C.chebval(x, np.stack([c, c ** 2], axis=1)) ** 2)
def chebval_two_coefficients(c, x): return np.sum(C.chebval(x, c[:2]) ** 3)
def legval(c, x): return np.sum(L.legval(x, c) ** 2)
def hermval(c, x): return np.sum(H.hermval(x, c, tensor=True) * x)
def hermeval(c, x): return np.sum(np.exp(0.1 * HE.hermeval(x, c)))
def chebder(c, x): return np.sum(C.chebval(x, C.chebder(c)) ** 2)
def chebder_twice_scaled(c, x): return np.sum(C.chebder(c, 2, scl=0.5) ** 2) + np.sum(x)


CASES = [(polyval, (COEFFS, X)), (chebval, (COEFFS, X)), (chebval_scalar_point, (COEFFS, 0.4)),
         (chebval_two_columns, (COEFFS, X)), (chebval_two_coefficients, (COEFFS, X)), (legval, (COEFFS, X)),
         (hermval, (COEFFS, X)), (hermeval, (COEFFS, X)), (chebder, (COEFFS, X)),
         (chebder_twice_scaled, (COEFFS, X))]


def cases():
    return [pytest.param(fn, args, id=fn.__name__) for fn, args in CASES]


@pytest.mark.parametrize("fn, args", cases())
def test_value_is_numpys_and_gradient_matches_finite_differences_of_numpy(fn, args):
    composition_checks.value_and_gradient(fn, args)


@pytest.mark.parametrize("fn, args", cases())
def test_forward_mode_matches_reverse(fn, args):
    composition_checks.forward_matches_reverse(fn, args)


@pytest.mark.parametrize("fn, args", cases())
def test_hvp_matches_differences_of_the_gradient(fn, args):
    composition_checks.hvp_matches_differences(fn, args, 0.01)
