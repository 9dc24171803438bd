"""``numpy.polynomial``'s series evaluated at points, with coefficients lowest degree first:
``polynomial.polyval``, ``chebyshev.chebval``, ``legendre.legval``, ``hermite.hermval``,
``hermite_e.hermeval`` (NumPy's own recurrences: Horner, and Clenshaw's with each family's
three-term coefficients, so the values agree to the last bit), and ``chebyshev.chebder``, the
derivative series, as the constant matrix it is. Compositions of primitives, inlined where called:
differentiable in the coefficients and the points, both modes and Hessians.

``tensor=True`` (NumPy's default) evaluates every column of a 2-d ``c`` at every point: ``c`` is
reshaped to ``c.shape + (1,) * x.ndim``, as NumPy does."""
import numpy as np
from numpy.polynomial import chebyshev, hermite, hermite_e, legendre, polynomial

from .registry import composed

FAMILY = "polynomials"


def _series(c, x, tensor):
    """NumPy's preparation: float coefficients, a list of points as an array, and the tensor
    reshape."""
    c = np.asarray(c) + 0.0
    if isinstance(x, (tuple, list)):
        x = np.asarray(x)
    if tensor:
        c = np.reshape(c, np.shape(c) + (1,) * np.ndim(x))
    return c, x


@composed(polynomial.polyval, family=FAMILY)
def polynomial_polyval(x, c, tensor=True):
    c, x = _series(c, x, tensor)
    c0 = c[-1] + x * 0
    for i in range(2, len(c) + 1):
        c0 = c[-i] + c0 * x
    return c0


@composed(chebyshev.chebval, family=FAMILY)
def chebval(x, c, tensor=True):
    c, x = _series(c, x, tensor)
    if len(c) == 1:
        return c[0] + 0 * x
    c0, c1 = c[-2], c[-1]
    x2 = 2 * x
    for i in range(3, len(c) + 1):
        c0, c1 = c[-i] - c1, c0 + c1 * x2
    return c0 + c1 * x


@composed(legendre.legval, family=FAMILY)
def legval(x, c, tensor=True):
    c, x = _series(c, x, tensor)
    if len(c) == 1:
        return c[0] + 0 * x
    nd = len(c)
    c0, c1 = c[-2], c[-1]
    for i in range(3, len(c) + 1):
        nd = nd - 1
        c0, c1 = c[-i] - c1 * ((nd - 1) / nd), c0 + c1 * x * ((2 * nd - 1) / nd)
    return c0 + c1 * x


@composed(hermite.hermval, family=FAMILY)
def hermval(x, c, tensor=True):
    c, x = _series(c, x, tensor)
    x2 = x * 2
    if len(c) == 1:
        return c[0] + 0 * x
    nd = len(c)
    c0, c1 = c[-2], c[-1]
    for i in range(3, len(c) + 1):
        nd = nd - 1
        c0, c1 = c[-i] - c1 * (2 * (nd - 1)), c0 + c1 * x2
    return c0 + c1 * x2


@composed(hermite_e.hermeval, family=FAMILY)
def hermeval(x, c, tensor=True):
    c, x = _series(c, x, tensor)
    if len(c) == 1:
        return c[0] + 0 * x
    nd = len(c)
    c0, c1 = c[-2], c[-1]
    for i in range(3, len(c) + 1):
        nd = nd - 1
        c0, c1 = c[-i] - c1 * (nd - 1), c0 + c1 * x
    return c0 + c1 * x


def chebder_matrix(n, scl):
    """The ``(n - 1, n)`` matrix taking Chebyshev coefficients to their derivative's: entry
    ``(k, j)`` is ``2j`` (``j`` for ``k = 0``) where ``j > k`` and ``j - k`` is odd, times ``scl``."""
    k = np.arange(max(n - 1, 1))[:, None]
    j = np.arange(n)[None, :]
    weights = np.where(k == 0, j, 2 * j)
    return scl * np.where((j > k) & ((j - k) % 2 == 1), weights, 0) + 0.0


@composed(chebyshev.chebder, family=FAMILY)
def chebder(c, m=1, scl=1, axis=0):
    if m < 0:
        raise ValueError("The order of derivation must be non-negative")
    c = np.moveaxis(np.asarray(c) + 0.0, axis, 0)
    for _ in range(m):
        if len(c) == 1:
            c = c[:1] * 0
        else:
            c = np.tensordot(chebder_matrix(len(c), scl), c, axes=(1, 0))
    return np.moveaxis(c, 0, axis)
