"""``x += v`` on an array writes in place; where another name that may share ``x``'s memory is
read afterwards, the generated code checks at run time whether the write could reach it. The check
compares ``x`` with the values of the names read later (``np.may_share_memory``): a copy made by
fancy indexing, a second parameter, a fresh result of a helper share nothing, so the update runs;
the same name, a view, a list holding the array still refuse with the located error. (The
real-world corpus's CRF `score = start[tags[0]]; score += ...` and velocity-Verlet
`x += v * dt` inside a helper called in a loop met this.)"""
import numpy as np
import pytest

from transpiler import NonDifferentiableError, UnsupportedSyntaxError, check_grad, grad, hessian, jvp, value_and_grad

START = np.array([0.3, -0.2, 0.5, 0.1])
TAGS = np.array([2, 0, 3])


def gathered_then_added(start, emissions, tags=TAGS):
    score = start[tags]            # fancy indexing: a copy
    score += emissions             # in place on the copy only
    return np.sum(score ** 2) + np.sum(start ** 3)     # start read again


def step(x, v, f, dt):
    x += v * dt + 0.5 * f * dt * dt
    v += 0.5 * f * dt
    f = -x ** 3
    v += 0.5 * f * dt
    return x, v, f


def verlet(x, v):
    f = -x ** 3
    for _ in range(4):
        x, v, f = step(x, v, f, 0.1)
    return np.sum(x ** 2) + np.sum(v * x)


def copy_of_a_row(m, w):
    row = m[[1]] * 1.0
    m += w
    return np.sum(row * m)


def same_array_twice(x):
    y = x
    y += 1.0
    return np.sum(x * y)


def view_then_write(x):
    x = x * 1.0
    w = x[:2]
    x += 1.0
    return np.sum(w * x[:2])


def list_holding_it(x):
    x = x * 1.0
    held = [x, 2.0]
    x += 1.0
    return np.sum(held[0] * x)


def either_alias(x, z, c):
    x = x * 1.0
    if c > 0:
        y = x                      # the same array on this path
    else:
        y = z
    x += 1.0
    return np.sum(y * x)


E = np.array([0.4, -0.6, 0.2])
X = np.array([0.5, -0.3, 0.8])
V = np.array([0.1, 0.2, -0.1])


@pytest.mark.parametrize("f, args", [(gathered_then_added, (START, E)), (verlet, (X, V)),
                                     (copy_of_a_row, (np.arange(6.0).reshape(2, 3) / 5, np.array([0.1, 0.2, 0.3])))],
                         ids=["fancy_index_copy", "helper_updating_its_arguments_in_a_loop", "copy_of_a_row"])
def test_writes_no_other_name_sees_run_and_agree_with_finite_differences(f, args):
    report = check_grad(f, *[np.copy(a) for a in args], wrt=(0, 1))
    assert report.ok, report
    value, _ = value_and_grad(f, wrt=(0, 1))(*[np.copy(a) for a in args])
    assert value == pytest.approx(f(*[np.copy(a) for a in args]))


@pytest.mark.parametrize("f, args", [(gathered_then_added, (START, E)), (verlet, (X, V))])
def test_forward_mode_passes_the_check_too(f, args):
    directions = [np.random.RandomState(3).randn(*np.shape(a)) for a in args]
    out, tangent = jvp(f, tuple(np.copy(a) for a in args), tuple(directions))
    h = 1e-6
    up = f(*[np.copy(a) + h * d for a, d in zip(args, directions)])
    down = f(*[np.copy(a) - h * d for a, d in zip(args, directions)])
    assert tangent == pytest.approx((up - down) / (2 * h), rel=1e-6)


def test_second_derivatives_pass_the_comparing_check():
    h = hessian(verlet)(X.copy(), V.copy())
    g = lambda x: grad(verlet)(x, V.copy())                               # noqa: E731
    numeric = np.stack([(g(X + 1e-5 * e) - g(X - 1e-5 * e)) / 2e-5 for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(h, numeric, rtol=1e-5, atol=1e-7)


def test_a_name_bound_to_the_same_array_sees_the_update():
    # y = x: one object, y += 1.0 seen through x (frontend/assignments.py _same_object_updated)
    assert value_and_grad(same_array_twice)(X.copy())[0] == pytest.approx(same_array_twice(X.copy()))
    report = check_grad(same_array_twice, X.copy())
    assert report.ok, report


@pytest.mark.parametrize("f", [view_then_write, list_holding_it])
def test_a_name_that_shares_the_memory_still_refuses(f):
    with pytest.raises(UnsupportedSyntaxError, match=r"test_unshared_comparands.py:\d+:\d+: `\w+ \+= \.\.\.` "
                                                     r"changes an array in place"):
        grad(f)(X.copy())
    with pytest.raises(UnsupportedSyntaxError, match="changes an array in place"):
        jvp(f, (X.copy(),), (np.ones(3),))


def test_a_name_bound_on_two_paths_is_compared_by_the_value_it_has():
    with pytest.raises(UnsupportedSyntaxError, match="changes an array in place"):
        grad(either_alias, wrt=(0, 1))(X.copy(), V.copy(), 1.0)      # y is x
    report = check_grad(either_alias, X.copy(), V.copy(), -1.0, wrt=(0, 1))   # y is z
    assert report.ok, report


def written_in_a_branch(x, z, c):
    x = x * 1.0
    if c > 0:
        y = x
        x += 1.0           # y is x: it sees the update
    else:
        y = z
    return np.sum(y * x)


def test_a_name_bound_to_the_array_in_a_branch_sees_the_update_there():
    # y = x then x += 1.0 on one path: y is x there (frontend/assignments.py _same_object_updated)
    for c in (1.0, -1.0):
        value = value_and_grad(written_in_a_branch, wrt=(0, 1))(X.copy(), V.copy(), c)[0]
        assert value == pytest.approx(written_in_a_branch(X.copy(), V.copy(), c))
        report = check_grad(written_in_a_branch, X.copy(), V.copy(), c, wrt=(0, 1))
        assert report.ok, report


def test_two_parameters_passed_the_same_array_refuse():
    # (at the call, before the run-time check of `x += v` would: api/shared_arguments.py)
    with pytest.raises(NonDifferentiableError, match="are the same array"):
        same = X.copy()
        grad(verlet)(same, same)       # v is x: Python's step would move x through v too
    x = X.copy()
    assert grad(verlet)(x, V.copy()) is not None
    np.testing.assert_array_equal(x, X)                 # the caller's array is never written


def test_the_check_names_the_values_it_compares():
    source = grad(gathered_then_added, wrt=(0, 1)).source(((4,), (3,)))
    (call,) = [line for line in source.split("score_checked = ")[1:2]]
    assert call.startswith("unshared(score,") and "start)" in call.split("\n\n")[0]
