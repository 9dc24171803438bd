"""A local named like a builtin (``sum = 0.0`` in a helper, ``max`` or ``len`` as an accumulator)
is renamed in the generated code, whose own calls of ``sum``, ``len`` or ``range`` would otherwise
read the local (frontend/lowering.py ``RESERVED``): Holt-Winters' ``initial_trend`` crashed
every transform with "'float' object is not callable" or an UnboundLocalError."""
import numpy as np

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
