"""``"key" in kwargs`` and ``"key" not in kwargs`` of a helper's ``**kwargs``: the keywords a
call passes are known while lowering, so the test is a constant and the branch it guards is the
one Python takes (PyPortfolioOpt's ``if "market_caps" not in kwargs: raise ValueError(...)``;
tests/realworld/pypfopt_black_litterman.py). It was refused as a use of ``**kwargs`` other than
by constant key (frontend/signatures.py)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip


def helper(x, **kwargs):
    if "scale" not in kwargs:
        raise ValueError("pass scale=")
    s = kwargs.get("scale")
    shift = kwargs["shift"] * x if "shift" in kwargs else 0.0
    return s * x ** 2 + shift


def scale_only(x):
    return helper(x, scale=np.sin(x))


def scale_and_shift(x):
    return helper(x, scale=2.0, shift=np.exp(x))


CASES = [scale_only, scale_and_shift]
X = 0.7


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_the_printed_ir_computes_the_functions_value(f):
    assert roundtrip.mismatch(f, (X,)) is None


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, X)
    assert report.ok, report


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_forward_mode_matches_finite_differences(f):
    value, derivative = transpiler.jvp(f, (X,), (1.0,))
    h = 1e-6
    assert value == pytest.approx(f(X), rel=1e-12)
    assert derivative == pytest.approx((f(X + h) - f(X - h)) / (2 * h), rel=1e-6)


def test_a_missing_keyword_raises_as_python_does():
    with pytest.raises(ValueError, match="pass scale="):
        transpiler.grad(lambda x: helper(x, shift=1.0))(X)
