"""Linear algebra: gradients against finite differences for matrices, vectors and stacks.

Matrix inputs are well conditioned: SPD ones are ``M @ M.T + n * I`` and non-symmetric ones
``M + n * I``, so finite differences of solves, inverses and determinants are accurate.
"""
import ast

import numpy as np
import pytest
from array_check import check_gradient, numeric_gradient, rng

import transpiler
from transpiler.primitives import REGISTRY
from transpiler.primitives import decompositions, einsum as einsum_rules


def spd(n, seed, batch=()):
    m = rng(seed).normal(size=batch + (n, n))
    return m @ np.swapaxes(m, -1, -2) + n * np.eye(n)


def nonsymmetric(n, seed, batch=()):
    return rng(seed).normal(size=batch + (n, n)) + n * np.eye(n)


A = rng(7).normal(size=(3, 4))
B = rng(8).normal(size=(4, 2))
C = rng(14).normal(size=(5, 4))
V4 = rng(9).normal(size=(4,))
V3 = rng(10).normal(size=(3,))
STACK = rng(11).normal(size=(5, 3, 4))
STACK2 = rng(15).normal(size=(5, 4, 2))
T234 = rng(16).normal(size=(2, 3, 4))
ROW = rng(17).normal(size=(1, 4))
SQ3 = rng(18).normal(size=(3, 3))
CUBE = rng(19).normal(size=(3, 3, 2))
T432 = rng(37).normal(size=(4, 3, 2))
W32 = rng(12).normal(size=(3, 2))
T542 = rng(71).normal(size=(5, 4, 2))
W2352 = rng(72).normal(size=(2, 3, 5, 2))
W23 = rng(73).normal(size=(2, 3))
W54 = rng(74).normal(size=(5, 4))
W532 = rng(13).normal(size=(5, 3, 2))
W34 = rng(20).normal(size=(3, 4))
W43 = rng(21).normal(size=(4, 3))
W35 = rng(22).normal(size=(3, 5))
W235 = rng(23).normal(size=(2, 3, 5))
W33 = rng(24).normal(size=(3, 3))
W44 = rng(25).normal(size=(4, 4))
W233 = rng(26).normal(size=(2, 3, 3))
W243 = rng(27).normal(size=(2, 4, 3))
W24 = rng(28).normal(size=(2, 4))
W2 = rng(29).normal(size=(2,))
W3 = rng(30).normal(size=(3,))
W4 = rng(31).normal(size=(4,))
W5 = rng(32).normal(size=(5,))
W12 = rng(33).normal(size=(12,))
W55 = rng(34).normal(size=(5, 5))
W66 = rng(35).normal(size=(6, 6))
W212 = rng(36).normal(size=(2, 12))

SPD3, SPD4 = spd(3, 40), spd(4, 41)
NS3, NS4 = nonsymmetric(3, 42), nonsymmetric(4, 43)
SPD_STACK = spd(3, 44, batch=(2,))
NS_STACK = nonsymmetric(4, 45, batch=(2,))
RHS_VEC = rng(46).normal(size=(4,))
RHS_MAT = rng(47).normal(size=(4, 3))
RHS_STACK = rng(48).normal(size=(2, 4, 3))


# --------------------------------------------------------------------------- matmul and dot
def matmul_operator(a, b):
    return np.sum((a @ b) * W32)


def matmul_function(a, b):
    return np.sum(np.matmul(a, b) * W32)


def matmul_matrix_vector(a, v):
    return np.sum((a @ v) * V3)


def matmul_vector_vector(u, v):
    return u @ v


def matmul_batched_broadcast(s, b):
    return np.sum((s @ b) * W532)


def dot_matrices(a, b):
    return np.sum(np.dot(a, b) * W32)


def dot_vectors(u, v):
    return np.dot(u, v)


def dot_stack_matrix(t, b):
    """np.dot beyond 2-D: a's last axis with b's second-to-last (a (2, 3, 4) by a (5, 4, 2))."""
    return np.sum(np.dot(t, b) * W2352)


def dot_stack_vector(t, v):
    return np.sum(np.dot(t, v) * W23)


def dot_vector_stack(v, s):
    return np.sum(np.dot(v, s) * W54)


def dot_method_scalar(a, s):
    return np.sum(a.dot(B) * W32) * s


# --------------------------------------------------------------------------- inner and outer
def vdot_vectors(u, v):
    return np.vdot(u, v) ** 2


