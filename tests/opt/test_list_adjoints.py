"""The ``list_adjoints`` pass (opt/list_adjoints.py) and the helpers a grid of lists runs
through: the adjoint of ``grid[i][j] = v`` stores the new row's adjoint in a copy of the
grid's (``replaced_at``) instead of clearing the row to a zero built element by element and
adding into it, which made a double loop over an n×n grid of lists cost n³ (issue 17)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.primitives.chained_writes import alone_in
from transpiler.primitives.indexing import cleared_at
from transpiler.primitives.lists import replaced_at
from transpiler.primitives.runtime import add_into, owned, unbroadcast

RNG = np.random.default_rng(17)
N = 7


def body_of(f, *args) -> str:
    """The generated function a call runs (after its companion on Python floats, where it has one:
    backends/items.py)."""
    source = transpiler.grad(f).compiled(args).source
    return source[source.rindex(f"def {f.__name__}_"):]


def numeric_gradient(f, p, h=1e-6):
    p = np.asarray(p, dtype=float)
    return np.array([(f(p + h * e) - f(p - h * e)) / (2 * h) for e in np.eye(p.size)])


def grid_loss(p):
    n = N
    grid = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = np.sin(p[0] * i) + p[1] * j * p[0]
    return sum(sum(row) for row in grid)


def test_a_grid_filled_in_a_double_loop_stores_each_rows_adjoint():
    p = np.array([0.3, -0.7])
    body = body_of(grid_loss, p)
    assert "stored_in_place(" in body      # (replaced_at, written in place: opt/adjoint_writes.py)
    assert "owned(" not in body and "cleared_at(d_grid" not in body     # (the row's own clearing stays)
    assert np.allclose(transpiler.grad(grid_loss)(p), numeric_gradient(grid_loss, p), rtol=1e-6)
    assert check_grad(grid_loss, p)


def cell(p, i, j):
    return np.tanh(p[0] * i - p[1]) * j


SCALE = 0.5


def test_other_spellings_of_the_grid():
    def with_helper(p):
        grid = [[0.0] * N for _ in range(N)]
        for i in range(N):
            for j in range(N):
                grid[i][j] = cell(p, i, j) * SCALE
        return sum(sum(row) for row in grid)

    def make(offset):
        def closure(p):
            grid = [[0.0 for _ in range(N)] for _ in range(N)]
            for i in range(N):
                for j in range(i + 1):
                    grid[i][j] = grid[i][j] + offset + p[0] * p[1] ** 2 * (i - j)
            return sum(g * g for row in grid for g in row)
        return closure

    def accumulated(p):
        grid = [[0.0] * N for _ in range(N)]
        for i in range(N):
            for j in range(N):
                grid[i][j] += p[0] * i
                grid[i][j] *= p[1]
        total = 0.0
        for row in grid:
            total = total + np.sum(np.array(row) ** 2)
        return total

    p = np.array([0.4, 1.3])
    for f in (with_helper, make(0.25), accumulated):
        assert np.allclose(transpiler.grad(f)(p), numeric_gradient(f, p), rtol=1e-5), f.__name__
        assert "stored_in_place(" in body_of(f, p), f.__name__
    p32 = p.astype(np.float32)
    assert np.allclose(transpiler.grad(with_helper)(p32), numeric_gradient(with_helper, p), rtol=1e-4)


def test_a_grid_of_parameters_in_a_list_and_rows_of_arrays():
    def listed(params):
        a, b = params
        grid = [[0.0] * N for _ in range(N)]
        for i in range(N):
            for j in range(N):
                grid[i][j] = a * i + b * b * j
        return sum(sum(row) for row in grid)

    def array_rows(p):
        grid = [np.zeros(3) for _ in range(N)]
        for i in range(N):
            for j in range(3):
                grid[i][j] = p[0] * i + np.cos(p[1] * j)
        return sum(np.sum(row ** 2) for row in grid)

    g = transpiler.grad(listed)([0.3, 0.8])
    assert np.allclose(g, [N * sum(range(N)), 2 * 0.8 * N * sum(range(N))])
    p = np.array([0.3, 0.8])
    assert np.allclose(transpiler.grad(array_rows)(p), numeric_gradient(array_rows, p), rtol=1e-5)


def test_forward_mode_and_second_derivatives_through_the_grid():
    p, v = np.array([0.3, -0.7]), np.array([1.0, 2.0])
    _, tangent = transpiler.jvp(grid_loss, (p,), (v,))
    assert np.isclose(tangent, numeric_gradient(grid_loss, p) @ v, rtol=1e-6)
    grad = transpiler.grad(grid_loss)
    expected = (grad(p + 1e-5 * v) - grad(p - 1e-5 * v)) / 2e-5
    assert np.allclose(transpiler.hvp(grid_loss, p, v), expected, rtol=1e-5)
    assert np.allclose(transpiler.hessian(grid_loss)(p) @ v, expected, rtol=1e-5)


def test_an_aliased_grid_is_still_refused():
    def aliased(p):
        grid = [[0.0] * 3] * 3
        grid[0][1] = p[0]
        return sum(sum(row) for row in grid)
    with pytest.raises(Exception, match="also another entry"):
        transpiler.grad(aliased)(np.array([1.0]))


def composed(d, index, x, g):
    return add_into(owned(cleared_at(d, index, x)), index, g)


@pytest.mark.parametrize("d, index, x, g", [
    ([[1.0, 2.0], [3.0, 4.0]], 1, [[0.0, 0.0], [5.0, 6.0]], [7.0, 8.0]),      # a row of numbers
    ([1.0, 2.0, 3.0], 2, [0.0, 0.0, 1.0], 4.5),                              # a number
    ([1.0, 2.0, 3.0], -1, [0.0, 0.0, 1.0], np.float64(4.5)),
    ([[1.0, 2.0], [3.0, 4.0]], 0, [[0.0, 0.0], [5.0, 6.0]], 2.0),              # a sum's adjoint: broadcast
    ([[[1.0], [2.0]], [[3.0], [4.0]]], 0, [[[0.0], [0.0]], [[5.0], [6.0]]], [[7.0], [8.0]]),   # lists of lists
    ([np.ones(2), np.ones(2)], 1, [np.zeros(2), np.zeros(2)], np.array([3.0, 4.0])),          # rows of arrays
    ({"a": 1.0, "b": [2.0, 3.0]}, "b", {"a": 0.0, "b": [1.0, 1.0]}, [4.0, 5.0]),           # a dict
    (np.arange(6.0).reshape(3, 2), 1, np.zeros((3, 2)), np.array([9.0, 8.0])),             # an array
    (np.arange(6.0).reshape(3, 2), 1, np.zeros((3, 2)), 7.0),
    (np.arange(4.0), [1, 1], np.zeros(4), np.array([2.0, 3.0])),             # a repeated position: added
    (np.arange(4.0, dtype=np.float32), 2, np.zeros(4, np.float32), 0.1),
])
def test_replaced_at_is_the_composition_it_stands_for(d, index, x, g):
    def copied(v):
        return {k: copied(w) for k, w in v.items()} if isinstance(v, dict) else \
            [copied(w) for w in v] if isinstance(v, list) else np.copy(v) if isinstance(v, np.ndarray) else v
    expected, got = composed(copied(d), index, x, g), replaced_at(copied(d), index, x, g)
    assert type(got) is type(expected)
    if isinstance(expected, np.ndarray):
        assert got.dtype == expected.dtype
    assert repr(_plain(got)) == repr(_plain(expected))
    before = copied(d)
    replaced_at(d, index, x, g)
    assert repr(_plain(d)) == repr(_plain(before))        # the adjoint it was given is not changed


def _plain(v):
    if isinstance(v, dict):
        return {k: _plain(w) for k, w in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(w) for w in v]
    return np.asarray(v, dtype=float).tolist()


def test_the_helpers_fast_paths_keep_their_answers():
    assert unbroadcast([1.0, 2.0], [0.0, 0.0]) == [1.0, 2.0]
    assert np.allclose(unbroadcast([np.ones(2), np.ones(2)], [0.0, 1.0]), [2.0, 2.0])   # not flat: summed
    assert np.allclose(unbroadcast(np.ones((2, 3)), [0.0, 0.0, 0.0]), [2.0, 2.0, 2.0])
    row = [0.0, 1.0]
    assert alone_in(1, [[0.0, 1.0], row], "here") == 1
    with pytest.raises(TypeError, match="also another entry"):
        alone_in(0, [row, row], "here")
    a = np.zeros(4)
    with pytest.raises(TypeError, match="also another entry"):
        alone_in(0, [a[:2], a[1:]], "here")           # views sharing memory
    assert alone_in("k", {"k": [1.0], "m": [1.0]}, "here") == "k"


# ------------------------------------------------------------------ write_checks (opt/write_checks.py)
def test_a_rows_alias_check_is_made_once_per_row_in_both_modes():
    p = np.array([0.3, -0.7])
    body = body_of(grid_loss, p)
    inner = body.index("for j in range")
    assert body.count("alone_in(") == 1 and body.index("alone_in(") < inner       # before the inner loop
    forward = str(transpiler.api.tangent_source(grid_loss, args=(p,)))
    forward = forward[forward.index("def grid_loss_"):]
    assert forward.count("alone_in(") == 1 and forward.index("alone_in(") < forward.index("for j in range")
    _, tangent = transpiler.jvp(grid_loss, (p,), (np.array([1.0, 0.0]),))
    assert np.isclose(tangent, numeric_gradient(grid_loss, p)[0], rtol=1e-6)


def test_an_aliased_row_still_raises_where_python_would_change_two_rows():
    def aliased_in_a_loop(p):
        grid = [[0.0] * 3] * 3
        for i in range(3):
            for j in range(3):
                grid[i][j] = p[0] * j
        return sum(sum(row) for row in grid)
    with pytest.raises(Exception, match="also another entry"):
        transpiler.grad(aliased_in_a_loop)(np.array([1.0]))
    with pytest.raises(Exception, match="also another entry"):
        transpiler.jvp(aliased_in_a_loop, (np.array([1.0]),), (np.array([1.0]),))

    def never_written(p):
        grid = [[0.0] * 3] * 3
        for i in range(3):
            for j in range(0):          # (no write: Python changes nothing, so nothing is refused)
                grid[i][j] = p[0] * j
        return sum(sum(row) for row in grid) + p[0]
    assert np.allclose(transpiler.grad(never_written)(np.array([1.0])), [1.0])


def test_a_check_whose_key_changes_stays_in_the_loop():
    def column(p):
        grid = [[0.0] * 4 for _ in range(4)]
        for i in range(4):
            grid[i][1] = p[0] * i          # a new row each iteration: each is checked
        return sum(sum(row) for row in grid)
    p = np.array([2.0])
    body = body_of(column, p)
    assert body.index("alone_in(") > body.index("for i in range")
    assert np.allclose(transpiler.grad(column)(p), [6.0])


def test_the_check_leaves_the_loop_in_the_forward_code_a_scalars_gradient_runs():
    def scalar_grid(x, n=6):
        grid = [[0.0 for _ in range(n)] for _ in range(n)]
        for i in range(n):
            for j in range(n):
                grid[i][j] = np.sin(x * i) + x * j
        total = 0.0
        for row in grid:
            for v in row:
                total += v
        return total
    source = transpiler.grad(scalar_grid).compiled((0.3,)).source
    body = source[source.index("def scalar_grid_"):]
    assert "_jvp" in body and body.count("alone_in(") == 1
    assert body.index("alone_in(") < body.index("for j in range")
    assert "if _runs:" in body        # (n is known at run time only: the check runs where the loop does)
    expected = sum(i * np.cos(0.3 * i) + j for i in range(6) for j in range(6))
    assert np.isclose(transpiler.grad(scalar_grid)(0.3), expected)
    assert np.isclose(transpiler.grad(scalar_grid)(0.3, 0), 0.0)


def accumulated(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] += p[0] * i
            grid[i][j] *= p[1]
    return sum(sum(row) for row in grid)


def test_two_writes_of_one_item_check_the_row_once_before_the_inner_loop():
    # the check of the second write reads the grid the first write just made, whose row i is a
    # copy made just before: dropped; the first write's is made once, its row followed through
    # both updates of the iteration
    p = np.array([0.3, -0.7])
    body = body_of(accumulated, p)
    assert body.count("alone_in(") == 1 and body.index("alone_in(") < body.index("for j in range")
    assert check_grad(accumulated, p)
    _, tangent = transpiler.jvp(accumulated, (p,), (np.array([0.0, 1.0]),))
    assert np.isclose(tangent, numeric_gradient(accumulated, p)[1], rtol=1e-6)
    forward = str(transpiler.api.tangent_source(accumulated, args=(p,)))
    forward = forward[forward.index("def accumulated_"):]
    assert forward.count("alone_in(") == 1 and forward.index("alone_in(") < forward.index("for j in range")


def test_two_writes_into_an_aliased_grid_still_raise():
    def aliased(p):
        grid = [[0.0] * 3] * 3
        for i in range(3):
            for j in range(3):
                grid[i][j] += p[0] * j
                grid[i][j] *= p[0]
        return sum(sum(row) for row in grid)
    with pytest.raises(Exception, match="also another entry"):
        transpiler.grad(aliased)(np.array([1.0]))
    with pytest.raises(Exception, match="also another entry"):
        transpiler.jvp(aliased, (np.array([1.0]),), (np.array([1.0]),))


def test_a_row_stored_twice_in_the_iteration_is_still_checked():
    def stored_twice(p):
        grid = [[0.0] * 3 for _ in range(3)]
        for i in range(2):
            grid[i + 1] = grid[i]          # the same row object at two positions
            grid[i][0] = p[0] * i          # Python changes both: refused
        return sum(sum(row) for row in grid)
    with pytest.raises(Exception, match="also another entry"):
        transpiler.grad(stored_twice)(np.array([1.0]))

    def copied_then_written(p):
        grid = [[0.0] * 3 for _ in range(3)]
        for i in range(2):
            grid[i + 1] = list(grid[i])    # a copy: each row its own object
            grid[i][0] = p[0] * i
            grid[i][1] = grid[i][0] * p[0]
        return sum(sum(row) for row in grid)
    p = np.array([1.3])
    assert check_grad(copied_then_written, p)


def test_a_new_row_stored_at_two_keys_before_it_is_written_is_still_refused():
    # r, a copy made by a write, is stored at k and then at i: the container copied for the
    # store at i already holds it, so the check of grid[i][2] = ... must stay (and raise: Python
    # changes both rows). Without that condition the check was dropped and the gradient wrong.
    def twice(p):
        grid = [[0.0] * 3 for _ in range(3)]
        for i in range(1, 3):
            k = i - 1
            r = list(grid[k])
            r[k] = p[0]
            grid[k] = r
            grid[i] = r
            grid[i][2] = p[0] * i
        return sum(sum(row) for row in grid)
    # (since the outer list counts a stored list's memory, frontend/assignments.py, the lowering
    # refuses it first: `p` read after the write through `grid`; a refusal either way)
    refused = "also another entry|is read after a write through `grid`"
    with pytest.raises(Exception, match=refused):
        transpiler.grad(twice)(np.array([1.0]))
    with pytest.raises(Exception, match=refused):
        transpiler.jvp(twice, (np.array([1.0]),), (np.array([1.0]),))
