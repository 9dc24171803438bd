"""The ``reselected_branches`` rewrite (transpiler/rewrites/reselected_branches.py): a selection's
branch made by elementwise arithmetic from a selection on the same condition reads the branch that
one takes (``np.where(m, 2 * np.where(m, r, np.nan), 0.0)`` reads ``r``), so the forward sweep's
selection dies where only the adjoint read it (a NaN fill: values marked missing). Pinned: the code in several spellings, finite
differences, the same gradient as with the rewrite off, and what is left alone (another
reduction on the way; an inner branch of another shape; a finite fill, the "double where" that
keeps a logarithm's gradient from dividing by zero). Where the rewrite reads the inner
branch, NumPy may warn of values at places the outer selection does not take (``np.sin(inf)``);
the gradient is the same."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(17)
X = RNG.standard_normal((8, 5))
Y = RNG.standard_normal((8, 5))


def nan_filled(x, y):
    m = y > 0
    e = np.where(m, x - y, np.nan)
    return np.nansum(e ** 2)


def sines(x, y):
    m = y > 0
    e = np.where(m, x * y, np.nan)
    return np.nansum(np.sin(e) ** 2)


def false_branch(x, y):
    e = np.where(y > 0, np.nan, np.tanh(x))
    return 3.0 * np.nansum(e ** 3)


CASES = {"nan": nan_filled, "sines": sines, "false": false_branch}


def source(f, args, **options) -> str:
    return transpiler.grad(f, **options).compiled(args).source


@pytest.mark.parametrize("name", CASES)
def test_the_inner_selection_dies_and_the_gradient_matches_differences(name):
    f = CASES[name]
    on, off = source(f, (X, Y)), source(f, (X, Y), rewrites={"reselected_branches": False})
    assert on.count("np.where(") == off.count("np.where(") - 1, on
    assert check_grad(f, X, Y)


@pytest.mark.parametrize("name", CASES)
def test_switched_off_the_gradient_agrees(name):
    x = X.copy()
    x[1, 2] = np.inf                      # a value the selections do or do not take
    for args in ((X, Y), (x, Y)):
        with np.errstate(invalid="ignore"):
            on = transpiler.grad(CASES[name])(*args)
        off = transpiler.grad(CASES[name], rewrites={"reselected_branches": False})(*args)
        np.testing.assert_allclose(on, off, rtol=1e-12, atol=1e-14, equal_nan=True)


def summed_rows(x, y):
    e = np.where(y > 0, x * y, np.nan)
    return np.nansum(np.nansum(e, axis=1) ** 2)     # (a row's sum reads the entries not selected too)


def broadcast_branch(x, y):
    m = y > 0
    e = np.where(m, x[0], np.nan)           # the branch a row: the selection a full array
    return np.nansum(e ** 2)


def double_where(x, y):
    m = x > 0
    return np.sum(np.where(m, np.log(np.where(m, x, 1.0)), 0.0) * y)   # (log's adjoint: no 1 / 0)


@pytest.mark.parametrize("f", [summed_rows, broadcast_branch, double_where])
def test_left_alone_where_the_branch_is_not_the_selections_value(f):
    on, off = source(f, (X, Y)), source(f, (X, Y), rewrites={"reselected_branches": False})
    assert on == off
    with np.errstate(divide="raise", invalid="raise"):
        assert check_grad(f, np.abs(X) + 0.1 if f is double_where else X, Y)