def vdot_flattens_both(a, b):
    return np.sin(np.vdot(a, b))


def sine_over_a_number(x, s):
    return np.sum(np.sin(x) / s)          # its gradient calls np.vdot: Hessians go through it


def inner_vectors(u, v):
    return np.inner(u, v)


def inner_matrix_vector(a, v):
    return np.sum(np.inner(a, v) * W3)


def inner_matrices(a, c):
    return np.sum(np.inner(a, c) * W35)


def inner_stack_matrix(t, c):
    return np.sum(np.inner(t, c) * W235)


def inner_scalar(s, a):
    return np.sum(np.inner(s, a) * W34)


def outer_vectors(u, v):
    return np.sum(np.outer(u, v) * W34)


def outer_flattens_matrices(a, v):
    return np.sum(np.outer(a, v) * W12[:, None] * W4)


def outer_scalar(s, v):
    return np.sum(np.outer(s, v) * W4)


# --------------------------------------------------------------------------- einsum
def einsum_matmul(a, b):
    return np.sum(np.einsum('ij,jk->ik', a, b) * W32)


def einsum_batched(s, t):
    return np.sum(np.einsum('bij,bjk->bik', s, t) * W532)


def einsum_trace(x):
    return np.einsum('ii->', x)


def einsum_frobenius(a, b):
    return np.einsum('ij,ij->', a, b)


def einsum_outer(u, v):
    return np.sum(np.einsum('i,j->ij', u, v) * W34)


def einsum_transpose(a):
    return np.sum(np.einsum('ij->ji', a) * W43)


def einsum_row_sums(a):
    return np.sum(np.einsum('ij->i', a) * W3)


def einsum_diagonal(x):
    return np.sum(np.einsum('ii->i', x) * W3)


def einsum_repeated_in_stack(x):
    return np.sum(np.einsum('iij->j', x) * W2)


def einsum_transposed_contraction(a, c):
    return np.sum(np.einsum('ij,kj->ik', a, c) * W35)


def einsum_diagonal_times_vector(x, v):
    return np.sum(np.einsum('ii,i->i', x, v) * W3)


def einsum_implicit_output(a, b):
    return np.sum(np.einsum('ij,jk', a, b) * W32)


def einsum_implicit_transpose(a):
    return np.sum(np.einsum('ji', a) * W34)


def einsum_ellipsis_broadcast(s, b):
    return np.sum(np.einsum('...ij,...jk->...ik', s, b) * W532)


def einsum_size_one_broadcast(r, a):
    return np.sum(np.einsum('ij,ij->ij', r, a) * W34)


def einsum_three_operands(u, a, v):
    return np.einsum('i,ij,j->', u, a, v)


def einsum_optimize(u, a, v):
    return np.einsum('i,ij,j->', u, a, v, optimize=True)


def einsum_scalar_operand(s, a):
    return np.sum(np.einsum(',ij->ij', s, a) * W34)


def einsum_full_sum(a):
    return np.einsum('ij->', a * a)


# --------------------------------------------------------------------------- trace and diag
def trace_matrix(x):
    return np.trace(x * x)


def trace_offset(x):
    return np.trace(x, offset=1) * np.trace(x, offset=-1)


def trace_axes(t):
    return np.sum(np.trace(t, axis1=0, axis2=2) * W3)


def trace_reversed_axes(t):
    return np.sum(np.trace(t, offset=1, axis1=2, axis2=-3) * W3)


def trace_method(x):
    return x.trace() ** 2


def diag_vector_to_matrix(v):
    return np.sum(np.diag(v) * W44)


def diag_vector_offset(v):
    return np.sum(np.diag(v, k=1) * W55) + np.sum(np.diag(v, -2) * W66)


def diag_matrix_to_vector(x):
    return np.sum(np.diag(x) * W3)


def diag_rectangular_offsets(a):
    return np.sum(np.diag(a, k=1) * W3) + np.sum(np.diag(a, k=-1) * W2)


def diag_round_trip(v):
    return np.sum(np.diag(np.diag(v) @ W44) * W4)


# --------------------------------------------------------------------------- solve and inverse
def solve_vector(a, b):
    return np.sum(np.linalg.solve(a, b) * W4)


def solve_matrix(a, b):
    return np.sum(np.linalg.solve(a, b) * W43)


def solve_stack(a, b):
    return np.sum(np.linalg.solve(a, b) * W243)


