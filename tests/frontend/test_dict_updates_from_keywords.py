"""``self.param.update(kwargs)`` in ``__init__`` (a dict attribute updated from the keywords
the call passed: a climate model's ``EBM(A=A, D=D)``, tests/realworld/energy_balance_climate.py)
and ``d.update(kwargs)`` / ``d.update(**kwargs)`` in a helper: one entry assignment per keyword
passed (frontend/dict_updates.py). They were refused ("calling `__init__`, which uses `**kwargs`
other than as `kwargs['key']` ..."; ``self.param.update(**kwargs)``: "may keep its argument")."""
import numpy as np
import pytest

import transpiler

PARAM = dict(A=2.0, B=0.5, C=-1.0)


class Model:
    def __init__(self, n=3, **kwargs):
        self.param = dict(PARAM)
        self.param.update(kwargs)
        self.param["n"] = n

    def energy(self, x):
        p = self.param
        return np.sum(p["A"] * x ** 2 + p["B"] * np.sin(x) + p["C"] * x) * p["n"]


class Spread(Model):
    def __init__(self, **kwargs):
        self.param = dict(PARAM)
        self.param.update(**kwargs)
        self.param.update(n=2)


def keywords_into_an_attribute(x):
    return Model(A=x[0], C=x[1] * x[2]).energy(x)


def no_keywords_passed(x):
    return Model(n=4).energy(x)


def keywords_spread_into_update(x):
    return Spread(B=np.exp(x[0])).energy(x)


def helper_updating_a_local_dict(x):
    def settings(**kw):
        p = dict(PARAM)
        p.update(kw)
        return p["A"] * p["B"] + p["C"]
    return settings(B=x[1], C=x[0] ** 2) * x[2]


CASES = [keywords_into_an_attribute, no_keywords_passed, keywords_spread_into_update, helper_updating_a_local_dict]
X = np.array([0.3, -0.7, 1.1])


@pytest.mark.parametrize("f", CASES)
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, X)
    assert report.ok, report


@pytest.mark.parametrize("f", CASES)
def test_forward_mode_matches_finite_differences(f):
    t = np.random.RandomState(1).randn(X.size)
    value, derivative = transpiler.jvp(f, (X,), (t,))
    h = 1e-6
    assert value == pytest.approx(f(X), rel=1e-12)
    assert derivative == pytest.approx((f(X + h * t) - f(X - h * t)) / (2 * h), rel=1e-6)


@pytest.mark.parametrize("f", CASES)
def test_hessian_matches_finite_differences_of_the_gradient(f):
    hessian = transpiler.hessian(f)(X)
    gradient, h = transpiler.grad(f), 1e-6
    columns = [(gradient(X + h * e) - gradient(X - h * e)) / (2 * h) for e in np.eye(X.size)]
    assert hessian == pytest.approx(np.array(columns).T, rel=1e-6, abs=1e-8)
