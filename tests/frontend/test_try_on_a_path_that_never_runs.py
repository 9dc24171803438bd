"""A ``try`` statement the compiler cannot rewrite (its block holds a statement other than NumPy
or SciPy calls) is refused where the lowering reaches it, not when the function is read: on a
branch whose test is known false while compiling it never runs, and the function compiles
(PyPortfolioOpt's ``_parse_views`` under ``if absolute_views is not None:`` with no views given;
tests/realworld/pypfopt_black_litterman.py). Where the branch runs, the refusal is as before."""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip
from transpiler.errors import UnsupportedSyntaxError

TICKERS = ["a", "b", "c"]


def parse_views(x, views=None):
    if views is not None:
        q = np.zeros(len(views))
        for i, ticker in enumerate(views):
            try:
                q[i] = views[ticker] * TICKERS.index(ticker)
            except ValueError:
                raise ValueError("a view on an asset not in the universe")
        return np.sum(q * x[:len(views)])
    return np.sum(np.sin(x) * x)


def without_views(x):
    return parse_views(x) + parse_views(2.0 * x, views=None)


X = np.array([0.3, -1.2, 0.8])


def test_the_printed_ir_computes_the_functions_value():
    assert roundtrip.mismatch(without_views, (X,)) is None


def test_reverse_mode_matches_finite_differences():
    report = transpiler.check_grad(without_views, X)
    assert report.ok, report


def test_forward_mode_matches_finite_differences():
    t = np.array([1.0, -0.5, 2.0])
    value, derivative = transpiler.jvp(without_views, (X,), (t,))
    h = 1e-6
    assert value == pytest.approx(without_views(X), rel=1e-12)
    assert derivative == pytest.approx((without_views(X + h * t) - without_views(X - h * t)) / (2 * h), rel=1e-6)


def test_the_try_on_a_path_that_runs_is_refused_located():
    def with_views(x):
        return parse_views(x, views={"b": 0.5, "c": -0.2})
    with pytest.raises(UnsupportedSyntaxError, match=r"a `try` block with the statement `q\[i\] = ") as caught:
        transpiler.grad(with_views)(X)
    assert "test_try_on_a_path_that_never_runs.py:20" in str(caught.value)