def solve_broadcast_matrix(a, b):
    return np.sum(np.linalg.solve(a, b) * W243)


def solve_stack_vector(a, b):
    return np.sum(np.linalg.solve(a, b) * W24)


def solve_quadratic_form(a, b):
    return b @ np.linalg.solve(a, b)


def inv_matrix(a):
    return np.sum(np.linalg.inv(a) * W33)


def inv_spd(a):
    return np.sum(np.linalg.inv(a) * W44)


def inv_stack(a):
    return np.sum(np.linalg.inv(a) * W233)


def inv_twice(a):
    return np.sum(np.linalg.inv(np.linalg.inv(a) + a) * W33)


def det_matrix(a):
    return np.linalg.det(a)


def det_squared(a):
    return np.linalg.det(a) ** 2


def det_stack(a):
    return np.sum(np.linalg.det(a) * W2)


def det_one_by_one(a):
    return np.linalg.det(a * 3)


def slogdet_unpacked(a):
    sign, logdet = np.linalg.slogdet(a)
    return logdet


def slogdet_indexed(a):
    return np.linalg.slogdet(a)[1] * 2


# --------------------------------------------------------------------------- cholesky
def cholesky_weighted(a):
    return np.sum(np.linalg.cholesky((a + a.T) / 2) * W33)


def cholesky_logdet(a):
    return 2 * np.sum(np.log(np.diag(np.linalg.cholesky((a + a.T) / 2))))


def cholesky_spd4(a):
    return np.sum(np.linalg.cholesky((a + a.T) / 2) * W44)


def cholesky_stack(a):
    return np.sum(np.linalg.cholesky((a + np.transpose(a, (0, 2, 1))) / 2) * W233)


def cholesky_upper(a):
    return np.sum(np.linalg.cholesky((a + a.T) / 2, upper=True) * W33)


