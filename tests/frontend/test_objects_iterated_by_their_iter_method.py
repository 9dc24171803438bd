"""``for b in obj`` (and a comprehension's ``for``) where ``obj`` is an object made in the function
whose class defines ``__iter__`` (frontend/operator_overloads.py ``iterated_object``): the loop
reads what Python's ``iter(obj)`` gives. ``return iter(self.blocks)`` iterates ``obj.blocks``; a
generator ``__iter__`` (``yield from``, a ``for`` of ``yield``) is iterated as the generator method
it is. Before, each was refused as "the object used as a value" (the corpus's reliability block
diagram, whose ``Series`` and ``Parallel`` blocks iterate over themselves). Both modes against
central differences, the object named or built in the loop's own header; an object
whose class has no ``__iter__`` stays refused, located."""
import math

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes


class Exponential:
    def __init__(self, rate):
        self.rate = rate

    def reliability(self, t):
        return math.exp(-self.rate * t)


class Series:
    """Holds its blocks in a tuple and iterates them with ``iter``."""

    def __init__(self, *blocks):
        self.blocks = blocks

    def __iter__(self):
        return iter(self.blocks)

    def reliability(self, t):
        return math.prod(b.reliability(t) for b in self)


class Parallel:
    """Holds its blocks in a list and iterates them with a generator."""

    def __init__(self, *blocks):
        self.blocks = list(blocks)

    def __iter__(self):
        yield from self.blocks

    def reliability(self, t):
        failing = 1.0
        for b in self:
            failing *= 1.0 - b.reliability(t)
        return 1.0 - failing


class Readings:
    def __init__(self, values):
        self.values = values

    def __iter__(self):
        for v in self.values:
            yield 2.0 * v


def station(rates):
    system = Series(Parallel(Exponential(rates[0]), Exponential(rates[1])), Exponential(rates[2]))
    return system.reliability(2.0)


def loop_in_the_function(x):
    readings = Readings([x[0], x[1] ** 2, x[2]])
    total = 0.0
    for r in readings:
        total += np.sin(r)
    return total


def comprehensions(x):
    blocks = Series(Exponential(x[0]), Exponential(x[1]))
    rates = [b.rate for b in blocks]
    return rates[0] * max(b.rate for b in blocks) + sum(r * r for r in Readings([x[2], x[0]]))


def expected_station(rates, t=2.0):
    r = [math.exp(-k * t) for k in rates]
    return (1.0 - (1.0 - r[0]) * (1.0 - r[1])) * r[2]


@pytest.mark.parametrize("f", [station, loop_in_the_function, comprehensions])
def test_an_object_iterated_by_its_iter_method_matches_finite_differences(f):
    assert_both_modes(f, np.array([0.3, 0.5, 0.05]))


def test_the_value_is_what_python_computes():
    x = np.array([0.3, 0.5, 0.05])
    assert transpiler.value_and_grad(station)(x)[0] == pytest.approx(expected_station(x), rel=1e-14)
    assert transpiler.value_and_grad(comprehensions)(x)[0] == pytest.approx(comprehensions(x), rel=1e-14)


class Holder:
    """Holds values but defines no ``__iter__``: iterating it is a TypeError in Python."""

    def __init__(self, values):
        self.values = values


def without_iter(x):
    holder = Holder([x[0], x[1]])
    return sum(v for v in holder)


def test_an_object_without_iter_stays_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match=r"the object `holder` \(a `Holder` made inside the function\)") \
            as error:
        transpiler.grad(without_iter)(np.array([1.0, 2.0]))
    assert "test_objects_iterated_by_their_iter_method.py:" in str(error.value)
