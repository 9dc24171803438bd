"""Every linear-algebra primitive in both modes and through second derivatives: gradients
(reverse), directional derivatives (forward, ``transpiler.jvp``) and Hessians (forward over
reverse), each against central finite differences at several well-conditioned points.

Decompositions are tested through functions that do not depend on the arbitrary signs of
eigen- and singular vectors (``v * v``, ``u @ vh``, ``q * r.T``-style products, the values),
at matrices whose eigen- and singular values are well separated.
"""
import ast

import numpy as np
import pytest
from array_check import check_gradient, numeric_gradient, rng

import transpiler
from transpiler.primitives import REGISTRY
from transpiler.primitives import triangular, tridiagonal


def spd(n, seed):
    m = rng(seed).normal(size=(n, n))
    return m @ m.T + n * np.eye(n)


def nonsymmetric(n, seed):
    return rng(seed).normal(size=(n, n)) + n * np.eye(n)


def separated(shape, seed, values):
    """A matrix with the given (well separated) singular values."""
    m, n = shape
    u = np.linalg.qr(rng(seed).normal(size=(m, m)))[0][:, :len(values)]
    v = np.linalg.qr(rng(seed + 1).normal(size=(n, n)))[0][:, :len(values)]
    return (u * values) @ v.T


def real_spectrum(n, seed):
    """A non-symmetric matrix with distinct real eigenvalues 1, 2, ..., n (times 1.5)."""
    p = rng(seed).normal(size=(n, n)) + n * np.eye(n)
    return p @ np.diag(1.5 * np.arange(1.0, n + 1)) @ np.linalg.inv(p)


SPD3, SPD4 = spd(3, 1), spd(4, 2)
NS3, NS4 = nonsymmetric(3, 3), nonsymmetric(4, 4)
TALL = separated((5, 3), 5, [4.0, 2.5, 1.0])
WIDE = separated((3, 5), 7, [3.5, 2.0, 0.8])
SQUARE = separated((4, 4), 9, [5.0, 3.0, 2.0, 1.0])
EIG3 = real_spectrum(3, 11)
V3, V4, V5 = rng(12).normal(size=3), rng(13).normal(size=4), rng(14).normal(size=5)
M34 = rng(15).normal(size=(3, 4))
M43 = rng(16).normal(size=(4, 3))
M53 = rng(17).normal(size=(5, 3))
B5 = rng(18).normal(size=5)
B52 = rng(19).normal(size=(5, 2))
W33, W44, W35, W53 = (rng(20 + i).normal(size=s) for i, s in enumerate([(3, 3), (4, 4), (3, 5), (5, 3)]))


# --------------------------------------------------------------------------- functions, by primitive
def norm_two(x):
    return np.linalg.norm(x) ** 3


def norm_one(x):
    return np.linalg.norm(x, ord=1) * np.sum(x)


def norm_three(x):
    return np.linalg.norm(x, 3)


def norm_half_power(x):
    return np.linalg.norm(x, ord=2.5) ** 2


def norm_inf(x):
    return np.linalg.norm(x, np.inf) * np.sum(x * x)


def norm_rows(x):
    return np.sum(np.linalg.norm(x, axis=1) ** 2 * W33[0])


def norm_keepdims(x):
    return np.sum(x / np.linalg.norm(x, axis=0, keepdims=True) * W35)


def norm_fro(x):
    return np.linalg.norm(x, "fro") ** 2 + np.linalg.norm(x)


def norm_nuclear(x):
    return np.linalg.norm(x, "nuc") ** 2


def norm_spectral(x):
    return np.linalg.norm(x, 2) ** 2


def norm_smallest(x):
    return np.linalg.norm(x, -2) * np.sum(x)


def norm_matrix_one(x):
    return np.linalg.norm(x, 1) * np.sum(x * x)


def slogdet_logdet(a):
    sign, logdet = np.linalg.slogdet(a)
    return sign * logdet ** 2


def cholesky_weighted(a):
    return np.sum(np.linalg.cholesky((a + a.T) / 2) ** 2 * W33)


def cholesky_upper(a):
    return np.sum(np.linalg.cholesky((a + a.T) / 2, upper=True) * W44) ** 2


def solve_vector(a):
    return np.sum(np.linalg.solve(a, V3) ** 2)


def solve_matrix(a, b):
    return np.sum(np.linalg.solve(a, b) ** 2 * W33)


def solve_quadratic(a):
    s = (a + a.T) / 2
    return V3 @ np.linalg.solve(s, V3)


