"""A local or parameter named like a builtin (``sum = 0.0`` in a helper, ``max`` or ``len`` as an
accumulator, ``def f(x, max=2.0)``) is renamed in the generated code, whose own calls of ``sum``,
``max`` or ``range`` would otherwise read it (frontend/lowering.py ``BUILTIN_NAMES``): Holt-Winters'
``initial_trend`` crashed every transform with "'float' object is not callable" or an
UnboundLocalError, and so did a parameter ``max`` with a helper calling the builtin ``max``."""
import numpy as np

import transpiler

from sequence_checks import assert_both_modes


def initial_trend(series, slen):
    sum = 0.0
    for i in range(slen):
        sum += (series[i + slen] - series[i]) / slen
    return sum / slen


def helper_sum_then_builtin_sum(x):
    return initial_trend(x, 2) + sum([x[0], x[1] * x[2]])


def helpers_max_and_len_locals(x):
    def spread(v):
        max = np.max(v)
        len = np.min(v)
        return max - len
    return spread(x) * sum(x[i] for i in range(len(x)))


def own_local_named_range(x):
    range = np.max(x) - np.min(x)
    total = 0.0
    for v in x:
        total += v / range
    return total


X = np.array([0.3, -1.2, 0.8, 1.7])


def test_a_helpers_local_sum_leaves_the_builtin_sum_to_the_caller():
    assert_both_modes(helper_sum_then_builtin_sum, X.copy())


def test_locals_named_max_and_len_leave_the_builtins_to_the_code():
    assert_both_modes(helpers_max_and_len_locals, X.copy())


def test_a_local_named_range_leaves_the_loops_range_alone():
    assert_both_modes(own_local_named_range, X.copy())


def floor_at_half(v):
    return max(v, 0.5)


def parameters_named_max_and_min(x, max=2.0, *, min=-1.0):
    return np.sum(np.clip(x, min, max) ** 2) + floor_at_half(x[0])


def test_parameters_named_max_and_min_leave_a_helpers_max_the_builtin():
    x = np.array([0.3, 2.5, -3.0])
    assert_both_modes(lambda v: parameters_named_max_and_min(v, 3.0, min=-2.0), x)
    value, gradient = transpiler.value_and_grad(parameters_named_max_and_min)(x, max=3.0, min=-2.0)
    assert value == parameters_named_max_and_min(x, max=3.0, min=-2.0)
    np.testing.assert_allclose(gradient, [0.6, 5.0, 0.0])
