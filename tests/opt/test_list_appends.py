"""Lists grown in loops (issue 17's natural spellings) appended to in place, their adjoints
popped in place (opt/list_appends.py): each gradient against central differences and the value
against the plain Python call, in reverse and forward mode; the generated code appends and pops
where the list is the generated code's own, and copies where another name, a caller or a tape
may read the old version."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, -0.2, 0.5])
DT, K = 0.05, 0.5
H, D, T = 6, 3, 5
RNG = np.random.default_rng(3)
W0 = RNG.standard_normal((H, H)) * 0.4
U = RNG.standard_normal((H, D)) * 0.4
B = RNG.standard_normal(H) * 0.1
XS = RNG.standard_normal((T, D))


def trajectory(x0):
    traj = []
    x = x0
    for t in range(8):
        x = x + DT * (-K * x + np.sin(x))
        traj.append(x)
    return np.sum(sum(t * t for t in traj))


def recurrent_states(h0):
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(W0 @ hs[-1] + U @ XS[t] + B))
    return np.sum(hs[-1] ** 2) + 0.1 * sum(np.sum(h) for h in hs)


def comprehension_array(x):
    return np.sum(np.array([np.sin(v) * v for v in x]))


def stacked_rows(x):
    rows = []
    for k in range(4):
        rows.append(np.cos(x * k) + x)
    return np.sum(np.stack(rows) ** 2)


def mean_of_losses(x):
    losses = []
    for k in range(5):
        losses.append(np.sum((x - 0.1 * k) ** 2))
    return np.mean(losses)


def an_alias_sees_the_appends(x):
    hs = [x]
    a = hs
    for k in range(3):
        hs.append(np.sin(hs[-1]) + x)
    return np.sum(a[-1] * len(a)) + np.sum(hs[1])


def an_old_version_read_after(x):
    hs = [x]
    before = hs[:]
    for k in range(3):
        hs.append(hs[-1] * x)
    return np.sum(before[-1] * hs[-1]) + len(before)


def append_in(lst, v):
    lst.append(v)
    return lst


def appended_inside_a_helper(x):
    out = []
    for k in range(3):
        out = append_in(out, x * k + np.sin(x))
    return np.sum(sum(v * v for v in out))


def a_snapshot_keeps_the_old_items(x):
    hs = [x]
    snapshots = []
    for k in range(3):
        snapshots.append(list(hs))
        hs.append(np.cos(hs[-1]) * x)
    return np.sum(sum(len(s) * s[-1] for s in snapshots)) + np.sum(hs[-1])


def appended_under_a_branch(x):
    kept = []
    for k in range(6):
        if k % 2 == 0:
            kept.append(np.sin(x * k))
        else:
            kept.append(x * k)
            kept.append(x ** 2)
    return np.sum(sum(v * v for v in kept))


def grown_in_a_while_loop(x):
    path = [x]
    while len(path) < 5:
        path.append(path[-1] * 0.9 + np.tanh(x))
    return np.sum(path[-1] * path[2])


def left_early(x):
    vals = []
    for k in range(10):
        vals.append(np.exp(-k * x))
        if k == 4:
            break
    return np.sum(sum(vals))


CASES = [trajectory, recurrent_states, comprehension_array, stacked_rows, mean_of_losses,
         an_alias_sees_the_appends, an_old_version_read_after, appended_inside_a_helper,
         a_snapshot_keeps_the_old_items, appended_under_a_branch, grown_in_a_while_loop, left_early]


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


def size_of(f):
    return H if f is recurrent_states else X.size


def point(f):
    return np.linspace(-0.4, 0.6, size_of(f))


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_lists_grown_in_loops_in_both_modes(f):
    x = point(f)
    value, gradient = transpiler.value_and_grad(f)(x.copy())
    assert np.isclose(value, f(x.copy()), rtol=1e-12)
    expected = central_differences(f, x)
    assert np.allclose(gradient, expected, rtol=1e-6, atol=1e-8)
    direction = np.cos(np.arange(x.size))
    primal, tangent = transpiler.jvp(f, (x.copy(),), (direction,))
    assert np.isclose(primal, value, rtol=1e-12)
    assert np.isclose(tangent, expected @ direction, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", [trajectory, appended_under_a_branch, grown_in_a_while_loop, mean_of_losses],
                         ids=lambda f: f.__name__)
def test_lists_grown_in_loops_to_second_order(f):
    x = point(f)
    gradient = transpiler.grad(f)
    expected = np.array([(gradient(x + 1e-5 * e) - gradient(x - 1e-5 * e)) / 2e-5 for e in np.eye(x.size)])
    assert np.allclose(transpiler.hessian(f)(x), expected, rtol=1e-5, atol=1e-6)


def test_a_float_trajectory_in_both_modes():
    def f(x0):
        traj = []
        x = x0
        for t in range(8):
            x = x + DT * (-K * x + np.sin(x))
            traj.append(x)
        return sum(t * t for t in traj)
    h = 1e-6
    expected = (f(0.3 + h) - f(0.3 - h)) / (2 * h)
    assert np.isclose(transpiler.grad(f)(0.3), expected, rtol=1e-6)
    assert np.isclose(transpiler.jvp(f, (0.3,), (1.0,))[1], expected, rtol=1e-6)


def test_the_trajectory_is_appended_and_its_adjoint_popped_in_place():
    source = transpiler.grad(trajectory).source(args=(X,))
    forward, reverse = source.split("# reverse sweep")
    assert "traj.append(" in forward and "appended(" not in source
    assert "d_traj.pop()" in reverse and "d_traj[:-1]" not in reverse
    tangents = transpiler.jvp(trajectory, (X,), (X,))     # (forward mode's code runs the same lists)
    assert np.isfinite(tangents[1])


def test_the_recurrent_states_adjoint_is_popped_not_copied():
    reverse = transpiler.grad(recurrent_states).source(args=(point(recurrent_states),)).split("# reverse sweep")[1]
    assert "d_hs.pop()" in reverse and "owned(" not in reverse and "[:-1]" not in reverse


def test_a_list_taped_for_the_reverse_sweep_keeps_its_copies():
    """``hs`` is pushed on the loop's tape (its reverse reads ``hs[-1]`` of each version): its
    appends stay copies, or every taped version would be the last one."""
    source = transpiler.grad(recurrent_states).source(args=(point(recurrent_states),))
    forward = source.split("# reverse sweep")[0]
    assert "_tape.append(hs)" not in forward or "hs = appended(hs," in forward


def test_a_list_argument_is_left_as_the_primal_leaves_it():
    def f(x, xs):
        ys = list(xs)
        for k in range(3):
            ys.append(x * k)
        out = []
        for v in xs:
            out.append(v * x)
        return np.sum(sum(ys)) + np.sum(sum(out))
    given = [X.copy(), X * 2]
    gradient = transpiler.grad(f)(X, given)
    assert len(given) == 2 and np.array_equal(given[0], X) and np.array_equal(given[1], X * 2)
    assert np.allclose(gradient, central_differences(lambda x: f(x, [X.copy(), X * 2]), X), rtol=1e-6)


def test_a_returned_list_holds_every_append():
    def f(x):
        out = []
        for k in range(3):
            out.append(x * k)
        return out
    value = transpiler.value_and_grad(lambda x: np.sum(sum(f(x))))(X)[0]
    assert np.isclose(value, np.sum(sum(f(X))))
    tangent = transpiler.jvp(f, (X,), (X,))
    assert len(tangent[0]) == 3 and np.allclose(tangent[1][2], 2 * X)


def test_a_callers_list_appended_to_changes_as_python_changes_it():
    def f(x, log):
        for k in range(3):
            log.append(x * k)
        return np.sum(sum(v * v for v in log))
    given, plain = [X.copy()], [X.copy()]
    gradient = transpiler.grad(f)(X, given)
    f(X, plain)
    assert len(given) == len(plain) == 4 and all(np.array_equal(a, b) for a, b in zip(given, plain))
    assert np.allclose(gradient, central_differences(lambda x: f(x, [X.copy()]), X), rtol=1e-6)


def test_the_states_items_have_their_shape_so_the_product_adjoints_are_direct():
    """Every item of ``hs`` comes from ``h0`` or the loop's one append, all of one shape
    (analysis/list_items.py): ``hs[-1]``'s shape is known, and the adjoints of ``W0 @ hs[-1]``
    are ``W0.T @ g`` and an outer product, not the helpers testing shapes at run time."""
    def f(W):
        hs = [XS[0] @ U.T]
        for t in range(T):
            hs.append(np.tanh(W @ hs[-1] + B))
        return np.sum(hs[-1] ** 2) + 0.1 * sum(np.sum(h) for h in hs)
    source = transpiler.grad(f).source(args=(W0,))
    assert "matmul_adjoint" not in source and "unbroadcast" not in source.split("# reverse sweep")[1]
    expected = central_differences(lambda w: f(w.reshape(H, H)), W0.ravel()).reshape(H, H)
    assert np.allclose(transpiler.grad(f)(W0), expected, rtol=1e-6, atol=1e-8)


def test_items_of_two_shapes_leave_the_items_shape_unknown():
    def f(x):
        parts = [x]
        for k in range(3):
            parts.append(np.sum(parts[-1]) * x[: k + 1])
        return np.sum(parts[-1]) + np.sum(parts[1])
    x = np.array([0.2, -0.4, 0.3])
    assert np.allclose(transpiler.grad(f)(x), central_differences(f, x), rtol=1e-6, atol=1e-8)
