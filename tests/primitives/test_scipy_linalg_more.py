"""The rest of scipy.linalg (primitives/scipy_linalg_more.py, scipy_linalg_matrices.py): solve
with every assume_a, eigh (lower, eigvals_only, subset_by_index, a second matrix b), svd, qr
(full, economic, r), lu / lu_factor / lu_solve, polar, solve_sylvester, expm_frechet and the
structured constructors, in the spellings users write (positional and keyword arguments, tuple
results unpacked, inside helpers and loops), in reverse mode and forward mode against central
finite differences and through the Hessian; every output against SciPy's value; and the
refusals (funm, the options with no rule), located where written. (hessenberg and schur:
test_scipy_linalg_reductions.py.)"""
import re

import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.linalg as sl  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)
from scipy.linalg import lu_factor, lu_solve, solve  # noqa: E402

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

A = rng(1).normal(size=(3, 3)) + 3 * np.eye(3)
B = rng(2).normal(size=(3, 2))
SPD = A @ A.T
GRID = np.arange(9.0).reshape(3, 3)


def solves(a):
    return (np.sum(solve(a, B) ** 2) + np.sum(sl.solve(a, B[:, 0], assume_a="sym", lower=True))
            + np.sum(sl.solve(a, B, transposed=True, assume_a="gen") ** 2))


def structured_solves(a):
    # (assume_a a constant where the call is written: the branch for "banded", refused, is not lowered)
    return (np.sum(sl.solve(a @ a.T, B, assume_a="pos") ** 2) + np.sum(sl.solve(a, B, assume_a="upper triangular"))
            + np.sum(sl.solve(a, B, False, False, False, True, "lower triangular") ** 2)
            + np.sum(sl.solve(a, B, assume_a="tridiagonal") ** 3) + np.sum(sl.solve(a, B, assume_a="diagonal") ** 2)
            + np.sum(sl.solve(a, B, assume_a="her", lower=True) * B))


def eigenvalues(a):
    w, v = sl.eigh(a + a.T)
    top = sl.eigh(a + a.T, subset_by_index=[1, 2])[0]
    return np.sum(w ** 2) + np.sum(sl.eigh(a + a.T, eigvals_only=True, lower=False) ** 3) + np.sum(top)


def eigenvectors(a):
    w, v = sl.eigh(a + a.T + np.diag([0.0, 3.0, 6.0]), lower=False)
    return np.sum(v ** 4 * GRID)


def generalized_eigenvalues(a):
    w, v = sl.eigh(a + a.T, SPD)
    return np.sum(w ** 2) + np.sum((v.T @ SPD @ v) * GRID) + np.sum(sl.eigh(SPD, a @ a.T, eigvals_only=True))


def singular_values(a):
    u, s, vh = sl.svd(a)
    return np.sum(sl.svd(a, compute_uv=False) ** 2) + np.sum(s ** 3) + np.sum((u @ vh) * GRID)


def qr_modes(a):
    q, r = sl.qr(a)
    q2, r2 = sl.qr(np.concatenate([a, a[:1]]), mode="economic")
    return np.sum(r ** 2 * np.arange(3.0)) + np.sum(q[:, 0]) + np.sum(r2 ** 3) + np.sum(sl.qr(a, mode="r")[0])


def lu_factors(a):
    p, l, u = sl.lu(a)
    pl, u2 = sl.lu(a, permute_l=True)
    p3, l3, u3 = sl.lu(a[:, :2])
    return np.sum(l ** 2 * GRID) + np.sum(u ** 3) + np.sum(pl * u2) + np.sum((p3 @ l3 @ u3) ** 2)


def lu_solves(a):
    factored = lu_factor(a)
    total = np.sum(factored[0] ** 2)
    for trans in (0, 1):
        total = total + np.sum(lu_solve(factored, B, trans=trans) ** 2)
    total = total + np.sum(lu_factor(a[:2])[0] * GRID[:2]) + np.sum(lu_factor(a[:, :2])[0] ** 3)   # M x N too
    return total + np.sum(lu_solve(factored, B[:, 1]))


def polar_decompositions(a):
    u, p = sl.polar(a)
    u2, p2 = sl.polar(a, side="left")
    return np.sum(u * GRID) + np.sum(p ** 2) + np.sum(p2 * u2)


def sylvester(a):
    return np.sum(sl.solve_sylvester(a, a.T + 1.0, B[:, :1] @ B[:, 1:].T) ** 2)


def frechet(a):
    e, derivative = sl.expm_frechet(a / 3, B @ B.T)
    return np.sum(derivative ** 2) + np.sum(e) + np.sum(sl.expm_frechet(a / 3, a, compute_expm=False))


def square_root(a):
    return np.sum(sl.sqrtm(a @ a.T) ** 2 * (GRID + 1.0)) / 10


