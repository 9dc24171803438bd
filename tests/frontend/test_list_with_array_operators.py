"""``values - x`` of a list and an array (frontend/containers.py): a list has no ``-``, so Python
asks the array, and NumPy subtracts elementwise (Sutton & Barto's random walk:
``np.power(stateValues - TRUE_VALUE[1: -1], 2)`` of a list comprehension). Both modes, against
finite differences; ``+`` stays concatenation for two lists, and a list with a Python number is
refused as Python refuses it."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

TARGET = np.array([0.5, -1.0, 2.0])


def rms_of_comprehension(w):
    values = [w[i] * w[i] for i in range(3)]
    return np.sqrt(np.mean(np.power(values - TARGET, 2)))


def list_display_operators(w):
    scores = []
    for i in range(3):
        scores.append(w[i] ** 3)
    return np.sum((scores - w) ** 2) + np.sum(w @ scores) + np.sum(w / (np.abs(scores) + 1.0))


def in_a_loop(w):
    total = 0.0
    for k in range(2):
        values = [w[j] * (k + 1) for j in range(3)]
        total = total + np.sum((values - TARGET) ** 2)
    return total


@pytest.mark.parametrize("f", [rms_of_comprehension, list_display_operators, in_a_loop])
def test_list_with_array_operator_matches_finite_differences(f):
    assert_both_modes(f, np.array([0.3, -0.8, 1.1]))


def test_list_with_a_python_number_is_refused_as_python_refuses_it():
    def f(w):
        values = [w[0], w[1]]
        return np.sum(values - 1.0)
    with pytest.raises(TypeError):
        f(np.ones(2))
    with pytest.raises(UnsupportedSyntaxError, match="the operator `-` on a list"):
        transpiler.grad(f)(np.ones(2))
