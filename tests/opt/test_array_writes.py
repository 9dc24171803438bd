"""An array filled item by item in a loop, written in place (opt/array_writes.py): the forward
sweep's ``assign_at`` copies and the reverse sweep's clearing of the adjoint become ``stored_at``
where no name reads the old version and only the generated code holds the memory. Each spelling
against finite differences (and the primal's value); the copies stay where an old version is read
or the memory is someone else's."""
import re

import numpy as np
import pytest

import transpiler as tp
from transpiler.check import check_grad

from item_write_programs import added, filled, recurrence, rows, running_sum, weighted_kernel, while_loop

N = 7


def fill(out, x):
    for i in range(len(x)):
        out[i] = x[i] ** 2
    return out


def by_a_helper(x):
    out = fill(np.zeros(len(x)), x)
    return np.sum(out * x)


def closure_count(x):
    out = np.zeros(N)
    for i in range(N):
        out[i] = np.sin(x[i]) * x[i]
    return np.sum(out ** 2)


def read_after_and_written_again(x):
    out = np.zeros(len(x))
    for i in range(len(x)):
        out[i] = x[i] * 3
    total = np.sum(out * out)
    for i in range(len(x)):
        out[i] = out[i] * x[i]
    return total + np.sum(out)


def argument_copied(x):
    x = x.copy()
    for i in range(1, len(x)):
        x[i] = x[i] * x[i - 1]
    return np.sum(x)


def argument_written(x):
    for i in range(len(x)):
        x[i] = np.sin(x[i])
    return np.sum(x ** 2)


def aliased(x):
    out = np.zeros(len(x))
    y = out
    for i in range(len(x)):
        out[i] = x[i] * 2
    return np.sum(y * x)


def view_held(x):
    out = np.zeros((2, len(x)))
    row = out[0]
    for i in range(len(x)):
        out[0, i] = x[i] ** 2
        out[1, i] = row[i] * x[i]
    return np.sum(row * x) + np.sum(out[1])


def old_version_kept(x):
    out = np.zeros(len(x))
    total = 0.0
    for i in range(len(x)):
        prev = out.copy()
        old = out
        out[i] = x[i] ** 2
        total = total + np.sum(prev * x) + np.sum(old)
    return total


class Layer:
    def __init__(self, a):
        self.w = a * 1.0


def slice_added_then_read(a):
    layer = Layer(a)
    w = layer.w
    layer.w[1:] += a[:-1] ** 2     # the adjoint of the slice: a view of the output's adjoint (a)
    return np.sum(w * a)


SPELLINGS = [filled, running_sum, recurrence, weighted_kernel, added, rows, while_loop, by_a_helper, closure_count,
             read_after_and_written_again, argument_copied, argument_written, aliased, old_version_kept]


@pytest.mark.parametrize("f", SPELLINGS)
def test_gradient_matches_finite_differences(f):
    x = np.random.default_rng(1).standard_normal(N)
    report = check_grad(f, x)
    assert report.ok, report
    value, _ = tp.value_and_grad(f)(x.copy())
    assert value == pytest.approx(f(x.copy()), rel=1e-12)


def test_a_view_of_the_adjoint_read_after_the_clearing_keeps_the_copy():
    # (the clearing of a slice's adjoint that starts as the argument, d_w = a: d_w[1:] = 0 in place
    # zeroed a view of it read later, d_t4 = unbroadcast(a[1:], ...), a wrong gradient)
    report = check_grad(slice_added_then_read, np.array([0.3, -1.2, 0.7, 2.0]))
    assert report.ok, report