CASES = {
    ast.MatMult: [(matmul_operator, (A, B), (0, 1)), (matmul_matrix_vector, (A, V4), (0, 1)),
                  (matmul_vector_vector, (V4, V4 * 2), (0, 1)),
                  (matmul_batched_broadcast, (STACK, B), (0, 1)),
                  (matmul_operator, (A.T.copy().T, np.asfortranarray(B)), (0, 1))],
    np.matmul: [(matmul_function, (A, B), (0, 1))],
    np.dot: [(dot_matrices, (A, B), (0, 1)), (dot_vectors, (V4, V4 + 1), (0, 1)),
             (dot_method_scalar, (A, 1.5), (0, 1)), (dot_stack_matrix, (T234, T542), (0, 1)),
             (dot_stack_vector, (T234, V4), (0, 1)), (dot_vector_stack, (V3, STACK), (0, 1))],
    np.vdot: [(vdot_vectors, (V4, V4 + 1), (0, 1)), (vdot_flattens_both, (A, A.T.copy()), (0, 1))],
    np.inner: [(inner_vectors, (V4, V4 + 1), (0, 1)), (inner_matrix_vector, (A, V4), (0, 1)),
               (inner_matrices, (A, C), (0, 1)), (inner_stack_matrix, (T234, C), (0, 1)),
               (inner_scalar, (1.5, A), (0, 1)), (inner_matrices, (W43.T, C), (0, 1))],
    np.outer: [(outer_vectors, (V3, V4), (0, 1)), (outer_flattens_matrices, (A, V4), (0, 1)),
               (outer_scalar, (2.0, V4), (0, 1)), (outer_vectors, (SQ3[:, 0], B[:, 1]), (0, 1))],
    np.einsum: [(einsum_matmul, (A, B), (0, 1)), (einsum_batched, (STACK, STACK2), (0, 1)),
                (einsum_trace, (SQ3,), (0,)), (einsum_frobenius, (A, W34), (0, 1)),
                (einsum_outer, (V3, V4), (0, 1)), (einsum_transpose, (A,), (0,)),
                (einsum_row_sums, (A,), (0,)), (einsum_diagonal, (SQ3,), (0,)),
                (einsum_repeated_in_stack, (CUBE,), (0,)),
                (einsum_transposed_contraction, (A, C), (0, 1)),
                (einsum_diagonal_times_vector, (SQ3, V3), (0, 1)),
                (einsum_implicit_output, (A, B), (0, 1)), (einsum_implicit_transpose, (A.T,), (0,)),
                (einsum_ellipsis_broadcast, (STACK, B), (0, 1)),
                (einsum_size_one_broadcast, (ROW, A), (0, 1)),
                (einsum_three_operands, (V3, A, V4), (0, 1, 2)),
                (einsum_optimize, (V3, A, V4), (0, 1, 2)),
                (einsum_scalar_operand, (1.5, A), (0, 1)), (einsum_full_sum, (A.T,), (0,))],
    np.trace: [(trace_matrix, (SQ3,), (0,)), (trace_matrix, (A,), (0,)), (trace_offset, (A,), (0,)),
               (trace_axes, (T432,), (0,)),
               (trace_reversed_axes, (T234,), (0,)), (trace_method, (SQ3.T,), (0,))],
    np.diag: [(diag_vector_to_matrix, (V4,), (0,)), (diag_vector_offset, (V4,), (0,)),
              (diag_matrix_to_vector, (SQ3,), (0,)), (diag_matrix_to_vector, (A,), (0,)),
              (diag_rectangular_offsets, (A,), (0,)), (diag_rectangular_offsets, (W43.T,), (0,)),
              (diag_round_trip, (V4,), (0,))],
    np.linalg.solve: [(solve_vector, (SPD4, RHS_VEC), (0, 1)), (solve_vector, (NS4, RHS_VEC), (0, 1)),
                      (solve_matrix, (SPD4, RHS_MAT), (0, 1)), (solve_matrix, (NS4.T, RHS_MAT), (0, 1)),
                      (solve_stack, (NS_STACK, RHS_STACK), (0, 1)),
                      (solve_broadcast_matrix, (NS4, RHS_STACK), (0, 1)),
                      (solve_stack_vector, (NS_STACK, RHS_VEC), (0, 1)),
                      (solve_quadratic_form, (SPD4, RHS_VEC), (0, 1))],
    np.linalg.inv: [(inv_matrix, (NS3,), (0,)), (inv_spd, (SPD4,), (0,)), (inv_stack, (SPD_STACK,), (0,)),
                    (inv_matrix, (NS3.T,), (0,)), (inv_twice, (NS3,), (0,))],
    np.linalg.det: [(det_matrix, (NS3,), (0,)), (det_matrix, (SPD4,), (0,)), (det_squared, (NS3.T,), (0,)),
                    (det_stack, (NS_STACK,), (0,)), (det_one_by_one, (np.array([[0.7]]),), (0,))],
    np.linalg.slogdet: [(slogdet_unpacked, (SPD4,), (0,)), (slogdet_indexed, (NS3,), (0,))],
    np.linalg.cholesky: [(cholesky_weighted, (SPD3,), (0,)), (cholesky_logdet, (SPD3,), (0,)),
                         (cholesky_spd4, (SPD4,), (0,)), (cholesky_stack, (SPD_STACK,), (0,)),
                         (cholesky_upper, (SPD3,), (0,)),
                         (cholesky_weighted, (SPD3 + 0.1 * NS3,), (0,))],
}

def _params():
    for key, cases in CASES.items():
        for case in cases:
            yield pytest.param(key, case, id=f"{getattr(key, '__name__', key)}-{case[0].__name__}")


@pytest.mark.parametrize("key, case", list(_params()))
def test_linalg_gradient_matches_finite_differences(key, case):
    fn, args, wrt = case
    check_gradient(fn, args, wrt)


# --------------------------------------------------------------------------- the rule for slogdet itself
@pytest.mark.parametrize("a", [SPD4, NS3, -NS3, SPD_STACK], ids=["spd", "nonsymmetric", "negative-det", "stack"])
def test_slogdet_rule_matches_finite_differences(a):
    """The rule's template evaluated directly (its helpers are plain functions of this module)."""
    weights = rng(50).normal(size=np.shape(a)[:-2])
    sign_logdet = np.linalg.slogdet(a)
    got = decompositions.slogdet((np.zeros_like(weights), weights), sign_logdet, a)[0]

    def logdet(x):
        return np.sum(np.linalg.slogdet(x)[1] * weights)

    np.testing.assert_allclose(got, numeric_gradient(logdet, [a], 0), rtol=1e-6, atol=1e-8)


