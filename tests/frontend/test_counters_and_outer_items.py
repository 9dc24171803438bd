"""Bookkeeping that does not feed the output runs as Python runs it, once per call
(frontend/statements.py ``_stored_into_outer``, functions.py, outer_names.py): a counter on a
global's or closure's list (``count[0] += 1``), an item of a global dict (``LAST["loss"] =
loss``), and ``nonlocal n; n += 1`` in a function nested in the differentiated one. Both were
refused. A value stored is read back by a later ``count[0]`` with its derivative. Reads of a
global's list around an ``append`` are read where they are written: ``a = history[-1];
history.append(v); b = history[-1]`` gave ``b`` the value of ``a`` (a wrong value and gradient)."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from order_checks import assert_all_orders

X = np.array([0.5, -1.2, 2.0])
count = [0]
LAST = {}
history = [5.0]


def counted(x):
    count[0] += 1
    return np.sum(x ** 2 * np.sin(x))


def tick():
    count[0] = count[0] + 1


def counted_in_a_helper_a_loop_and_a_branch(x):
    total = 0.0
    for i in range(3):
        tick()
        if i % 2 == 0:
            total = total + np.sum(np.cos(x) * (i + 1))
    LAST["total"] = total
    return LAST["total"] * 2.0 + np.sum(x ** 3)


def make_counted():
    calls = [0]

    def loss(x):
        calls[0] += 1
        return np.sum(np.tanh(x) * x)
    return loss, calls


def test_a_counter_counts_one_per_call_in_every_mode():
    for call in (lambda: transpiler.grad(counted)(X), lambda: transpiler.value_and_grad(counted)(X),
                 lambda: transpiler.jvp(counted, (X,), (X,)), lambda: transpiler.vjp(counted, X)):
        count[0] = 0
        for k in range(1, 4):
            call()
            assert count[0] == k
    loss, calls = make_counted()
    for k in range(1, 3):
        transpiler.grad(loss)(X)
        assert calls == [k]


@pytest.mark.parametrize("f", [counted, counted_in_a_helper_a_loop_and_a_branch])
def test_counted_functions_match_finite_differences(f):
    assert_all_orders(f, X)


def stores_and_reads_back(x):
    y = np.sum(x * 2.0)
    LAST["y"] = y
    count[0] = y ** 2
    return y + LAST["y"] * count[0]


def test_a_value_stored_is_read_back_with_its_derivative():
    assert_all_orders(stores_and_reads_back, X)
    transpiler.grad(stores_and_reads_back)(X)
    assert LAST["y"] == pytest.approx(np.sum(X * 2.0)) and count[0] == pytest.approx(np.sum(X * 2.0) ** 2)


def read_around_an_append(x):
    a = history[-1]
    history.append(1.0)
    b = history[-1]
    return x * a + b * x


def test_reads_around_an_append_see_the_append():
    del history[1:]
    value, g = transpiler.value_and_grad(read_around_an_append)(2.0)
    assert (value, g) == (12.0, 6.0) and history == [5.0, 1.0]


def nonlocal_counter(x):
    n = 0
    seen = 0.0

    def inc(k):
        nonlocal n, seen
        n += k
        seen = seen + np.sum(x) * k
    for i in range(3):
        inc(i)
        if i > 0:
            inc(1)
    return np.sum(x ** 2) * n + seen


def test_nonlocal_in_a_nested_function_rebinds_the_functions_names():
    assert transpiler.value_and_grad(nonlocal_counter)(X)[0] == pytest.approx(nonlocal_counter(X))
    assert_all_orders(nonlocal_counter, X)


def make_closure_counter():
    n = 0

    def f(x):
        def inc():
            nonlocal n
            n += 1
        inc()
        return np.sum(x)
    return f


def test_nonlocal_of_a_name_outside_the_differentiated_function_is_refused_located():
    f = make_closure_counter()
    with pytest.raises(UnsupportedSyntaxError, match="a `nonlocal` declaration in a function called by"):
        transpiler.grad(f)(X)


def stored_then_read_by_a_name(x):
    i = 0
    LAST["y"] = np.sum(x)
    count[i] = np.sum(x) * 2.0
    return count[i] * LAST["y"]


def stored_then_read_after_a_branch(x):
    count[0] = np.sum(x ** 2)
    if x[0] > 0:
        count[0] = count[0] * 2.0
    return count[0]


def counted_in_a_branch(x):
    if x[0] > 0:
        count[0] += 1
    return np.sum(x) * 2.0 if count[0] % 2 else np.sum(x)


def test_a_computed_value_is_read_back_with_its_derivative_or_refused():
    assert_all_orders(stored_then_read_by_a_name, X)
    # read after a branch: the value is read when it runs, which would carry no derivative
    with pytest.raises(UnsupportedSyntaxError, match=r"reading `count\[0\]` after storing a computed value"):
        transpiler.grad(stored_then_read_after_a_branch)(X)
    # a counter's value (made of constants and what is read at call time) is read when it runs
    count[0] = 0
    assert transpiler.value_and_grad(counted_in_a_branch)(X)[0] == pytest.approx(np.sum(X) * 2.0)
    assert count[0] == 1


def counted_in_loops(x):
    count[0] = 0
    for i in range(3):
        count[0] += 1
    k = 0
    while k < 2:
        tick()
        k += 1
    return x * count[0]


def test_a_value_stored_before_a_loop_is_not_what_the_loop_reads():
    # (count[0] read in the loop was the 0 stored before it: the value was x * 1, not x * 5)
    assert transpiler.value_and_grad(counted_in_loops)(2.0) == (10.0, 5.0)
    assert count[0] == 5


def appends_a_computed_array_and_reads_it_back(x):
    y = x * 2.0
    a = np.diff(y)
    history.append(y)
    b = np.diff(history[-1])
    return np.sum(a * b)


def _closure_appending_a_computed_value():
    kept = []

    def f(x):
        kept.append(np.sum(x ** 2))
        return kept[-1] * x[0]
    return f


def record(log, v):
    log.append(v)


def appends_through_a_helper_and_reads_it_back(x):
    record(history, np.sum(x * 2.0))
    return history[-1] * x[0]


def inserts_at_the_front_and_reads_it_back(x):
    history.insert(0, np.sum(x * 2.0))
    return history[0] * x[0]      # (index 0 was an older item before the insert)


@pytest.mark.parametrize("f", [appends_a_computed_array_and_reads_it_back, _closure_appending_a_computed_value(),
                               appends_through_a_helper_and_reads_it_back, inserts_at_the_front_and_reads_it_back])
def test_an_item_read_after_appending_a_computed_value_is_refused_located(f):
    # (read when it runs, `history[-1]` was a constant of the derivative: half the gradient)
    with pytest.raises(UnsupportedSyntaxError, match=r"reading `(history|kept)\[(-1|0)\]` after storing a computed "
                                                     r"value into `(history|kept|log)` at line \d+") as caught:
        transpiler.grad(f)(X)
    assert "test_counters_and_outer_items.py" in str(caught.value) and "then use `v`" in str(caught.value)
