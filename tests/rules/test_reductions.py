"""Reductions: gradients against finite differences on several shapes, axes and keepdims."""
import numpy as np
import pytest
from array_check import check_gradient, rng

X = rng(1).normal(size=(3, 4))
W_ROWS = rng(2).normal(size=(3,))
W_COLS = rng(3).normal(size=(4,))


def sum_all(x):
    return np.sum(x)


def sum_axis0_weighted(x):
    return np.sum(np.sum(x, axis=0) * W_COLS)


def sum_method_axis1_keepdims(x):
    return np.sum(x.sum(axis=1, keepdims=True) * W_ROWS[:, None])


def mean_all(x):
    return np.mean(x * x)


def mean_axis_negative(x):
    return np.sum(np.mean(x, axis=-1) * W_ROWS)


CASES = {
    np.sum: [(sum_all, (X,), (0,)), (sum_all, (X.T,), (0,)), (sum_axis0_weighted, (X,), (0,)),
             (sum_method_axis1_keepdims, (X,), (0,))],
    np.mean: [(mean_all, (X,), (0,)), (mean_axis_negative, (X,), (0,))],
}


@pytest.mark.parametrize("key, case", [(k, c) for k, cs in CASES.items() for c in cs],
                         ids=lambda v: getattr(v, "__name__", None) or (v[0].__name__ if isinstance(v, tuple) else None))
def test_reduction_gradient_matches_finite_differences(key, case):
    fn, args, wrt = case
    check_gradient(fn, args, wrt)
