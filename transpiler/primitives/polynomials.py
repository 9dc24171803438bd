"""NumPy's polynomial functions (``np.poly*`` of ``numpy/lib/_polynomial_impl.py``, coefficients
highest power first) as compositions of primitives, which the lowering inlines where one is
called: both modes and Hessians come from the composed rules.

* ``polyadd``/``polysub`` pad the shorter with leading zeros; ``polymul`` is ``np.convolve``;
  ``polyder``/``polyint`` scale by the powers (``m`` times; ``polyint``'s constants ``k``
  differentiable too); ``polydiv`` is NumPy's long division, dropping leading remainder terms
  below 1e-8 as NumPy does.
* ``poly`` of roots multiplies out ``(x - r)``; of a square matrix, its characteristic polynomial
  by the Faddeev--LeVerrier recurrence (real, differentiable for every matrix: NumPy goes through
  possibly complex eigenvalues; the values agree to rounding).
* ``polyfit``: NumPy's column-scaled least squares on the Vandermonde matrix, weights ``w``
  included, differentiable in ``x``, ``y`` and ``w`` through ``np.linalg.lstsq``'s rules
  (``full=True`` and ``cov=True`` are refused where written).
* ``roots``: the eigenvalues of the companion matrix, as NumPy computes them; the derivative
  goes through ``np.linalg.eig``'s rule, which refuses complex roots when differentiated.
"""
import numpy as np

from .registry import composed, refused

FAMILY = "polynomials"


def _padded(a, length):
    """``a`` with leading zeros up to ``length`` coefficients."""
    if len(a) == length:
        return a
    return np.concatenate([np.zeros_like(a, shape=length - len(a)), a])     # (a's dtype, as NumPy's)


@composed(np.polyadd, family=FAMILY)
def polyadd(a1, a2):
    a1, a2 = np.atleast_1d(a1), np.atleast_1d(a2)
    length = max(len(a1), len(a2))
    return _padded(a1, length) + _padded(a2, length)


@composed(np.polysub, family=FAMILY)
def polysub(a1, a2):
    a1, a2 = np.atleast_1d(a1), np.atleast_1d(a2)
    length = max(len(a1), len(a2))
    return _padded(a1, length) - _padded(a2, length)


@composed(np.polymul, family=FAMILY)
def polymul(a1, a2):
    return np.convolve(np.atleast_1d(a1), np.atleast_1d(a2))


@composed(np.polyder, family=FAMILY)
def polyder(p, m=1):
    for _ in range(m):
        p = p[:-1] * np.arange(len(p) - 1, 0, -1)
    return p


@composed(np.polyint, family=FAMILY)
def polyint(p, m=1, k=None):
    """``m`` antiderivatives, the ``i``-th with constant ``k[i]`` (one ``k`` for all: NumPy's)."""
    constants = np.zeros(m) if k is None else np.atleast_1d(k)
    if len(constants) == 1 and m > 1:
        constants = constants[0] * np.ones(m)
    for i in range(m):
        p = np.concatenate([p / np.arange(len(p), 0, -1), constants[i:i + 1]])
    return p


@composed(np.polydiv, family=FAMILY)
def polydiv(u, v):
    """``(quotient, remainder)`` by long division (NumPy's loop, written without writes)."""
    u, v = np.atleast_1d(u) + 0.0, np.atleast_1d(v) + 0.0
    m, n = len(u) - 1, len(v) - 1
    remainder = u
    quotient = []
    for k in range(m - n + 1):
        d = remainder[k] / v[0]
        quotient.append(d)
        remainder = remainder - d * _padded(np.concatenate([v, np.zeros(m - n - k)]), m + 1)
    while len(remainder) > 1 and abs(remainder[0]) <= 1e-8:      # NumPy's np.allclose(r[0], 0)
        remainder = remainder[1:]
    return (np.array(quotient) if quotient else np.zeros(1)), remainder


@composed(np.poly, family=FAMILY)
def poly(seq_of_zeros):
    zeros = np.atleast_1d(seq_of_zeros)
    if np.ndim(zeros) == 2:
        return characteristic_polynomial(zeros)
    coefficients = np.ones(1)
    for zero in zeros:
        coefficients = np.convolve(coefficients, np.array([1.0, -zero]))
    return coefficients


def characteristic_polynomial(a):
    """``det(x I - a)``'s coefficients by Faddeev--LeVerrier: ``M_k = a M_{k-1} + c_{k-1} I``,
    ``c_k = -trace(a M_k) / k``."""
    n = np.shape(a)[0]
    identity = np.eye(n)
    coefficients = [1.0]
    m = np.zeros((n, n))
    for k in range(1, n + 1):
        m = a @ m + coefficients[-1] * identity
        coefficients.append(-np.trace(a @ m) / k)
    return np.array(coefficients)


def polyfit_with_full_or_cov():
    """Stands for ``np.polyfit(..., full=True)`` or ``cov=True`` in the composition: refused."""


refused(polyfit_with_full_or_cov, reason="np.polyfit's diagnostic outputs (full=True, cov=True) have no rule",
        hint="fit with np.linalg.lstsq(np.vander(x, deg + 1), y), which returns the residuals too")


@composed(np.polyfit, family=FAMILY)
def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    """Least squares on the Vandermonde matrix, its columns scaled to unit norm (NumPy's)."""
    if full or cov:
        return polyfit_with_full_or_cov()
    x, y = x + 0.0, y + 0.0
    lhs = x[:, None] ** np.arange(deg, -1, -1)
    rhs = y
    if w is not None:
        lhs = lhs * w[:, None]
        rhs = rhs * w if np.ndim(y) == 1 else rhs * w[:, None]
    scale = np.sqrt(np.sum(lhs * lhs, axis=0))
    c = np.linalg.lstsq(lhs / scale, rhs, rcond)[0]
    return c / scale if np.ndim(y) == 1 else c / scale[:, None]


@composed(np.roots, family=FAMILY)
def roots(p):
    """NumPy's algorithm: leading and trailing zeros stripped (the trailing ones are roots 0),
    the eigenvalues of the companion matrix."""
    p = np.atleast_1d(p)
    nonzero = np.flatnonzero(p)
    if len(nonzero) == 0:
        return np.zeros(0)
    trailing = len(p) - nonzero[-1] - 1
    p = p[nonzero[0]:nonzero[-1] + 1]
    n = len(p)
    if n < 2:
        return np.zeros(trailing)
    companion = np.concatenate([np.reshape(-p[1:] / p[0], (1, n - 1)), np.eye(n - 2, n - 1)], axis=0)
    return np.concatenate([np.linalg.eig(companion)[0], np.zeros(trailing)])