@pytest.mark.parametrize("f", [filled, weighted_kernel, rows])
def test_float32_arguments(f):
    x = np.random.default_rng(2).standard_normal(N).astype(np.float32)
    g = tp.grad(f)(x)
    numeric = tp.grad(f)(x.astype(np.float64))
    assert np.allclose(g, numeric, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("f", [filled, weighted_kernel, running_sum])
def test_forward_mode_and_hessian(f):
    x = np.random.default_rng(3).standard_normal(4)
    v = np.random.default_rng(4).standard_normal(4)
    _, tangent = tp.jvp(f, (x,), (v,))
    assert tangent == pytest.approx(tp.grad(f)(x) @ v, rel=1e-9)
    hessian = tp.hessian(f)(x)
    g = tp.grad(f)
    h = 1e-5
    numeric = np.array([(g(x + h * e) - g(x - h * e)) / (2 * h) for e in np.eye(4)])
    assert np.allclose(hessian, numeric, rtol=1e-5, atol=1e-6)


def test_arguments_are_left_as_the_primal_leaves_them():
    x = np.random.default_rng(5).standard_normal(N)
    kept = x.copy()
    tp.grad(argument_copied)(x)
    assert np.array_equal(x, kept)
    tp.grad(argument_written)(x)       # the primal writes into its argument; grad must not
    assert np.array_equal(x, kept)


def written_through_asarray(x):
    out = np.asarray(x)
    for i in range(len(x)):
        out[i] = np.cos(out[i]) * 2
    return np.sum(out ** 2)


def test_an_argument_reached_through_a_view_is_copied_before_it_is_written():
    x = np.random.default_rng(5).standard_normal(N)
    kept = x.copy()
    report = check_grad(written_through_asarray, x)
    assert report.ok, report
    assert np.array_equal(x, kept)
    g = tp.grad(written_through_asarray)
    g(x)
    assert np.array_equal(x, kept)


def test_the_returned_array_is_a_fresh_one():
    def returned(x):
        out = np.zeros(len(x))
        for i in range(len(x)):
            out[i] = x[i] * 2
        return out

    x = np.random.default_rng(6).standard_normal(N)
    jacobian = tp.jacobian(returned)(x)
    assert np.allclose(jacobian, 2 * np.eye(N))
    seed = np.ones(N)
    before = seed.copy()
    value, pullback = tp.vjp(returned, x)
    assert np.allclose(value, 2 * x) and not np.shares_memory(value, x)
    assert np.allclose(pullback(seed)[0], 2 * seed)
    assert np.array_equal(seed, before)
    again, _ = tp.vjp(returned, x)
    assert not np.shares_memory(value, again)


def body_of(f, x):
    return tp.grad(f).source(args=(x,))


@pytest.mark.parametrize("f", [filled, running_sum, weighted_kernel, by_a_helper, while_loop])
def test_writes_are_in_place_both_ways(f):
    x = np.random.default_rng(7).standard_normal(N)
    source = body_of(f, x)
    calls = [line for line in source.splitlines() if "= assign_at(" in line]
    assert not calls, calls
    in_place = [line for line in source.splitlines()
                if "= stored_at(" in line or re.match(r"\s+\w+\[[^\]]*\] = ", line)]     # (or out[i] = v itself)
    assert len(in_place) >= 2, source


def test_an_adjoint_added_into_at_a_neighbour_is_not_copied():
    x = np.random.default_rng(7).standard_normal(N)
    reverse = body_of(recurrence, x).split("# reverse sweep")[-1]
    assert re.search(r"stored_at\(|d_out_2(_1)?\[i\] = 0\.0", reverse), reverse     # (the clearing in place)
    assert "np.copy(" not in reverse and "assign_at(" not in reverse


def test_an_old_version_a_tape_holds_keeps_the_copy():
    x = np.random.default_rng(8).standard_normal(N)
    forward = body_of(old_version_kept, x).split("def old_version_kept_grad(")[-1].split("# reverse sweep")[0]
    assert "_tape.append(out_1)" in forward and "= assign_at(out_1" in forward


def test_a_rows_adjoint_is_cleared_after_the_last_reader_of_its_view():
    x = np.random.default_rng(8).standard_normal(N)
    reverse = body_of(rows, x).split("def rows_grad(")[-1].split("# reverse sweep")[1]
    assert "= assign_at(" not in reverse
    cleared = re.search(r"stored_at\(d_out_1|d_out_1\[\w+\] = 0\.0", reverse)   # (in place: a float64 adjoint)
    assert cleared and reverse.index("d_out_1[i, :]") < reverse.index("d_x = d_x + ") < cleared.start()


def test_a_view_held_across_the_writes_is_still_refused():
    from transpiler.errors import UnsupportedSyntaxError
    with pytest.raises(UnsupportedSyntaxError, match="changes an array in place"):
        tp.grad(view_held)(np.ones(N))


def test_an_alias_sees_the_writes_in_place():
    x = np.random.default_rng(8).standard_normal(N)
    assert "= assign_at(" not in body_of(aliased, x).split("def aliased_grad(")[-1]


def test_a_view_of_the_adjoint_is_written_into_a_copy_first():
    x = np.random.default_rng(9).standard_normal(N)
    source = body_of(weighted_kernel, x)
    assert "owned_copy(" in source


def test_stored_at_writes_in_place_only_where_the_array_stays_what_assign_at_makes():
    from transpiler.primitives.indexing import assign_at, stored_at
    out = np.zeros(3)
    assert stored_at(out, 1, 2.5) is out and out[1] == 2.5
    integers = np.zeros(3, dtype=np.int64)      # assign_at casts to the array's dtype, as NumPy: so does stored_at
    written = stored_at(integers, 0, 1.5)
    assert written.dtype == np.int64 and written[0] == 1 and np.array_equal(written, [1, 0, 0])
    assert np.array_equal(written, assign_at(np.zeros(3, dtype=np.int64), 0, 1.5))
    frozen = np.broadcast_to(1.0, (3,))         # read-only: a copy
    assert stored_at(frozen, 0, 2.0) is not frozen and frozen[0] == 1.0
    assert stored_at([1.0, 2.0], 0, 3.0) == [3.0, 2.0]


def two_entries_of_one_value_written(x):
    d = {}
    d["a"] = np.sin(x)
    d["b"] = np.sin(x)
    d["a"][0] = 5.0
    return np.sum(d["a"] * d["b"])


def test_two_writes_of_one_version_each_reading_what_the_other_overwrites_compile():
    # the reverse sweep's `assign_at(t, 0, 5.0)` and `assign_at(t, 0, 0.0)` each moved past the
    # other for ever (grad never returned); each write now moves once
    source = tp.grad(two_entries_of_one_value_written).source(args=(np.array([0.5, -1.0, 2.0]),))
    assert "assign_at(" in source
