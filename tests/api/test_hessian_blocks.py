"""``hessian(f, (i, j))``: the blocks ``((H_ii, H_ij), (H_ji, H_jj))`` of a tuple of parameters,
``H_ij`` = d²f / d args[i] d args[j] of shape ``args[i].shape + args[j].shape``, as
``jax.hessian(f, argnums=(i, j))`` lays them out. Each block is checked against central
differences of the gradient."""
import numpy as np
import pytest

import transpiler


def coupled(a, b, scale):
    return np.sum(a ** 2) * np.sum(np.sin(b)) + a[0] * b[1] ** 3 * scale + np.prod(a) * np.sum(b[:2])


A = np.array([1.0, 2.0])
B = np.array([0.3, 0.4, -0.7])


def central_block(f, args, i, j, eps=1e-6):
    """d/d args[j] of the gradient with respect to args[i], by central differences."""
    gradient = transpiler.grad(f, i)
    x = np.asarray(args[j], dtype=float)
    columns = []
    for e in np.eye(x.size):
        up, down = list(args), list(args)
        up[j], down[j] = x + eps * e.reshape(x.shape), x - eps * e.reshape(x.shape)
        columns.append((gradient(*up) - gradient(*down)) / (2 * eps))
    return np.moveaxis(np.array(columns), 0, -1).reshape(np.shape(args[i]) + x.shape)


def test_every_block_matches_central_differences_of_the_gradient():
    args = (A, B, 1.5)
    blocks = transpiler.hessian(coupled, (0, 1))(*args)
    for r, i in enumerate((0, 1)):
        for c, j in enumerate((0, 1)):
            assert blocks[r][c].shape == np.shape(args[i]) + np.shape(args[j])
            np.testing.assert_allclose(blocks[r][c], central_block(coupled, args, i, j), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(blocks[0][1], blocks[1][0].T, rtol=1e-12)


def test_a_number_parameter_among_them_and_names_for_positions():
    blocks = transpiler.hessian(coupled, ("a", "scale"))(A, B, 1.5)
    np.testing.assert_allclose(blocks[0][1], [B[1] ** 3, 0.0], rtol=1e-12)    # d²f/da dscale
    assert blocks[1][1] == pytest.approx(0.0, abs=1e-14)


def test_the_diagonal_blocks_are_the_single_parameter_hessians():
    blocks = transpiler.hessian(coupled, argnums=(0, 1))(A, B, 1.5)
    np.testing.assert_allclose(blocks[0][0], transpiler.hessian(coupled, 0)(A, B, 1.5), rtol=1e-12)
    np.testing.assert_allclose(blocks[1][1], transpiler.hessian(coupled, 1)(A, B, 1.5), rtol=1e-12)


def quadratic_form(p, M):
    return p["w"] @ M @ p["w"] * p["s"]


def test_a_dict_parameter_nests_its_block_rows_by_key():
    p = {"w": np.array([1.0, -0.5]), "s": 2.0}
    M = np.array([[2.0, 0.3], [0.1, 1.0]])
    blocks = transpiler.hessian(quadratic_form, (0, 1))(p, M)
    cross = blocks[0][1]                       # d²f / dp dM: keyed by p's entries, each of shape entry + M.shape
    assert set(cross) == {"w", "s"} and cross["w"].shape == (2, 2, 2)
    np.testing.assert_allclose(cross["s"], np.outer(p["w"], p["w"]), rtol=1e-12)
    w = p["w"]       # d/dw_k of s * w_i M_ij w_j with respect to M_ij: s * (delta_ki w_j + w_i delta_kj)
    expected = p["s"] * (np.einsum("ki,j->kij", np.eye(2), w) + np.einsum("i,kj->kij", w, np.eye(2)))
    np.testing.assert_allclose(cross["w"], expected, rtol=1e-12)
