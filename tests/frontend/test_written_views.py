"""A helper writing into what its caller passed, where that is a view of the caller's array
(``_condition_on(..., filtered_mus[t], filtered_Sigmas[t])`` writing ``mcond[:] = ...``: ssm's
Kalman filter), an object's attribute (``rk_step(..., self.K)``: scipy's RK45), or updated with
``x op= v`` (``sigma2 **= inv_power``: arch's GARCH) — frontend/helper_results.py. As in NumPy,
the caller's array sees the write: its names hold ``assign_at(base, index, final)`` after the
call. Each spelling: the value against plain Python (run on copies), the gradient against
central differences in both modes; Hessians for some. What cannot be followed stays refused,
located: at the read while compiling, or at the call when it runs (an index array: a copy)."""
import functools

import numba
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.8])


def _condition(m, S, mcond, Scond):          # ssm's `_condition_on`, cut down
    Scond[:] = S - 0.5 * S @ S
    mcond[:] = Scond @ m


def _predict(m, S, mpred, Spred):
    mpred[:] = 0.9 * m + 0.1
    Spred[:] = 0.8 * S + 0.1 * np.eye(2)


def kalman_like(x):
    T = 3
    pred_m, pred_S = np.zeros((T, 2)), np.zeros((T, 2, 2))
    filt_m, filt_S = np.zeros((T, 2)), np.zeros((T, 2, 2))
    pred_m[0] = x[:2]
    pred_S[0] = np.outer(x[1:], x[1:]) * 0.1 + np.eye(2)
    for t in range(T):
        _condition(pred_m[t], pred_S[t], filt_m[t], filt_S[t])
        if t == T - 1:
            break
        _predict(filt_m[t], filt_S[t], pred_m[t + 1], pred_S[t + 1])
    return np.sum(filt_m ** 2) + np.sum(filt_S * pred_S)


@numba.jit(nopython=True)
def _set_row_items(row, j, v):
    row[j] = v
    row[0] += v


def element_into_rows(x):
    M = np.zeros((3, 3))
    for i in range(3):
        _set_row_items(M[i], i, x[i] ** 2)      # a numba helper, a row per iteration
    return np.sum(M * np.arange(9.0).reshape(3, 3))


def _add_into_block(block, v):
    for i in range(block.shape[0]):
        block[i, :] += v * (i + 1)


def added_into_a_block(x):
    M = np.outer(x, x)
    _add_into_block(M[1:3], x)
    _add_into_block(M[1:3], np.sin(x))          # twice on the same buffer
    return np.sum(M ** 2)


def _fill_then_root(s, x):
    for t in range(s.shape[0]):
        s[t] = x[t] ** 2 + 1.0
    s **= 0.5


class Volatility:
    power = 2.0

    def compute_variance(self, parameters, sigma2):      # arch's GARCH.compute_variance, cut down
        _fill_then_root(sigma2, parameters)
        inv_power = 2.0 / self.power
        sigma2 **= inv_power
        return sigma2


VOL = Volatility()


def _loglik(x, vol):
    sigma2 = np.zeros_like(x)
    vol.compute_variance(x, sigma2)             # a method called for its effect, as arch calls it
    first = np.sum(np.log(sigma2))
    vol.compute_variance(x * 2.0, sigma2)       # twice on the same buffer
    return first + np.sum(sigma2 * x)


def augmented_after_writes(x, vol):
    return _loglik(x, vol)


def _raise_to(s, p):
    s **= p


def augmented_alone(x):
    s = x * 3.0 + 4.0
    _raise_to(s, 0.5)                 # an array: changed in place
    n = x[0] * 2.0
    _raise_to(n, 3.0)                 # a number: Python rebinds the helper's name only
    return np.sum(s * x) + n * x[1]


def _triple(r):
    r *= 3.0


def augmented_rows(x):
    M = np.outer(x, x)
    _triple(M[0])                     # a row of a matrix: a view, tripled in place
    v = x * 1.0
    _triple(v[1])                     # an element of a vector: a number, v unchanged
    return np.sum(M ** 2) + np.sum(v ** 3)


def _copy_into(a, v):
    np.copyto(a, v)


def _double_into(a, v):
    np.multiply(v, 2.0, out=a)


def _copy_where(a, v):
    np.copyto(a, v, where=v > 0)


def copies_and_outs(x):
    M = np.ones((3, 3))
    _copy_into(M[0], x)
    _double_into(M[1], np.tanh(x))
    _copy_where(M[2], x ** 3)
    return np.sum(M * np.arange(1.0, 10.0).reshape(3, 3) * x)


