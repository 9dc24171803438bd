"""``scipy.sparse`` matrices built from differentiated values, and its solvers given them: no
rules (a sparse matrix is an object whose entries the compiler does not follow). Where no
differentiated value reaches them (a fixed stencil, a constant right-hand side) they simply run;
where one does, the refusal says what to write instead: the same matrix built densely with
``np.diag`` (or the band with ``scipy.linalg.solve_banded``), which have rules."""
import scipy.sparse
import scipy.sparse.linalg

from .registry import refused

_DENSE = ("build the matrix densely, `np.diag(main) + np.diag(lower, -1) + np.diag(upper, 1)`, and solve it "
          "with np.linalg.solve (or store the band and call scipy.linalg.solve_banded), which have rules")

refused(scipy.sparse.diags, scipy.sparse.diags_array, scipy.sparse.spdiags,
        reason="a sparse matrix is an object whose entries the compiler does not follow (no scipy.sparse rules)",
        hint=_DENSE, runs_when_inactive=True)
refused(scipy.sparse.linalg.spsolve,
        reason="scipy.sparse.linalg.spsolve has no rule (a sparse factorisation the compiler does not follow)",
        hint=_DENSE, runs_when_inactive=True)
