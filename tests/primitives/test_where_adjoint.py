"""``np.where(c, a, b)``'s reverse rule selects the adjoint (primitives/elementwise.py:
``np.where(c, g, 0.0)`` for ``a``, ``np.where(c, 0.0, g)`` for ``b``), against central finite
differences: a condition known when the code is made (``np.ndim(x) == 2``, the partials' constant
1 and 0), a branch broadcast (its adjoint summed back), a number as a branch, float32, forward
mode and the Hessian."""
import numpy as np
import pytest
from array_check import check_gradient, hessian_by_differences, rng

import transpiler

M = rng(41).normal(size=(3, 4))
ROW = rng(42).normal(size=4)


def constant_condition(v):
    # SciPy's multivariate_normal composition spells its cov so: the condition a Python bool, the
    # branch not taken (v, broadcast) without a contribution, not a sum of the number 0.0
    cov = np.where(np.ndim(v) == 2, v, v * np.eye(4))
    return np.sum(np.sin(cov))


def broadcast_branch(x, row):
    return np.sum(np.where(x > 0, row, x ** 2) ** 2)


def number_branches(x):
    return np.sum(np.where(x > 0.1, 2.0, -1.0) * x + np.where(x < 0, x, 0.5))


CASES = [(constant_condition, (ROW,), (0,)), (broadcast_branch, (M, ROW), (0, 1)), (number_branches, (M,), (0,))]


@pytest.mark.parametrize("fn, args, wrt", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_gradient_matches_finite_differences(fn, args, wrt):
    check_gradient(fn, args, wrt)


@pytest.mark.parametrize("fn, args, wrt", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_forward_mode_agrees_with_reverse(fn, args, wrt):
    t = rng(43).normal(size=np.shape(args[0]))
    _, tangent = transpiler.jvp(fn, args, (t, *[np.zeros_like(a) for a in args[1:]]))
    assert tangent == pytest.approx(np.sum(transpiler.grad(fn)(*args) * t), rel=1e-10)


def test_hessian_of_a_broadcast_branch():
    def of_x(x):
        return broadcast_branch(x, ROW)
    np.testing.assert_allclose(transpiler.hessian(of_x)(M), hessian_by_differences(of_x, M), rtol=1e-5, atol=1e-6)


def test_float32_keeps_its_dtype():
    got = transpiler.grad(broadcast_branch, wrt=(0, 1))(M.astype(np.float32), ROW.astype(np.float32))
    assert all(g.dtype == np.float32 for g in got)
