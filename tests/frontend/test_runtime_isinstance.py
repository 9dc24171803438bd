"""``isinstance(other, Value)`` of a value known only at run time, ``Value`` a class whose
objects the function makes (frontend/runtime_isinstance.py): micrograd's ``__mul__`` given a
number from the argument (``wi * xi``). False while compiling, as Python finds it for the numbers
the code is given; an object of the class passed in from outside raises when the code runs,
located. Was refused ("cannot be told apart"). Both modes against central differences."""
import numpy as np
import pytest

import transpiler
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.7])


class Value:
    def __init__(self, data):
        self.data = data

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data)


def weighted_sum(x):
    total = Value(0.0)
    for k in range(3):
        total = total + Value(0.5 * (k + 1)) * x[k]        # x[k]: a number known only at run time
    return total.data * total.data


def from_a_list(x, items):
    return (Value(2.0) * items[0]).data * x[0]


def test_a_run_time_number_is_no_object_of_the_class():
    assert_both_modes(weighted_sum, X)


def test_an_object_passed_in_raises_when_it_runs():
    assert transpiler.grad(from_a_list)(X, [1.5])[0] == 3.0
    with pytest.raises(TypeError, match="made outside the function"):
        transpiler.grad(from_a_list)(X, [Value(1.5)])
