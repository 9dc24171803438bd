"""``scipy.linalg``'s special matrices: the structured constructors as compositions of
primitives (gathers of their arguments by constant index arrays, differentiable in every
argument: ``toeplitz``, ``circulant``, ``hankel``, ``block_diag``, ``companion``,
``fiedler_companion``, ``convolution_matrix``, ``leslie``, ``fiedler``), and the constant ones, whose only argument is
a size (``hadamard``, ``hilbert``, ``invhilbert``, ``pascal``, ``invpascal``, ``helmert``,
``dft``, complex), with no derivative. One-dimensional arguments, as SciPy documents them:
SciPy 1.17 makes a batch of matrices of an argument of more dimensions (``toeplitz``,
``circulant``, ``companion``, ``fiedler_companion``, ``leslie``, ``fiedler``, ``convolution_matrix``), where older
SciPy ravelled it; such a call is refused when its code runs (:func:`one_dimensional`; the
compositions ravelled it: the gradient of another function, silently). ``hankel`` ravels in
both.
Loaded by scipy_linalg.py.
"""
import numpy as np
import scipy.linalg

from .rearranging import same_as_first
from .registry import Spelling, composed, nondifferentiable, vjp_rule
from .runtime import helper, refuse_at_run_time  # noqa: F401  (one_dimensional calls it)

FAMILY = "scipy.linalg"
linalg = scipy.linalg


@helper("refuse_at_run_time")
def one_dimensional(x):
    """``x``, refusing an argument of more than one dimension when the code runs (its shape is
    known then): SciPy 1.17 makes a batch of matrices of it, which the compositions do not."""
    if np.ndim(x) > 1:
        refuse_at_run_time(
            ("scipy.linalg.toeplitz", "scipy.linalg.circulant", "scipy.linalg.companion", "scipy.linalg.leslie",
             "scipy.linalg.fiedler", "scipy.linalg.fiedler_companion", "scipy.linalg.convolution_matrix"),
            "the derivative of a scipy.linalg special matrix of an argument of more than one dimension "
            "(a batch of matrices to SciPy 1.17) is not supported",
            "build one matrix per row: `np.stack([scipy.linalg.circulant(row) for row in c])`")
    return x


@vjp_rule(one_dimensional, family=FAMILY, spelling=Spelling(path="one_dimensional"), linear="joint",
          shape_rule=same_as_first)
def one_dimensional_rule(d_y, y, x):
    return d_y,


@composed(linalg.toeplitz, family=FAMILY)
def toeplitz(c, r=None):
    """``t[i, j] = c[i - j]`` on and below the diagonal, ``r[j - i]`` above (``r`` defaults to
    ``c``; ``r[0]`` is not read)."""
    c = one_dimensional(c)
    r = r if r is None else one_dimensional(r)
    c = np.ravel(c)
    r = c if r is None else np.ravel(r)
    values = np.concatenate([c[::-1], r[1:]])
    return values[len(c) - 1 - np.arange(len(c))[:, None] + np.arange(len(r))]


@composed(linalg.circulant, family=FAMILY)
def circulant(c):
    c = one_dimensional(c)
    c = np.ravel(c)
    n = len(c)
    return c[(np.arange(n)[:, None] - np.arange(n)) % n]


@composed(linalg.hankel, family=FAMILY)
def hankel(c, r=None):
    """``h[i, j] = c[i + j]`` while that is in ``c``, then ``r[i + j - len(c) + 1]`` (``r``
    defaults to zeros; ``r[0]`` is not read)."""
    c = np.ravel(c)
    r = np.zeros_like(c) if r is None else np.ravel(r)
    values = np.concatenate([c, r[1:]])
    return values[np.arange(len(c))[:, None] + np.arange(len(r))]


@composed(linalg.block_diag, family=FAMILY)
def block_diag(*arrs):
    blocks = [np.atleast_2d(a) for a in arrs]
    width = sum(np.shape(b)[1] for b in blocks)
    rows, before = [], 0
    for b in blocks:
        height, columns = np.shape(b)
        rows.append(np.concatenate([np.zeros((height, before)), b, np.zeros((height, width - before - columns))], axis=1))
        before = before + columns
    return np.concatenate(rows, axis=0)


