"""``for idx in np.ndindex(a.shape):`` (frontend/combinations.py): the loop over the index
tuples NumPy makes, which was refused ("iterating over `np.ndindex(a.shape)`"). The shape is a
constant of the derivative; the tuples index the array like any other. Value, both modes and the
Hessian against finite differences, through a helper, a branch, a comprehension, a ``break``,
the ``np.ndindex(2, 3)`` spelling and float32."""
import numpy as np
import pytest

import transpiler
from order_checks import assert_all_orders

A = np.array([[0.3, -0.5, 0.9], [1.1, 0.2, -0.7]])


def energy(a):
    s = 0.0
    for idx in np.ndindex(a.shape):
        s = s + a[idx] ** 2 * np.sin(a[idx])
    return s


def cell(a, idx):
    i, j = idx
    return a[idx] * (i + 1) - j * a[idx] ** 3


def through_a_helper_and_a_branch(a):
    s = 0.0
    for idx in np.ndindex(a.shape[0], a.shape[1]):      # the lengths one by one
        if a[idx] > 0:
            s = s + cell(a, idx)
        else:
            s = s + np.exp(a[idx])
    return s


def in_a_comprehension(a):
    return sum(np.tanh(a[i, j]) * a[0, j] for i, j in np.ndindex(2, 3))


def stops_at_a_break(a):
    s = 0.0
    for idx in np.ndindex(a.shape):
        if a[idx] > 1.0:
            break
        s = s + a[idx] * a[0, 0]
    return s


@pytest.mark.parametrize("f", [energy, through_a_helper_and_a_branch, in_a_comprehension, stops_at_a_break])
def test_ndindex_loops_match_finite_differences_in_every_order(f):
    assert_all_orders(f, A)


def test_the_loop_runs_over_every_index_tuple_in_numpys_order():
    seen = lambda a: sum(a[idx] * 10.0 ** k for k, idx in enumerate(np.ndindex(a.shape)))   # noqa: E731
    assert transpiler.value_and_grad(seen)(A)[0] == pytest.approx(seen(A))
    assert transpiler.value_and_grad(stops_at_a_break)(A)[0] == pytest.approx(stops_at_a_break(A))


def test_float32_keeps_its_dtype():
    g = transpiler.grad(energy)(A.astype(np.float32))
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(energy)(A), rtol=1e-5)


def inside_an_outer_loop(a):
    s = 0.0
    for k in range(3):                  # (the inner loop's body is lowered again for the outer's)
        for i, idx in enumerate(np.ndindex(a.shape)):
            s = s + a[idx] * np.cos(k * a[idx]) / (i + 1)
    return s


def test_ndindex_inside_another_loop_and_enumerate():
    assert_all_orders(inside_an_outer_loop, A)


def listed_inside_an_outer_loop(a):
    s = 0.0
    for k in range(2):
        for idx in list(np.ndindex(a.shape)):
            s = s + a[idx] * (k + 1)
    return s


def test_a_listed_ndindex_in_a_loop_is_not_read_spent_by_the_reverse_sweep():
    # the ndindex object, kept for the reverse sweep and listed again there, was spent: gradient 0
    np.testing.assert_allclose(transpiler.grad(listed_inside_an_outer_loop)(A), np.full(A.shape, 3.0))
    assert_all_orders(listed_inside_an_outer_loop, A)
    assert "index_tuples(" in transpiler.grad(energy).source()


def enumerated(a):
    s = 0.0
    for idx, v in np.ndenumerate(a):
        if v > 0:
            s = s + cell(a, idx) * v
        else:
            s = s + np.sin(v) * idx[1]
    return s


def test_ndenumerate_reads_each_element_from_the_array():
    # (np.ndenumerate had no rule: "no derivative rule for `np.ndenumerate`")
    assert transpiler.value_and_grad(enumerated)(A)[0] == pytest.approx(enumerated(A))
    assert_all_orders(enumerated, A)
