"""The ``outer_products`` rewrite (transpiler/rewrites/outer_products.py): a rank-one matrix
times another, summed, is contracted before it is formed (on the reverse sweep's IR, for calls);
the same gradient with the rewrite off; each spelling and each case left alone on the IR of small
functions."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.backends import python_code
from transpiler.driver import pipeline
from transpiler.opt.dead_code import eliminate_dead_code
from transpiler.rewrites.outer_products import contract_outer_products

RNG = np.random.default_rng(11)


def length_scale_fit(ell, X, y):
    # the solve's adjoint with respect to K is a rank-one matrix; K depends on ell elementwise
    D = (X[:, None] - X[None, :]) ** 2
    K = np.exp(-D / ell[0] ** 2) + np.eye(X.shape[0])     # (an array ell: reverse mode)
    return y @ np.linalg.solve(K, y)


def compiled_source(rewrites, *args) -> str:
    return transpiler.grad(length_scale_fit, rewrites=rewrites).compiled(args).source


def test_the_rank_one_adjoint_is_contracted_and_switched_off_it_is_formed():
    ell, X, y = np.array([0.7]), RNG.uniform(size=80), RNG.standard_normal(80)       # 6400 elements: einsum
    assert "einsum" not in compiled_source(True, ell, X, y) and "@ (" in compiled_source(True, ell, X, y)
    off = compiled_source({"outer_products": False}, ell, X, y)
    assert "np.einsum('i,j->ij'" in off
    on, off = transpiler.grad(length_scale_fit)(ell, X, y), transpiler.grad(length_scale_fit, rewrites=False)(ell, X, y)
    assert np.max(np.abs(on - off)) <= 1e-12 * max(1.0, np.max(np.abs(off)))
    assert check_grad(length_scale_fit, ell, X, y)


def test_the_printed_gradient_is_the_same_either_way():
    # the rewrite applies to the code calls run, never to what source() prints
    assert transpiler.grad(length_scale_fit).source() == transpiler.grad(length_scale_fit, rewrites=False).source()


def contracted(f, shapes: dict) -> str:
    """``f``'s IR with the rewrite applied (argument shapes by name) and what it left unread
    dropped, printed."""
    fn = pipeline.lowered(f)
    printed = python_code.module_source(eliminate_dead_code(contract_outer_products(fn, shapes)))
    return printed.split("\n", 4)[4]         # (the body)


SHAPES = {"u": (4,), "v": (5,), "S": (4, 5), "Q": (4, 5), "M": (4, 5), "s": (5,)}


def einsum_outer(u, v, S, Q):
    R = np.einsum('i,j->ij', u, v)
    P = R * S
    return np.vdot(P, Q) + (R * S).sum()


def numpy_outer(u, v, S, Q):
    R = np.outer(u, v)
    return np.vdot(Q, S * R) + np.sum(S * R)


def broadcast_outer(u, v, S, Q):
    R = u[:, None] * v
    return np.vdot(R * S, Q) + (R * S).sum()


def both_broadcast_outer(u, v, S, Q):
    R = v[None, :] * u[:, None]
    return np.vdot(R * S, Q) + (R * S).sum()


@pytest.mark.parametrize("f", [einsum_outer, numpy_outer, broadcast_outer, both_broadcast_outer])
def test_every_spelling_of_an_outer_product_of_vectors_is_contracted(f):
    printed = contracted(f, SHAPES)
    assert "einsum" not in printed and "np.outer" not in printed and "None" not in printed, printed
    assert "u @ (S * Q) @ v" in printed and "u @ S @ v" in printed, printed
    u, v, S, Q = (RNG.standard_normal(SHAPES[n]) for n in "uvSQ")
    assert np.isclose(f(u, v, S, Q), np.vdot(np.outer(u, v) * S, Q) + np.sum(np.outer(u, v) * S))


def column_times_row(a, b, S, Q):
    R = a @ b                          # (4, 1) @ (1, 5): rank one
    return np.vdot(R * S, Q) + np.sum(S * R)


def test_a_narrow_matrix_times_a_flat_one_is_contracted():
    shapes = {**SHAPES, "a": (4, 1), "b": (1, 5)}
    printed = contracted(column_times_row, shapes)
    assert "a @ b" not in printed and printed.count("np.vdot(a, ") == 2, printed
    a, b, S, Q = RNG.standard_normal((4, 1)), RNG.standard_normal((1, 5)), *(RNG.standard_normal((4, 5)) for _ in "SQ")
    fn = pipeline.lowered(column_times_row)
    names: dict = {}
    exec(compile(python_code.module_source(contract_outer_products(fn, shapes)), "<contracted>", "exec"), names)
    assert np.isclose(names["column_times_row"](a, b, S, Q), column_times_row(a, b, S, Q))


def full_rank_product(a, b, S, Q):
    return np.vdot((a @ b) * S, Q)


def test_a_product_of_full_rank_keeps_the_product_formed():
    fn = pipeline.lowered(full_rank_product)
    assert contract_outer_products(fn, {**SHAPES, "a": (4, 5), "b": (5, 5)}) is fn


def column_fit(ell, X, y):
    D = (X[:, None] - X[None, :]) ** 2
    K = np.exp(-D / ell[0] ** 2) + np.eye(X.shape[0])
    Y = y[:, None]
    return (Y.T @ np.linalg.solve(K, Y))[0, 0]       # the solve's adjoint: a column times a row


def test_a_column_times_a_row_adjoint_is_contracted_and_agrees():
    ell, X, y = np.array([0.7]), RNG.uniform(size=40), RNG.standard_normal(40)
    def reverse(rewrites):
        return transpiler.grad(column_fit, rewrites=rewrites).compiled((ell, X, y)).source.split("# reverse sweep")[1]
    formed = re.compile(r"solve\([^()]*\) @ ")           # the (40, 40) column times row
    assert formed.search(reverse({"outer_products": False})) and not formed.search(reverse(True)), reverse(True)
    on, off = transpiler.grad(column_fit)(ell, X, y), transpiler.grad(column_fit, rewrites=False)(ell, X, y)
    assert np.max(np.abs(on - off)) <= 1e-12 * max(1.0, np.max(np.abs(off)))
    assert check_grad(column_fit, ell, X, y)


def row_weights(u, v, s, Q):
    return np.vdot(np.outer(u, v) * s, Q)        # s (5,) broadcast along the rows: still S * Q


def test_a_weight_broadcast_along_the_matrix_is_contracted():
    assert contracted(row_weights, SHAPES).strip().endswith("return u @ (s * Q) @ v")


def not_rank_one(u, M, S, Q):
    R = u[:, None] * M                 # M a matrix: not an outer product
    return np.vdot(R * S, Q)


def product_read_twice(u, v, S, Q):
    P = np.outer(u, v) * S
    return np.vdot(P, Q) + P[0, 0]


def sum_of_a_broadcast(u, v, s, Q):
    return np.sum(np.outer(u, v) * s)   # s (5,): u @ s @ v would not be the sum


def unknown_shapes(u, v, S, Q):
    return np.vdot(np.outer(u, v) * S, Q)


def flattened_partner(u, v, S, q):
    return np.vdot(np.outer(u, v) * S, q)     # q (20,): vdot flattens, the sandwich would not


def rebound_in_a_loop(u, v, S, Q):
    R = np.outer(u, v)
    for i in range(2):
        S = S * 2.0
    return np.vdot(R * S, Q)


@pytest.mark.parametrize("f, shapes", [(not_rank_one, SHAPES), (product_read_twice, SHAPES),
                                       (sum_of_a_broadcast, SHAPES), (unknown_shapes, {}),
                                       (flattened_partner, {**SHAPES, "q": (20,)}), (rebound_in_a_loop, SHAPES)])
def test_anything_else_keeps_the_product_formed(f, shapes):
    fn = pipeline.lowered(f)
    assert contract_outer_products(fn, shapes) is fn


def complex_partner(u, v, S, M):
    Q = M * 1j
    return np.vdot(Q, np.outer(u, v) * S)     # vdot conjugates Q: not u @ (S * Q) @ v


def test_a_value_known_complex_keeps_the_vdot():
    fn = pipeline.lowered(complex_partner)
    assert contract_outer_products(fn, SHAPES) is fn


def test_a_small_kernel_matrix_is_contracted_too():
    # 30 x 30 = 900 elements: the adjoint's outer product is a broadcast product, not an einsum
    ell, X, y = np.array([0.7]), RNG.uniform(size=30), RNG.standard_normal(30)
    on = compiled_source(True, ell, X, y)
    assert "[:, None] *" not in on and "@ (" in on
    assert "[:, None] *" in compiled_source({"outer_products": False}, ell, X, y)
    on, off = transpiler.grad(length_scale_fit)(ell, X, y), transpiler.grad(length_scale_fit, rewrites=False)(ell, X, y)
    assert np.max(np.abs(on - off)) <= 1e-12 * max(1.0, np.max(np.abs(off)))
