"""A helper's ``**kwargs`` spread into a dict display, ``p = {**DEFAULTS, **kwargs}`` (the usual
way to lay keyword overrides over defaults; tests/realworld/inventory_base_stock.py): the
keywords are known while lowering, so the display is the defaults' copy with one write per
keyword (frontend/dict_spreads.py). It was refused as a use of ``**kwargs`` other than by
constant key or ``f(**kwargs)`` (frontend/signatures.py)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip

DEFAULTS = {"scale": 2.0, "power": 3, "shift": 0.5}


def helper(x, **kwargs):
    p = {**DEFAULTS, **kwargs}
    return p["scale"] * x ** p["power"] + p["shift"]


def no_override(x):
    return helper(x)


def constant_override(x):
    return helper(x, power=2, shift=-1.0)


def differentiated_override(x):
    return helper(x, scale=np.sin(x))


def override_then_key(x):
    def inner(y, **kwargs):
        p = {**kwargs, "scale": y, **DEFAULTS}      # the defaults' scale replaces y
        return p["scale"] * y + p["extra"] * y ** 2
    return inner(x, extra=x)


CASES = [no_override, constant_override, differentiated_override, override_then_key]
X = 0.8


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


def test_another_use_of_the_keywords_is_a_dict_of_those_passed():
    # (refused before; frontend/signatures.py now makes the dict, as Python does)
    def counted(x, **kwargs):
        return x * len(kwargs) + kwargs["a"] * x ** 2
    assert transpiler.grad(lambda x: counted(x, a=1.5, b=2.0))(X) == pytest.approx(2.0 + 2 * 1.5 * X)
