"""The numba backend compiles the NumPy calls its nopython mode takes in fewer forms than NumPy
(backends/numba_calls.py: vdot of matrices and strided views, roll with axis=None and its
adjoint, expand_dims of a number, concatenate of a list) and reductions numba has no axis for
(backends/numba_reductions.py: var along an axis, max of an expression). Each gradient is
checked against the NumPy backend's and against finite differences."""
import numpy as np
import pytest

import transpiler

numba = pytest.importorskip("numba")
pytest.importorskip("scipy")            # numba's @, np.dot, vdot and np.linalg need SciPy's BLAS

RNG = np.random.default_rng(17)
M = RNG.standard_normal((5, 4))
IMG = RNG.standard_normal((6, 6))
K3 = RNG.standard_normal((3, 3))


def correlate_slices(kernel, img):
    """The natural suite's N9: a sum of products of a kernel's entries with shifted slices."""
    out = np.zeros((4, 4))
    for i in range(3):
        for j in range(3):
            out = out + kernel[i, j] * img[i:i + 4, j:j + 4]
    return np.sum((out - 1.0) ** 2)


def vdot_of_a_matrix(a):
    return np.vdot(a, np.tanh(a))


def heat_steps(u0, alpha):
    """N28: the periodic heat equation by np.roll (the adjoint rolls back)."""
    u = u0
    for _ in range(5):
        u = u + alpha * (np.roll(u, 1) - 2 * u + np.roll(u, -1))
    return np.sum(u ** 2)


def log_determinant(A):
    """N17's slogdet: its adjoint scales the inverse by ``np.expand_dims(c, (-2, -1))``."""
    sign, logdet = np.linalg.slogdet(A @ A.T + np.eye(5))
    return 3.0 * logdet


def concatenated_list(x, y):
    return np.sum(np.tanh(np.concatenate([x, y])) ** 2)


def concatenated_by_name(W, x, y):
    """N23's spelling: the state and the input joined by a list bound to a name."""
    hx = [x, y]
    h = np.tanh(np.concatenate(hx, axis=1) @ W)
    return np.sum(h ** 2)


def variances(a):
    return np.sum(np.var(a, axis=0) * a[0]) + np.sum(a.var(axis=1, keepdims=True) * a)


def soft_minimum(a):
    """N27's spelling: scipy.special.logsumexp along an axis, keeping it. Its shift is the
    maximum of an expression (``np.real(a)``) folded into the call: a function of its own."""
    from scipy.special import logsumexp
    return -np.sum(logsumexp(-2.0 * a, axis=1, keepdims=True)) + np.sum(np.min(a - 1.0, axis=0) ** 2)


CASES = [
    (correlate_slices, (K3, IMG), (0, 1)),
    (vdot_of_a_matrix, (M,), 0),
    (heat_steps, (RNG.standard_normal(7), 0.2), (0, 1)),
    (log_determinant, (M,), 0),
    (concatenated_list, (RNG.standard_normal(3), RNG.standard_normal(4)), (0, 1)),
    (concatenated_by_name, (RNG.standard_normal((7, 3)), RNG.standard_normal((2, 3)), RNG.standard_normal((2, 4))), 0),
    (variances, (M,), 0),
    (soft_minimum, (M,), 0),
]


@pytest.mark.parametrize("f, args, wrt", CASES, ids=[f.__name__ for f, _, _ in CASES])
def test_numba_gradient_of_respelled_calls_equals_numpys_and_finite_differences(f, args, wrt):
    got = transpiler.grad(f, wrt=wrt, backend="numba")(*args)
    want = transpiler.grad(f, wrt=wrt)(*args)
    for g, w in zip(*(transpiler.trees.leaves(v) for v in (got, want))):
        assert np.asarray(g).dtype == np.asarray(w).dtype
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)
    assert transpiler.check_grad(f, *args, wrt=wrt).ok


def test_vdot_of_strided_slices_is_flattened_in_a_function_of_the_module():
    source = transpiler.grad(correlate_slices, wrt=(0, 1), backend="numba").source(args=(K3, IMG))
    assert "def vdot_flat(a, b):" in source and "vdot_flat(d_out_2, _t" in source


def test_the_adjoint_of_roll_is_a_roll_back_not_the_runtime_helper():
    source = transpiler.grad(heat_steps, wrt=(0, 1), backend="numba").source(args=(np.ones(7), 0.2))
    assert "unroll" not in source and "np.roll(d_" in source


def test_the_maximum_of_an_expression_is_taken_in_a_function_naming_it_once():
    source = transpiler.grad(soft_minimum, backend="numba").source(args=(M,))
    assert "def max_along_axis(a):" in source and "np.max(" not in source


def test_a_list_changed_in_place_is_not_taken_for_its_display():
    """``parts.append`` after ``parts = [x]``: its items are not the display's, and the call is
    left as written (numba refuses it rather than concatenating one array)."""
    def appended(x, y):
        parts = [x]
        parts.append(y)
        return np.sum(np.concatenate(parts) ** 2)
    with pytest.raises(transpiler.TranspileError, match="numba cannot compile"):
        transpiler.grad(appended, wrt=(0, 1), backend="numba")(np.ones(2), np.ones(3))


def test_variance_along_an_axis_of_integers_is_a_float():
    """The loop's output takes NumPy's dtype for a variance: float64 of integers, not int64."""
    counts = np.array([[1, 2], [4, 8], [0, 3]])

    def weighted_variance(w, k):
        return np.sum(w * np.var(k, axis=0))
    got = transpiler.grad(weighted_variance, backend="numba")(np.ones(2), counts)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, np.var(counts, axis=0), rtol=1e-12)
