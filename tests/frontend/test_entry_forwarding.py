"""Lists and dicts hold their items themselves (frontend/entry_forwarding.py, assignments.py,
dicts.py): ``c[k] += u`` right after ``c[k] = v`` adds into ``v`` (scikit-learn's MLP forward pass
adds into the entry it just assigned, in a list whose first entry is the caller's global ``X``), and a
write through ``v`` after ``c[k] = v`` changes the entry, so reading ``c`` then is refused,
located, never a stale value (it was: the list kept ``v``'s old value, a wrong value and gradient)."""
import numpy as np
import pytest

from transpiler import UnsupportedSyntaxError, check_grad, grad, hessian, jvp, value_and_grad

X = np.array([[0.1, 0.4], [0.3, -0.2], [0.5, 0.6]])
B = [np.array([0.2, -0.1]), np.array([0.05, 0.3])]
W0 = np.array([[0.5, -0.2], [0.3, 0.8]])


def forward_pass(activations, W):
    """`_forward_pass`'s bookkeeping: each entry assigned, then added into in place."""
    for i in range(len(activations) - 1):
        activations[i + 1] = activations[i] @ W
        activations[i + 1] += B[i]
        if (i + 1) != (len(activations) - 1):
            activations[i + 1] = np.tanh(activations[i + 1])
    return activations


def mlp_loss(W):
    activations = [X] + [None] * 2            # the global X is entry 0
    activations = forward_pass(activations, W)
    return np.sum(activations[-1] ** 2)


def reference(W):
    hidden = np.tanh(X @ W + B[0])
    return np.sum((hidden @ W + B[1]) ** 2)


def keyed_updates(W):
    d = {}
    for k in ("a", "b"):                       # a key known only at run time in the loop body
        d[k] = W * (2.0 if k == "a" else 3.0)
        d[k] += np.sin(W)
    return np.sum(d["a"] * d["b"])


@pytest.mark.parametrize("f", [mlp_loss, keyed_updates])
def test_an_entry_added_into_after_its_assignment_is_the_value_assigned(f):
    before = X.copy()
    report = check_grad(f, W0)
    assert report.ok, report
    if f is mlp_loss:
        assert f(W0) == pytest.approx(reference(W0))
        np.testing.assert_allclose(grad(mlp_loss)(W0), grad(reference)(W0), rtol=1e-12)
    value, g = value_and_grad(f)(W0)
    assert value == pytest.approx(f(W0))
    direction = np.array([[1.0, -0.5], [0.25, 2.0]])
    assert jvp(f, (W0,), (direction,))[1] == pytest.approx(np.sum(g * direction))
    h = 1e-6
    numeric = (grad(f)(W0 + h * direction) - grad(f)(W0 - h * direction)) / (2 * h)
    np.testing.assert_allclose(np.tensordot(hessian(f)(W0), direction, 2), numeric, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(X, before)   # the global is never written


def inplace_tanh(Z):
    np.tanh(Z, out=Z)


def written_through_its_name(W):
    entries = [None, None]
    v = W @ W
    entries[1] = v
    np.tanh(v, out=v)
    return np.sum(entries[1] ** 2)


def written_through_a_helper(W):
    entries = [None, None]
    entries[1] = W @ W
    inplace_tanh(entries[1])
    return np.sum(entries[1] ** 2)


def item_written_through_its_name(W):
    entries = [None, None]
    v = W @ W
    entries[1] = v
    v[0, 0] = 5.0
    return np.sum(entries[1] ** 2)


def inner_list_entry(W):
    rows = [[None, None], [None, None]]
    v = W @ W
    rows[0][1] = v
    v[1, 1] = 0.0
    return np.sum(rows[0][1] ** 2)


@pytest.mark.parametrize("f, line", [(written_through_its_name, 5), (item_written_through_its_name, 5),
                                     (inner_list_entry, 5)])
def test_a_write_through_the_value_a_list_holds_refuses_reading_the_list(f, line):
    for transform in (grad(f), lambda w: jvp(f, (w,), (w,))):
        with pytest.raises(UnsupportedSyntaxError, match="is read after a write through") as info:
            transform(W0)
        assert info.value.location.line == f.__code__.co_firstlineno + line


def test_a_helper_writing_into_the_item_it_is_given_changes_the_list():
    # `inplace_tanh(entries[1])`: the helper gets the item itself, and the list holds it as the
    # helper left it (frontend/dispatched_procedures.py; refused, located, before)
    report = check_grad(written_through_a_helper, W0)
    assert report.ok, report
    assert value_and_grad(written_through_a_helper)(W0)[0] == pytest.approx(np.sum(np.tanh(W0 @ W0) ** 2))


def augmented_through_its_name(W):
    entries = [None, None]
    v = W @ W
    entries[1] = v
    v += 1.0
    return np.sum(entries[1] ** 2)


def test_an_augmented_write_through_the_value_a_list_holds_is_refused_when_it_runs():
    with pytest.raises(UnsupportedSyntaxError, match="changes an array in place"):
        grad(augmented_through_its_name)(W0)


def assigned_in_a_branch(W, flag):
    entries = [W, None]
    if flag:
        entries[1] = W * 2.0
    else:
        entries[1] = W * 3.0
    entries[1] += 1.0                     # (a merged value: read at run time, no forwarding)
    return np.sum(entries[1] ** 2) + np.sum(entries[0])


@pytest.mark.parametrize("flag", [True, False])
def test_an_entry_assigned_in_branches_is_read_at_run_time(flag):
    report = check_grad(assigned_in_a_branch, W0, flag)
    assert report.ok, report


def written_into_a_callers_list(W, entries):
    v = W @ W
    entries[1] = v
    v[0, 0] = 5.0
    return np.sum(entries[1] ** 2)


@pytest.mark.parametrize("entries", [[None, None], {1: None}], ids=["list", "dict"])
def test_a_write_through_the_value_a_callers_container_holds_is_refused(entries):
    # the list (dict) the caller passed holds `v` itself: the write changes its item too, while the
    # lowering, not knowing it was a list, wrote the item by value (a wrong value before: the
    # item kept tanh(W)); refused at the write once the call's kinds tell it is a list
    with pytest.raises(UnsupportedSyntaxError, match="writing into `v` after it was put into the caller.s `entries`") as caught:
        value_and_grad(written_into_a_callers_list)(W0, entries)
    assert "test_entry_forwarding.py" in str(caught.value)


def test_an_array_given_in_its_place_is_written_by_value():
    out = np.zeros((2, 2, 2))
    expected = written_into_a_callers_list(W0, out.copy())
    assert value_and_grad(written_into_a_callers_list)(W0, out)[0] == pytest.approx(expected)