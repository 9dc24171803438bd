"""Dicts built from other dicts, as Python builds them (frontend/dict_spreads.py): a copy of the
first dict, then each later key written and each later dict's entries. A differentiated value
stored under a key reaches its reads in both modes, and where the first dict is a parameter its
entries get their gradients too. (`dict(sat, rho=r)` and `{**sat, "rho": r}` were refused; `sat
| {"rho": r}` on a parameter gave a zero derivative.)"""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip
from transpiler.errors import TranspileError

SAT = {"a": 1.5, "b": 0.3}
R = 0.7
DEFAULTS = {"a": 2.0, "b": -0.4}


def model(p):
    return p["a"] * p["rho"] ** 2 + np.sin(p["b"])


def display_spread(r, sat):
    return model({**sat, "rho": r})


def dict_call_with_keyword(r, sat):
    return model(dict(sat, rho=r))


def dict_call_spread(r, sat):
    return model(dict(**sat, rho=r))


def union_operator(r, sat):
    return model(sat | {"rho": r})


def augmented_union(r, sat):
    d = dict(sat)
    d |= {"rho": r}
    return model(d)


def key_replaced_in_place(r, sat):
    q = {**sat, "rho": 1.0, "a": r * 3.0}
    return model(q) + sum(q[k] * i for i, k in enumerate(q))     # the keys' order: a, b, rho


def parameter_spread_last(r, sat):
    q = {"rho": r, "b": 5.0, **sat}      # sat's "b" replaces 5.0; "rho" stays first
    return model(q) * list(q.values())[0]


def global_dict_spread(r, sat):
    return model({**DEFAULTS, **{"rho": r}, "b": sat["b"] * r})


def local_dicts_merged(r, sat):
    base = {"a": r, "b": 2.0}
    inner = {"x": r, "y": 2.0}
    q = {**base, "rho": sat["a"], "sub": {**inner, "y": r * 3}}
    return model(q) * q["sub"]["x"] * q["sub"]["y"]


def merged_in_a_loop(r, sat):
    s = 0.0
    for k in range(3):
        s = s + model({**sat, "rho": r * k})
    return s


CASES = [display_spread, dict_call_with_keyword, dict_call_spread, union_operator, augmented_union,
         key_replaced_in_place, parameter_spread_last, global_dict_spread, local_dicts_merged, merged_in_a_loop]


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_the_printed_ir_computes_the_functions_value(f):
    assert roundtrip.mismatch(f, (R, SAT)) is None


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_reverse_mode_matches_finite_differences_for_the_value_and_the_dict(f):
    report = transpiler.check_grad(f, R, SAT, wrt=(0, 1))
    assert report.ok, report


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_forward_mode_matches_finite_differences(f):
    value, derivative = transpiler.jvp(f, (R, SAT), (1.0, None))
    h = 1e-6
    assert value == pytest.approx(f(R, SAT), rel=1e-12)
    assert derivative == pytest.approx((f(R + h, SAT) - f(R - h, SAT)) / (2 * h), rel=1e-6)


def test_a_parameter_that_is_not_a_dict_raises_type_error():
    with pytest.raises(TypeError, match="copy of a dict"):
        transpiler.grad(display_spread)(R, [("a", 1.0)])


def test_union_of_arrays_is_still_numpys():
    def f(x, m):
        return np.sum(np.where(m | (x > 0), x ** 2, 0.0))
    x, m = np.array([0.5, -1.0, 2.0]), np.array([False, True, False])
    np.testing.assert_allclose(transpiler.grad(f)(x, m), np.where(m | (x > 0), 2 * x, 0.0))


def test_a_spread_of_a_value_not_known_to_be_a_dict_is_refused_located():
    def f(r):
        items = [("a", 1.0)]
        return model({**items, "rho": r})
    with pytest.raises(TranspileError, match=r"\*\*items"):
        transpiler.grad(f)(R)


def with_keyword_overrides(r, sat, **overrides):
    q = dict(sat, **overrides)
    return model({**q, "rho": r * q["a"]})


def test_a_spread_of_the_functions_own_keywords_is_one_write_per_keyword():
    """``dict(config, **overrides)`` (tests/realworld/config_dict_kwargs.py): the keywords are
    known while compiling, each written under its key (it crashed, reading them as a loop)."""
    assert transpiler.check_grad(with_keyword_overrides, R, SAT, wrt=(0, 1)).ok
    assert transpiler.check_grad(lambda r, sat: with_keyword_overrides(r, sat, a=r ** 2), R, SAT, wrt=(0, 1)).ok
    got = transpiler.grad(with_keyword_overrides)(R, SAT, b=1.0)
    h = 1e-6
    numeric = (with_keyword_overrides(R + h, SAT, b=1.0) - with_keyword_overrides(R - h, SAT, b=1.0)) / (2 * h)
    assert got == pytest.approx(numeric, rel=1e-7)
