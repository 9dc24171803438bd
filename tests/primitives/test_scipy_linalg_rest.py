"""scipy.linalg's functions that are np.linalg's under another name (primitives/scipy_linalg_rest.py):
norm, eigvalsh, eigvals, eig, svdvals, pinv, pinvh, lstsq, orth, khatri_rao, solve_toeplitz,
solve_circulant, sinhm, coshm, tanhm, in the spellings users write, in reverse mode and forward mode
against central finite differences and through the Hessian; every output against SciPy's value;
and the refusals, located where written."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.linalg as sl  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

A = rng(3).normal(size=(4, 3))
GRID = np.arange(12.0).reshape(4, 3)


def square(a):
    return a[:3] + 4 * np.eye(3)


def symmetric(a):
    return square(a) + square(a).T


def norms(a):
    return sl.norm(a) + sl.norm(a[0], 1) + np.sum(sl.norm(a, axis=0)) + sl.norm(a, ord="fro", keepdims=True)[0, 0]


def symmetric_eigenvalues(a):
    # (a matrix built symmetric: the symmetric part of a perturbation is its derivative, docs/syntax.md)
    return (np.sum(sl.eigvalsh(symmetric(a) * (GRID[:3] + GRID[:3].T)) * np.arange(3)) + np.sum(sl.eigvalsh(symmetric(a), lower=False) ** 2)
            + np.sum(sl.eigvalsh(symmetric(a), subset_by_index=[1, 2]))
            + np.sum(sl.eigvalsh(symmetric(a), square(a) @ square(a).T)))


def general_eigenvalues(a):
    m = square(a) @ square(a).T
    return np.sum(np.abs(sl.eigvals(m)) * np.arange(3))


def eigenpairs(a):
    w, v = sl.eig(symmetric(a) + np.diag([0.0, 4.0, 8.0]))
    return np.sum(w.real * np.arange(3)) + np.sum(v.real ** 2 * GRID[:3]) + np.sum(sl.eig(symmetric(a), right=False).real)


def singular_values(a):
    return np.sum(sl.svdvals(a) ** 3)


def pseudo_inverses(a):
    p, rank = sl.pinv(a, return_rank=True)
    return (np.sum(sl.pinv(a) * GRID.T) + rank * np.sum(p ** 2) + np.sum(sl.pinv(a, atol=1e-8, rtol=1e-6) ** 3)
            + np.sum(sl.pinvh(symmetric(a)) * GRID[:3]) + np.sum(sl.pinvh(symmetric(a), lower=False) ** 2))


def least_squares(a):
    x, residues, rank, s = sl.lstsq(a, GRID[:, 0])
    wide, none, _, _ = sl.lstsq(a.T, GRID[:3, :2])
    return np.sum(x ** 2) + np.sum(residues) + np.sum(s) + rank + np.sum(wide ** 2) + np.sum(none)


def orthonormal_bases(a):
    return np.sum(np.abs(sl.orth(a)) * GRID[:, :3]) + np.sum(sl.orth(a.T, rcond=1e-3) ** 2 * GRID[:3, :3])


def column_kronecker(a):
    return np.sum(sl.khatri_rao(a, a[::-1]) ** 2 * np.arange(3))


def structured_solves(a):
    c, r, b = a[0] + np.array([5.0, 0.0, 0.0]), a[1], a[2]
    return (np.sum(sl.solve_toeplitz((c, r), b) ** 2) + np.sum(sl.solve_toeplitz(c, a[1:3].T))
            + np.sum(sl.solve_circulant(c, b) ** 2))


def hyperbolic_functions(a):
    m = 0.3 * square(a)
    return np.sum(sl.sinhm(m) * GRID[:3]) + np.sum(sl.coshm(m) * GRID[1:]) + np.sum(sl.tanhm(m / 3) ** 2)


FUNCTIONS = [norms, symmetric_eigenvalues, general_eigenvalues, eigenpairs, singular_values, pseudo_inverses,
             least_squares, orthonormal_bases, column_kronecker, structured_solves, hyperbolic_functions]


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_gradient_matches_finite_differences(fn):
    gradient_matches_finite_differences(fn, A)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_jvp_matches_finite_differences(fn):
    jvp_matches_finite_differences(fn, A)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_hessian_matches_differences_of_the_gradient(fn):
    hessian_matches_differences_of_the_gradient(fn, A)


def every_output(a):
    """Each function's whole output (every element, vectors' signs and dtypes included)."""
    return (sl.norm(a), sl.norm(a, 2), sl.eigvalsh(square(a)), sl.eigvalsh(symmetric(a), lower=False),
            sl.eigvals(square(a)), sl.eig(symmetric(a)), sl.eig(square(a), right=False), sl.svdvals(a), sl.pinv(a),
            sl.pinv(a, return_rank=True), sl.pinvh(symmetric(a)), sl.lstsq(a, GRID[:, 0]), sl.lstsq(a.T, GRID[:3]),
            sl.orth(a), sl.khatri_rao(a, a), sl.solve_toeplitz((a[0] + 5.0, a[1]), a[2]),
            sl.solve_circulant(a[0] + 5.0, a[1]), sl.sinhm(square(a) / 4), sl.coshm(square(a) / 4),
            sl.tanhm(square(a) / 4))


def test_every_output_is_scipys_value():
    got = transpiler.jvp(every_output, (A,), (np.zeros_like(A),))[0]
    for mine, scipys in zip(got, every_output(A)):
        for m, s in zip(*((mine, scipys) if isinstance(mine, tuple) else ((mine,), (scipys,)))):
            assert np.result_type(m).kind == np.result_type(s).kind        # (complex eigenvalues as SciPy's)
            np.testing.assert_allclose(m, s, rtol=1e-10, atol=1e-12)


def null_space_of(a):
    return np.sum(sl.null_space(a.T))


def fractional_power(a):
    return np.sum(sl.fractional_matrix_power(symmetric(a), 0.5))


def left_eigenvectors(a):
    return np.sum(sl.eig(square(a), left=True)[1].real)


def generalized_eigenvalues(a):
    return np.sum(sl.eigvals(square(a), np.eye(3)).real)


def circulant_least_squares(a):
    return np.sum(sl.solve_circulant(a[0], a[1], singular="lstsq"))


@pytest.mark.parametrize("fn, says", [(null_space_of, "rotation"), (fractional_power, "fractional_matrix_power"),
                                      (left_eigenvectors, "left eigenvectors"), (generalized_eigenvalues, "generalized"),
                                      (circulant_least_squares, "singular='raise'")],
                         ids=lambda v: getattr(v, "__name__", v))
def test_what_has_no_rule_is_refused_where_written(fn, says):
    with pytest.raises(TranspileError, match=says) as refusal:
        transpiler.grad(fn)(A)
    assert f"test_scipy_linalg_rest.py:{fn.__code__.co_firstlineno + 1}:" in str(refusal.value)