# --------------------------------------------------------------------------- einsum adjoints directly
EINSUM_FORMS = [
    ("ij,jk->ik", [(3, 4), (4, 2)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 2)]), ("ii->", [(3, 3)]),
    ("ij,ij->", [(3, 4), (3, 4)]), ("i,j->ij", [(3,), (4,)]), ("ij->ji", [(3, 4)]), ("ij->i", [(3, 4)]),
    ("ii->i", [(3, 3)]), ("iij->ji", [(3, 3, 2)]), ("ij,jk", [(3, 4), (4, 2)]), ("ba", [(3, 4)]),
    ("...ij,...jk->...ik", [(2, 3, 4), (4, 2)]), ("i...,i...->...", [(3, 1, 2), (3, 4, 1)]),
    ("ij,ij->ij", [(1, 4), (3, 4)]), ("i,ij,j->", [(3,), (3, 4), (4,)]), (",ij->ij", [(), (3, 4)]),
    ("ii,jj->ij", [(3, 3), (2, 2)]), ("iji->j", [(3, 4, 3)]), ("ij, jk -> ki", [(3, 4), (4, 2)]),
]


@pytest.mark.parametrize("subscripts, shapes", EINSUM_FORMS, ids=[s for s, _ in EINSUM_FORMS])
def test_einsum_adjoint_matches_finite_differences(subscripts, shapes):
    operands = [rng(60 + i).normal(size=s) for i, s in enumerate(shapes)]
    weights = rng(70).normal(size=np.shape(np.einsum(subscripts, *operands)))

    def f(*xs):
        return np.sum(np.einsum(subscripts, *xs) * weights)

    for which in range(len(operands)):
        got = einsum_rules.einsum_adjoint(weights, subscripts, *operands, which=which)
        assert np.shape(got) == shapes[which]
        np.testing.assert_allclose(got, numeric_gradient(f, operands, which), rtol=1e-6, atol=1e-8)


def test_einsum_adjoint_rejects_unsupported_calls():
    with pytest.raises(NotImplementedError, match="interleaved"):
        einsum_rules.einsum_adjoint(1.0, A, [0, 1], which=0)


# --------------------------------------------------------------------------- shape rules
SHAPE_RULE_CASES = [
    (np.inner, [(4,), (4,)], {}), (np.inner, [(3, 4), (4,)], {}), (np.inner, [(2, 3, 4), (5, 4)], {}),
    (np.inner, [(), (3, 4)], {}), (np.outer, [(3,), (4,)], {}), (np.outer, [(2, 3), ()], {}),
    (np.trace, [(3, 3)], {}), (np.trace, [(3, 4)], {"offset": 1}), (np.trace, [(2, 3, 4)], {"axis1": 2, "axis2": -3}),
    (np.diag, [(4,)], {}), (np.diag, [(4,)], {"k": -2}), (np.diag, [(3, 4)], {}), (np.diag, [(3, 4)], {"k": 2}),
    (np.diag, [(3, 4)], {"k": -1}), (np.diag, [(3, 4)], {"k": 7}),
    (np.linalg.solve, [(4, 4), (4,)], {}), (np.linalg.solve, [(4, 4), (4, 3)], {}),
    (np.linalg.solve, [(2, 4, 4), (4, 3)], {}), (np.linalg.solve, [(4, 4), (2, 4, 3)], {}),
    (np.linalg.solve, [(2, 4, 4), (4,)], {}),
    (np.linalg.inv, [(3, 3)], {}), (np.linalg.inv, [(2, 3, 3)], {}),
    (np.linalg.det, [(3, 3)], {}), (np.linalg.det, [(2, 3, 3)], {}),
    (np.linalg.cholesky, [(3, 3)], {}), (np.matmul, [(5, 3, 4), (4, 2)], {}),
    # products with and without batch axes (without: the rule's shortcut past np.broadcast_shapes)
    (np.matmul, [(3,), (3,)], {}), (np.matmul, [(2, 3), (3,)], {}), (np.matmul, [(3,), (3, 4)], {}),
    (np.matmul, [(2, 3), (3, 4)], {}), (np.matmul, [(0, 3), (3, 0)], {}), (np.matmul, [(2, 3), (5, 3, 4)], {}),
    (np.matmul, [(5, 1, 2, 3), (4, 3, 2)], {}), (np.dot, [(2, 3), (3,)], {}),
]


@pytest.mark.parametrize("fn, shapes, kwargs", SHAPE_RULE_CASES)
def test_shape_rules_agree_with_numpy(fn, shapes, kwargs):
    args = [spd(s[-1], 0, batch=s[:-2]) if fn in (np.linalg.inv, np.linalg.det, np.linalg.cholesky)
            or (fn is np.linalg.solve and i == 0) else np.ones(s) for i, s in enumerate(shapes)]
    rule = REGISTRY[fn].shape_rule
    assert callable(rule)
    assert rule([tuple(s) for s in shapes], kwargs) == np.shape(fn(*args, **kwargs))


