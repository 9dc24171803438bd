"""``functools.cached_property`` of an object made in the function (frontend/property_setters.py
``property_read``): its function runs at the first read, and the value is stored as the attribute,
as Python stores it in the instance's ``__dict__`` (a later change to what it was computed from
does not change it). Before, the read was refused as a class attribute of an unknown kind. Both
modes against central differences; a first read on a path known only at run time (a branch, a
loop) is refused, located, naming the fix."""
import functools
import math
from dataclasses import dataclass

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes


class Pipe:
    def __init__(self, diameter, length):
        self.diameter, self.length = diameter, length

    @functools.cached_property
    def area(self):
        return math.pi * self.diameter ** 2 / 4.0

    @functools.cached_property
    def volume(self):
        return self.area * self.length          # (one cached property reading another)


@dataclass
class Tank:
    radius: float
    height: float

    @functools.cached_property
    def volume(self):
        return math.pi * self.radius ** 2 * self.height


def network(x):
    pipe = Pipe(x[0], x[1])
    first = pipe.area
    pipe.diameter = 2.0 * x[0]           # the cached area stays what it was
    tank = Tank(x[2], 3.0)
    return first * pipe.area + pipe.volume + np.sin(tank.volume) + tank.volume


def expected(x):
    area = math.pi * x[0] ** 2 / 4.0
    volume = math.pi * x[2] ** 2 * 3.0
    return area * area + area * x[1] + math.sin(volume) + volume


def test_a_cached_property_is_computed_once_and_stored_as_python_does():
    x = np.array([0.7, 2.0, 0.4])
    assert network(x) == pytest.approx(expected(x), rel=1e-14)      # (the yardstick is Python's caching)
    assert transpiler.value_and_grad(network)(x)[0] == pytest.approx(expected(x), rel=1e-14)
    assert_both_modes(network, x)


def read_first_in_a_branch(x):
    pipe = Pipe(x[0], x[1])
    total = 0.0
    if x[1] > 1.0:
        total = pipe.area * 2.0
    return total + pipe.area


def test_a_first_read_on_a_run_time_path_is_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match=r"first read of the cached_property `pipe.area` inside a "
                                                     r"branch or loop") as error:
        transpiler.grad(read_first_in_a_branch)(np.array([0.7, 2.0]))
    assert "test_cached_properties.py:" in str(error.value)
    assert "area = pipe.area" in str(error.value)
