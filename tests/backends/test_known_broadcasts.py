"""The adjoint of a reduction along an axis, broadcast back without the ``unreduce`` helper
where the code a call runs knows the shapes (backends/known_broadcasts.py): a view that the
arithmetic reading it broadcasts, or ``np.broadcast_to`` with the shape written out."""
import numpy as np
import pytest
import scipy.special

import transpiler

RNG = np.random.default_rng(5)
A = RNG.standard_normal((6, 4))
T = RNG.standard_normal((3, 4, 2))


def logsumexp_rows(a):
    m = np.max(a, axis=1, keepdims=True)
    return np.sum(m[:, 0] + np.log(np.sum(np.exp(a - m), axis=1)))


def logsumexp_scipy(a):
    return np.sum(scipy.special.logsumexp(a, axis=1))


def column_means_squared(a):
    return np.sum(a.mean(axis=0) ** 2)


def row_sums_returned_shape(a):
    s = a.sum(-1)
    return np.sum(s * s)


def middle_axis(t):
    return np.sum(np.log(np.sum(np.exp(t), axis=1)))


def sums_multiplied_together(a):
    r = a.sum(axis=1)
    c = a.sum(axis=1)
    return np.sum(r * c)


def in_a_loop(a):
    total = 0.0
    for k in range(3):
        total = total + np.sum(np.log(np.sum(np.exp(a * k), axis=0)))
    return total


CASES = [(logsumexp_rows, A), (logsumexp_scipy, A), (column_means_squared, A), (row_sums_returned_shape, A),
         (middle_axis, T), (sums_multiplied_together, A), (in_a_loop, A)]


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_written_out_broadcast_gives_the_gradient(f, x):
    got = transpiler.grad(f)(x)
    assert got.shape == x.shape
    assert transpiler.check_grad(f, x).ok
    want = transpiler.grad(f, rewrites=False)(x)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("f, x", CASES[:5], ids=[f.__name__ for f, _ in CASES[:5]])
def test_code_a_call_runs_calls_no_unreduce_helper_where_shapes_are_known(f, x):
    source = transpiler.grad(f).compiled((x,)).source
    assert "unreduce" not in source


def test_a_broadcast_read_only_by_arithmetic_is_a_view():
    source = transpiler.grad(logsumexp_rows).compiled((A,)).source
    assert "[:, None]" in source and "np.broadcast_to" not in source


def test_the_gradient_as_returned_has_the_arguments_shape_and_is_writable():
    g = transpiler.grad(column_means_squared)(A)
    assert g.shape == A.shape
    g += 1.0                        # the caller owns it: not a read-only broadcast view


def test_forward_mode_and_hessian_agree_with_the_reverse_gradient():
    v = RNG.standard_normal(A.shape)
    _, tangent = transpiler.jvp(logsumexp_rows, (A,), (v,))
    assert tangent == pytest.approx(np.sum(transpiler.grad(logsumexp_rows)(A) * v), rel=1e-10)
    hv = transpiler.hvp(logsumexp_rows, A, v)
    step = 1e-5
    fd = (transpiler.grad(logsumexp_rows)(A + step * v) - transpiler.grad(logsumexp_rows)(A - step * v)) / (2 * step)
    np.testing.assert_allclose(hv, fd, rtol=1e-5, atol=1e-7)


def test_float32_keeps_its_dtype():
    a = A.astype(np.float32)
    got = transpiler.grad(logsumexp_rows)(a)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, transpiler.grad(logsumexp_rows)(A), rtol=1e-5)