def einsum_product(a):
    return np.sum(np.einsum("ij,jk->ik", a, a) ** 2)


def einsum_three(a, v):
    return np.einsum("i,ij,j->", v, a, v) ** 2


def einsum_repeated_labels(a):
    return np.einsum("ii->", a @ a) ** 2 + np.sum(np.einsum("ii->i", a) ** 3)


def diag_of_matrix(a):
    return np.sum(np.diag(a) ** 3)


def diag_of_vector(v):
    return np.sum(np.diag(v, k=1) @ W44 * np.diag(v, k=1))


def inner_square(a):
    return np.sum(np.inner(a, a) ** 2)


def trace_square(a):
    return np.trace(a @ a) ** 2


def det_inverse(a):
    return np.linalg.det(np.linalg.inv(a)) + np.sum(np.linalg.inv(a) ** 2)


def eigh_values(a):
    w, v = np.linalg.eigh((a + a.T) / 2)
    return np.sum(w ** 3)


def eigh_vectors(a):
    w, v = np.linalg.eigh((a + a.T) / 2)
    return np.sum(v * v * W33) + np.sum((v[:, 0] * v[:, 1]) ** 2)


def eigh_upper(a):
    w, v = np.linalg.eigh((a + a.T) / 2, UPLO="U")
    return np.sum(w * w) + np.sum((v ** 2) @ w)


def eigvalsh_weighted(a):
    return np.sum(np.linalg.eigvalsh((a + a.T) / 2) ** 2 * np.arange(1.0, 4.0))


def eig_values(a):
    w, v = np.linalg.eig(a)
    return np.sum(w ** 2 * np.arange(1.0, 4.0))


def eig_vectors(a):
    w, v = np.linalg.eig(a)
    return np.sum(v * v * W33)


def svd_values(a):
    s = np.linalg.svd(a, compute_uv=False)
    return np.sum(s ** 3)


