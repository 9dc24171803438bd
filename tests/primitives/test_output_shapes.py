"""Shapes worked out from constant positional arguments (``np.einsum``'s subscripts,
``np.split``'s sections) and of a primitive's several outputs (``np.split``'s pieces,
``np.linalg.slogdet``'s pair): the code after them is specialised (no ``unbroadcast``,
``unreduce`` or ``matmul_adjoint`` runtime helpers), and its derivatives are right in both modes."""
import numpy as np
import pytest

import transpiler
from transpiler.analysis.facts import shapes_of
from transpiler.check import check_grad
from transpiler.driver import pipeline
from transpiler.primitives.output_shapes import Pieces

GENERIC_HELPERS = ("unbroadcast(", "unreduce(", "matmul_adjoint")


def gates(W, h):
    a, b, c = np.split(h @ W, 3, axis=1)
    return np.sum(np.tanh(a) * b + c ** 2)


def gates_by_position(W, h):
    pieces = np.split(h @ W, 3, axis=-1)
    return np.sum(pieces[0] ** 2) + np.sum(pieces[1] * 3.0) + np.sum(np.exp(pieces[-1]) * h[:, :3])


def batched_attention(Wq, X):
    Q = np.einsum("btd,de->bte", X, Wq)
    S = np.einsum("bqe,bke->bqk", Q, Q)
    return np.sum(np.tanh(S) * np.einsum("bqk->bk", S)[:, None, :])


def log_likelihood(L, x):
    cov = L @ L.T + 0.1 * np.eye(L.shape[0])
    sign, logdet = np.linalg.slogdet(cov)
    return 0.5 * logdet + 0.5 * x @ np.linalg.solve(cov, x)


def diagonal_cubed(a):
    return np.sum(np.einsum("ii->i", a) ** 3) + np.einsum("ii->", a @ a) ** 2


RNG = np.random.default_rng(3)
CASES = {
    "split into three": (gates, (RNG.standard_normal((4, 9)), RNG.standard_normal((5, 4))), (0, 1)),
    "pieces by position": (gates_by_position, (RNG.standard_normal((4, 9)), RNG.standard_normal((5, 4))), (0, 1)),
    "einsum": (batched_attention, (0.3 * RNG.standard_normal((4, 3)), RNG.standard_normal((2, 5, 4))), (0, 1)),
    "slogdet": (log_likelihood, (np.eye(3) + 0.2 * RNG.standard_normal((3, 3)), RNG.standard_normal(3)), (0, 1)),
}


def test_split_pieces_and_einsum_outputs_have_known_shapes():
    shapes = shapes_of(pipeline.lowered(gates), ((4, 9), (5, 4)))
    assert Pieces([(5, 3)] * 3) in shapes.values()
    assert shapes_of(pipeline.lowered(batched_attention), ((4, 3), (2, 5, 4)))  # (runs)
    known = set(shapes_of(pipeline.lowered(batched_attention), ((4, 3), (2, 5, 4))).values())
    assert {(2, 5, 3), (2, 5, 5), (2, 5)} <= known


@pytest.mark.parametrize("case", CASES)
def test_code_after_the_pieces_is_specialised(case):
    f, args, wrt = CASES[case]
    source = transpiler.grad(f, wrt=wrt).source(args=args)
    body = source.split(f"def {f.__name__}_grad")[-1]
    assert not [h for h in GENERIC_HELPERS if h in body], body


@pytest.mark.parametrize("case", CASES)
def test_gradients_match_finite_differences_in_both_modes(case):
    f, args, wrt = CASES[case]
    assert check_grad(f, *args, wrt=wrt).ok
    rng = np.random.default_rng(0)
    tangents = [rng.standard_normal(np.shape(a)) if i in wrt else None for i, a in enumerate(args)]
    _, derivative = transpiler.jvp(f, args, tangents)
    gradient = transpiler.grad(f, wrt=wrt)(*args)
    np.testing.assert_allclose(derivative, sum(np.sum(g * tangents[i]) for g, i in zip(gradient, wrt)), rtol=1e-9)


def test_a_one_operand_einsum_is_a_view_the_gradient_never_writes_into():
    """``np.einsum('ii->i', a)`` is a view of ``a``'s diagonal: with its shape known, the
    in-place pass must still not take its memory (it would write into ``a``)."""
    a = np.random.default_rng(1).standard_normal((3, 3)) / 3
    before = a.copy()
    gradient = transpiler.grad(diagonal_cubed)(a)
    np.testing.assert_array_equal(a, before)
    assert check_grad(diagonal_cubed, a).ok
    np.testing.assert_allclose(np.diag(gradient), 3 * np.diag(a) ** 2 + np.diag(4 * np.trace(a @ a) * a.T))


def test_pieces_of_known_shapes_join_their_adjoints_without_the_split_array():
    """The adjoint of ``np.split`` with pieces of known shapes is ``np.concatenate`` of theirs,
    which reads no value of the split array (``unsplit`` took it for its shape: a GRU's reverse
    loop recomputed ``xs[t] @ Wx + b`` from a tape for that alone)."""
    def gru_like(W, b, xs):
        h = np.zeros((xs.shape[1], W.shape[1] // 2))
        for t in range(xs.shape[0]):
            z, n = np.split(xs[t] @ W + b, 2, axis=1)
            h = z * h + np.tanh(n)
        return np.sum(h ** 2)

    args = (RNG.standard_normal((3, 8)), RNG.standard_normal(8), RNG.standard_normal((4, 2, 3)))
    source = transpiler.grad(gru_like, wrt=(0, 1)).source(args=args)
    assert "unsplit" not in source and "np.concatenate(" in source
    assert check_grad(gru_like, *args, wrt=(0, 1)).ok