def nested_views(x):
    M = np.outer(x, x)
    _copy_into(M[1][1:], np.sin(x[1:]))      # a view of a view
    r = M[2]
    _copy_into(r[:2], x[:2] ** 2)            # a view of a named view: `r` and `M` both see it
    return np.sum(M ** 2) + np.sum(r * x)


def _set_first(a, v):
    a[0] = v
    return a


def named_and_returned_views(x):
    M = np.outer(x, x) + 1.0
    row = M[0]
    _set_first(row, x[2] ** 2)               # `row` and `M` see the write
    total = np.sum(row * x)
    back = _set_first(M[1], np.cos(x[0]))    # the helper returns its parameter: `back` is `M[1]`
    return np.sum(M ** 2) + total + np.sum(back * x)


def other_row_read_after(x):
    M = np.outer(x, x) + 1.0
    row = M[0]
    _set_first(M[1], np.cos(x[0]))           # `row` is `M[0]`, untouched: checked at run time (unshared)
    return np.sum(row * x)


def other_view_read_after(x):
    M = np.outer(x, x) + 1.0
    column = M[:, 0]
    _set_first(M[1], np.cos(x[0]))           # `column` sees `M[1, 0]`: read as `M[:, 0]` (views.py)
    return np.sum(column * x)


def written_by_a_closure(x):
    def scale_row(r, s):
        r[:] = r * s
    M = np.outer(x, x)
    for i in range(3):
        scale_row(M[i], x[i] + 2.0)
    return np.sum(M)


def written_in_a_branch(x):
    M = np.outer(x, x)
    if x[0] > 0:
        _copy_into(M[0], x ** 2)
    else:
        _copy_into(M[2], -x)
    return np.sum(M * x)


def _stage(fun, K, y):
    K[0] = fun(y)
    K[1] = fun(y + 0.5 * K[0])
    return y + 0.5 * (K[0] + K[1])


class Stepper:                                # scipy's RK45: rk_step writes self.K, read after
    def __init__(self, fun, y):
        self.fun, self.y = fun, y
        self.K = np.empty((2, y.size))

    def step(self):
        self._impl()

    def _impl(self):
        self.y = _stage(self.fun, self.K, self.y)
        self.err = np.sum(self.K[1] - self.K[0])


def attribute_written_by_a_helper(x):
    solver = Stepper(np.sin, x)
    solver.step()
    solver.step()
    return np.sum(solver.y ** 2) + solver.err + np.sum(solver.K * x)


put = lambda a, v: np.copyto(a, v)             # noqa: E731 (a lambda writing into its parameter)


def written_by_a_lambda(x):
    M = np.zeros((3, 3))
    put(M[0], x)
    put(M[2], x ** 2)
    return np.sum(M * x)


def copied_directly(x):
    M = np.zeros((2, 3))
    np.copyto(M[0], x)                         # into a view, no helper
    np.copyto(M[1], x ** 2, where=x > 0)
    return np.sum(M ** 2)


class Buffered:
    def __init__(self, n):
        self.buf = np.zeros((2, n))

    def _fill(self, row, x):
        row[:] = np.tanh(x)

    def run(self, x):
        self._fill(self.buf[0], x)              # a method given a row of its own buffer
        self.buf[1] = x * 2
        self._fill(self.buf[1], self.buf[1] + x)
        return np.sum(self.buf ** 2)


def method_writing_its_buffer(x):
    return Buffered(3).run(x)


def _added(r, v):
    r += v
    return np.sum(r)


def written_in_a_comprehension(x):
    M = np.outer(x, x)
    total = sum([_added(M[i], x) for i in range(3)])
    return total + np.sum(M ** 2)


def written_in_a_while_loop(x):
    M = np.outer(x, x)
    i = 0
    while i < 3:
        _added(M[i], x * i)
        i += 1
    return np.sum(M ** 2)


class Kernels:
    @staticmethod
    def doubled_into(a, v):
        a[:] = v * 2.0


FILL_TWOS = functools.partial(_copy_into, v=2.0)    # a global partial (holding numbers only)


def written_through_partials(x):
    M = np.zeros((3, 3)) + x
    fill = functools.partial(_copy_into, v=x ** 2)      # a partial made in the function
    fill(M[0])
    Kernels.doubled_into(M[1], np.sin(x))
    FILL_TWOS(M[2])
    return np.sum(M * x)


def another_name_for_the_array(x):
    M = np.outer(x, x)
    N = M                                      # the same object: both see the write
    _copy_into(M[0], x ** 2)
    return np.sum(N * M)


CASES = [written_through_partials, another_name_for_the_array, written_by_a_lambda, copied_directly, method_writing_its_buffer, written_in_a_comprehension,
         written_in_a_while_loop, kalman_like, element_into_rows, added_into_a_block, augmented_alone, augmented_rows, copies_and_outs,
         nested_views, named_and_returned_views, other_row_read_after, other_view_read_after,
         written_by_a_closure, written_in_a_branch,
         attribute_written_by_a_helper]


