"""A list changed by ``append``/``pop``/... through one name is the same object under its other
names (frontend/containers.py ``_rebind_list``): a helper that appends to the list it is given
(``record(log, v)``), ``b = log; b.append(v)``. Where the two names hold the same value of a list
made in the function, each sees the change, as in Python (a helper's own loop appending too);
where they may part (a copy) reading the other name stays refused, located. Both modes against differences."""
import numpy as np
import pytest

from transpiler import check_grad, grad, hessian, jvp, value_and_grad

X = np.array([0.3, 0.7, -0.2])


def record(log, v):
    log.append(v * 2.0)


def appended_by_a_helper_in_a_loop(x):
    log = []
    for i in range(3):
        record(log, x * i)
    return np.sum(log[-1] ** 2) + np.sum(log[1]) + len(log)


def appended_through_an_alias_in_a_loop(x):
    log = []
    b = log
    for i in range(3):
        b.append(np.sin(x) * i)
    return np.sum(log[-1] * log[1]) + len(log)


def appended_in_branches(x, flag):
    log = []
    b = log
    if flag:
        b.append(x * 2.0)
    else:
        b.append(np.exp(x))
    log.append(x)
    return np.sum(log[0] * b[-1]) + len(b)


def popped_and_appended(x):
    log = []
    record(log, x)
    b = log
    b.pop()
    record(b, x ** 2)
    return np.sum(log[0]) + len(log)


CASES = [(appended_by_a_helper_in_a_loop, (X,)), (appended_through_an_alias_in_a_loop, (X,)),
         (appended_in_branches, (X, True)), (appended_in_branches, (X, False)), (popped_and_appended, (X,))]


@pytest.mark.parametrize("f, args", CASES)
def test_every_name_for_the_list_sees_the_change(f, args):
    report = check_grad(f, *args)
    assert report.ok, report
    value, g = value_and_grad(f)(*args)
    assert value == pytest.approx(f(*args))
    direction = np.array([1.0, -2.0, 0.5])
    tangents = (direction,) + (None,) * (len(args) - 1)
    assert jvp(f, args, tangents)[1] == pytest.approx(np.sum(g * direction))
    h = 1e-6
    rest = args[1:]
    numeric = (grad(f)(X + h * direction, *rest) - grad(f)(X - h * direction, *rest)) / (2 * h)
    np.testing.assert_allclose(hessian(f)(*args) @ direction, numeric, rtol=1e-5, atol=1e-7)


def collect(xs, out):
    for x in xs:
        out.append(np.sin(x))


def appended_in_the_helpers_loop(x):
    out = [x]
    collect([x, 2 * x], out)
    return sum(np.sum(o) for o in out)


def test_a_list_appended_to_in_the_helpers_own_loop_is_seen_by_the_caller():
    # (refused where read before: the helper's list parameter, carried by its loop, is now handed
    # back at the helper's return as the same object changed: frontend/helper_results.py)
    test_every_name_for_the_list_sees_the_change(appended_in_the_helpers_loop, (X,))