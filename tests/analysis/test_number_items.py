"""Items of lists of numbers are numbers (analysis/number_items.py): forward mode's tangent of
``total += v`` over a grid of lists' items is ``t_total + t_v``, not two ``broadcast_like`` calls
spreading each term to a shape found at run time. Each spelling against central differences,
reverse mode and second order; lists whose items are arrays keep the spreading."""
import numpy as np
import pytest

import transpiler

N = 6


def comprehension_grid(x, n=N):
    grid = [[0.0 for _ in range(n)] for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = np.sin(x * i) + x * j
    total = 0.0
    for row in grid:
        for v in row:
            total += v
    return total


def repeated_rows_enumerated(x):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] += x * (i - j)
            grid[i][j] *= x
    total = 0.0
    for i, row in enumerate(grid):
        for v in row:
            total = total + v * i
    return total


def cell(x, i, j):
    return np.cos(x * i) * j


def by_positions_with_a_helper(x):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] = cell(x, i, j)
    total = 0.0
    for i in range(len(grid)):
        for j in range(len(grid[i])):
            total += grid[i][j] ** 2
    return total


def appended_numbers(x):
    values = []
    for k in range(N):
        values.append(x ** k / (k + 1))
    total = 1.0
    for v in values:
        total = total * (1.0 + v)
    return total


def arrays_in_a_list(x):
    parts = [np.ones(3) * x, np.arange(3.0) * x * x]
    total = 0.0
    for v in parts:
        total = total + v       # (an array from the first item on: its tangent is spread)
    return (total * total).sum()


def rk4_on_a_tuple_state(theta, dt=0.05, steps=20):
    # (a tuple carried through the loop and unpacked by a helper: the unpacking's length check,
    # run every iteration, reads the tuple and changes nothing)
    def rate(s):
        q, p = s
        return (p, -theta * np.sin(q))
    s = (1.0, 0.0)
    for _ in range(steps):
        k1 = rate(s)
        k2 = rate((s[0] + dt / 2 * k1[0], s[1] + dt / 2 * k1[1]))
        k3 = rate((s[0] + dt / 2 * k2[0], s[1] + dt / 2 * k2[1]))
        k4 = rate((s[0] + dt * k3[0], s[1] + dt * k3[1]))
        s = (s[0] + dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
             s[1] + dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]))
    return s[0] ** 2


NUMBERS = [comprehension_grid, repeated_rows_enumerated, by_positions_with_a_helper, appended_numbers,
           rk4_on_a_tuple_state]


def forward_source(f, x):
    g = transpiler.grad(f)
    g(x)
    g(x)                    # (the code a call runs is compiled at the second call)
    source = g.source(args=(x,))            # (its keyword defaults bound, as a call binds them)
    assert "_jvp(" in source, "forward mode"
    return source


def central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("f", NUMBERS, ids=lambda f: f.__name__)
def test_items_of_lists_of_numbers_add_their_tangents_without_spreading(f):
    x = 0.7
    body = forward_source(f, x).split("def " + f.__name__ + "_jvp")[1]
    assert "broadcast_like(" not in body
    assert transpiler.grad(f)(x) == pytest.approx(central(f, x), rel=1e-7)


@pytest.mark.parametrize("f", NUMBERS, ids=lambda f: f.__name__)
def test_forward_mode_agrees_with_reverse_and_second_order_with_differences(f):
    x = 0.7
    _, directional = transpiler.jvp(f, (x,), (1.0,))
    reverse = transpiler.vjp(f, x)[1](1.0)
    assert directional == pytest.approx(np.ravel(reverse)[0], rel=1e-10)
    second = transpiler.grad(transpiler.grad(f))(x)
    assert second == pytest.approx(central(transpiler.grad(f), x, 1e-5), rel=1e-5)


def test_a_float32_argument_keeps_its_numbers():
    x = np.float32(0.7)
    got = transpiler.grad(comprehension_grid)(x)
    assert got == pytest.approx(central(comprehension_grid, 0.7), rel=1e-3)


def test_a_list_of_arrays_keeps_spreading_its_tangents():
    x = 0.7
    assert "broadcast_like(" in forward_source(arrays_in_a_list, x).split("def arrays_in_a_list_jvp")[1]
    assert transpiler.grad(arrays_in_a_list)(x) == pytest.approx(central(arrays_in_a_list, x), rel=1e-7)


def stencil(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(1, N):
            grid[i][j] = 0.5 * grid[i][j - 1] + p[0] * i + p[1] * j
    return sum(sum(row) for row in grid)


def test_reverse_mode_sums_back_no_item_of_a_list_of_numbers():
    # (`grid[i][j - 1]` a number: the adjoints of `p[0] * i` and `p[1] * j` are the cell's own)
    p = np.array([0.3, 0.2])
    g = transpiler.grad(stencil)
    source = g.source(args=(p,))
    assert "unbroadcast(" not in source.split("# reverse sweep")[-1]
    h = 1e-6
    fd = [(stencil(p + h * e) - stencil(p - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(g(p), fd, rtol=1e-7)
    np.testing.assert_allclose(g(p.astype(np.float32)), fd, rtol=1e-4)
    hessian = transpiler.hessian(stencil)(p)
    by_differences = [(g(p + 1e-5 * e) - g(p - 1e-5 * e)) / 2e-5 for e in np.eye(2)]
    np.testing.assert_allclose(hessian, by_differences, atol=1e-6)


def test_a_tuple_carried_through_a_loop_is_carried_as_its_items():
    # (frontend/tuple_loops.py: `s` as `s_0, s_1`; and `k1 = rate(s)` a tuple display, `k1[0]`
    # its first entry, not an index into it: opt/tuple_items.py in forward mode too)
    body = forward_source(rk4_on_a_tuple_state, 0.7).split("def rk4_on_a_tuple_state_jvp")[1]
    loop = [line for line in body.split("for _ in range(")[1].splitlines() if line.startswith(" " * 8)]
    assert loop and not any("[0]" in line or "[1]" in line for line in loop), "the state's items are names"
