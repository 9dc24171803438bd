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


def contracted(code: str, shapes: dict | None = None) -> str:
    body = contract_outer_products(ast.parse(code).body, shapes)
    return ast.unparse(ast.Module(body=body, type_ignores=[]))


VECTORS = {"u": (4,), "v": (5,)}


def test_every_spelling_of_an_outer_product_of_vectors_is_contracted():
    for outer in ("np.einsum('i,j->ij', u, v)", "np.outer(u, v)", "u[:, None] * v", "u[:, None] * v[None, :]"):
        code = f"R = {outer}\nP = R * S\nt = np.vdot(P, Q)\nw = (R * S).sum()\n"
        assert contracted(code, VECTORS).splitlines()[-2:] == ["t = u @ (S * Q) @ v", "w = u @ S @ v"], outer


def test_a_broadcast_product_is_an_outer_product_only_of_known_vectors():
    code = "R = u[:, None] * M\nP = R * S\nt = np.vdot(P, Q)\n"       # M a matrix: not rank one
    assert contracted(code, {"u": (4,), "M": (4, 5)}) == code.strip()
    assert contracted(code, None) == code.strip()                   # shapes unknown
    assert contracted("R = np.outer(u, v)\nt = (R * S).sum()", None).endswith("(R * S).sum()")


def test_a_factor_bound_again_in_between_keeps_the_product_formed():
    for rebinding in ("u = u + 1.0", "R = R + 1.0", "S = S * 2.0"):
        code = f"R = u[:, None] * v\nP = R * S\n{rebinding}\nt = np.vdot(P, Q)\n"
        assert contracted(code, VECTORS).splitlines()[-1] == "t = np.vdot(P, Q)", rebinding


def test_a_small_kernel_matrix_is_contracted_too():
    # 30 x 30 = 900 elements: the adjoint's outer product is a broadcast product, not an einsum
    ell, X, y = np.array([0.7]), RNG.uniform(size=30), RNG.standard_normal(30)
    on = compiled_source(True, ell, X, y)
    assert "[:, None] *" not in on and "@ (" in on
    assert "[:, None] *" in compiled_source({"outer_products": False}, ell, X, y)
    on, off = transpiler.grad(length_scale_fit)(ell, X, y), transpiler.grad(length_scale_fit, rewrites=False)(ell, X, y)
    assert np.max(np.abs(on - off)) <= 1e-12 * max(1.0, np.max(np.abs(off)))
