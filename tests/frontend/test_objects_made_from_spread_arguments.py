"""``Linear(*pair)``, ``Linear(**opts)``, ``Point(*xy)`` of a dataclass or NamedTuple: a class made
in the function from spread arguments, whose elements lowering knows (a tuple display, a list
display, a dict display), is made from them one by one. The constructor was given the starred
expression as one argument (``missing a required argument: 'b'``) or run as an opaque call whose
object could not be called. Both modes against central differences."""
import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import transpiler

X = np.array([0.3, -1.2, 2.1, 0.7])


class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def __call__(self, x):
        return np.tanh(self.W * x + self.b)


@dataclasses.dataclass
class Pair:
    a: float
    b: float


class Point(NamedTuple):
    x: float
    y: float


def from_a_tuple(x):
    pair = (x[0], x[1])
    layer = Linear(*pair)
    return layer(x[2])


def from_a_list_display(x):
    return Linear(*[x[0], x[1]])(0.5) * x[3]


def from_keywords(x):
    opts = {"W": x[0], "b": x[1]}
    return Linear(**opts)(x[2])


def records_from_spread_tuples(x):
    p = Pair(*(x[0], x[1]))
    q = Point(*(x[2], x[3]))
    return p.a * p.b + q.x ** 2 * q.y


def from_an_array(x):
    """(An array of a length known only when it runs: as many elements as ``__init__`` takes after
    ``self``, checked then; tests/realworld/j2_radial_return.py's ``J2Material(*params)``.)"""
    w = x[:2] * 2.0
    p = Pair(*w)
    return Linear(*w)(x[2]) + p.a * p.b * x[3]


CASES = [from_a_tuple, from_a_list_display, from_keywords, records_from_spread_tuples, from_an_array]


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_objects_made_from_spread_arguments_match_finite_differences(f):
    expected = central_differences(f, X)
    value, gradient = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X))
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-8)
    direction = np.array([1.0, 0.5, -1.0, 2.0])
    assert transpiler.jvp(f, (X,), (direction,))[1] == pytest.approx(expected @ direction, rel=1e-6)


class WithDefaults:
    def __init__(self, W, b=0.0):
        self.W, self.b = W, b


def test_a_class_whose_init_has_defaults_takes_every_parameter_from_the_spread():
    # (refused while lowering before: the spread's length decides which defaults Python uses)
    def f(x):
        obj = WithDefaults(*x)
        return obj.W * obj.b

    np.testing.assert_allclose(transpiler.grad(f)(X[:2]), [X[1], X[0]])
    with pytest.raises(transpiler.errors.UnsupportedSyntaxError, match=r"`WithDefaults\(\*x\)` spreads 1 elements"):
        transpiler.grad(f)(X[:1])


def test_an_array_of_the_wrong_length_is_a_located_error_when_it_runs():
    def f(x):
        return Linear(*x)(1.0)

    with pytest.raises(TypeError, match=r"`Linear\(\*x\)` takes 2 positional arguments from the spread, but 3 were given"):
        transpiler.grad(f)(X[:3])


@dataclasses.dataclass
class Soil:
    a: float
    b: float
    c: float = 1.0

    def k(self, h):
        return self.a * h ** 2 + self.b * h + self.c


def every_field_from_an_array(p):
    return np.sum(Soil(*p).k(np.ones(3) * p[0]))


def fewer_fields_sliced(p):
    return np.sum(Soil(*p[:2]).k(np.ones(3) * p[0]))


@pytest.mark.parametrize("f", [every_field_from_an_array, fewer_fields_sliced])
def test_a_class_with_defaults_made_from_an_array_spread(f):
    # (the spread gives every positional field, checked when it runs; it was refused while lowering)
    p = np.array([0.5, 1.5, 2.0])
    value, gradient = transpiler.value_and_grad(f)(p)
    assert value == pytest.approx(f(p), rel=1e-12)
    np.testing.assert_allclose(gradient, central_differences(f, p), rtol=1e-6, atol=1e-8)
    assert transpiler.jvp(f, (p,), (np.ones(3),))[1] == pytest.approx(central_differences(f, p).sum(), rel=1e-6)


def test_a_shorter_spread_into_a_class_with_defaults_is_refused_saying_what_to_write():
    with pytest.raises(transpiler.errors.UnsupportedSyntaxError, match=r"test_objects_made_from_spread_arguments.py:\d+:\d+: "
                                                      r"`Soil\(\*p\)` spreads 2 elements") as refusal:
        transpiler.grad(every_field_from_an_array)(np.array([0.5, 1.5]))
    assert "Cls(*p[:2])" in refusal.value.hint
