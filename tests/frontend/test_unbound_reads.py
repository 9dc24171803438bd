"""A name first assigned inside a loop that runs zero times, or on a branch not taken, is unbound
in Python: reading it raises ``UnboundLocalError`` (frontend/unbound_reads.py). The generated code
raises the same error there, in both modes and through second derivatives — never a ``None``
value or a zero gradient — and where the name was bound it differentiates as before."""
import numpy as np
import pytest

import transpiler

X = np.array([0.5, -1.0, 2.0])
DIRECTION = np.array([1.0, 0.5, -0.25])


def last_in_range(x, n):
    for i in range(n):
        y = x * (i + 1.0)
    return np.sum(y ** 2)


def last_in_while(x, n):
    i = 0
    while i < n:
        y = np.sin(x) * i
        i += 1
    return np.sum(y)


def last_item_of(x, items):
    for scale in items:
        y = x * scale
    return np.sum(y * y)


def only_if_positive(x, c):
    if c > 0:
        y = np.exp(x)
    return np.sum(y)


def helper_with_loop(x, n):
    for _ in range(n):
        z = np.tanh(x)
    return z


def calls_helper(x, n):
    return np.sum(helper_with_loop(x, n) * x)


def read_in_a_later_loop(x, n, m):
    for i in range(n):
        y = x
    for j in range(m):
        y = y * 1.5
    return np.sum(y)


CASES = [
    (last_in_range, (X, 3), (X, 0)),
    (last_in_while, (X, 2), (X, 0)),
    (last_item_of, (X, [1.0, 2.0]), (X, [])),
    (only_if_positive, (X, 1.0), (X, -1.0)),
    (calls_helper, (X, 2), (X, 0)),
    (read_in_a_later_loop, (X, 1, 2), (X, 0, 2)),
]
IDS = [f.__name__ for f, _, _ in CASES]


def python_error(f, args):
    with pytest.raises(UnboundLocalError) as raised:
        f(*args)
    return str(raised.value)


@pytest.mark.parametrize("f, bound_args, unbound_args", CASES, ids=IDS)
def test_reverse_mode_raises_pythons_error_where_the_name_is_unbound(f, bound_args, unbound_args):
    message = python_error(f, unbound_args)
    with pytest.raises(UnboundLocalError, match=message):
        transpiler.grad(f)(*unbound_args)
    with pytest.raises(UnboundLocalError, match=message):
        transpiler.value_and_grad(f)(*unbound_args)


@pytest.mark.parametrize("f, bound_args, unbound_args", CASES, ids=IDS)
def test_forward_mode_raises_pythons_error_where_the_name_is_unbound(f, bound_args, unbound_args):
    message = python_error(f, unbound_args)
    with pytest.raises(UnboundLocalError, match=message):
        transpiler.jvp(f, unbound_args, (DIRECTION, *[None] * (len(unbound_args) - 1)))


@pytest.mark.parametrize("f, bound_args, unbound_args", CASES, ids=IDS)
def test_where_the_name_is_bound_both_modes_match_finite_differences(f, bound_args, unbound_args):
    report = transpiler.check_grad(f, *bound_args)
    assert report.ok, report
    value, derivative = transpiler.jvp(f, bound_args, (DIRECTION, *[None] * (len(bound_args) - 1)))
    h = 1e-6
    rest = bound_args[1:]
    assert value == pytest.approx(f(*bound_args), rel=1e-12)
    numeric = (f(X + h * DIRECTION, *rest) - f(X - h * DIRECTION, *rest)) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-5, abs=1e-8)


def test_second_derivatives_raise_where_the_name_is_unbound_and_match_where_bound():
    with pytest.raises(UnboundLocalError):
        transpiler.hessian(last_in_range)(X, 0)
    H = transpiler.hessian(last_in_range)(X, 3)
    np.testing.assert_allclose(H, 2 * 9.0 * np.eye(3))


def test_a_name_read_only_on_the_path_that_binds_it_is_not_refused():
    def f(x, n):
        for i in range(n):
            y = x * 2.0
        if n > 0:
            return np.sum(y)
        return np.sum(x)
    np.testing.assert_allclose(transpiler.grad(f)(X, 0), np.ones(3))
    np.testing.assert_allclose(transpiler.grad(f)(X, 2), 2 * np.ones(3))
    assert transpiler.jvp(f, (X, 0), (DIRECTION, None))[1] == pytest.approx(np.sum(DIRECTION))


def test_a_name_bound_to_none_inside_the_loop_is_none_not_unbound():
    def f(x, n):
        for i in range(n):
            scale = None
        return np.sum(x) if scale is None else np.sum(x * scale)
    np.testing.assert_allclose(transpiler.grad(f)(X, 2), np.ones(3))
    with pytest.raises(UnboundLocalError):
        transpiler.grad(f)(X, 0)


def test_an_attribute_first_set_inside_a_loop_that_runs_zero_times_raises_attribute_error():
    class Accumulator:
        def __init__(self, x):
            self.x = x

        def run(self, n):
            for i in range(n):
                self.last = self.x * i
            return np.sum(self.last)

    def f(x, n):
        return Accumulator(x).run(n)

    np.testing.assert_allclose(transpiler.grad(f)(X, 3), 2 * np.ones(3))
    with pytest.raises(AttributeError, match="last"):
        transpiler.grad(f)(X, 0)
    with pytest.raises(AttributeError, match="last"):
        transpiler.jvp(f, (X, 0), (DIRECTION, None))


def test_the_printed_code_names_the_check():
    source = transpiler.grad(last_in_range).source(args=(X, 2))
    assert "y = unbound('y')" in source and "= bound(y)" in source


def added_before_a_name_is_first_bound(x0, x1):
    for _ in range(2):
        if x1 < -1.0:
            x1 = np.log(x0 * x0 + 1)
        else:
            x0 += x1          # (a number: the check that no other name shares x0 compares v1 too)
            x0 = x1
        v1 = x1
    return np.cosh(np.fmax(x0, 0.25)) + x1 * v1


def test_an_in_place_update_checked_against_a_name_not_bound_yet_does_not_read_it():
    # DAG fuzz seed 18000: the check of `x0 += x1` read v1 through bound(v1), which raised
    # UnboundLocalError on the first iteration, before `v1 = x1` had run
    for x0, x1 in [(-1.9, -0.9), (0.3, -1.7)]:
        report = transpiler.check_grad(added_before_a_name_is_first_bound, x0, x1, wrt=(0, 1))
        assert report.ok, report
        value, tangent = transpiler.jvp(added_before_a_name_is_first_bound, (x0, x1), (1.0, -0.5))
        assert value == pytest.approx(added_before_a_name_is_first_bound(x0, x1))
        gradient = transpiler.grad(added_before_a_name_is_first_bound, wrt=(0, 1))(x0, x1)
        assert tangent == pytest.approx(gradient[0] - 0.5 * gradient[1])