def test_shape_rules_give_up_on_unknowns():
    assert REGISTRY[np.linalg.solve].shape_rule([(3, 4), (4,)], {}) is None
    assert REGISTRY[np.linalg.inv].shape_rule([(3, 4)], {}) is None
    assert REGISTRY[np.diag].shape_rule([(4,), ()], {}) is None          # k positional
    assert REGISTRY[np.trace].shape_rule([(3, 3), ()], {}) is None       # offset positional


# --------------------------------------------------------------------------- generated source
def test_generated_source_reads_like_the_rules():
    assert "solve_adjoint(" in transpiler.grad(solve_matrix, wrt=(0, 1)).source()
    inv_source = transpiler.grad(inv_matrix).source()
    assert "np.swapaxes" in inv_source and "@" in inv_source
    einsum_source = transpiler.grad(einsum_matmul, wrt=(0, 1)).source()
    assert "einsum_adjoint(" in einsum_source and "'ij,jk->ik'" in einsum_source
    assert "np.reshape(" in transpiler.grad(outer_vectors, wrt=(0,)).source()


def test_gradients_do_not_mutate_arguments():
    a, b = NS4.copy(), RHS_MAT.copy()
    transpiler.grad(solve_matrix, wrt=(0, 1))(a, b)
    transpiler.grad(cholesky_spd4)(SPD4.copy())
    np.testing.assert_array_equal(a, NS4)
    np.testing.assert_array_equal(b, RHS_MAT)


# --------------------------------------------------------------------------- Gaussian-process objective
GP_X = rng(80).normal(size=(6, 2)) * 1.5
GP_Y = rng(81).normal(size=(6,))
GP_ELL = np.array([0.8, 1.3])


def gp_objective(ell, X, y):
    N = X.shape[0]
    D1 = (X[:, None, 0] - X[None, :, 0]) ** 2
    K1 = np.exp(-D1 / (2 * ell[0] ** 2))
    D2 = (X[:, None, 1] - X[None, :, 1]) ** 2
    K2 = np.exp(-D2 / (2 * ell[1] ** 2))
    K = K1 + K2 + 1e-3 * np.eye(N)
    return y @ np.linalg.solve(K, y)


@pytest.mark.xfail(np.eye not in REGISTRY, strict=True,
                   reason="np.eye has no (non-differentiable) rule registered yet")
def test_gaussian_process_objective_gradient():
    check_gradient(gp_objective, (GP_ELL, GP_X, GP_Y), (0, 1), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("wrt", [0, 1])
def test_hessian_through_the_gradient_of_an_array_divided_by_a_number(wrt):
    # regression (fuzz, hessian class): the gradient's np.vdot had no rule, so hessian raised
    x, s = np.array([0.3, 0.5, 0.9]), 2.0
    got = transpiler.hessian(sine_over_a_number, wrt=wrt)(x, s)
    want = np.diag(-np.sin(x) / s) if wrt == 0 else 2 * np.sum(np.sin(x)) / s ** 3
    np.testing.assert_allclose(got, want, rtol=1e-12)


# --------------------------------------------------------------------------- NumPy's result tuples read by a loop
def eigh_parts_in_a_loop(a):
    """``r[k]`` of a NumPy result tuple (``EighResult``) with ``k`` a loop counter: its adjoint is
    read by position (it was a dict by field name, and the loop's reads failed with KeyError: 0)."""
    r = np.linalg.eigh(a @ a.T)
    total = 0.0
    for k in range(2):
        total = total + np.sum(np.abs(r[k]) ** 2 * W44[k])
    return total


W44 = rng(75).normal(size=(4, 4))


def test_a_numpy_result_tuple_indexed_in_a_loop_has_gradient_and_hessian_vector_product():
    x = rng(76).normal(size=(4, 4))
    check_gradient(eigh_parts_in_a_loop, (x,))
    t = rng(77).normal(size=(4, 4))
    h = 1e-6
    gradient = transpiler.grad(eigh_parts_in_a_loop)
    along = (gradient(x + h * t) - gradient(x - h * t)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(eigh_parts_in_a_loop, x, t), along, rtol=1e-5, atol=1e-6)
