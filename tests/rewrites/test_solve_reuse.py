"""The ``solve_reuse`` rewrite (transpiler/rewrites/solve_reuse.py): the reverse sweep's solve of a
number times the forward solve's right-hand side (same matrix) is the forward solve's output
scaled; with the ``repeated_values`` pass (opt/repeated.py) a linear-algebra call repeated on the
same values is made once, and with the ``tuple_items`` pass (opt/tuple_items.py) a ``slogdet`` whose sign is unused is not computed by a
gradient that needs no value. Pinned: the code's shape, finite differences, the gradient with the
rewrite off, forward mode and second derivatives."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(17)
D, N = 4, 9
L0 = np.eye(D) + 0.2 * np.tril(RNG.standard_normal((D, D)))
MU, X = 0.1 * RNG.standard_normal(D), RNG.standard_normal((N, D))


def gaussian_solve(L, mu, X):
    n, d = X.shape
    cov = L @ L.T + 1e-3 * np.eye(d)
    diff = X - mu
    sign, logdet = np.linalg.slogdet(cov)
    maha = np.sum(diff * np.linalg.solve(cov, diff.T).T)
    return 0.5 * (n * logdet + maha)


def gaussian_columns(L, mu, X):
    """Samples as columns, the solve's output read as it comes; the log-determinant by index."""
    cov = L @ L.T + 1e-3 * np.eye(X.shape[1])
    diff = (X - mu).T
    alpha = np.linalg.solve(cov, diff)
    return 0.5 * X.shape[0] * np.linalg.slogdet(cov)[1] + np.sum(alpha * diff) / 2


def gaussian_inv(L, mu, X):
    cov = L @ L.T + 1e-3 * np.eye(X.shape[1])
    diff = X - mu
    sign, logdet = np.linalg.slogdet(cov)
    return 0.5 * (len(X) * logdet + np.sum((diff @ np.linalg.inv(cov)) * diff))


def one_sample(L, mu, x):
    cov = L @ L.T + 1e-3 * np.eye(len(x))
    diff = x - mu
    return 0.5 * (np.linalg.slogdet(cov)[1] + np.sum(diff * np.linalg.solve(cov, diff)))


def gradient_source(f, *args, wrt=(0, 1), rewrites=True) -> str:
    source = transpiler.grad(f, wrt=wrt, rewrites=rewrites).compiled(args).source
    return source[source.index(f"def {f.__name__}_grad"):]


SOLVES = [(gaussian_solve, (L0, MU, X)), (gaussian_columns, (L0, MU, X)), (one_sample, (L0, MU, X[0]))]


@pytest.mark.parametrize("f, args", SOLVES, ids=lambda v: getattr(v, "__name__", ""))
def test_the_quadratic_forms_adjoint_solve_is_the_forward_solve_scaled(f, args):
    source = gradient_source(f, *args)
    assert source.count("np.linalg.solve(") == 1, source
    assert "slogdet" not in source and "zeros_like_adjoint" not in source      # the sign's zero adjoint
    off = gradient_source(f, *args, rewrites={"solve_reuse": False})
    assert off.count("np.linalg.solve(") == 2
    assert check_grad(f, *args, wrt=(0, 1))
    on, reference = transpiler.grad(f, wrt=(0, 1))(*args), transpiler.grad(f, wrt=(0, 1), rewrites=False)(*args)
    for a, b in zip(on, reference):
        assert np.allclose(a, b, rtol=1e-10, atol=1e-12)


def test_an_inverse_made_by_the_primal_is_not_made_again_for_slogdets_adjoint():
    # (opt/repeated.py: not a rewrite, the same with rewrites off)
    for rewrites in (True, False):
        source = gradient_source(gaussian_inv, L0, MU, X, rewrites=rewrites)
        assert source.count("np.linalg.inv(") == 1 and "slogdet" not in source
    assert check_grad(gaussian_inv, L0, MU, X, wrt=(0, 1))


