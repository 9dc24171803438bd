"""``scipy.spatial.distance``: ``pdist`` and ``cdist`` for the metrics "sqeuclidean", "euclidean",
"cityblock", "chebyshev", "minkowski" (with ``p=``), "cosine" and "correlation" (a distance 0,
a point and itself, has derivative 0, as SciPy's value has no NaN there), the distances of two vectors
(``sqeuclidean``, ``euclidean``, ``cityblock``, ``cosine``, ``minkowski``, ``chebyshev``,
``canberra``, ``braycurtis``, ``correlation``, with weights ``w``; ``mahalanobis``, ``seuclidean``,
``jensenshannon``) and ``squareform`` both ways, as compositions of
NumPy primitives, inlined where one is called; the squared and plain Euclidean metrics of ``cdist``
and ``pdist`` call one primitive of their own, :func:`squared_distances` (SciPy's ``cdist``, whose
rules are matrix products). Their results are arrays the function makes, so
a write into one (``np.fill_diagonal(squareform(d), 1)``) is a write into its own array.

``squareform`` of a vector gathers it into the symmetric matrix (zero diagonal); of a matrix,
reads its upper triangle, as SciPy's reads it (the lower triangle's adjoint is zero). SciPy's
``checks`` (a symmetric matrix with a zero diagonal) are not repeated: where SciPy would raise,
the composition reads the upper triangle. Registered the first time a lookup misses while
``scipy.spatial.distance`` is imported (registry.py).
"""
import dataclasses

import numpy as np
import scipy.spatial.distance
import scipy.special

from .registry import REGISTRY, Spelling, composed, refused, vjp_rule
from .runtime import helper

FAMILY = "scipy.spatial"
distance = scipy.spatial.distance


def pdist_with_another_metric():
    """Stands for ``pdist`` or ``cdist`` with a metric not composed: refused."""


refused(pdist_with_another_metric, reason="pdist's and cdist's metric is composed only for 'sqeuclidean', 'euclidean', "
        "'cityblock', 'chebyshev', 'minkowski', 'cosine' and 'correlation' (a callable or any other metric has no rule)",
        hint="write the distance with NumPy over the pairs `i, j = np.triu_indices(len(X), 1)`: `X[i] - X[j]` "
             "(for cdist: `XA[:, None, :] - XB[None, :, :]`)")


@composed(distance.pdist, family=FAMILY)
def pdist(X, metric="euclidean", *, p=2.0):
    """The distances between the rows ``X[i]``, ``X[j]`` for ``i < j``, in SciPy's order. (The
    metric's branches are spelled here and in ``cdist``: a composition's own ``if`` on a constant
    argument is decided when it is inlined, one in a function it calls is not.)"""
    i, j = np.triu_indices(np.shape(X)[0], 1)
    if metric == "sqeuclidean":      # (cdist's matrix read above its diagonal: no (pairs, d) temporaries)
        return squared_distances(X, X)[i, j]
    if metric == "euclidean":
        return _length(squared_distances(X, X)[i, j])
    a, b = X[i], X[j]
    if metric == "cityblock":
        return np.sum(np.abs(a - b), axis=-1)
    if metric == "chebyshev":
        return np.max(np.abs(a - b), axis=-1)
    if metric == "minkowski":
        return _root(np.sum(np.abs(a - b) ** p, axis=-1), p)
    if metric == "cosine":
        return _cosine(a, b)
    if metric == "correlation":
        return _cosine(_centred(a), _centred(b))
    return pdist_with_another_metric()


@composed(distance.squareform, family=FAMILY)
def squareform(X, force="no", checks=True):
    """A condensed distance vector as its square matrix, or a square matrix's upper triangle as
    the vector (``force`` "tomatrix" / "tovector" decide where the shape does not)."""
    if force == "tomatrix" or force != "tovector" and np.ndim(X) == 1:
        return _matrix_of(X)
    i, j = np.triu_indices(np.shape(X)[0], 1)
    return X[i, j]