def svd_product(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return np.sum((u * s) @ vh * (u @ vh)) + np.sum(s * s)


def svd_square_default(a):
    u, s, vh = np.linalg.svd(a)
    return np.sum((u @ vh) * W44) + np.sum(np.log(s))


def svd_vectors(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return np.sum(u * u * W53) + np.sum(vh * vh * W33)


def qr_product(a):
    q, r = np.linalg.qr(a)
    return np.sum(q * q * W53) + np.sum(np.diag(r) ** 2) + np.sum(r * r * W33)


def qr_square(a):
    q, r = np.linalg.qr(a)
    return np.sum((q * np.diag(r)) ** 2 * W33) + np.sum(r @ r)


def pinv_tall(a):
    return np.sum(np.linalg.pinv(a) ** 2 * W35)


def pinv_wide(a):
    return np.sum(np.linalg.pinv(a) @ a @ W53)


def pinv_hermitian(a):
    return np.sum(np.linalg.pinv((a + a.T) / 2, hermitian=True) ** 2 * W33)


def lstsq_solution(a, b):
    x = np.linalg.lstsq(a, b, rcond=None)[0]
    return np.sum(x ** 2 * np.arange(1.0, 4.0))


def lstsq_everything(a, b):
    x, residuals, rank, s = np.linalg.lstsq(a, b, rcond=None)
    return np.sum(x * x) + np.sum(residuals) + np.sum(s ** 2) * 0.1


def matrix_power_cube(a):
    return np.sum(np.linalg.matrix_power(a, 3) * W33)


def matrix_power_inverse(a):
    return np.sum(np.linalg.matrix_power(a, n=-2) ** 2)


def multi_dot_three(a, b):
    return np.sum(np.linalg.multi_dot([a, b, a.T]) ** 2)


def multi_dot_vectors(a, v):
    return np.linalg.multi_dot([v, a, a, v]) ** 2


def multi_dot_of_one_array(rows, stack):
    """One array as the sequence: NumPy iterates it (two rows: a dot product; a stack of matrices)."""
    return np.sin(np.linalg.multi_dot(1.5 * np.tanh(rows[:2]))) + np.sum(np.linalg.multi_dot(stack * 2.0) ** 2)


def matmul_square(a):
    return np.sum((a @ a) ** 2) + np.sum(np.matmul(a, a.T) * W33)


def dot_vector(a):
    return np.dot(np.dot(a, V3), V3) ** 2


def vdot_outer(v):
    return np.vdot(v, v) ** 2 + np.sum(np.outer(v, v) ** 2 * W33)


CASES = {
    ast.MatMult: [(matmul_square, (NS3,), (0,))],
    np.matmul: [(matmul_square, (SPD3 / 4,), (0,))],
    np.dot: [(dot_vector, (NS3,), (0,))],
    np.vdot: [(vdot_outer, (V3,), (0,))],
    np.outer: [(vdot_outer, (V4[:3],), (0,))],
    np.linalg.norm: [(norm_two, (V4,), (0,)), (norm_two, (M34,), (0,)), (norm_one, (V4,), (0,)),
                     (norm_three, (V5,), (0,)), (norm_half_power, (V4,), (0,)), (norm_inf, (V4,), (0,)),
                     (norm_rows, (NS3,), (0,)), (norm_keepdims, (M53.T,), (0,)), (norm_fro, (M34,), (0,)),
                     (norm_nuclear, (TALL,), (0,)), (norm_nuclear, (WIDE,), (0,)), (norm_spectral, (SQUARE,), (0,)),
                     (norm_smallest, (TALL,), (0,)), (norm_matrix_one, (NS3,), (0,))],
    np.linalg.slogdet: [(slogdet_logdet, (SPD3,), (0,)), (slogdet_logdet, (NS4,), (0,)),
                        (slogdet_logdet, (-NS3,), (0,))],
    np.linalg.cholesky: [(cholesky_weighted, (SPD3,), (0,)), (cholesky_upper, (SPD4,), (0,)),
                         (cholesky_weighted, (SPD3 + 0.1 * NS3,), (0,))],
    np.linalg.solve: [(solve_vector, (NS3,), (0,)), (solve_matrix, (NS3, W33), (0, 1)),
                      (solve_quadratic, (SPD3,), (0,))],
    np.einsum: [(einsum_product, (NS3,), (0,)), (einsum_three, (NS3, V3), (0, 1)),
                (einsum_repeated_labels, (NS3 / 3,), (0,))],
    np.diag: [(diag_of_matrix, (M34,), (0,)), (diag_of_vector, (V3,), (0,))],
    np.inner: [(inner_square, (M34,), (0,))],
    np.trace: [(trace_square, (NS3,), (0,))],
    np.linalg.det: [(det_inverse, (NS3,), (0,))],
    np.linalg.inv: [(det_inverse, (SPD3,), (0,))],
    np.linalg.eigh: [(eigh_values, (SPD3,), (0,)), (eigh_vectors, (SPD3,), (0,)), (eigh_vectors, (NS3,), (0,)),
                     (eigh_upper, (SPD3,), (0,))],
    np.linalg.eigvalsh: [(eigvalsh_weighted, (SPD3,), (0,)), (eigvalsh_weighted, (NS3,), (0,))],
    np.linalg.eig: [(eig_values, (EIG3,), (0,)), (eig_vectors, (EIG3,), (0,))],
    np.linalg.svd: [(svd_values, (TALL,), (0,)), (svd_values, (WIDE,), (0,)), (svd_product, (TALL,), (0,)),
                    (svd_product, (WIDE,), (0,)), (svd_square_default, (SQUARE,), (0,)),
                    (svd_vectors, (TALL,), (0,))],
    np.linalg.qr: [(qr_product, (TALL,), (0,)), (qr_square, (NS3,), (0,))],
    np.linalg.pinv: [(pinv_tall, (TALL,), (0,)), (pinv_wide, (WIDE,), (0,)), (pinv_hermitian, (SPD3,), (0,))],
    np.linalg.lstsq: [(lstsq_solution, (M53 + TALL, B5), (0, 1)), (lstsq_everything, (M53 + TALL, B52), (0, 1)),
                      (lstsq_solution, (NS3, V3), (0, 1))],
    np.linalg.matrix_power: [(matrix_power_cube, (NS3 / 3,), (0,)), (matrix_power_inverse, (NS3,), (0,))],
    np.linalg.multi_dot: [(multi_dot_three, (M34 / 2, NS4 / 4), (0, 1)), (multi_dot_vectors, (NS3 / 3, V3), (0, 1)),
                          (multi_dot_of_one_array, (M34, np.stack([NS3, NS3.T]) / 3), (0, 1))],
}

# Second derivatives refused, each for a reason (the error names the helper): none.
NO_HESSIAN: set = set()


def _params():
    for key, cases in CASES.items():
        for fn, args, wrt in cases:
            yield pytest.param(fn, args, wrt, id=f"{REGISTRY[key].name}-{fn.__name__}")


@pytest.mark.parametrize("fn, args, wrt", list(_params()))
def test_gradient_matches_finite_differences(fn, args, wrt):
    check_gradient(fn, args, wrt, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("fn, args, wrt", list(_params()))
def test_forward_mode_matches_finite_differences(fn, args, wrt):
    tangents = tuple(rng(90 + i).normal(size=np.shape(a)) if i in wrt else np.zeros(np.shape(a))
                     for i, a in enumerate(args))
    _, got = transpiler.jvp(fn, args, tangents)
    expected = sum(np.sum(numeric_gradient(fn, list(args), i) * tangents[i]) for i in wrt)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)


def _hessian_params():
    for key, cases in CASES.items():
        if key not in NO_HESSIAN:
            for fn, args, wrt in cases:
                yield pytest.param(fn, args, id=f"{REGISTRY[key].name}-{fn.__name__}")


@pytest.mark.parametrize("fn, args", list(_hessian_params()))
def test_hessian_matches_finite_differences_of_the_gradient(fn, args):
    got = transpiler.hessian(fn)(*args)
    gradient = transpiler.grad(fn)
    x = np.array(args[0], dtype=float)
    expected = np.zeros(x.shape * 2)
    for index in np.ndindex(x.shape):
        step = 1e-5 * max(1.0, abs(x[index]))
        up, down = x.copy(), x.copy()
        up[index] += step
        down[index] -= step
        expected[(Ellipsis,) + index] = (gradient(up, *args[1:]) - gradient(down, *args[1:])) / (2 * step)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


# products checked in both modes and second order by tests/primitives/test_numpy_coverage.py
CHECKED_ELSEWHERE = {np.cross, np.kron, np.tensordot, np.diagonal}   # (np.diagonal: test_numpy_gaps.py)
# SciPy's triangular solve and the conjugate its compositions take: tests/primitives/test_scipy_triangular.py
CHECKED_ELSEWHERE |= {triangular.triangular_solve, triangular.conjugated}
# the splines' tridiagonal solve: tests/primitives/test_tridiagonal_solve.py
CHECKED_ELSEWHERE |= {tridiagonal.tridiagonal_solve}


def test_every_linear_algebra_primitive_is_checked_in_both_modes_and_second_order():
    family = {key for key, p in REGISTRY.items() if p.family == "linear algebra" and p.differentiable}
    assert family - set(CASES) - CHECKED_ELSEWHERE == set()
    assert NO_HESSIAN <= set(CASES)


# --------------------------------------------------------------------------- spellings and contexts
STACK = np.stack([SPD3, spd(3, 30)])
NS_STACK = np.stack([NS4, nonsymmetric(4, 31)])


def solve_stack_of_vectors(a):
    return np.sum(np.linalg.solve(a, V4) ** 2)


def eigh_in_a_loop(a):
    total = 0.0
    s = (a + a.T) / 2
    for k in range(3):
        w, v = np.linalg.eigh(s + k * np.eye(3))
        total = total + np.sum(w * w) * (k + 1)
    return total


def svd_keywords_in_a_branch(a):
    if a[0, 0] > 0:
        s = np.linalg.svd(a, full_matrices=False, compute_uv=False)
    else:
        s = np.linalg.svd(-a, compute_uv=False, full_matrices=False)
    return np.sum(s ** 2) + s[0]


def _pseudo_inverse_helper(m):
    return np.linalg.pinv(m) @ m


def pinv_through_a_helper(a):
    return np.sum(_pseudo_inverse_helper(a) * W33) + np.sum(np.linalg.pinv(a) ** 2)


def stacked_factorizations(a):
    a = (a + np.swapaxes(a, -1, -2)) / 2
    w, v = np.linalg.eigh(a)
    return np.sum(np.linalg.cholesky(a) * 0.5) + np.sum(w ** 2) + np.sum(np.linalg.slogdet(a)[1])


def norm_by_positional_arguments(x):
    return np.linalg.norm(x, 2, 0)[1] + np.linalg.norm(x, None, 1, True)[0, 0]


CONTEXTS = [(solve_stack_of_vectors, (NS_STACK,)), (eigh_in_a_loop, (SPD3,)), (svd_keywords_in_a_branch, (TALL,)),
            (svd_keywords_in_a_branch, (-TALL,)), (pinv_through_a_helper, (TALL,)), (stacked_factorizations, (STACK,)),
            (norm_by_positional_arguments, (M34,))]


@pytest.mark.parametrize("fn, args", CONTEXTS, ids=[f.__name__ for f, _ in CONTEXTS])
def test_contexts_in_both_modes(fn, args):
    check_gradient(fn, args, (0,), rtol=1e-5, atol=1e-7)
    t = rng(95).normal(size=np.shape(args[0]))
    _, got = transpiler.jvp(fn, args, (t,))
    np.testing.assert_allclose(got, np.sum(numeric_gradient(fn, list(args), 0) * t), rtol=1e-5, atol=1e-7)


def test_hvp_through_a_loop_of_eigendecompositions():
    v = rng(96).normal(size=(3, 3))
    got = transpiler.hvp(eigh_in_a_loop, SPD3, v)
    expected = np.tensordot(transpiler.hessian(eigh_in_a_loop)(SPD3), v, axes=2)
    np.testing.assert_allclose(got, expected, rtol=1e-8, atol=1e-10)


def eigh_pair(a):
    return np.linalg.eigh(a)


def test_the_tangent_of_a_decomposition_is_a_pair():
    t = rng(97).normal(size=(3, 3))
    t = t + t.T
    (w, v), (t_w, t_v) = transpiler.jvp(eigh_pair, (SPD3,), (t,))
    h = 1e-6
    (w_up, v_up), (w_down, v_down) = np.linalg.eigh(SPD3 + h * t), np.linalg.eigh(SPD3 - h * t)
    np.testing.assert_allclose(t_w, (w_up - w_down) / (2 * h), rtol=1e-6, atol=1e-8)
    signs = np.sign(np.sum(v_up * v, axis=0)) * np.sign(np.sum(v_down * v, axis=0))
    assert np.all(signs > 0)                    # no eigenvector flipped between the two points
    np.testing.assert_allclose(t_v, (v_up - v_down) / (2 * h), rtol=1e-5, atol=1e-7)


def pinv_float32(a):
    return np.sum(np.linalg.pinv(a) ** 2)


def test_float32_matrices_get_float32_gradients():
    a = TALL.astype(np.float32)
    g = transpiler.grad(pinv_float32)(a)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(pinv_float32)(TALL), rtol=1e-3, atol=1e-4)


# --------------------------------------------------------------------------- refused
def eig_of_a_rotation(a):
    w, v = np.linalg.eig(a)
    return np.sum(w)


def full_svd_of_a_rectangle(a):
    u, s, vh = np.linalg.svd(a)
    return np.sum(u)


def qr_of_a_wide_matrix(a):
    q, r = np.linalg.qr(a)
    return np.sum(r)


@pytest.mark.parametrize("fn, a, says", [
    (eig_of_a_rotation, np.array([[0.0, -1.0], [1.0, 0.0]]) + 0.1 * np.eye(2), "complex eigenvalues"),
    (full_svd_of_a_rectangle, TALL, "full_matrices=False"),
    (qr_of_a_wide_matrix, WIDE, "at least as many rows"),
], ids=["eig-complex", "svd-full-rectangular", "qr-wide"])
def test_decompositions_outside_the_rules_are_refused_in_both_modes(fn, a, says):
    with pytest.raises(NotImplementedError, match=says):
        transpiler.grad(fn)(a)
    with pytest.raises(NotImplementedError, match=says):
        transpiler.jvp(fn, (a,), (np.ones_like(a),))


def rank_weighted(a):
    return np.sum(a) * np.linalg.matrix_rank(a)


def test_matrix_rank_is_a_constant():
    np.testing.assert_allclose(transpiler.grad(rank_weighted)(TALL), 3.0 * np.ones((5, 3)))
    assert REGISTRY[np.linalg.matrix_rank].differentiable is False


def condition_number(a):
    return np.linalg.cond(a)


def test_condition_number_is_differentiated():
    # (a composition over the singular values: tests/primitives/test_polynomials.py checks its orders)
    assert transpiler.check_grad(condition_number, NS3).ok


def r_of_qr(a):
    return np.sum(np.linalg.qr(a, mode="r") ** 2)


def test_qr_returning_r_alone_is_refused():
    with pytest.raises(NotImplementedError, match="reduced"):
        transpiler.grad(r_of_qr)(TALL)


def test_hessian_through_multi_dot_with_respect_to_an_inner_array():
    # its adjoint is a list: the helper's forward rule builds that list's tangent in one call
    got = transpiler.hessian(multi_dot_three, wrt=1)(M34 / 2, NS4 / 4)
    gradient = transpiler.grad(multi_dot_three, wrt=1)
    x, expected = NS4 / 4, np.zeros((4, 4, 4, 4))
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += 1e-5
        down[index] -= 1e-5
        expected[(Ellipsis,) + index] = (gradient(M34 / 2, up) - gradient(M34 / 2, down)) / 2e-5
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)
