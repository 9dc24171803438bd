"""The ``outer_products`` rewrite (transpiler/rewrites/outer_products.py): a rank-one matrix
times another, summed, is contracted before it is formed (in the code calls run); the same
gradient with the rewrite off."""
import ast

import numpy as np

import transpiler
from transpiler.check import check_grad
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


def test_vdot_of_a_rank_one_product_becomes_a_sandwich():
    body = ast.parse("R = np.einsum('i,j->ij', u, v)\nP = R * S\nt = np.vdot(P, Q)\n").body
    rewritten = ast.unparse(ast.Module(body=contract_outer_products(body), type_ignores=[]))
    assert rewritten.splitlines()[-1] == "t = u @ (S * Q) @ v"
    assert "R * S" not in rewritten
    u, v, S, Q = (RNG.standard_normal(s) for s in (4, 5, (4, 5), (4, 5)))
    assert np.isclose(u @ (S * Q) @ v, np.vdot(np.einsum('i,j->ij', u, v) * S, Q))
