"""A ``for j in range(...)`` loop's target after the loop, as Python has it: the last value of the
loop that ran last, an earlier loop's or binding's where a later loop ran no iteration, and
unbound (``UnboundLocalError`` on reading it) where no loop ran. A second loop rebinding the
target copies its value first, so that value must be copyable while it is still unbound (the
Levinson-Durbin recursion of tests/realworld/levinson_durbin_lpc.py: two inner loops over
``range(1, i)``, both empty on the first outer iteration)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip

X = np.array([0.5, -1.0, 2.0, 1.5, -0.3])
DIRECTION = np.array([1.0, 0.5, -0.25, 0.1, 2.0])


def two_inner_loops(x, n):
    s = 0.0
    for i in range(1, n):
        for j in range(1, i):
            s = s + x[j] * x[i - j]
        for j in range(1, i):
            s = s + np.sin(x[j])
    return s


def target_read_after_two_loops(x, n, m):
    s = 0.0
    for j in range(n):
        s = s + x[j] ** 2
    for j in range(m):
        s = s + np.cos(x[j])
    return s * j


def target_bound_before_the_loops(x, n, m):
    j = 4
    s = np.sum(x)
    for j in range(n):
        s = s * x[j]
    for j in range(m):
        s = s + x[j]
    return s * j


def inner_target_read_after_the_outer_loop(x, n, m):
    s = 0.0
    for i in range(n):
        for j in range(i):
            s = s + x[j] * x[i]
    for j in range(m):        # may run no iteration: `j` is then the inner loop's last value
        s = s + x[j]
    return s * j


CASES = [
    (two_inner_loops, (X, 4)),
    (two_inner_loops, (X, 1)),
    (target_read_after_two_loops, (X, 0, 3)),      # only the second loop runs
    (target_read_after_two_loops, (X, 2, 0)),      # only the first
    (target_read_after_two_loops, (X, 2, 3)),
    (target_bound_before_the_loops, (X, 0, 0)),    # neither: the value bound before
    (target_bound_before_the_loops, (X, 3, 0)),
    (target_bound_before_the_loops, (X, 0, 2)),
    (inner_target_read_after_the_outer_loop, (X, 3, 0)),    # was refused: `j` not defined
    (inner_target_read_after_the_outer_loop, (X, 3, 2)),
]
IDS = [f"{f.__name__}{args[1:]}" for f, args in CASES]


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_the_printed_ir_computes_the_functions_value(f, args):
    assert roundtrip.mismatch(f, args) is None


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_both_modes_match_finite_differences(f, args):
    report = transpiler.check_grad(f, *args)
    assert report.ok, report
    value, derivative = transpiler.jvp(f, args, (DIRECTION, *[None] * (len(args) - 1)))
    assert value == pytest.approx(f(*args), rel=1e-12)
    h = 1e-6
    numeric = (f(X + h * DIRECTION, *args[1:]) - f(X - h * DIRECTION, *args[1:])) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def test_an_inner_target_of_loops_that_ran_no_iteration_is_unbound():
    with pytest.raises(UnboundLocalError):
        inner_target_read_after_the_outer_loop(X, 1, 0)
    with pytest.raises(UnboundLocalError, match="'j'"):
        transpiler.grad(inner_target_read_after_the_outer_loop)(X, 1, 0)


def test_the_target_of_loops_that_ran_no_iteration_is_unbound_in_both_modes():
    with pytest.raises(UnboundLocalError):
        target_read_after_two_loops(X, 0, 0)
    with pytest.raises(UnboundLocalError, match="'j'"):
        transpiler.grad(target_read_after_two_loops)(X, 0, 0)
    with pytest.raises(UnboundLocalError, match="'j'"):
        transpiler.jvp(target_read_after_two_loops, (X, 0, 0), (DIRECTION, None, None))
