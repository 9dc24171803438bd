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


def sum_of_an_expression_in_a_loop(x):
    s = 0.0
    for k in range(3):
        s = s + np.sum(np.tanh(x * 0.5 + k) * 2.0)
    return s


def test_the_adjoint_of_a_sum_of_an_expression_compiles():
    """``np.sum(e)``'s adjoint ``unreduce(d_s, _t3 * 2.0, None, False)``, its array an expression
    the printer folded into the call: ``np.broadcast_to(d_s, (_t3 * 2.0).shape)`` (numba cannot
    compile the runtime helper, and its spelling took only a name)."""
    grad = transpiler.grad(sum_of_an_expression_in_a_loop, backend="numba")
    assert "unreduce(" not in grad.source(args=(V,))
    np.testing.assert_allclose(grad(V), transpiler.grad(sum_of_an_expression_in_a_loop)(V), rtol=1e-12)


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


# ------------------------------------------------------------------ float32: NumPy's dtypes
def mlp32(W1, b1, W2, X):
    h = np.tanh(X @ W1 + b1)
    return np.mean((h @ W2 - 0.5) ** 2)


def scaled_softmax32(z, w):
    return np.sum(softmax(2 * z) * w) + 0.1 * np.sum(z ** 2)


def float32_times_a_python_float(x, c):
    return np.sum((x * c) ** 2)


def float32_times_integers(x, n):
    return np.sum(x * (n * 2) + 3)


def mlp32_biased(W1, b1, W2, b2, X, y):
    """The benchmarks' N7 spelling: biases on both layers, a target."""
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    return np.mean((out - y) ** 2)


def loop32(x, w):
    s = 0.0
    for k in range(3):
        h = np.tanh(x * 0.5 + w[k])
        s = s + np.sum(h * h * 2.0)
    return s


def transposed_product32(W, x):
    return np.sum(np.tanh(W.T @ x) * 0.5)


def element_reads32(x):
    t = 0.0
    for i in range(x.shape[0]):
        t = t + x[i] * 0.5 * x[i]
    return t + np.sum(np.tanh(x[1:] - x[:-1]) * 3)


def reshaped32(x, w):
    return np.sum(np.tanh(x.reshape(2, 3) * 0.5 - 1) ** 2) + np.sum(x[:, np.newaxis] * 2.0 * x) * w


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def helper32(W, x):
    return np.sum(_sigmoid(W @ x) * 0.5)


W32 = RNG.standard_normal((4, 3)).astype(np.float32)


def closure_constant32(x):
    return np.sum(np.tanh(W32 @ x) * 0.5 - 1)


_half_square = lambda z: 0.5 * z * z  # noqa: E731


def lambda32(x):
    return np.sum(_half_square(np.tanh(x)))


def branch32(x):
    if np.sum(x) > 0:
        y = x * 0.5
    else:
        y = x * 2.0
    return np.sum(np.tanh(y) - 1)


def container32(p, X):
    h = np.tanh(X @ p[0] + p[1])
    return np.mean((h @ p[2] - 0.5) ** 2)


F32 = np.float32
MLP32_ARGS = (RNG.standard_normal((3, 5)).astype(F32), RNG.standard_normal(5).astype(F32),
              RNG.standard_normal((5, 1)).astype(F32), RNG.standard_normal((6, 3)).astype(F32))
FLOAT32 = [
    (mlp32, MLP32_ARGS, (0, 1, 2)),
    (scaled_softmax32, (M.astype(F32), RNG.standard_normal((5, 4)).astype(F32)), 0),
    (float32_times_a_python_float, (V.astype(F32), 1.5), 0),
    (float32_times_integers, (V.astype(F32), np.arange(6)), 0),
    (mlp32_biased, tuple(RNG.standard_normal(s).astype(F32) for s in [(3, 5), 5, (5, 1), 1, (6, 3), (6, 1)]),
     (0, 1, 2, 3)),
    (loop32, (V[:5].astype(F32), V[:3].astype(F32)), (0, 1)),
    (transposed_product32, (M.astype(F32), RNG.standard_normal(5).astype(F32)), (0, 1)),
    (element_reads32, (V.astype(F32),), 0),
    (reshaped32, (V.astype(F32), F32(0.7)), (0, 1)),
    (helper32, (M.astype(F32), RNG.standard_normal(4).astype(F32)), (0, 1)),
    (closure_constant32, (RNG.standard_normal(3).astype(F32),), 0),
    (lambda32, (V.astype(F32),), 0),
    (branch32, (V.astype(F32),), 0),
    (branch32, (-np.abs(V).astype(F32),), 0),
    (container32, ([a.astype(F32) for a in MLP32_ARGS[:3]], MLP32_ARGS[3]), 0),
]


@pytest.mark.parametrize("f, args, wrt", FLOAT32, ids=[f.__name__ for f, _, _ in FLOAT32])
def test_numba_float32_gradients_have_numpys_dtype_and_values(f, args, wrt):
    got = transpiler.grad(f, wrt=wrt, backend="numba")(*args)
    want = transpiler.grad(f, wrt=wrt)(*args)
    got, want = list(transpiler.trees.leaves(got)), list(transpiler.trees.leaves(want))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype == np.float32
        np.testing.assert_allclose(g, w, rtol=2e-5, atol=2e-6)


def test_numbers_next_to_float32_values_are_float32_in_the_numba_code():
    source = transpiler.grad(mlp32, wrt=(0, 1, 2), backend="numba").compiled(MLP32_ARGS).source
    assert "np.float32(1) - h * h" in source
    assert "np.float32(" not in transpiler.grad(mlp32, wrt=(0, 1, 2), backend="numba").compiled(
        tuple(a.astype(np.float64) for a in MLP32_ARGS)).source


@pytest.mark.parametrize("f, args, written", [
    (loop32, (V[:5].astype(F32), V[:3].astype(F32)), "np.float32(1) - h_1 * h_1"),   # a tape's pop
    (closure_constant32, (RNG.standard_normal(3).astype(F32),),      # (the scale on the 4-vector, before the
     "np.float32(0.5) * (np.float32(1) - _t2 * _t2)"),                # product: its smaller side)
    (transposed_product32, (M.astype(F32), RNG.standard_normal(5).astype(F32)), "np.float32(0.5) * (np.float32(1)"),
], ids=["pop", "free name", "transpose"])
def test_numbers_next_to_float32_views_pops_and_free_names_are_float32(f, args, written):
    assert written in transpiler.grad(f, wrt=tuple(range(len(args))), backend="numba").source(args=args)


def test_the_float32_numbers_are_a_pass_on_the_ir():
    """The numba backend's pass on the IR (after the general ones): its casts are parts of their
    readers' expressions, printed folded back."""
    grad = transpiler.grad(mlp32, wrt=(0, 1, 2), backend="numba")
    listing = grad.source(args=MLP32_ARGS, print_after="numba_float32")
    assert "= np.float32(1)\n" in listing and "np.float32(1) -" not in listing
    assert listing != grad.source(args=MLP32_ARGS, print_after="numba_float32:python")
