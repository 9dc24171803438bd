"""A reverse loop binds its carried values and temporaries again (popped from its tape,
recomputed): an adjoint still pending as an expression that reads one of those names is
given its own name before the loop, while the names hold the values it means."""
import numpy as np
import pytest

from transpiler import check_grad, grad


def reads_a_carried_value_after_its_loop(x):
    a = x[0]
    s = 0.0
    for i in range(3):
        s = s + np.sin(x[i] * s + x[i])
    return s * a


def reads_a_loop_temporary_name_after_its_loop(x):
    t = x[1] * 2.0
    s = 1.0
    for i in range(3):
        t = np.cos(s * x[i])
        s = s * t + x[i]
    return s * t + np.sum(x) * s


@pytest.mark.parametrize("f", [reads_a_carried_value_after_its_loop, reads_a_loop_temporary_name_after_its_loop])
def test_a_value_read_after_the_loop_keeps_its_final_value_in_the_adjoint(f):
    assert check_grad(f, np.array([0.3, 0.7, 0.2])).ok


def test_the_pending_adjoint_is_named_before_the_reverse_loop():
    source = grad(reads_a_carried_value_after_its_loop).source(args=(np.ones(3),))
    assert source.index("d_a = s") < source.index("for i in reversed")     # (s: a float the loop carries)