def test_forward_mode_and_second_derivatives_agree():
    direction = RNG.standard_normal(L0.shape)
    for f, args in SOLVES:
        _, tangent = transpiler.jvp(f, args, (direction, np.zeros_like(MU), np.zeros_like(args[2])))
        assert np.isclose(tangent, np.sum(transpiler.grad(f)(*args) * direction)), f.__name__
    hessian = transpiler.hessian(one_sample, wrt=1)(L0, MU, X[0])
    assert np.allclose(hessian, transpiler.hessian(one_sample, wrt=1, rewrites=False)(L0, MU, X[0]))
    cov = L0 @ L0.T + 1e-3 * np.eye(D)
    assert np.allclose(hessian, np.linalg.inv(cov))          # d²/dmu² of ½ (x - mu)ᵀ K⁻¹ (x - mu)
    v = RNG.standard_normal(D)
    assert np.allclose(transpiler.hvp(lambda m: one_sample(L0, m, X[0]), MU, v), np.linalg.solve(cov, v))


def test_a_right_hand_side_that_is_no_multiple_keeps_its_solve():
    def weighted(K, b, w):
        S = K @ K.T + np.eye(len(b))
        return np.sum(np.linalg.solve(S, b) * w)          # adjoint rhs: w, not a multiple of b
    K, b, w = RNG.standard_normal((D, D)), RNG.standard_normal(D), RNG.standard_normal(D)
    assert gradient_source(weighted, K, b, w).count("np.linalg.solve(") == 2
    assert check_grad(weighted, K, b, w, wrt=(0, 1))


def test_a_matrix_bound_again_in_a_loop_is_not_taken_for_the_same_matrix():
    def repeated(A, b):
        K = A @ A.T + np.eye(len(b))
        total = 0.0
        for _ in range(2):
            total = total + b @ np.linalg.solve(K, b)
            K = K @ K.T + np.eye(len(b))
        return total + 0.5 * np.sum(b * np.linalg.solve(K, b))
    A, b = 0.3 * RNG.standard_normal((D, D)), RNG.standard_normal(D)
    assert check_grad(repeated, A, b, wrt=(0, 1))
    assert np.allclose(transpiler.grad(repeated, wrt=(0, 1))(A, b)[0],
                       transpiler.grad(repeated, wrt=(0, 1), rewrites=False)(A, b)[0])


def test_float32_keeps_its_dtype_and_one_solve():
    args = (L0.astype(np.float32), MU.astype(np.float32), X.astype(np.float32))
    d_L, d_mu = transpiler.grad(gaussian_solve, wrt=(0, 1))(*args)
    assert d_L.dtype == np.float32 and d_mu.dtype == np.float32
    assert np.allclose(d_L, transpiler.grad(gaussian_solve)(L0, MU, X), rtol=1e-3, atol=1e-3)
    assert gradient_source(gaussian_solve, *args).count("np.linalg.solve(") == 1


def test_a_transpose_a_transform_wrote_is_a_scaling_step():
    # (the reverse sweep's IR holds a transposition the transform wrote as `x.T`: np.transpose spelled so)
    from transpiler.driver import pipeline
    from transpiler.ir.nodes import Assign, walk
    from transpiler.rewrites.solve_reuse import scaling_step
    L, mu, X = np.eye(3), np.zeros(3), RNG.standard_normal((10, 3))
    captured = []
    printed = pipeline._printed

    def keep(ir, derivative, spec):
        captured.append(ir)
        return printed(ir, derivative, spec)
    pipeline._printed = keep
    try:
        pipeline.source(gaussian_columns, transpiler.grad(gaussian_columns, wrt=(0, 1)).spec_for((L, mu, X)))
    finally:
        pipeline._printed = printed
    written = [s for s in walk(captured[0].body) if isinstance(s, Assign) and s.prim.name == "np.transpose"
               and str(s).endswith(f"{s.args[0]}.T")]          # (np.transpose spelled as the attribute)
    assert written, captured[0].listing()
    assert all(scaling_step(s) == (1.0, True, s.args[0]) for s in written)


def two_solves_told_apart(x, w):
    M = 2.0 * np.eye(3) + 0.3 * np.outer(np.tanh(w), np.cos(w))
    a = np.linalg.solve(M, x)
    b = np.linalg.solve(M, x)
    if a is b:
        b = b * 2.0
    return np.sum(a * b)


def test_two_solves_an_identity_test_reads_stay_two_arrays():
    # (solve_reuse made `b = a`, so `a is b` was True: twice the value and gradient; fuzz shared-values 472782)
    x, w = np.array([-1.818, 0.726, -0.4955]), np.array([-1.2077, -0.3189, 1.6919])
    value, _ = transpiler.value_and_grad(two_solves_told_apart)(x, w)
    assert value == pytest.approx(two_solves_told_apart(x, w))
    assert check_grad(two_solves_told_apart, x, w)
