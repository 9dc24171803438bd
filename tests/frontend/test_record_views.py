"""A record's fields as a dict or a tuple (frontend/record_views.py): ``p._asdict()`` of a
NamedTuple, ``dataclasses.asdict(d)`` and ``dataclasses.astuple(d)`` of a dataclass, made in the
function (by name or inside the call, ``asdict(Layer(w, b))``) or passed in; each entry carries
its field's derivative, in both modes."""
import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.5, -1.0, 2.0])
DIRECTION = np.array([1.0, 0.5, -0.25])


class Params(NamedTuple):
    w: np.ndarray
    b: float


@dataclasses.dataclass
class Layer:
    w: np.ndarray
    b: float


def namedtuple_asdict(x):
    p = Params(np.sin(x), np.sum(x ** 2))
    d = p._asdict()
    return sum(np.sum(v) for v in d.values()) + np.sum(d["w"] * d["b"])


def dataclass_asdict(x):
    layer = Layer(x ** 2, 3.0)
    d = dataclasses.asdict(layer)
    return np.sum(d["w"] * d["b"])


def dataclass_astuple(x):
    layer = Layer(np.cos(x), np.sum(x))
    w, b = dataclasses.astuple(layer)
    return np.sum(w * b)


def fields_in_a_helper(p):
    return dataclasses.astuple(p)


def helper_in_a_loop(x):
    total = 0.0
    for k in range(3):
        w, b = fields_in_a_helper(Layer(x * k, float(k)))
        total = total + np.sum(w ** 2) * b
    return total


def made_in_the_call(x):
    # the record built inside the call (was refused: "the default value of `dict_factory` in `asdict`")
    d = dataclasses.asdict(Layer(x ** 2, 3.0))
    w, b = dataclasses.astuple(Layer(np.cos(x), np.sum(x)))
    p = Params(np.sin(x), 2.0)._asdict()
    return np.sum(d["w"] * d["b"]) + np.sum(w * b) + np.sum(p["w"]) * p["b"]


CASES = [namedtuple_asdict, dataclass_asdict, dataclass_astuple, helper_in_a_loop, made_in_the_call]


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_both_modes_match_finite_differences(f):
    report = transpiler.check_grad(f, X)
    assert report.ok, report
    value, derivative = transpiler.jvp(f, (X,), (DIRECTION,))
    h = 1e-6
    assert value == pytest.approx(f(X), rel=1e-12)
    assert derivative == pytest.approx((f(X + h * DIRECTION) - f(X - h * DIRECTION)) / (2 * h), rel=1e-5, abs=1e-8)


class Model(NamedTuple):
    w: np.ndarray
    b: float

    def scale(self):
        return self.b


def test_a_namedtuple_parameter_whose_class_the_call_tells_as_a_dict():
    def loss(p):
        d = p._asdict()
        return np.sum(d["w"] ** 2) * d["b"]
    p = Model(X, 1.5)
    gradient = transpiler.grad(loss)(p)
    np.testing.assert_allclose(gradient.w, 2 * X * 1.5)
    assert gradient.b == pytest.approx(np.sum(X ** 2))


def test_the_hessian_of_a_dataclass_as_a_dict():
    np.testing.assert_allclose(transpiler.hessian(dataclass_asdict)(X), 6.0 * np.eye(3))


def test_a_field_holding_a_record_is_refused_where_asdict_would_convert_it():
    @dataclasses.dataclass
    class Outer:
        inner: Layer
        scale: float

    def f(x):
        outer = Outer(Layer(x, 1.0), 2.0)
        d = dataclasses.asdict(outer)
        return np.sum(d["inner"]["w"]) * d["scale"]
    with pytest.raises(UnsupportedSyntaxError, match="field `inner` holds a record"):
        transpiler.grad(f)(X)