def _matrix_of(v):
    """The symmetric matrix with ``v``'s entries above (and below) the diagonal, zero on it."""
    d = int(np.ceil(np.sqrt(np.shape(v)[0] * 2)))
    if d * (d - 1) != np.shape(v)[0] * 2:
        raise ValueError("Incompatible vector size. It must be a binomial coefficient n choose 2 for some integer n >= 2.")
    row, col = np.arange(d)[:, None], np.arange(d)[None, :]
    low, high = np.minimum(row, col), np.maximum(row, col)
    position = np.where(row == col, 0, d * low - low * (low + 1) // 2 + high - low)   # 0: the zero in front
    return np.concatenate([np.zeros(1, dtype=v.dtype), v])[position]


@composed(distance.cdist, family=FAMILY)
def cdist(XA, XB, metric="euclidean", *, p=2.0):
    """The distances between each row of ``XA`` and each row of ``XB``. The squared and plain
    Euclidean ones are :func:`squared_distances` (SciPy's own ``cdist``, with a rule of matrix
    products): the other metrics' broadcast difference makes an (n, m, d) temporary."""
    if metric == "sqeuclidean":
        return squared_distances(XA, XB)
    if metric == "euclidean":
        return _length(squared_distances(XA, XB))
    a, b = XA[:, None, :], XB[None, :, :]
    if metric == "cityblock":
        return np.sum(np.abs(a - b), axis=-1)
    if metric == "chebyshev":
        return np.max(np.abs(a - b), axis=-1)
    if metric == "minkowski":
        return _root(np.sum(np.abs(a - b) ** p, axis=-1), p)
    if metric == "cosine":
        return _cosine(a, b)
    if metric == "correlation":
        return _cosine(_centred(a), _centred(b))
    return pdist_with_another_metric()


@helper()
def squared_distances(XA, XB):
    """``cdist(XA, XB, "sqeuclidean")``: SciPy's own on NumPy arrays (no (n, m, d) temporary), the
    broadcast difference on another array library's."""
    if type(XA).__module__ == "numpy" and type(XB).__module__ == "numpy":
        from scipy.spatial.distance import cdist
        return cdist(XA, XB, "sqeuclidean")
    difference = XA[:, None, :] - XB[None, :, :]
    return np.sum(difference * difference, axis=-1)


def _pairs_shape(shapes, kwargs):
    a, b = shapes[0], shapes[1]
    return (a[0], b[0]) if isinstance(a, tuple) and len(a) == 2 and isinstance(b, tuple) and len(b) == 2 else None


# S_ij = |a_i - b_j|²: dS_ij = 2 (a_i - b_j)·(da_i - db_j), so (G the adjoint of S)
# d_a_i = 2 Σ_j G_ij (a_i - b_j) = 2 (a_i Σ_j G_ij - (G b)_i), and d_b the same with Gᵀ.
def squared_distances_tangent(t, y, XA, XB):
    return (2.0 * (np.sum(XA * t, axis=1)[:, None] - t @ np.transpose(XB)),
            2.0 * (np.sum(XB * t, axis=1)[None, :] - XA @ np.transpose(t)))


@vjp_rule(squared_distances, family=FAMILY, spelling=Spelling(path="squared_distances"), shape_rule=_pairs_shape,
          jvp=squared_distances_tangent)
def squared_distances_rule(d_y, y, XA, XB):
    return (2.0 * (XA * np.sum(d_y, axis=1)[:, None] - d_y @ XB),
            2.0 * (XB * np.sum(d_y, axis=0)[:, None] - np.transpose(d_y) @ XA))


# a new array, sharing no argument's memory (so `d = pdist(X); d /= k` writes no view of X)
REGISTRY[squared_distances] = dataclasses.replace(REGISTRY[squared_distances], holds=())


def _squared(difference):
    return np.sum(difference * difference, axis=-1)


def _cosine(a, b):
    """``1 - a·b / (|a| |b|)`` over the last axis."""
    return 1.0 - np.sum(a * b, axis=-1) / np.sqrt(np.sum(a * a, axis=-1) * np.sum(b * b, axis=-1))


def _centred(a):
    return a - np.mean(a, axis=-1, keepdims=True)


def _root(total, p):
    """``total ** (1 / p)``, with derivative 0 where it is 0 (as ``_length``: a point and itself)."""
    return np.where(total == 0, 0.0, np.where(total == 0, 1.0, total) ** (1.0 / p))


# --------------------------------------------------------------------------- two vectors
@composed(distance.sqeuclidean, family=FAMILY)
def sqeuclidean(u, v, w=None):
    difference = u - v
    return np.sum(difference * difference) if w is None else np.sum(w * difference * difference)


@composed(distance.euclidean, family=FAMILY)
def euclidean(u, v, w=None):
    return _length(sqeuclidean(u, v, w))


def _length(squared):
    """``np.sqrt(squared)``, with derivative 0 where it is 0 (a point's distance to itself, as
    ``cdist(X, X)`` has: a subgradient of the cone there, where ``np.sqrt``'s would be NaN)."""
    return np.where(squared == 0, 0.0, np.sqrt(np.where(squared == 0, 1.0, squared)))


@composed(distance.cityblock, family=FAMILY)
def cityblock(u, v, w=None):
    return np.sum(np.abs(u - v)) if w is None else np.sum(w * np.abs(u - v))


@composed(distance.cosine, family=FAMILY)
def cosine(u, v, w=None):
    """``1 - u·v / (|u| |v|)`` (weighted by ``w``), clipped to [0, 2] as SciPy's."""
    w = 1.0 if w is None else w
    similarity = np.sum(w * u * v) / np.sqrt(np.sum(w * u * u) * np.sum(w * v * v))
    return np.clip(1.0 - similarity, 0.0, 2.0)


@composed(distance.minkowski, family=FAMILY)
def minkowski(u, v, p=2, w=None):
    """``(Σ w |u - v|ᵖ)^(1/p)``; ``p = inf`` the largest difference."""
    difference = np.abs(u - v)
    if p == np.inf:
        return chebyshev(u, v, w)
    return _root(np.sum(difference ** p) if w is None else np.sum(w * difference ** p), p)


@composed(distance.chebyshev, family=FAMILY)
def chebyshev(u, v, w=None):
    """The largest ``|u - v|`` (over the positive weights' entries, as SciPy's)."""
    difference = np.abs(u - v)
    return np.max(difference) if w is None else np.max(np.where(w > 0, difference, 0.0))


@composed(distance.canberra, family=FAMILY)
def canberra(u, v, w=None):
    """``Σ w |u - v| / (|u| + |v|)``, a term ``0 / 0`` counted 0 (SciPy's ``nansum``)."""
    total = np.abs(u) + np.abs(v)
    terms = np.abs(u - v) / np.where(total == 0, 1.0, total)
    return np.sum(terms) if w is None else np.sum(w * terms)


@composed(distance.braycurtis, family=FAMILY)
def braycurtis(u, v, w=None):
    """``Σ w |u - v| / Σ w |u + v|``."""
    w = 1.0 if w is None else w
    return np.sum(w * np.abs(u - v)) / np.sum(w * np.abs(u + v))


@composed(distance.correlation, family=FAMILY)
def correlation(u, v, w=None, centered=True):
    """``1 - (u - ū)·(v - v̄) / (|u - ū| |v - v̄|)`` with weighted means and products, clipped to
    [0, 2] as SciPy's."""
    if centered:
        u = u - np.average(u, weights=w)
        v = v - np.average(v, weights=w)
    uv, uu, vv = np.average(u * v, weights=w), np.average(u * u, weights=w), np.average(v * v, weights=w)
    return np.clip(1.0 - uv / np.sqrt(uu * vv), 0.0, 2.0)


@composed(distance.mahalanobis, family=FAMILY)
def mahalanobis(u, v, VI):
    """``√((u - v)ᵀ VI (u - v))`` (derivative 0 where ``u = v``, as ``euclidean``'s)."""
    difference = u - v
    return _length(difference @ VI @ difference)


@composed(distance.seuclidean, family=FAMILY)
def seuclidean(u, v, V):
    """``√(Σ (u - v)² / V)``."""
    difference = u - v
    return _length(np.sum(difference * difference / V))


@composed(distance.jensenshannon, family=FAMILY)
def jensenshannon(p, q, base=None, *, axis=0, keepdims=False):
    """``√(½ (KL(p‖m) + KL(q‖m)))``, ``m = (p + q) / 2``, ``p`` and ``q`` normalised along ``axis``,
    divided by ``ln(base)`` under the root where given (derivative 0 where ``p = q``)."""
    p = p / np.sum(p, axis=axis, keepdims=True)
    q = q / np.sum(q, axis=axis, keepdims=True)
    m = (p + q) / 2.0
    divergence = (np.sum(scipy.special.rel_entr(p, m), axis=axis, keepdims=keepdims)
                  + np.sum(scipy.special.rel_entr(q, m), axis=axis, keepdims=keepdims))
    if base is not None:
        divergence = divergence / np.log(base)
    return _length(divergence / 2.0)
