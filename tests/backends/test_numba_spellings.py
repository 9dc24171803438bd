"""The numba backend compiles what its nopython mode spells differently from NumPy: reductions
along an axis (backends/numba_reductions.py) and lists, tuples and dicts of parameters (taken
apart into their arrays, as for the NumPy backend: api/flat.py). Each gradient is checked
against the NumPy backend's and against finite differences."""
import numpy as np
import pytest

import transpiler

numba = pytest.importorskip("numba")
pytest.importorskip("scipy")            # numba's @ and np.dot need SciPy's BLAS

RNG = np.random.default_rng(3)
M = RNG.standard_normal((5, 4))
T = RNG.standard_normal((3, 4, 2))
V = RNG.standard_normal(6)


def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_loss(z):
    return np.sum(softmax(z) ** 2)


def softmax_methods_positional(z):
    e = np.exp(z - z.max(1)[:, None])
    return np.sum((e / e.sum(1)[:, None]) ** 2)


def logsumexp_rows(a):
    m = a.max(axis=1, keepdims=True)
    return np.sum(m[:, 0] + np.log(np.sum(np.exp(a - m), axis=1)))


def columns_max_min(a):
    return np.sum(a.max(axis=0) * np.min(a, 0)) + np.sum(np.amax(a, axis=-2) ** 2)


def middle_axis_of_three(t):
    return np.sum(np.max(t, axis=1) ** 2) + np.sum(t.min(axis=-1, keepdims=True) * t)


def vector_max_keepdims(v):
    return np.sum(v.max(axis=0, keepdims=True) * v) + np.max(v, axis=0)


def means(a):
    return np.sum(a.mean(axis=0) ** 2) + np.sum(np.mean(a, axis=1, keepdims=True) * a)


def softmax_in_a_loop(z):
    total = 0.0
    for k in range(3):
        total = total + np.sum(softmax(z * (k + 1.0)) * z)
    return total


REDUCTIONS = [
    (softmax_loss, M),
    (softmax_methods_positional, M),
    (logsumexp_rows, M),
    (columns_max_min, M),
    (middle_axis_of_three, T),
    (vector_max_keepdims, V),
    (means, M),
    (softmax_in_a_loop, M),
]


@pytest.mark.parametrize("f, x", REDUCTIONS, ids=[f.__name__ for f, _ in REDUCTIONS])
def test_numba_compiles_reductions_along_an_axis(f, x):
    got = transpiler.grad(f, backend="numba")(x)
    np.testing.assert_allclose(got, transpiler.grad(f)(x), rtol=1e-12, atol=1e-14)
    assert transpiler.check_grad(f, x).ok


def test_numba_max_along_an_axis_is_a_jitted_loop_of_the_generated_module():
    gradient = transpiler.grad(softmax_loss, backend="numba")
    gradient(M)
    source = gradient.compiled((M,)).source
    assert "def max_along(a, before, n, after):" in source
    assert "np.max(" not in source and "keepdims" not in source
    one_line = " ".join(source.split()).replace("(z. shape", "(z.shape")
    assert "max_along(z, z.shape[0], z.shape[1], 1).reshape((z.shape[0], 1))" in one_line


def test_numba_max_along_an_axis_propagates_nan_as_numpy_does():
    x = M.copy()
    x[1, 2] = np.nan
    got = transpiler.grad(logsumexp_rows, backend="numba")(x)
    want = transpiler.grad(logsumexp_rows)(x)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))


def test_a_user_name_max_along_does_not_collide_with_the_loop_function():
    def f(a):
        max_along = a.max(axis=1)
        return np.sum(max_along ** 2)
    np.testing.assert_allclose(transpiler.grad(f, backend="numba")(M), transpiler.grad(f)(M), rtol=1e-12)


# ------------------------------------------------------------------ containers of parameters
def mlp_pairs(params, X):
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W, b = params[-1]
    return np.mean((h @ W + b) ** 2)


def mlp_dict(p, X):
    h = np.tanh(X @ p["W0"] + p["b0"])
    return np.sum((h @ p["W1"] + p["b1"]) ** 2)


X = RNG.standard_normal((7, 3))
PAIRS = [(RNG.standard_normal((3, 4)), RNG.standard_normal(4)), (RNG.standard_normal((4, 4)), RNG.standard_normal(4)),
         (RNG.standard_normal((4, 1)), RNG.standard_normal(1))]
DICT = {"W0": PAIRS[0][0], "b0": PAIRS[0][1], "W1": PAIRS[2][0][:4], "b1": PAIRS[2][1]}


@pytest.mark.parametrize("f, params", [(mlp_pairs, PAIRS), (mlp_pairs, tuple(PAIRS)), (mlp_dict, DICT)],
                         ids=["list of pairs", "tuple of pairs", "dict"])
def test_numba_takes_lists_tuples_and_dicts_of_parameters_apart(f, params):
    got = transpiler.grad(f, backend="numba")(params, X)
    want = transpiler.grad(f)(params, X)
    assert type(got) is type(want)
    flat = lambda g: np.hstack([np.ravel(a) for a in transpiler.trees.leaves(g)])  # noqa: E731
    np.testing.assert_allclose(flat(got), flat(want), rtol=1e-12)
    assert transpiler.check_grad(f, params, X).ok