@composed(linalg.companion, family=FAMILY)
def companion(a):
    """The first row ``-a[1:] / a[0]``, ones below the diagonal. SciPy's ValueErrors where it
    raises them (fewer than two coefficients, a zero leading one), not a matrix of infinities."""
    a = one_dimensional(a)
    a = np.ravel(a)
    n = len(a)
    if n < 2:
        raise ValueError("The length of `a` along the last axis must be at least 2.")
    if a[0] == 0:
        raise ValueError("The first coefficient(s) of `a` (i.e. elements of `a[..., 0]`) must not be zero.")
    return np.concatenate([np.reshape(-a[1:] / a[0], (1, n - 1)), np.eye(n - 2, n - 1)], axis=0)


@composed(linalg.fiedler_companion, family=FAMILY)
def fiedler_companion(a):
    """Fiedler's pentadiagonal companion matrix of the coefficients ``a`` (its eigenvalues the
    roots of the polynomial): each entry 0, 1 or one of ``-a[1:] / a[0]``, gathered by a constant
    index matrix that writes SciPy's layout (``c[0, 0] = -a[1] / a[0]``, ``-a[k] / a[0]`` on the
    first super- and subdiagonals of the even rows, ones on the second ones and at ``c[1, 0]``).
    As SciPy: a zero leading coefficient raises ValueError from three coefficients on (two give
    ``[[-a[1] / a[0]]]``, fewer an empty vector)."""
    a = one_dimensional(a)
    a = np.ravel(a)
    n = len(a) - 1
    if n < 1:
        return np.zeros(0, dtype=np.result_type(a, 1.0))
    if n > 1 and a[0] == 0:
        raise ValueError("Leading coefficient is zero.")
    row, column = np.arange(n)[:, None], np.arange(n)
    even = row % 2 == 0
    # positions in `values`: 0 a zero, 1 a one, k + 1 the coefficient -a[k] / a[0]
    position = np.where((row == 0) & (column == 0), 2,
                        np.where((row == 1) & (column == 0), 1,
                                 np.where(even & (column == row + 1), row + 3,
                                          np.where(even & (column == row + 2), 1,
                                                   np.where(even & (row >= 2) & (column == row - 1), row + 2,
                                                            np.where(~even & (row >= 3) & (column == row - 2), 1, 0))))))
    values = np.concatenate([np.array([0.0, 1.0], dtype=np.result_type(a, 1.0)), -a[1:] / a[0]])
    return values[position]


@composed(linalg.convolution_matrix, family=FAMILY)
def convolution_matrix(a, n, mode="full"):
    """``t @ v == np.convolve(a, v, mode)`` for ``len(v) == n``: ``t[i, j] = a[i - j]``, rows
    trimmed as SciPy trims them for "same" and "valid"."""
    a = one_dimensional(a)
    a = np.ravel(a)
    m = len(a)
    k = np.arange(m + n - 1)[:, None] - np.arange(n)
    full = np.where((k >= 0) & (k < m), a[np.clip(k, 0, m - 1)], 0.0)
    if mode == "full":
        return full
    trim = min(n, m) - 1
    start = trim // 2 if mode == "same" else trim
    end = trim - trim // 2 if mode == "same" else trim
    return full[start:m + n - 1 - end]


@composed(linalg.leslie, family=FAMILY)
def leslie(f, s):
    """The fecundities ``f`` in the first row, the survival rates ``s`` below the diagonal."""
    f = one_dimensional(f)
    s = one_dimensional(s)
    f, s = np.ravel(f), np.ravel(s)
    n = len(f)
    below = np.concatenate([np.diag(s), np.zeros((n - 1, 1))], axis=1)
    return np.concatenate([np.reshape(f, (1, n)), below], axis=0)


@composed(linalg.fiedler, family=FAMILY)
def fiedler(a):
    a = one_dimensional(a)
    a = np.ravel(a)
    return np.abs(a[:, None] - a)


for _name in ("hadamard", "hilbert", "invhilbert", "pascal", "invpascal", "helmert", "dft"):
    nondifferentiable(getattr(linalg, _name), family=FAMILY, shape_rule=None, allocates=True,
                      spelling=Spelling(path=f"scipy.linalg.{_name}"))
