"""``sp.issparse(X)`` answered while compiling where the call is compiled for a dense ``X``.

scikit-learn writes one function for dense and sparse input and branches on ``sp.issparse(X)``
(``_beta_divergence``: ``if sp.issparse(X): WH = _special_sparse_dot(W, H, X).data``, which
builds ``sp.coo_matrix((dot_vals, (ii, jj)))``). The test is a call that simply runs
(primitives/opaque.py), so both branches were lowered and the analysis refused the sparse one,
which never runs for an array. Code is compiled per argument shapes, and a value whose shape
the analysis knows is a number, an array or a list built of them, never a scipy.sparse matrix
(a sparse argument has no shape in the call key; what is computed from one has none either):
there the test is ``False``, and the specialisation keeps only the dense branch (opt/specialize.py
folds a branch on a known test). Where the shape is unknown the call runs, as before.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from ..ir import walk
from ..primitives.opaque import OpaqueCall


@dataclass(eq=False)
class SparseTest(OpaqueCall):
    """``sp.issparse(x)`` (or ``sp.isspmatrix*``): ``False`` where ``x``'s shape is known."""


def sparse_test(callee) -> bool:
    """Is ``callee`` scipy.sparse's test of a value being a sparse matrix (or array)?"""
    sparse = _sparse_module()
    return sparse is not None and any(callee is getattr(sparse, name, None) for name in _TESTS)


def as_sparse_test(prim: OpaqueCall) -> SparseTest:
    """The same call site, marked as answerable from its argument's shape."""
    return SparseTest(**{f.name: getattr(prim, f.name) for f in fields(prim)})


def known_answer(prim, args: tuple, shape_of) -> bool | None:
    """``False`` for a sparse test of a value whose shape ``shape_of`` knows; else None (also
    for any other primitive). ``args``: the statement's arguments, ``x`` last (after the callee
    where it is read at call time: marked only where ``x`` is the call's one argument)."""
    if not isinstance(prim, SparseTest) or not args:
        return None
    return False if shape_of(args[-1]) is not None else None


def has_sparse_tests(fn) -> bool:
    """Does ``fn`` (IR) call a sparse test anywhere?"""
    return any(isinstance(getattr(s, "prim", None), SparseTest) for s in walk(fn.body))


_TESTS = ("issparse", "isspmatrix", "isspmatrix_csr", "isspmatrix_csc", "isspmatrix_coo", "isspmatrix_bsr",
          "isspmatrix_dia", "isspmatrix_dok", "isspmatrix_lil")


def _sparse_module():
    import sys
    return sys.modules.get("scipy.sparse")   # (never imported here: a program testing it imported it)
