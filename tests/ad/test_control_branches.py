"""A branch's adjoint joins what each path changed (ad/journal.py's marks, not copies of every
adjoint alive): the journal puts back exactly the state at its mark, and gradients through
branches — nested, inside loops, around loops, rebinding tuples, one path empty — stay right."""
import numpy as np
import pytest

from transpiler import check_grad, grad, hessian, jvp
from transpiler.ad.journal import MISSING, JournaledDict, JournaledSet

# The journal ---------------------------------------------------------------------------------


def test_undo_puts_back_values_and_the_iteration_order():
    d = JournaledDict()
    for key in "abcd":
        d[key] = key.upper()
    mark = d.mark()
    d["b"] = "changed"
    d.pop("a")                  # deleted, then back in its place by undo
    d["e"] = "new"
    d.pop("c")
    d["c"] = "again"            # deleted and added again: moved to the end meanwhile
    record = d.close(mark)
    assert record == {"b": ("B", 1), "a": ("A", 0), "e": (MISSING, None), "c": ("C", 2)}
    assert list(d) == ["b", "d", "e", "c"]
    d.undo(record)
    assert list(d.items()) == [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]
    d["f"] = "F"
    assert list(d) == ["a", "b", "c", "d", "f"]


def test_nested_marks_each_record_the_state_at_their_own_mark():
    d = JournaledDict()
    d["x"] = 1
    outer = d.mark()
    d["x"] = 2
    inner = d.mark()
    d["x"] = 3
    d["y"] = 4
    changed_inside = d.close(inner)
    assert changed_inside == {"x": (2, 0), "y": (MISSING, None)}
    d.undo(changed_inside)          # the undo is a change the outer mark sees too
    assert dict(d) == {"x": 2}
    assert d.close(outer) == {"x": (1, 0), "y": (MISSING, None)}


def test_the_set_records_membership_before_the_first_change():
    s = JournaledSet()
    s.add("a")
    mark = s.mark()
    s.discard("a")
    s.add("a")
    s.add("b")
    s.discard("zzz")            # no change: not recorded
    record = s.close(mark)
    assert record == {"a": True, "b": False}
    s.undo(record)
    assert set(s) == {"a"}


def test_changes_the_journal_cannot_record_are_refused():
    with pytest.raises(TypeError):
        JournaledDict().update({"a": 1})
    s = JournaledSet()
    with pytest.raises(TypeError):
        s &= {"a"}


# Gradients through branches --------------------------------------------------------------------

SCALE = 1.5      # (a global constant read in a branch)


def _squash(v):
    return np.tanh(v) * SCALE


def a_branch_per_value(x):
    c = np.sum(x) * 3.0
    t0, t1, t2 = np.sin(x * 0.5), np.cos(x), x * x
    if c > 0.5:
        t0 = t0 * 2.0
    if c > 100.0:
        t1 = t1 * x
    if c > 1.0:
        t2 = _squash(t2)
    else:
        t0 = t0 + t2
    return np.sum(t0 + t1 * t2)


def nested_branches_in_a_loop(x):
    s = x * 0.0 + 1.0
    for i in range(3):
        if x[i] > 0.4:
            if x[0] > 0.1:
                s = s * np.sin(x)
            else:
                s = s + x
        elif i == 1:
            s = s - np.cos(x * i)
    return np.sum(s * x)


def a_loop_in_a_branch(x):
    s = np.sum(x)
    t = x * 2.0
    if s > 1.0:
        for i in range(2):
            t = np.sin(t) * x       # a carried value whose adjoint exists before the branch
        s = s * 3.0
    return np.sum(t) * s


def a_tuple_rebound_in_a_branch(x):
    pair = (x * 2.0, np.sin(x))
    if x[0] > 0.0:
        pair = (pair[1] * x, pair[0])
    a, b = pair
    return np.sum(a * b + a)


def one_path_empty(x):
    y = x * x
    z = np.exp(x)
    if np.sum(x) > 10.0:
        y = z * 2.0
    return np.sum(y * z)


def early_return(x):
    if x[0] > 0.5:
        return np.sum(np.sin(x) * x)
    return np.sum(x * 3.0)


PROGRAMS = [a_branch_per_value, nested_branches_in_a_loop, a_loop_in_a_branch, a_tuple_rebound_in_a_branch,
            one_path_empty, early_return]
POINTS = [np.array([0.3, 0.7, 0.2]), np.array([0.05, 0.45, 0.9]), np.array([-0.4, 0.1, 0.2])]


@pytest.mark.parametrize("point", range(len(POINTS)))
@pytest.mark.parametrize("f", PROGRAMS, ids=lambda f: f.__name__)
def test_gradients_through_branches_match_finite_differences(f, point):
    report = check_grad(f, POINTS[point])
    assert report.ok, report


@pytest.mark.parametrize("f", PROGRAMS, ids=lambda f: f.__name__)
def test_forward_mode_and_the_hessian_agree_with_the_gradient(f):
    x, v = POINTS[0], np.array([0.2, -0.5, 0.9])
    g = grad(f)
    _, directional = jvp(f, (x,), (v,))
    assert np.isclose(directional, g(x) @ v)
    h = 1e-5
    by_differences = (g(x + h * v) - g(x - h * v)) / (2 * h)
    assert np.allclose(hessian(f)(x) @ v, by_differences, rtol=1e-5, atol=1e-7)


def test_float32_through_branches():
    x = POINTS[1].astype(np.float32)
    g = grad(a_branch_per_value)(x)
    assert g.dtype == np.float32
    assert np.allclose(g, grad(a_branch_per_value)(x.astype(np.float64)), rtol=1e-5, atol=1e-6)


def test_a_lambda_with_a_conditional_expression():
    f = lambda x: np.sum(np.where(x > 0.25, x * x, -x)) + (np.sum(x) if x[0] > 0.1 else 0.0)  # noqa: E731
    assert check_grad(f, POINTS[0]).ok
