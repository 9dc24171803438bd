"""Reverse mode through loops nested in loops (transpiler/ad/control.py): the forward sweep's
nested loops push their own tapes, and the reverse pops them rather than running the inner loops
again. Every spelling is checked against central differences (transpiler.check_grad), forward
mode against the gradient, second derivatives against differences of the gradient; and the
reverse sweep is checked not to run an inner loop forwards (no loop of it pushes a tape)."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad

X = np.array([0.3, -0.5, 0.7])
DECAY = 0.8


def for_in_for(x):
    s = 0.0
    for i in range(3):
        for j in range(i + 1):                      # a range read from the outer loop
            s = DECAY * s + x[(i + j) % 3] * np.sin(s + x[j % 3])
    return s


def while_in_for(x):
    total = 0.0
    for i in range(3):
        t, n = x[i] * 1.0, 0
        while n < i + 2:                            # a different count each outer iteration
            t = t * x[(i + n) % 3] + 0.25
            n += 1
        total = total + np.tanh(t) * x[2]           # the inner result read after it
    return total


def break_in_inner(x):
    total = 0.0
    for i in range(3):
        t = x[i] * 1.0
        for j in range(6):
            t = t * 0.9 + x[(i + j) % 3] ** 2
            if t > 1.0 + 0.2 * i:                   # left early, at an iteration x decides
                break
        total = total + t * t
    return total


def inner_step(s, a, n):
    for k in range(n):
        s = np.cos(s * a + k)
    return s


def helper_loop(x):
    s = x[0] * 1.0
    for i in range(4):
        s = inner_step(s, x[i % 3], 3) + 0.1 * s    # the inner loop in a helper, per outer iteration
    return s


def list_of_arrays(w, xs):
    h = np.zeros(2)
    for x in xs:                                    # a loop over a list of arrays ...
        for k in range(3):                          # ... with a loop in it
            h = np.tanh(w @ h + x * (k + 1))
    return np.sum(h ** 2)


def carried_tuple(x):
    a, b = x[0] * 1.0, x[1] * 1.0
    for i in range(3):
        for j in range(2):
            a, b = b * x[2] + 0.1 * i, a * np.sin(b)     # a pair carried, swapped
    return a * b


def carried_pair_as_one_tuple(x):
    pair = (x[0] * 1.0, x[1] * 1.0)
    for i in range(3):
        for j in range(2):
            a, b = pair
            pair = (b * x[2] + 0.1, a * np.sin(b))
    return pair[0] * pair[1]


def three_deep_arrays(x):
    v = x * 1.0
    for i in range(2):
        w = v * 0.5
        for j in range(2):
            for k in range(2):
                w = np.sin(w * x + k) + 0.1 * v     # an outer value read two levels in
            v = v + w * x[i]
    return np.sum(v * v)


def python_floats(a, b):
    s = a
    for i in range(3):
        for j in range(3):
            s = s * b + 0.5 * a * (i - j)
    return s


CASES = [
    (for_in_for, (X,), 0),
    (while_in_for, (X,), 0),
    (break_in_inner, (X,), 0),
    (helper_loop, (X,), 0),
    (list_of_arrays, (np.array([[0.3, -0.2], [0.1, 0.4]]), [np.array([0.5, -1.0]), np.array([0.2, 0.3])]), 0),
    (carried_tuple, (X,), 0),
    (three_deep_arrays, (X,), 0),
    (python_floats, (0.7, 0.9), (0, 1)),
]


def _reverse_sweep(f, args, wrt):
    """The reverse sweeps of the code a call runs (the source may hold a second function, for
    Python floats), each up to the next forward sweep."""
    source = transpiler.grad(f, wrt=wrt).source(args=args)
    return "\n".join(part.split("# forward sweep")[0] for part in source.split("# reverse sweep")[1:])


@pytest.mark.parametrize("f, args, wrt", CASES, ids=[c[0].__name__ for c in CASES])
def test_gradient_matches_differences_and_the_reverse_runs_no_loop_forwards(f, args, wrt):
    assert check_grad(f, *args, wrt=wrt).ok
    assert ".append(" not in _reverse_sweep(f, args, wrt)


@pytest.mark.parametrize("f", [for_in_for, while_in_for, break_in_inner, helper_loop, carried_tuple,
                               three_deep_arrays])
def test_forward_mode_agrees_with_the_gradient(f):
    t = np.array([0.2, -1.0, 0.4])
    _, tangent = transpiler.jvp(f, (X,), (t,))
    assert tangent == pytest.approx(transpiler.grad(f)(X) @ t, rel=1e-10)


@pytest.mark.parametrize("f", [for_in_for, while_in_for, break_in_inner, helper_loop, three_deep_arrays])
def test_hessian_and_hvp_against_differences_of_the_gradient(f):
    gradient, step = transpiler.grad(f), 1e-5
    numeric = np.array([(gradient(X + e) - gradient(X - e)) / (2 * step) for e in np.eye(3) * step]).T
    hessian = transpiler.hessian(f)(X)
    assert np.allclose(hessian, numeric, atol=1e-6, rtol=1e-5)
    v = np.array([1.0, 0.5, -2.0])
    assert np.allclose(transpiler.hvp(f, X, v), hessian @ v, atol=1e-8, rtol=1e-8)


def test_float32_keeps_its_dtype():
    x32 = X.astype(np.float32)
    for f in (three_deep_arrays, while_in_for):
        g = transpiler.grad(f)(x32)
        assert g.dtype == np.float32 and np.allclose(g, transpiler.grad(f)(X), rtol=1e-4, atol=1e-5)


def test_a_lambda_and_a_closure_constant_in_the_inner_loop():
    scale = np.array([1.0, -0.5, 0.25])
    step = lambda s, a: np.sin(s) * a + 0.1       # noqa: E731

    def f(x):
        s = 0.0
        for i in range(3):
            for j in range(2):
                s = step(s, x[(i + j) % 3] * scale[j])
        return s

    assert check_grad(f, X).ok
    assert ".append(" not in _reverse_sweep(f, (X,), 0)


def test_an_inner_loop_in_a_branch_of_the_outer_one():
    def f(x):
        s = x[0] * 1.0
        for i in range(4):
            if i % 2 == 0:
                for j in range(3):
                    s = np.sin(s * x[j])
            else:
                s = s * x[1]
        return s

    assert check_grad(f, X).ok
    assert ".append(" not in _reverse_sweep(f, (X,), 0)


def test_tapes_are_empty_after_the_reverse_and_held_once():
    # the gradient called twice gives the same numbers (each call's tapes its own, left empty)
    g = transpiler.grad(while_in_for)
    first, second = g(X), g(X)
    np.testing.assert_array_equal(first, second)


def test_under_a_memory_budget_a_nest_is_still_checkpointed():
    budgeted = transpiler.grad(three_deep_arrays, memory=64)
    source = budgeted.source(args=(X,))
    assert "checkpoint_every" in source and "_checkpoints" in source
    (tape,) = budgeted.compiled((X,)).tapes
    assert tape.checkpointed
    np.testing.assert_allclose(budgeted(X), transpiler.grad(three_deep_arrays)(X), rtol=1e-13)


def scalar_nest(x):
    s = 0.0
    for i in range(4):
        for j in range(3):
            for k in range(5):
                s = 0.9 * s + x[(i + j + k) % 3] * np.sin(s)
    return s


def test_the_outer_loops_tape_counts_the_tapes_of_the_loops_nested_in_it():
    # one float (8 bytes) pushed every innermost iteration, the inner loops' carried values
    # popped by their own reverses and read from nowhere else
    (tape,) = transpiler.grad(scalar_nest).compiled((X,)).tapes
    assert (tape.iterations, tape.bytes_per_iteration) == (4, 3 * 5 * 8)
    assert check_grad(scalar_nest, X).ok


def test_a_tuple_rebound_to_displays_in_nested_loops_is_carried_as_its_items():
    assert check_grad(carried_pair_as_one_tuple, X).ok


def stepped(pair, x):
    a, b = pair
    return (b * x[2] + 0.1, a * np.sin(b))


def carried_pair_rebound_by_a_helper(x):
    pair = (x[0] * 1.0, x[1] * 1.0)
    for i in range(3):
        for j in range(2):
            pair = stepped(pair, x)
    return pair[0] * pair[1]


def test_a_tuple_rebound_by_a_helper_in_nested_loops_is_carried_as_its_items():
    # (refused before frontend/carried_tuples.py: the helper's `return (...)` is a display once inlined)
    assert check_grad(carried_pair_rebound_by_a_helper, X).ok


def carried_pair_from_a_parameter(x, pair=(1.0, 2.0)):
    for i in range(3):
        for j in range(2):
            pair = stepped(pair, x)
    return pair[0] * pair[1]


def test_a_tuple_carried_whole_is_refused_at_its_line_with_what_to_write():
    # (a parameter's tuple: its items are not known while lowering)
    with pytest.raises(transpiler.NonDifferentiableError) as info:
        transpiler.grad(carried_pair_from_a_parameter)(X)
    assert "tuple carried" in str(info.value) and "separate names" in info.value.hint
    assert info.value.location.line > carried_pair_from_a_parameter.__code__.co_firstlineno


def leapfrog_like(p):
    v = p * 1.0
    for j in range(3):
        p = p - 0.1 * v
        v = np.sin(p)
    return p


def carried_value_unused_after_the_inner_loop(x):
    # (minimc's leapfrog: `v` is carried by the helper's loop and never read after it; the inner
    # reverse starts its adjoint as zeros shaped like its last value, read from the tape)
    points = [x * 1.0]
    for i in range(2):
        points.append(leapfrog_like(np.copy(points[-1])))   # (a list's item: shape not known)
    return np.sum(np.array(points) ** 2)


def test_a_value_carried_by_the_inner_loop_and_unused_after_it(monkeypatch):
    monkeypatch.setenv("TRANSPILER_VERIFY", "1")
    assert check_grad(carried_value_unused_after_the_inner_loop, X).ok


@pytest.mark.parametrize("f", [while_in_for, break_in_inner, helper_loop, three_deep_arrays])
def test_under_any_budget_the_gradient_is_the_one_without(f):
    # (the outermost loop checkpointed, its segments replaying the loops nested in it, which
    # then push their own tapes in the replay)
    unlimited = transpiler.grad(f)(X)
    for memory in (1, 700, 10 ** 9):
        np.testing.assert_allclose(transpiler.grad(f, memory=memory)(X), unlimited, rtol=1e-12, atol=1e-14)
