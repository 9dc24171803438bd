"""Functions whose results carry no derivative (issue 16): predicates (``np.isclose``,
``np.allclose``, ``np.signbit`` ...), dtype and shape queries (``np.result_type``,
``np.broadcast_shapes`` ...), functions producing indices or counts (``np.argwhere``,
``np.digitize``, ``np.tril_indices_from`` ...), rounding's other name (``np.around``), and
constant constructors (the window functions).

Each accepts differentiated values too: its result is boolean, integer, a dtype or a shape, or
piecewise constant (``np.around``), so it is never active, and nothing flows back through it.
"""
from __future__ import annotations

import numpy as np

from .registry import nondifferentiable

FAMILY = "predicates and queries"


def a_scalar(shapes, kwargs):
    """One value (``np.allclose(a, b)``: a boolean)."""
    return ()


def like_first(shapes, kwargs):
    """The first argument's shape (``np.isin(x, values)``, ``np.digitize(x, bins)``)."""
    return shapes[0] if shapes else None


# --------------------------------------------------------------------------- predicates
nondifferentiable(np.isclose, np.isneginf, np.isposinf, np.isreal, np.iscomplex, np.signbit,
                  family=FAMILY, result_kind="b1")
nondifferentiable(np.isin, family=FAMILY, shape_rule=like_first, result_kind="b1")
nondifferentiable(np.allclose, np.array_equal, np.array_equiv, np.isrealobj, np.iscomplexobj,
                  np.isscalar, np.iterable, np.issubdtype, np.isdtype, np.can_cast,
                  family=FAMILY, shape_rule=a_scalar, result_kind="b1")

# --------------------------------------------------------------------------- dtype and shape queries
nondifferentiable(np.result_type, np.promote_types, np.broadcast_shapes, family=FAMILY, shape_rule=None)

# --------------------------------------------------------------------------- indices and counts
nondifferentiable(np.digitize, family=FAMILY, shape_rule=like_first)
nondifferentiable(np.argwhere, np.argpartition, np.count_nonzero, np.lexsort, np.ravel_multi_index,
                  np.unravel_index, np.tril_indices, np.tril_indices_from, np.triu_indices,
                  np.triu_indices_from, np.diag_indices, np.diag_indices_from, np.indices,
                  np.mask_indices, np.ix_, family=FAMILY, shape_rule=None, allocates=True)

# --------------------------------------------------------------------------- piecewise constant
nondifferentiable(np.around, family="piecewise constant")

# --------------------------------------------------------------------------- constant constructors
nondifferentiable(np.bartlett, np.blackman, np.hamming, np.hanning, np.kaiser, family="constructors",
                  shape_rule=None, allocates=True)


# --------------------------------------------------------------------------- no rule, on purpose
# They run on constants like any call without a rule; given a differentiated value the refusal
# (analysis/facts.py) says why. Function -> (why, what to write instead).
_TIES = ("its distinct values are a gather of the input only where no two are equal: at a tie a "
         "perturbation changes how many there are (and `return_inverse=` / `counts` with them)")
_UNIQUE_HINT = ("where the values are distinct, `np.sort(x)` is the same and has a derivative; or "
                "gather them yourself: `x[first]` with `first` from `np.unique(c, return_index=True)` "
                "of a value `c` that is not differentiated")
REFUSED_WHEN_ACTIVE = {f: (_TIES, _UNIQUE_HINT) for f in (np.unique, np.unique_values, np.unique_counts,
                                                          np.unique_inverse, np.unique_all)}
_SHARED = ("its values are those both arrays hold, each equal to one of the other's: a tie that any "
           "perturbation breaks (the value leaves the result)")
_SETS = ("its values are the distinct values of its arrays, sorted: a gather of them only where no two are "
         "equal; at a tie a perturbation changes how many there are")
_SETS_HINT = ("where the values are distinct, write it with np.isin (which value is kept, held constant) and "
              "np.sort: `np.sort(a[np.isin(a, b)])` for intersect1d, `np.sort(a[~np.isin(a, b)])` for setdiff1d, "
              "`np.sort(np.concatenate([a, b[~np.isin(b, a)]]))` for union1d")
REFUSED_WHEN_ACTIVE.update({np.intersect1d: (_SHARED, _SETS_HINT)})
REFUSED_WHEN_ACTIVE.update({f: (_SETS, _SETS_HINT) for f in (np.union1d, np.setdiff1d, np.setxor1d)})
# (A rule for np.matrix would be wrong: the rules of `*` and `**` read the matrix it makes as an array.)
_MATRIX_PRODUCTS = ("its `*` and `**` are matrix products, which the derivative rules, written for arrays, "
                    "would read elementwise")
_MATRIX_HINT = ("keep an array (`np.asarray(w)`, or `np.atleast_2d(w)` for a row) and write its products "
                "with `@` (`(w @ V @ w.T)[0, 0]`); `np.multiply` and `np.square` are elementwise either way")
REFUSED_WHEN_ACTIVE.update({f: (_MATRIX_PRODUCTS, _MATRIX_HINT) for f in (np.matrix, np.asmatrix)})


def refused_when_active(path: str | None) -> tuple[str, str] | None:
    """Why the NumPy function spelled ``path`` (``np.unique``) has no rule, where that was
    decided; else None."""
    return next((why for f, why in REFUSED_WHEN_ACTIVE.items() if path == f"np.{f.__name__}"), None)
