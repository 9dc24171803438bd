"""``for ... else:`` and ``while ... else:``: the ``else:`` block runs when the loop ends without
a ``break`` (frontend/jumps.py spells it out as a flag set before each ``break`` and tested after
the loop). Checked where a break fires and where none does, through a return inside the loop, in
nested loops, in a helper, with a ``continue``; both modes and a Hessian against central
differences."""
import numpy as np
import pytest

import transpiler


def first_negative_stops(x):
    s = 0.0
    for v in x:
        if v < 0:
            break
        s += v
    else:
        s *= 3.0                      # no negative value: the sum is tripled
    return s


def without_a_break(x):
    s = 0.0
    for v in x:
        s += v ** 2
    else:
        s = s * 2.0
    return s


def while_with_else(x):
    i, s = 0, 0.0
    while i < 4:
        if x[i] > 5.0:
            break
        s += x[i] * i
        i += 1
    else:
        s = -s
    return s


def nested_with_continue(x):
    total = 0.0
    for row in (x[:2], x[2:]):
        for v in row:
            if v < 0:
                continue
            if v > 2.0:
                break
            total += v
        else:
            total += 10 * row[0]
    return total


def returns_inside(x):
    for i in range(4):
        if x[i] > 1.0:
            return x[i] ** 2
    else:
        return np.sum(x)


def search(x):
    for i in range(4):
        if x[i] > 1.0:
            found = x[i]
            break
    else:
        found = 0.0
    return found * 3 + x[0]


def through_a_helper(x):
    return first_negative_stops(x[::-1]) * x[1]


CASES = [first_negative_stops, without_a_break, while_with_else, nested_with_continue, returns_inside, search,
         through_a_helper]
POINTS = {"no-break": np.array([0.3, 0.9, 0.5, 0.7]), "break": np.array([0.3, 0.9, -0.5, 1.7]),
          "other-break": np.array([0.3, 0.9, 2.5, 0.7]), "large": np.array([6.0, 0.2, 0.4, 0.1])}


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("point", POINTS, ids=list(POINTS))
@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_a_loops_else_runs_unless_a_break_left_the_loop(f, point):
    x = POINTS[point]
    value, gradient = transpiler.value_and_grad(f)(x.copy())
    assert value == pytest.approx(f(x.copy()))
    np.testing.assert_allclose(gradient, central_differences(f, x), rtol=1e-6, atol=1e-6)
    direction = np.array([1.0, -0.5, 0.25, 2.0])
    assert transpiler.jvp(f, (x.copy(),), (direction,))[1] == pytest.approx(central_differences(f, x) @ direction,
                                                                            rel=1e-6, abs=1e-6)


def test_the_hessian_through_a_loops_else():
    x = POINTS["no-break"]
    np.testing.assert_allclose(transpiler.hessian(without_a_break)(x), 4 * np.eye(4))
    np.testing.assert_allclose(transpiler.hessian(search, mode="forward")(x), np.zeros((4, 4)))
