"""``np.where(condition)`` with one argument is ``np.nonzero(condition)``: the indices of the true
elements (no derivative), used to gather, in both modes."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

X = np.array([0.3, 1.2, -0.7, 2.0])


def gathers_the_positive_and_the_negative(x):
    idx = np.where(x > 0)
    return x[idx].sum() + x[np.where(x < 0)[0]].prod() ** 2


def gathers_rows_and_columns(x):
    rows, cols = np.where(np.outer(x, x) > 1.0)
    return np.sum(np.outer(x, x)[rows, cols] ** 2)


@pytest.mark.parametrize("f", [gathers_the_positive_and_the_negative, gathers_rows_and_columns])
def test_where_of_one_condition_gathers_in_both_modes(f):
    report = check_grad(f, X)
    assert report.ok, report
    _, slope = transpiler.jvp(f, (X,), (np.ones(4),))
    assert slope == pytest.approx(np.sum(transpiler.grad(f)(X)), rel=1e-10)
