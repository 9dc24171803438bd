"""Products of stacks of matrices (rp1's probe P5, batched attention on ``(B, T, D)`` arrays):
``np.swapaxes`` and ``np.moveaxis`` with constant axes have a known shape now (it was unknown,
and so was every shape after it: ``unreduce``, ``unbroadcast`` helpers), and the adjoint of
``X @ W`` for a stack ``X`` and a matrix ``W`` is ``d_y @ W.T`` and one product of the stack's
rows, ``X.reshape(-1, D).T @ d_y.reshape(-1, K)`` (``matmul_adjoint`` made ``B`` products and
summed them); two stacks of one batch shape take ``swapaxes`` products. Against central finite
differences, first and second order."""
import numpy as np
import pytest

import transpiler

RNG = np.random.default_rng(5)


def stack_times_matrix(W, X):
    return np.sum(np.tanh(X @ W) ** 2)


def stack_times_stack(A, B):
    return np.sum(np.sin(A @ B))


def scores(W, X):
    Q = X @ W
    S = Q @ np.swapaxes(Q, 1, 2)
    return np.mean((S - S.max(axis=-1, keepdims=True)) ** 2)


def moved(W, X):
    return np.sum(np.moveaxis(X @ W, 0, -1) * np.arange(4.0))


def broadcast_stack(A, B):
    return np.sum(np.sin(A @ B))


def dot_of_stacks(A, B):
    return np.sum(np.sin(np.dot(A, B)))


def finite_differences(f, args, i, h=1e-6):
    x = args[i]
    d = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[j] = h
        up = list(args); up[i] = x + step
        down = list(args); down[i] = x - step
        d[j] = (f(*up) - f(*down)) / (2 * h)
    return d


CASES = [
    (stack_times_matrix, (RNG.normal(size=(3, 4)), RNG.normal(size=(2, 5, 3)))),
    (stack_times_matrix, (RNG.normal(size=(3, 4)), RNG.normal(size=(2, 2, 5, 3)))),
    (stack_times_stack, (RNG.normal(size=(2, 4, 3)), RNG.normal(size=(2, 3, 5)))),
    (scores, (RNG.normal(size=(3, 4)), RNG.normal(size=(2, 5, 3)))),
    (moved, (RNG.normal(size=(3, 2)), RNG.normal(size=(4, 5, 3)))),
    (broadcast_stack, (RNG.normal(size=(2, 4, 3)), RNG.normal(size=(1, 3, 5)))),
    (dot_of_stacks, (RNG.normal(size=(2, 4, 3)), RNG.normal(size=(2, 3, 5)))),
]


@pytest.mark.parametrize("f, args", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_gradients_match_finite_differences(f, args):
    got = transpiler.grad(f, wrt=(0, 1))(*args)
    for i in (0, 1):
        np.testing.assert_allclose(got[i], finite_differences(f, args, i), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f, args", CASES[:5], ids=lambda v: getattr(v, "__name__", ""))
def test_known_stacks_take_no_helper_for_unknown_shapes(f, args):
    code = transpiler.grad(f, wrt=(0, 1)).source(args=args).split("# reverse sweep")[-1]
    assert "matmul_adjoint" not in code and "unreduce(" not in code and "unbroadcast(" not in code


def test_a_stack_times_a_matrix_is_one_product_of_its_rows():
    W, X = CASES[0][1]
    code = transpiler.grad(stack_times_matrix).source(args=(W, X))
    assert "X.reshape(-1, 3).T @ " in code and ".reshape(-1, 4)" in code


def test_a_broadcast_stack_and_np_dot_are_not_taken_for_batched_products():
    assert "matmul_adjoint" in transpiler.grad(broadcast_stack, wrt=(0, 1)).source(args=CASES[5][1])
    assert "dot_adjoint_a(" in transpiler.grad(dot_of_stacks, wrt=(0, 1)).source(args=CASES[6][1])


def test_swapaxes_and_moveaxis_shapes_are_known():
    from transpiler.primitives.output_shapes import permuted_axes
    assert permuted_axes(np.swapaxes)([(2, 5, 3)], {}, [None, 1, 2]) == (2, 3, 5)
    assert permuted_axes(np.moveaxis)([(4, 5, "n")], {}, [None, 0, -1]) == (5, "n", 4)
    assert permuted_axes(np.moveaxis)([(4, 5, 6)], {}, [None, (0, 1), (2, 0)]) == (5, 6, 4)
    assert permuted_axes(np.swapaxes)([(2, 5)], {}, [None, 0, 3]) is None          # out of range


def test_hessian_through_a_stack_product():
    W, X = RNG.normal(size=(2, 2)), RNG.normal(size=(2, 3, 2))
    gradient = transpiler.grad(stack_times_matrix)
    numeric = np.array([((gradient(W + 1e-5 * e, X) - gradient(W - 1e-5 * e, X)) / 2e-5).ravel()
                        for e in np.eye(4).reshape(4, 2, 2)])
    np.testing.assert_allclose(transpiler.hessian(stack_times_matrix)(W, X).reshape(4, 4), numeric,
                               rtol=1e-6, atol=1e-8)