@pytest.mark.parametrize("f", CASES)
def test_the_callers_array_sees_the_helpers_write(f):
    value, _ = transpiler.value_and_grad(f)(X.copy())
    assert value == pytest.approx(f(X.copy()), rel=1e-12)          # Python's value, run on a copy
    assert_both_modes(f, X.copy())


def test_an_augmented_update_after_writes_through_a_method():
    value, _ = transpiler.value_and_grad(augmented_after_writes)(X.copy(), VOL)
    assert value == pytest.approx(augmented_after_writes(X.copy(), VOL), rel=1e-12)
    assert_both_modes(augmented_after_writes, X.copy(), VOL)


@pytest.mark.parametrize("x", [X, -X])
def test_both_paths_of_a_branch(x):
    assert_both_modes(written_in_a_branch, x.copy())


@pytest.mark.parametrize("f, args", [(kalman_like, ()), (augmented_after_writes, (VOL,)), (nested_views, ()),
                                     (attribute_written_by_a_helper, ()), (augmented_alone, ()),
                                     (copies_and_outs, ()), (written_by_a_lambda, ())])
def test_second_order(f, args):
    g = transpiler.grad(f)
    h = 1e-5
    numeric = np.stack([(g(X + h * e, *args) - g(X - h * e, *args)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(transpiler.hessian(f)(X.copy(), *args), numeric, rtol=1e-5, atol=1e-6)


def test_float32():
    x = X.astype(np.float32)
    value, g = transpiler.value_and_grad(kalman_like)(x.copy())
    assert value == pytest.approx(kalman_like(x.copy()), rel=1e-5)
    np.testing.assert_allclose(g, transpiler.grad(kalman_like)(X.copy()), rtol=1e-3)


def test_the_callers_arrays_are_not_written():
    x = X.copy()
    transpiler.grad(augmented_alone)(x)
    np.testing.assert_array_equal(x, X)


def index_array_passed(x):
    M = np.outer(x, x)
    rows = np.array([0, 1])
    _copy_into(M[rows], x)            # M[rows] is a copy: NumPy leaves M as it was
    return np.sum(M)


def test_an_index_array_is_refused_where_it_runs():
    assert index_array_passed(X.copy()) == pytest.approx(np.sum(np.outer(X, X)))
    with pytest.raises(TypeError, match=r"test_written_views.py:\d+:\d+: `_copy_into\(M\[rows\], x\)` gives `c\[i\]` "
                                        r"to a helper that writes into it \(its parameter `a`\), with the index `i` an "
                                        r"array"):
        transpiler.grad(index_array_passed)(X.copy())


def view_made_before_a_branch(x):
    M = np.outer(x, x)
    row = M[0]
    if x[1] > 0:
        _copy_into(row, x)
    return np.sum(M)


def transposed_passed(x):
    M = np.outer(x, x + 1.0)
    _copy_into(M.T, np.eye(3))
    return np.sum(M * x)


def _writes_view_and_base(a, b):
    a[:] = 1.0
    b[0, 0] = 2.0


def view_and_base_both_written(x):
    M = np.outer(x, x)
    _writes_view_and_base(M[1], M)
    return np.sum(M)


@pytest.mark.parametrize("f, read", [(view_made_before_a_branch, "M"), (transposed_passed, "M"),
                                     (view_and_base_both_written, "b")])
def test_what_is_not_followed_is_refused_at_the_read(f, read):
    with pytest.raises(UnsupportedSyntaxError, match=rf"test_written_views.py:\d+:\d+: `{read}` is read after a write"):
        transpiler.grad(f)(X.copy())


def _fill(a, v):
    a[:] = v


def item_of_a_container(params, x):
    _fill(params[0], x * 2.0)                 # the item itself, written in place
    W, b = params
    return np.sum(W * x) + np.sum(b)


def test_an_item_of_a_list_argument_is_written():
    value, g = transpiler.value_and_grad(item_of_a_container, 1)([np.zeros(3), np.ones(3)], X.copy())
    assert value == pytest.approx(item_of_a_container([np.zeros(3), np.ones(3)], X.copy()))
    np.testing.assert_allclose(g, 4.0 * X)
    assert_both_modes(item_of_a_container, [np.zeros(3), np.ones(3)], X.copy(), wrt=1)


def test_an_item_of_a_tuple_argument_is_refused_where_it_runs():
    # (`assign_at` of a tuple would make an array of its items: TypeError "Cannot construct a dtype")
    with pytest.raises(TypeError, match=r"test_written_views.py:\d+:\d+: `_fill\(params\[0\], x \* 2.0\)` gives "
                                        r"`c\[i\]` to a helper that writes into it \(its parameter `a`\), where `c` is "
                                        r"a tuple"):
        transpiler.grad(item_of_a_container, 1)((np.zeros(3), np.ones(3)), X.copy())


def item_of_a_tuple_made_here(x):
    params = (np.zeros(3), np.ones(3))
    _fill(params[0], x * 2.0)
    W, b = params
    return np.sum(W * x) + np.sum(b)


def test_an_item_of_a_tuple_made_in_the_function_is_refused_at_the_read():
    with pytest.raises(UnsupportedSyntaxError, match=r"`params` is read after a write through `a`"):
        transpiler.grad(item_of_a_tuple_made_here)(X.copy())


def _raise_then_shift(s):
    _raise_to(s, 0.5)                 # `s **= p` a level down: in place only where `s` is an array
    s += 1.0


def augmented_two_levels_down(x):
    s = x * 3.0 + 4.0
    _raise_then_shift(s)              # an array: the caller's `s` is changed
    n = x[0] + 1.0
    _raise_then_shift(n)              # a number: the caller's `n` is not (a wrong `n + 1` before the fix)
    return np.sum(s * x) + n


def test_augmented_updates_two_levels_down_keep_a_number_as_it_was():
    value, _ = transpiler.value_and_grad(augmented_two_levels_down)(X.copy())
    assert value == pytest.approx(augmented_two_levels_down(X.copy()), rel=1e-12)
    assert_both_modes(augmented_two_levels_down, X.copy())


def view_read_after_an_augmented_update(x):
    s = x * 3.0 + 4.0
    v = s[1:]
    _raise_then_shift(s)              # `v` sees it in NumPy: not followed
    return np.sum(v * x[1:])


def test_a_view_read_after_an_augmented_update_is_refused_where_it_runs():
    with pytest.raises(UnsupportedSyntaxError, match=r"`s \*\*= \.\.\.` \(in `_raise_to`, called at .*\) changes an "
                                                     r"array in place, and another name"):
        transpiler.grad(view_read_after_an_augmented_update)(X.copy())


def bool_index_passed(x):
    M = np.outer(x, x)
    _fill(M[bool(x[0] > 0)], 0.0)        # `M[True]` is a copy with an axis added: M stays as it was
    return np.sum(M)


def bool_index_chained(x):
    c = np.outer(x, x)
    c[bool(x[0] > 0)][0] = 5.0          # the same copy, written by `c[i][j] = v` (dicts.py)
    return np.sum(c)


@pytest.mark.parametrize("f", [bool_index_passed, bool_index_chained])
def test_a_python_bool_index_is_refused_where_it_runs(f):
    # (both wrote into the whole of the caller's `M`, `c`: 45.0 for bool_index_chained, where
    # Python gives 0.01)
    assert f(X.copy()) == pytest.approx(np.sum(np.outer(X, X)))
    with pytest.raises(TypeError, match=r"with the index `i` an array, a list or a mask"):
        transpiler.value_and_grad(f)(X.copy())


def rows_of_a_loop_given_to_a_helper(x):
    M = np.zeros((2, 3))
    for i, row in enumerate(M):
        _fill(row, x * i)
    return np.sum(M * x)


def test_a_loops_row_given_to_a_helper_writes_into_the_array():
    # (refused at the write before: the helper's write reaches `M` through the row it is given,
    # an array the function allocated: frontend/rows.py)
    assert transpiler.check_grad(rows_of_a_loop_given_to_a_helper, X.copy()).ok
    value = transpiler.value_and_grad(rows_of_a_loop_given_to_a_helper)(X.copy())[0]
    assert value == pytest.approx(rows_of_a_loop_given_to_a_helper(X.copy()))


def sliced_alias_read_after(x):
    M = np.outer(x, x)
    N = M[:]
    _fill(M[0], x ** 2)
    return np.sum(N)


def reshaped_alias_read_after(x):
    M = np.outer(x, x)
    N = M.reshape(9)
    _fill(M[0], x ** 2)
    return np.sum(N * np.arange(9.0))


def list_holding_it_read_after(x):
    M = np.outer(x, x)
    L = [M, x]
    _fill(M[0], x ** 2)
    return np.sum(L[0])


@pytest.mark.parametrize("f, read", [(sliced_alias_read_after, "N"), (reshaped_alias_read_after, "N"),
                                     (list_holding_it_read_after, "L")])
def test_a_view_or_container_of_the_written_array_is_refused_at_the_read(f, read):
    with pytest.raises(UnsupportedSyntaxError, match=rf"test_written_views.py:\d+:\d+: `{read}` is read after a write "
                                                     r"through `a`"):
        transpiler.grad(f)(X.copy())