def banded(a):
    ab = np.stack([np.concatenate([[0.0], a[0, :2]]), a[1] + 4.0, np.concatenate([a[2, :2], [0.0]])])
    return np.sum(sl.solve_banded((1, 1), ab, B) ** 2) + np.sum(sl.solve_banded((0, 1), ab[:2], B[:, 0]))


def constructors(a):
    c, r = a[0], a[1]
    return (np.sum(sl.toeplitz(c, r) @ a) + np.sum(sl.toeplitz(c) ** 2) + np.sum(sl.circulant(c) * a)
            + np.sum(sl.hankel(c, r) ** 2) + np.sum(sl.hankel(c) * a) + np.sum(sl.block_diag(a, c, a[:2, :1]) ** 2)
            + np.sum(sl.companion(np.concatenate([c, r])) ** 2) + np.sum(sl.convolution_matrix(c, 4) ** 2)
            + np.sum(sl.convolution_matrix(r, 2, "same") * 3) + np.sum(sl.convolution_matrix(c, 5, mode="valid"))
            + np.sum(sl.leslie(c, r[:2]) ** 2) + np.sum(sl.fiedler(c) ** 3)
            + np.sum(sl.fiedler_companion(np.concatenate([c, r])) * GRID[0, 1]) + np.sum(sl.fiedler_companion(a[0]) ** 2))


def constant_matrices(a):
    return (np.sum(sl.hilbert(3) * a) + np.sum(sl.invhilbert(3) * a) + np.sum(sl.pascal(3) * a)
            + np.sum(sl.invpascal(3, kind="lower") * a) + np.sum(sl.helmert(3, full=True) @ a)
            + np.sum(sl.hadamard(4)[:3, :3] * a) + np.sum(np.real(sl.dft(3)) * a))


# The VJP rules among them (test_array_rules.py checks every VJP rule has cases; SciPy's load here)
transpiler.primitives.registry.load_optional_rules()
CASES = {sl.sqrtm: [(square_root, (A,), (0,))]}

FUNCTIONS = [solves, structured_solves, eigenvalues, eigenvectors, generalized_eigenvalues, singular_values, qr_modes,
         lu_factors, lu_solves, polar_decompositions, sylvester, frechet, square_root, banded, constructors,
         constant_matrices]


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
    """Each function's whole output (every element, vectors' signs included)."""
    return (sl.solve(a, B, assume_a="sym"), sl.eigh(a + a.T), sl.eigh(a + a.T, lower=False), sl.eigh(a + a.T, SPD),
            sl.eigh(a + a.T, subset_by_index=[0, 1]), sl.svd(a), sl.qr(a),
            sl.qr(a, mode="economic"), sl.qr(a, mode="r"), sl.lu(a), sl.lu(a, p_indices=True), sl.lu(a[:2]), sl.lu(a[:, :2]), lu_factor(a),
            lu_factor(a[:2]), lu_factor(a[:, :2]),
            lu_solve(lu_factor(a), B), sl.polar(a), sl.solve_sylvester(a, a.T, B @ B.T),
            sl.expm_frechet(a / 3, SPD), sl.toeplitz(a[0], a[1]), sl.hankel(a[0]), sl.circulant(a[1]),
            sl.block_diag(a, a[0]), sl.companion(a[0]), sl.convolution_matrix(a[0], 4, "same"),
            sl.leslie(a[0], a[1, :2]), sl.fiedler(a[2]), sl.sqrtm(a @ a.T), sl.solve_banded((1, 0), a[:2], B),
            sl.fiedler_companion(np.concatenate([a[0], a[1]])), sl.fiedler_companion(a[2, :2]))


def test_every_output_is_scipys_value():
    got = transpiler.jvp(every_output, (A,), (np.zeros_like(A),))[0]
    for mine, scipys in zip(got, every_output(A)):
        for m, s in zip(*((mine, scipys) if isinstance(mine, tuple) else ((mine,), (scipys,)))):
            np.testing.assert_allclose(m, s, rtol=1e-10, atol=1e-12)


def funm_of(a):
    return np.sum(sl.funm(a, np.exp))


def schur_sorted(a):
    return np.sum(sl.schur(a, sort="lhp")[0])


def banded_solve(a):
    return np.sum(sl.solve(a, B, assume_a="banded"))


def eigh_by_value(a):
    return np.sum(sl.eigh(a + a.T, subset_by_value=(0.0, 10.0))[0])


def pivoted_qr(a):
    return np.sum(sl.qr(a, pivoting=True)[1])


@pytest.mark.parametrize("fn, says", [(funm_of, "arbitrary"), (schur_sorted, "sort="), (banded_solve, "banded"),
                                      (eigh_by_value, "subset_by_value"), (pivoted_qr, "pivoting")],
                         ids=lambda v: getattr(v, "__name__", v))
