"""``return joint_angles, True`` inside a loop and ``return joint_angles, False`` after it
(PythonRobotics' inverse kinematics): where every ``return`` gives a tuple display of the same
length, its items are carried as names of their own (frontend/jumps.py), so reverse mode, which
carries no tuple from one iteration to the next, differentiates it too."""
import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes


def newton(a, x0=1.0, tol=1e-10):
    x = x0
    for iteration in range(50):
        if abs(x * x - a) < tol:
            return x, True, iteration
        x = 0.5 * (x + a / x)
    return x, False, 50


def sqrt_by_newton(a):
    root, converged, _ = newton(a)
    return root * 3.0 if converged else 0.0


def descent(target, w):
    for step in range(100):
        error = w - target
        if np.sum(error ** 2) < 1e-4:
            return w, step
        w = w - 0.3 * error * np.abs(w)
    return w, -1


def settled_cost(target, w):
    w_final, steps = descent(target, w)
    return np.sum(np.sin(w_final)) + 0.0 * steps


def while_with_return(x):
    total = x
    while True:
        total = total * 1.5
        if total > 10.0:
            return total, total ** 2


def from_a_while_loop(x):
    a, b = while_with_return(x)
    return a + np.sqrt(b)


@pytest.mark.parametrize("f, x", [
    (sqrt_by_newton, 2.0),
    (from_a_while_loop, 1.3),
])
def test_tuple_returned_from_a_loop_matches_finite_differences(f, x):
    assert_both_modes(f, x)


def test_tuple_returned_from_a_loop_of_arrays():
    w = np.array([0.4, 0.9])
    assert_both_modes(lambda t: settled_cost(t, w), np.array([0.5, 1.0]))


def test_the_root_derivative_is_newtons():
    assert np.isclose(transpiler.grad(sqrt_by_newton)(2.0), 3.0 * 0.5 / np.sqrt(2.0))
