"""A list or tuple display whose elements are tuples themselves (``[("w", x), ("b", y)]``):
each element's adjoint is a list, which adds up element by element (analysis/facts.py
``containers``, ad/adjoints.py). ``+`` concatenated the two lists and the gradient came out
zero (found by branch h13 through ``d.items()``)."""
import numpy as np

import transpiler

X = np.array([0.3, -0.2, 0.9])


def named_pairs(x):
    pairs = [("w", x), ("b", np.sin(x))]
    total = 0.0
    for name, value in pairs:
        total = total + np.sum(value ** 2) * len(name)
    return total


def nested_tuples(x):
    layers = ((x, (2.0 * x, 1.0)), (np.cos(x), (x * x, 3.0)))
    total = 0.0
    for w, (b, scale) in layers:
        total = total + scale * np.sum(w * b)
    return total


def test_a_list_of_name_value_pairs_iterated_with_unpacking():
    report = transpiler.check_grad(named_pairs, X)
    assert report.ok, report


def test_a_tuple_of_nested_tuples_iterated_with_unpacking():
    report = transpiler.check_grad(nested_tuples, X)
    assert report.ok, report
    value, tangent = transpiler.jvp(nested_tuples, (X,), (np.ones(3),))
    h = 1e-6
    numeric = (nested_tuples(X + h) - nested_tuples(X - h)) / (2 * h)
    np.testing.assert_allclose(tangent, numeric, rtol=1e-6)


def grid_of_lists(x):
    n = 12
    grid = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = x[(i + j) % 3] * (i - j)
    total = 0.0
    for i in range(n):
        total = total + grid[i][i - 1] * grid[i - 1][i]
    return total


def test_an_element_read_from_a_list_of_lists_in_a_loop_copies_only_the_outer_list():
    # the adjoint buffer of `grid`, not ours to write into, was copied with
    # accumulate(d, zeros_like_adjoint(grid)): every row, at every element read, O(n^4) in all
    # (9.9 s for a 60 x 60 grid, the primal 0.3 ms); owned(d) copied the outer list (50x faster), and
    # now replaced_at stores the row's adjoint in one copy of it (opt/list_adjoints.py), written
    # in place on the reverse sweep's own copy (opt/adjoint_writes.py)
    assert transpiler.check_grad(grid_of_lists, X).ok
    source = transpiler.grad(grid_of_lists).source(args=(X,))
    assert "stored_in_place(d_grid" in source
    for function in source.split("\ndef ")[1:]:        # (the code on Python floats, and NumPy's)
        assert "zeros_like_adjoint(grid" not in function.partition("for i in reversed")[2]   # (once, before the loops)


def mean_of_a_grown_chain(x):
    samples = [x]
    for _ in range(3):
        samples.append(samples[-1] * 0.5 + 1.0)
    return np.sum(np.array(samples[1:]))


def test_a_sum_of_an_array_of_a_grown_list_s_slice_gives_each_element_its_adjoint():
    # the sum's adjoint, one number standing for every element, reached the list slice as that
    # number: accumulate(list, float) raised TypeError (minimc's HMC chain, found by branch c3)
    assert transpiler.check_grad(mean_of_a_grown_chain, X).ok
    np.testing.assert_allclose(transpiler.grad(mean_of_a_grown_chain)(X), np.full(3, 0.875))


def squares_of_a_stacked_slice(x):
    rows = [x * k for k in range(1, 4)]
    return np.sum(np.array(rows[1:]) ** 2)


def test_an_array_adjoint_of_a_stacked_slice_goes_to_the_entries_row_by_row():
    # (a number adjoint goes to every entry; an array's rows each to their own: not confused)
    assert transpiler.check_grad(squares_of_a_stacked_slice, X).ok
    np.testing.assert_allclose(transpiler.grad(squares_of_a_stacked_slice)(X), 2 * X * (4 + 9))


def alias_written_in_a_loop(p):
    # `a = lst` then `a[k] = ...`: the written copy is both names' list, so its adjoint is the
    # sum of theirs, a list known to be one by its kind only (`+` concatenated them: the
    # gradient for p[1] came out 1.0 too small, found by branch h6)
    lst = [p[0], p[1], 1.0]
    for k in range(3):
        a = lst
        a[k] = a[k] * p[1] + 1.0
    return lst[0] * lst[1] + a[2]


def dict_alias_written_in_a_loop(p):
    d = {"u": p[0], "v": p[1]}
    for key in ("u", "v"):
        e = d
        e[key] = e[key] * p[0] + p[1]
    return d["u"] * e["v"]


def test_an_alias_of_a_list_written_in_a_loop():
    p = np.array([0.3, -0.7])
    h = 1e-6
    for f in (alias_written_in_a_loop, dict_alias_written_in_a_loop):
        numeric = [(f(p + h * e) - f(p - h * e)) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(transpiler.grad(f)(p.copy()), numeric, rtol=1e-6)
        _, tangent = transpiler.jvp(f, (p.copy(),), (np.array([1.0, 2.0]),))
        np.testing.assert_allclose(tangent, numeric[0] + 2 * numeric[1], rtol=1e-6)
