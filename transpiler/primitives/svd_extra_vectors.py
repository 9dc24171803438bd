"""The tangent of the full SVD of a rectangular matrix (``np.linalg.svd(x)``, ``full_matrices``
left True: Tom Pollard's Sammon mapping starts from ``[UU, DD, _] = np.linalg.svd(x)`` and reads
``UU[:, :n]``).

The reduced part, the singular vectors that go with the singular values, has its tangent
(decompositions.py's ``svd_tangents``). The extra vectors (the last ``m - k`` columns of ``U`` of
a tall matrix, the last ``n - k`` rows of ``Vh`` of a wide one) are any orthonormal basis of the
orthogonal complement: LAPACK picks one, and no rule can say how its pick moves with the matrix
(a rotation of that basis is as good a derivative as any other), so their tangents are unknown.
A tangent holding unknown entries reads like an array where only known entries are taken
(``dU[:, :n]`` with ``n`` at most ``k``: a plain array); anything else done with it (arithmetic,
a NumPy function, a slice reaching an extra vector) is refused at run time, located at the
user's ``svd`` call. The unknown entries hold NaN, so that a conversion that slips past the
check (``np.asarray``) gives NaN, never a finite number."""
from __future__ import annotations

import numpy as np

from .runtime import helper, refuse_at_run_time  # noqa: F401  (the helper's refusal calls it)


@helper("refuse_at_run_time")
def unknown_beyond(d, k, axis, size):
    """``d``, the tangent of the reduced SVD's ``k`` vectors along ``axis``, padded to the full
    SVD's ``size`` with the extra vectors' tangents, which are unknown (the module's docstring)."""
    if size == k:
        return d
    padding = list(np.shape(d))
    padding[axis] = size - k
    full = np.concatenate([d, np.full(padding, np.nan)], axis=axis)
    extra = [slice(None)] * np.ndim(full)
    extra[axis] = slice(k, None)
    unknown = np.zeros(np.shape(full), dtype=bool)
    unknown[tuple(extra)] = True

    def refuse(*args, **kwargs):
        refuse_at_run_time(("numpy.linalg.svd", "scipy.linalg.svd"),
                           "the derivative of a function that reads the extra singular vectors of `svd(a, "
                           "full_matrices=True)` of a rectangular matrix is not supported (they are not unique)",
                           "read only the vectors that go with the singular values (`U[:, :k]`, `Vh[:k]`), or "
                           "pass `full_matrices=False`")

    class ExtraVectorsTangent(np.ndarray):
        """A tangent with unknown entries (``hidden``): each view made other than by indexing
        (``.T``, ``.reshape``) counts every entry as unknown."""

        def __array_finalize__(self, obj):
            self.hidden = np.ones(self.shape, dtype=bool)      # (np.shape(self) would refuse)

        def __getitem__(self, item):
            hidden = self.hidden[item]
            part = np.asarray(self)[item]
            if not np.any(hidden):
                return part
            part = np.asarray(part).view(ExtraVectorsTangent)
            part.hidden = hidden
            return part

        __array_ufunc__ = __array_function__ = refuse
        __iter__ = __float__ = __int__ = __bool__ = __index__ = tolist = item = refuse

    tangent = full.view(ExtraVectorsTangent)
    tangent.hidden = unknown
    return tangent
