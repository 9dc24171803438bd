"""``values - x`` of a list and an array (frontend/containers.py): a list has no ``-``, so Python
asks the array, and NumPy subtracts elementwise (Sutton & Barto's random walk:
``np.power(stateValues - TRUE_VALUE[1: -1], 2)`` of a list comprehension). Both modes, against
finite differences; ``+`` stays concatenation for two lists, and is NumPy's sum for a list and an
array (``[1.0, 2.0] + x``: ``ndarray.__radd__``; it raised a TypeError from the generated code), ``*``
is repetition by an integer and NumPy's product with an array (``weights * w``: it was refused as
"`repeated` has no derivative"), and a list with a Python number is refused as Python refuses it."""
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


def list_plus_array(w):
    return np.sum(([1.0, 2.0, w[0] ** 2] + w) ** 2) + np.sum((w + [0.5, w[1], -1.0]) ** 3)


def nested_list_plus_matrix(w):
    return np.sum(np.tanh([[1.0], [w[2]]] + np.outer([1.0, 2.0], w)))


def lists_concatenated_then_summed_with_an_array(w):
    values = [w[0], 2.0] + [w[1] * w[2]]          # two lists: concatenation
    return np.sum((values + w) ** 2)              # a list and an array: NumPy's sum


def list_times_array(w):
    weights = [0.5, 1.5, 2.5]
    return np.sum(weights * w ** 2) + np.sum(w * [1.0, w[0], 3.0] * w)


def repetition_beside_products(w):
    out = [0.0] * len(w)                          # a repetition by a count known at run time
    for i in range(len(w)):
        out[i] = w[i] ** 2
    return sum(out) + np.sum(2 * [w[0], w[1]]) + np.sum([2.0, 1.0, 0.5] * np.tanh(w))


@pytest.mark.parametrize("f", [rms_of_comprehension, list_display_operators, in_a_loop, list_plus_array,
                               nested_list_plus_matrix, lists_concatenated_then_summed_with_an_array,
                               list_times_array, repetition_beside_products])
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

    def times_a_float(w):
        return np.sum(w * ([1.0, 2.0] * 2.0))
    with pytest.raises(TypeError):
        times_a_float(np.ones(2))
    with pytest.raises(UnsupportedSyntaxError, match="the constant 2.0"):
        transpiler.grad(times_a_float)(np.ones(2))


@pytest.mark.parametrize("f", [list_plus_array, nested_list_plus_matrix, lists_concatenated_then_summed_with_an_array,
                               list_times_array, repetition_beside_products])
def test_list_plus_array_has_numpys_value_and_second_derivatives(f):
    w = np.array([0.3, -0.8, 1.1])
    value, _ = transpiler.value_and_grad(f)(w)
    assert value == pytest.approx(f(w), rel=1e-12)
    g, h = transpiler.grad(f), 1e-6
    numeric = np.array([(g(w + h * e) - g(w - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(f)(w), numeric, rtol=1e-5, atol=1e-6)
