"""The numba backend compiles ``np.einsum`` and its adjoints as loops written for their subscripts
(backends/numba_einsum.py), and the layer norm around N16's attention: a mean of an expression
and a sum over a tuple of axes (numba_reductions.py). Each gradient is checked against the NumPy
backend's and against finite differences."""
import numpy as np
import pytest

import transpiler

numba = pytest.importorskip("numba")
pytest.importorskip("scipy")            # numba's @ and np.linalg need SciPy's BLAS

RNG = np.random.default_rng(21)
X3 = RNG.standard_normal((2, 3, 4))
W = RNG.standard_normal((4, 5))
A = RNG.standard_normal((4, 4))
B = RNG.standard_normal((4, 3))


def projected(W, X):
    return np.sum(np.tanh(np.einsum("btd,de->bte", X, W)) ** 2)


def attention_scores(X):
    S = np.einsum("bqd,bkd->bqk", X, X)
    return np.sum(np.exp(S - np.max(S, axis=-1, keepdims=True)))


def trace_and_implicit(A, B):
    return np.einsum("ii->", A) * 2.0 + np.sum(np.einsum("ij,jk", A, B) ** 2)


def row_sums(A):
    """The adjoint of a label only the operand has (``j``): broadcast along it."""
    return np.sum(np.einsum("ij->i", A) ** 2)


def three_operands(A, B, W):
    return np.sum(np.sin(np.einsum("ij,jk,il->kl", A, B, W)))


def four_operands(A, B, W, v):
    return np.sum(np.sin(np.einsum("ij,jk,kl,l->il", A, B, W, v, optimize=True)))


def five_repeated(A):
    return np.einsum("ij,jk,kl,lm,mi->", A, A, A, A, A)


def layer_norm(X, gamma):
    mu = np.mean(X, axis=-1, keepdims=True)
    var = np.mean((X - mu) ** 2, axis=-1, keepdims=True)
    return np.sum(((X - mu) / np.sqrt(var + 1e-5) * gamma) ** 2)


CASES = [
    (projected, (W, X3), (0, 1)),
    (attention_scores, (X3,), 0),
    (trace_and_implicit, (A, B), (0, 1)),
    (row_sums, (B,), 0),
    (three_operands, (A, B, W), (0, 1, 2)),
    (four_operands, (A, B, B.T, RNG.standard_normal(4)), (0, 1, 2, 3)),
    (five_repeated, (A * 0.5,), 0),
    (layer_norm, (X3, RNG.standard_normal(4)), (0, 1)),
]


@pytest.mark.parametrize("f, args, wrt", CASES, ids=[f.__name__ for f, _, _ in CASES])
def test_numba_einsum_gradient_equals_numpys_and_finite_differences(f, args, wrt):
    got = transpiler.grad(f, wrt=wrt, backend="numba")(*args)
    want = transpiler.grad(f, wrt=wrt)(*args)
    for g, w in zip(*(transpiler.trees.leaves(v) for v in (got, want))):
        assert np.asarray(g).dtype == np.asarray(w).dtype
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)
    assert transpiler.check_grad(f, *args, wrt=wrt).ok


def test_einsum_is_a_loop_function_of_the_module_and_its_adjoints_too():
    source = transpiler.grad(projected, wrt=(0, 1), backend="numba").source(args=(W, X3))
    gradient = source[source.index("def projected_grad"):]
    assert "np.einsum(" not in gradient and "einsum_adjoint" not in source
    assert "def einsum_loops(x0, x1):" in source and "def einsum_loops_1(x0, x1, like):" in source


def test_four_operands_and_their_adjoints_are_loop_functions():
    args = (A, B, B.T, RNG.standard_normal(4))
    source = transpiler.grad(four_operands, wrt=(0, 1, 2, 3), backend="numba").source(args=args)
    assert "np.einsum(" not in source[source.index("def four_operands_grad"):] and "einsum_adjoint" not in source
    assert "def einsum_loops(x0, x1, x2, x3):" in source


def test_a_label_numpy_broadcasts_from_size_one_is_an_error_not_a_value():
    """NumPy's einsum stretches a label of size 1; the loops do not, and say so."""
    def stretched(a, b):
        return np.sum(np.einsum("ij,jk->ik", a, b))
    with pytest.raises(ValueError, match="numba's loops do not broadcast"):
        transpiler.grad(stretched, backend="numba")(np.ones((2, 1)), np.ones((3, 4)))
