"""``p._replace(b=v)`` of a NamedTuple and ``dataclasses.replace(d, b=v)`` of a dataclass, made in
the function or passed in (with methods: its class then known), in loops and helpers, both
modes and second order, against finite differences (frontend/replacing.py)."""
import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad


class Params(NamedTuple):
    w: np.ndarray
    b: float

    def energy(self):
        return np.sum(self.w ** 2) * self.b


@dataclasses.dataclass
class State:
    w: np.ndarray
    b: float

    def energy(self):
        return np.sum(self.w ** 2) * self.b


def replaced_namedtuple_made_here(x):
    p = Params(x, 2.0)
    q = p._replace(b=p.b * x[0])
    return np.sum(q.w * q.b) + p.b


def replaced_dataclass_made_here(x):
    s = State(x, 2.0)
    t = dataclasses.replace(s, b=s.b * x[0], w=np.sin(s.w))
    return np.sum(t.w * t.b) + s.b


def replaced_in_a_loop(x):
    p = Params(x, 1.0)
    for k in range(3):
        p = p._replace(w=p.w * 0.5 + k, b=p.b + np.sum(p.w))
    return p.energy()


def _step(s, lr):
    return dataclasses.replace(s, w=s.w - lr * s.w ** 3)


def replaced_in_a_helper(x):
    s = State(x, 1.5)
    return _step(_step(s, 0.1), 0.2).energy()


@pytest.mark.parametrize("f", [replaced_namedtuple_made_here, replaced_dataclass_made_here, replaced_in_a_loop,
                               replaced_in_a_helper])
def test_a_record_with_fields_replaced_is_differentiated_field_by_field(f):
    x = np.array([0.7, -0.4, 1.1])
    assert check_grad(f, x)
    t = np.array([1.0, 0.5, -2.0])
    value, tangent = transpiler.jvp(f, (x,), (t,))
    assert value == pytest.approx(f(x))
    assert tangent == pytest.approx(transpiler.grad(f)(x) @ t)
    np.testing.assert_allclose(transpiler.hessian(f)(x), transpiler.hessian(f)(x).T, atol=1e-10)


def namedtuple_parameter(p):
    q = p._replace(w=p.w * 2)
    return q.energy() + q.b


def dataclass_parameter(p):
    q = dataclasses.replace(p, w=p.w * 2)
    return q.energy() + q.b


@pytest.mark.parametrize("f, cls", [(namedtuple_parameter, Params), (dataclass_parameter, State)])
def test_a_parameter_with_fields_replaced_has_a_gradient_of_its_class(f, cls):
    p = cls(np.arange(1.0, 4.0), 2.0)
    g = transpiler.grad(f)(p)
    assert isinstance(g, cls)
    np.testing.assert_allclose(g.w, 8 * p.w * p.b)          # d/dw of 4 |w|^2 b + b
    assert g.b == pytest.approx(4 * np.sum(p.w ** 2) + 1)
    value, tangent = transpiler.jvp(f, (p,), (cls(np.ones(3), 1.0),))
    assert value == pytest.approx(f(p))
    assert tangent == pytest.approx(np.sum(g.w) + g.b)


def test_replacing_a_field_the_class_does_not_have_is_refused_where_written():
    def f(x):
        return Params(x, 1.0)._replace(c=2.0).b
    with pytest.raises(transpiler.UnsupportedSyntaxError, match="no field of `Params`"):
        transpiler.grad(f)(np.ones(2))