def test_what_has_no_rule_is_refused_where_written(fn, says):
    with pytest.raises(TranspileError, match=says) as refusal:
        transpiler.grad(fn)(A)
    assert f"test_scipy_linalg_more.py:{fn.__code__.co_firstlineno + 1}:" in str(refusal.value)


def square_root_with_a_negative_eigenvalue(a):
    return sl.sqrtm(np.diag([-1.0, 2.0]) * a[0, 0])


def test_sqrtm_with_a_complex_root_is_refused_when_the_derivative_runs():
    with pytest.raises(NotImplementedError, match="complex square root"):
        transpiler.jvp(square_root_with_a_negative_eigenvalue, (A,), (np.ones_like(A),))


ZERO_COLUMNS = np.array([0.0, 1.0, 0.0])


def lu_with_zero_pivots(s):
    p, low, up = sl.lu(1.5 * np.tanh(ZERO_COLUMNS * s[:-1]))
    return np.sum(np.sin(low)) + np.sum(up ** 2)


def lu_factor_with_zero_pivots(s):
    factors, _ = lu_factor(np.tanh(ZERO_COLUMNS * s))
    return np.sum(factors ** 2 * np.arange(1.0, 10.0).reshape(3, 3))


@pytest.mark.parametrize("f", [lu_with_zero_pivots, lu_factor_with_zero_pivots])
def test_a_zero_pivot_divides_nothing_as_lapacks(f):
    """A zero column's pivot is 0: LAPACK leaves its multipliers 0; the composition divided, 0 / 0,
    a NaN value and gradient where SciPy's function is smooth (fuzz seed 27525)."""
    s = rng(40).normal(size=(3, 3))
    value, gradient = transpiler.value_and_grad(f)(s)
    assert value == pytest.approx(f(s), rel=1e-12)
    assert transpiler.check_grad(f, s).ok
    t = rng(41).normal(size=(3, 3))
    assert transpiler.jvp(f, (s,), (t,))[1] == pytest.approx(np.sum(gradient * t), rel=1e-10)


SVD_WEIGHTS = rng(42).normal(size=(4, 4))


def gesvd_vectors(a):
    u, s, vh = sl.svd(a, lapack_driver="gesvd", full_matrices=False)
    return np.sum(u * SVD_WEIGHTS[:u.shape[0], :u.shape[1]]) + np.sum(vh * SVD_WEIGHTS[:vh.shape[0], :vh.shape[1]])


@pytest.mark.parametrize("shape", [(4, 3), (3, 3), (3, 4)])
def test_svd_with_the_gesvd_driver_gives_scipys_singular_vectors(shape):
    """gesvd's singular vectors differ from gesdd's (NumPy's) in sign: the composition gave
    NumPy's: wrong values and gradients (sum(u[0]) + sum(vh[:, 0]) of a 4 x 3 matrix: -1.70
    where SciPy's is 0.66)."""
    a = rng(43).normal(size=shape)
    value, gradient = transpiler.value_and_grad(gesvd_vectors)(a)
    assert value == pytest.approx(gesvd_vectors(a), rel=1e-12)
    assert transpiler.check_grad(gesvd_vectors, a).ok
    t = rng(44).normal(size=shape)
    assert transpiler.jvp(gesvd_vectors, (a,), (t,))[1] == pytest.approx(np.sum(gradient * t), rel=1e-9)


def fiedler_companion_sum(a):
    return np.sum(sl.fiedler_companion(a))


def companion_sum(a):
    return np.sum(sl.companion(a))


@pytest.mark.parametrize("fn, a", [(fiedler_companion_sum, [0.0, 1.0, 2.0]), (fiedler_companion_sum, [0.0, 1.0, 2.0, 3.0]),
                                   (companion_sum, [0.0, 1.0, 2.0]), (companion_sum, [0.0, 1.0]), (companion_sum, [1.0])],
                         ids=lambda v: getattr(v, "__name__", str(v)))
def test_a_zero_leading_coefficient_raises_scipys_value_error_in_both_modes(fn, a):
    # (the compositions divided by it: a matrix of infinities where SciPy raises)
    a = np.array(a)
    with pytest.raises(ValueError) as scipys:
        fn(a)
    with pytest.raises(ValueError, match=re.escape(str(scipys.value))):
        transpiler.grad(fn)(a)
    with pytest.raises(ValueError, match=re.escape(str(scipys.value))):
        transpiler.jvp(fn, (a,), (np.ones_like(a),))


def test_fiedler_companion_of_two_or_fewer_coefficients_is_scipys():
    # two: [[-a[1] / a[0]]] (SciPy does not check a[0] there); one: an empty vector
    a = np.array([2.0, 3.0])
    assert transpiler.grad(fiedler_companion_sum)(a) == pytest.approx([3.0 / 4.0, -0.5])
    got = transpiler.jvp(sl.fiedler_companion, (np.array([2.0]),), (np.ones(1),))[0]
    assert got.shape == sl.fiedler_companion(np.array([2.0])).shape == (0,)
