"""``np.linalg.norm(x, axis=k)`` of an array of known shape: its adjoint is each row's adjoint over
its norm spread over the row, ``(g / safe_y)[:, None] * x``, in the code a call runs (primitives/
reductions.py ``_norm_along_one_axis``), not the general helper ``norm_adjoint``; a zero row's
gradient is zero, as the helper's. Against central differences, first and second order."""
import numpy as np
import pytest
from array_check import check_gradient, hessian_by_differences, rng

import transpiler

X = rng(31).normal(size=(6, 3))
CUBE = rng(32).normal(size=(3, 4, 2))


def spring_chain(x):
    d = x[1:] - x[:-1]
    lengths = np.linalg.norm(d, axis=1)
    return np.sum((lengths - 1.0) ** 2)


def column_norms(x):
    return np.sum(np.sin(np.linalg.norm(x, axis=0)))


def last_axis_of_a_cube(x):
    return np.sum(np.linalg.norm(x, ord=2, axis=-1) ** 3)


def middle_axis_of_a_cube(x):
    return np.sum(np.log(np.linalg.norm(x, axis=1)))


def kept_axis(x):
    return np.sum(np.linalg.norm(x, axis=1, keepdims=True) * x)


def cosine_to_targets(x):
    """rp1's probe P11: rows made unit by ``x / np.linalg.norm(x, axis=1, keepdims=True)``."""
    return -np.sum(x / np.linalg.norm(x, axis=1, keepdims=True) * np.arange(3.0))


CASES = [(spring_chain, X), (column_norms, X), (last_axis_of_a_cube, CUBE), (middle_axis_of_a_cube, CUBE),
         (kept_axis, X), (cosine_to_targets, X)]


@pytest.mark.parametrize("f, x", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_norm_along_an_axis_matches_finite_differences(f, x):
    check_gradient(f, (x,))


@pytest.mark.parametrize("f, x", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_norm_along_one_axis_is_differentiated_without_the_general_helper(f, x):
    assert "norm_adjoint(" not in transpiler.grad(f).source(args=(x,))


def test_keepdims_divides_the_kept_adjoint_without_spreading_it():
    code = transpiler.grad(cosine_to_targets).source(args=(X,))
    assert "np.where(_t" in code and "[:, None]" not in code.split("# reverse sweep")[-1]


def test_a_zero_row_kept_has_a_zero_gradient():
    x = X.copy()
    x[2] = 0.0
    got = transpiler.grad(kept_axis)(x)
    np.testing.assert_array_equal(got[2], np.zeros(3))     # |x| * sum(x) is O(|x|^2) at a zero row
    r, total = np.linalg.norm(x, axis=1, keepdims=True), x.sum(axis=1, keepdims=True)
    expected = total * x / np.where(r == 0, 1.0, r) + r           # d(r * sum(x)) = sum(x) x / r + r
    np.testing.assert_allclose(got, expected, rtol=1e-13)


def test_a_zero_row_has_a_zero_gradient():
    x = X.copy()
    x[3] = x[2]         # d[2] = 0: a spring of length zero
    got = transpiler.grad(spring_chain)(x)
    assert np.all(np.isfinite(got))
    d = x[1:] - x[:-1]
    lengths = np.linalg.norm(d, axis=1)
    share = (2 * (lengths - 1.0) / np.where(lengths == 0, 1.0, lengths))[:, None] * d
    expected = np.zeros_like(x)
    expected[1:] += share
    expected[:-1] -= share
    np.testing.assert_allclose(got, expected, rtol=1e-13)


@pytest.mark.parametrize("f, x", [(spring_chain, X), (middle_axis_of_a_cube, CUBE), (cosine_to_targets, X)],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_hessian_through_a_norm_along_an_axis(f, x):
    np.testing.assert_allclose(transpiler.hessian(f)(x), hessian_by_differences(f, x), rtol=1e-5, atol=1e-6)
