"""Control flow in reverse mode: branches, loops, jumps and early returns (transpiler/frontend/jumps.py,
transpiler/frontend/ lowering, transpiler/ad/control.py tapes and reverse loops).

Every gradient is checked against central finite differences taken at smooth points, away from
branch switches; where the derivative explodes (chaotic logistic map) it is checked against a
forward-mode derivative rolled by hand with the chain rule instead.
"""
import ast
import inspect
import math
import re
import textwrap

import numpy as np
import pytest

import transpiler
import transpiler.cli
from transpiler.driver import pipeline


# --------------------------------------------------------------------------- helpers
def _perturbed(args, index, position, step):
    """``args`` with element ``position`` of argument ``index`` moved by ``step``."""
    args = list(args)
    x = args[index]
    if np.ndim(x) == 0:
        args[index] = x + step
        return args
    arr = np.array(x, dtype=float)
    arr[position] += step
    if isinstance(x, np.ndarray):
        args[index] = arr
    else:  # list or tuple: keep the container type the function iterates over
        args[index] = type(x)(arr.tolist())
    return args


def central_fd(f, args, index, h=1e-6):
    """d f / d args[index] by central differences (elementwise for arrays, lists and tuples)."""
    x = args[index]
    if np.ndim(x) == 0:
        step = h * max(1.0, abs(x))
        return (f(*_perturbed(args, index, None, step)) - f(*_perturbed(args, index, None, -step))) / (2 * step)
    out = np.zeros(np.shape(x))
    for position in np.ndindex(np.shape(x)):
        step = h * max(1.0, abs(np.asarray(x, dtype=float)[position]))
        out[position] = (f(*_perturbed(args, index, position, step))
                         - f(*_perturbed(args, index, position, -step))) / (2 * step)
    return out


def assert_grad_matches_fd(f, args, wrt=0, rtol=1e-6, atol=1e-9, h=1e-6):
    """transpiler's gradient of ``f`` at ``args`` equals central differences; returns it."""
    got = transpiler.grad(f, wrt=wrt)(*args)
    many = isinstance(wrt, tuple)
    names = list(inspect.signature(f).parameters)
    indices = [names.index(w) if isinstance(w, str) else w for w in (wrt if many else (wrt,))]
    gots = got if many else (got,)
    assert len(gots) == len(indices)
    for index, g in zip(indices, gots):
        expected = central_fd(f, args, index, h)
        assert np.shape(g) == np.shape(expected), f"gradient w.r.t. argument {index} has the wrong shape"
        np.testing.assert_allclose(g, expected, rtol=rtol, atol=atol,
                                   err_msg=f"gradient w.r.t. argument {index} of {f.__name__}{tuple(args)}")
    return got


def exec_gradient_source(f, wrt=0, replace=(), extra=None):
    """Exec ``grad(f, wrt).source()`` (after textual replacements) and return the function."""
    source = transpiler.grad(f, wrt=wrt).source()
    for old, new in replace:
        assert old in source, f"{old!r} not in the generated source:\n{source}"
        source = source.replace(old, new)
    namespace = dict(extra or {})
    exec(compile(source, f"<generated {f.__name__}>", "exec"), namespace)
    return namespace[f"{f.__name__}_grad"]


def forward_loops(source: str, function_name: str) -> list[ast.AST]:
    """The top-level loops of a generated function's forward sweep: every top-level loop except
    the reverse ones (over ``reversed(...)`` or ``range(_n...)``)."""
    tree = ast.parse(source)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function_name)
    loops = [s for s in fn.body if isinstance(s, (ast.For, ast.While))]
    return [loop for loop in loops if not _is_reverse_loop(loop)]


def _is_reverse_loop(loop) -> bool:
    if not isinstance(loop, ast.For) or not isinstance(loop.iter, ast.Call):
        return False
    func = loop.iter.func
    if isinstance(func, ast.Name) and func.id == "reversed":
        return True
    return (isinstance(func, ast.Name) and func.id == "range" and len(loop.iter.args) == 1
            and isinstance(loop.iter.args[0], ast.Name) and loop.iter.args[0].id.startswith("_n"))


def method_calls(node: ast.AST, method: str) -> list[ast.Call]:
    """Calls ``<name>.method(...)`` on a name starting with ``_tape`` anywhere under ``node``."""
    return [c for c in ast.walk(node)
            if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == method
            and isinstance(c.func.value, ast.Name) and c.func.value.id.startswith("_tape")]


# --------------------------------------------------------------------------- logistic map
def logistic(v, n):
    for i in range(1, n):
        v = 4 * v * (1 - v)
    return v


def logistic_r(v, r, n):
    for i in range(1, n):
        v = r * v * (1 - v)
    return v


def logistic_chain_rule(v, n, r=4.0):
    """Forward mode by hand: (v_n, dv_n/dv_0, dv_n/dr)."""
    dv, dr = 1.0, 0.0
    for _ in range(1, n):
        dv, dr = r * (1 - 2 * v) * dv, v * (1 - v) + r * (1 - 2 * v) * dr
        v = r * v * (1 - v)
    return v, dv, dr


@pytest.mark.parametrize("n", [1, 2, 10])
def test_logistic_map_gradient_matches_finite_differences(n):
    # n = 1: empty loop (identity); n = 2: one step; n = 10: nine steps (f' ~ 1e2)
    h = 1e-6 if n < 10 else 1e-8
    got = assert_grad_matches_fd(logistic, (0.3, n), h=h)
    assert got == pytest.approx(logistic_chain_rule(0.3, n)[1], rel=1e-12)


def test_logistic_map_with_empty_loop_has_unit_gradient():
    assert transpiler.grad(logistic)(0.3, 1) == 1.0
    assert transpiler.grad(logistic)(0.3, 0) == 1.0


def test_chaotic_logistic_map_500_steps_matches_hand_rolled_forward_mode():
    expected = logistic_chain_rule(0.3, 500)[1]
    assert abs(expected) > 1e100      # the derivative explodes: finite differences are useless
    got = transpiler.grad(logistic)(0.3, 500)
    assert np.isfinite(got)
    assert got == pytest.approx(expected, rel=1e-6)


def test_logistic_map_with_parameter_gradients_match_finite_differences():
    assert_grad_matches_fd(logistic_r, (0.3, 3.7, 8), wrt=("v", "r"), h=1e-8)


# --------------------------------------------------------------------------- while loops
def newton_sqrt(a):
    x = a
    while abs(x * x - a) > 1e-12 * a:
        x = 0.5 * (x + a / x)
    return x


@pytest.mark.parametrize("a", [2.0, 0.37, 10.0])
def test_newton_sqrt_while_loop_gradient_is_one_over_two_sqrt(a):
    got = assert_grad_matches_fd(newton_sqrt, (a,))
    assert got == pytest.approx(1 / (2 * math.sqrt(a)), rel=1e-9)


def shrink_with_counter(x):
    k = 0
    y = x
    while y > 0.1:
        y = y * 0.5 + 0.01 * np.sin(y)
        k = k + 1
    return y * k


def test_while_loop_with_data_dependent_termination_and_counter():
    # 3.0 needs 5 halvings; the count is piecewise constant so only y carries a derivative
    assert_grad_matches_fd(shrink_with_counter, (3.0,))
    assert_grad_matches_fd(shrink_with_counter, (0.77,))


def test_while_loop_that_never_runs_has_zero_gradient_through_counter():
    # y <= 0.1 from the start: k = 0 so the result is y * 0
    assert transpiler.grad(shrink_with_counter)(0.05) == 0.0


# --------------------------------------------------------------------------- break / continue / return
def grow_until_break(x):
    s = x
    for i in range(20):
        if s > 5.0:
            break
        s = s * 1.5 + 0.1 * s * s
    return s


def test_loop_with_data_dependent_break():
    assert_grad_matches_fd(grow_until_break, (1.1,))
    assert_grad_matches_fd(grow_until_break, (0.3,))


def test_loop_whose_break_never_fires_runs_every_iteration():
    # tiny start: 20 iterations without reaching 5
    assert grow_until_break(1e-4) < 5.0
    assert_grad_matches_fd(grow_until_break, (1e-4,))


def skip_odd_with_continue(x, n):
    s = 0.0
    for i in range(n):
        if i % 2 == 1:
            continue
        s = s + np.sin(x * i) * s + x
    return s


def test_loop_with_continue():
    assert_grad_matches_fd(skip_odd_with_continue, (0.7, 7))


def continue_on_value(x):
    s = x
    for i in range(6):
        t = s * 0.8
        if t > 1.0:
            s = s - 0.3
            continue
        s = s * 1.7 + 0.05
    return s


def test_loop_with_data_dependent_continue():
    assert_grad_matches_fd(continue_on_value, (0.9,))


def return_in_branch(x):
    if x > 0:
        return x * x * np.cos(x)
    y = np.sin(x)
    return y * 3


@pytest.mark.parametrize("x", [0.8, -0.6])
def test_return_inside_a_branch(x):
    assert_grad_matches_fd(return_in_branch, (x,))


def return_in_loop(x):
    s = x
    for i in range(10):
        s = s * s + 0.5
        if s > 3.0:
            return s * 2.0
    return s


@pytest.mark.parametrize("x", [1.2, 0.3])
def test_return_inside_a_loop(x):
    assert_grad_matches_fd(return_in_loop, (x,))


def return_in_nested_loops(x):
    s = x
    for i in range(5):
        for j in range(4):
            s = s + x * (i + 1) * 0.1 * np.cos(s)
            if s > 2.0:
                return s * x
        s = s * 1.01
    return s


@pytest.mark.parametrize("x", [1.3, 0.2])
def test_return_inside_nested_loops(x):
    # 1.3 leaves from the inner loop; 0.2 never reaches 2 and falls through to the end
    assert_grad_matches_fd(return_in_nested_loops, (x,))


def break_inner_loop_only(x):
    total = 0.0
    for i in range(4):
        s = x * (i + 1)
        for j in range(10):
            if s > 3.0:
                break
            s = s * 1.3 + 0.1
        total = total + s * s
    return total


def test_break_leaves_only_the_inner_loop():
    assert_grad_matches_fd(break_inner_loop_only, (0.45,))


# --------------------------------------------------------------------------- piecewise functions
def huber(x, delta):
    if abs(x) <= delta:
        y = 0.5 * x * x
    else:
        y = delta * (abs(x) - 0.5 * delta)
    return y


@pytest.mark.parametrize("x", [0.3, -0.4, 2.5, -3.0])
def test_huber_loss_if_else(x):
    assert_grad_matches_fd(huber, (x, 1.0), wrt=("x", "delta"))


def leaky_relu(x):
    return x if x > 0 else 0.01 * x


@pytest.mark.parametrize("x, slope", [(1.5, 1.0), (-2.0, 0.01)])
def test_leaky_relu_conditional_expression(x, slope):
    got = assert_grad_matches_fd(leaky_relu, (x,))
    assert got == pytest.approx(slope)


def max_by_branching(a, b):
    if a > b:
        m = a
    else:
        m = b
    return m * m


def test_max_by_branching_routes_gradient_to_the_larger_argument():
    got = assert_grad_matches_fd(max_by_branching, (1.5, 0.5), wrt=(0, 1))
    assert got == pytest.approx((3.0, 0.0))
    got = assert_grad_matches_fd(max_by_branching, (0.5, 1.5), wrt=(0, 1))
    assert got == pytest.approx((0.0, 3.0))


def elif_chain(x):
    if x < -1.0:
        y = -2 * x
    elif x < 0.0:
        y = x * x + 1.0
    elif x < 1.0:
        y = np.sin(x)
    else:
        y = np.exp(x)
    return y * x


@pytest.mark.parametrize("x", [-1.7, -0.4, 0.6, 1.8])
def test_elif_chain_each_piece(x):
    assert_grad_matches_fd(elif_chain, (x,))


def nested_ifs(x, y):
    if x > 0:
        if y > 0:
            z = x * y
        else:
            z = x - y * y
    else:
        if y > x:
            z = np.exp(x) * y
        else:
            z = x * x * y
    return z


@pytest.mark.parametrize("x, y", [(1.2, 0.7), (1.2, -0.7), (-1.2, 0.7), (-0.5, -1.5)])
def test_nested_ifs_each_quadrant(x, y):
    assert_grad_matches_fd(nested_ifs, (x, y), wrt=(0, 1))


def assigned_in_one_branch(x):
    y = x * 2.0
    if x > 1.0:
        y = x * x
    return y + np.sin(y)


@pytest.mark.parametrize("x", [1.5, 0.5])
def test_variable_reassigned_in_one_branch_only(x):
    assert_grad_matches_fd(assigned_in_one_branch, (x,))


def defined_in_one_branch(x):
    if x > 0:
        z = x * x
    if x > 0:
        return z * np.cos(x)
    return x


@pytest.mark.parametrize("x", [0.8, -0.8])
def test_variable_first_bound_in_one_branch_and_used_after(x):
    assert_grad_matches_fd(defined_in_one_branch, (x,))


def and_short_circuit(x, n):
    # `x / n` raises ZeroDivisionError when n == 0: `and` must not evaluate it then
    if n > 0 and x / n > 1.0:
        y = x * x
    else:
        y = 3 * x
    return y


@pytest.mark.parametrize("x, n, expected", [(3.0, 2, 6.0), (1.0, 2, 3.0), (3.0, 0, 3.0)])
def test_and_short_circuits_the_right_operand(x, n, expected):
    got = assert_grad_matches_fd(and_short_circuit, (x, n))
    assert got == pytest.approx(expected)


def or_short_circuit(x, n):
    if n == 0 or x / n < 1.0:
        y = x * x
    else:
        y = np.sin(x)
    return y


@pytest.mark.parametrize("x, n", [(3.0, 0), (3.0, 1), (0.5, 1)])
def test_or_short_circuits_the_right_operand(x, n):
    assert_grad_matches_fd(or_short_circuit, (x, n))


def and_value_as_operand(x, y):
    # `a and b` used as a value: y when x > 0, else the (False) comparison
    c = (x > 0) and y
    return c * x


def test_and_returns_the_operand_value():
    assert_grad_matches_fd(and_value_as_operand, (1.5, 2.5), wrt=(0, 1))


def loop_with_and_condition(x, n):
    i = 0
    s = x
    while i < n and s < 10.0:
        s = s * 1.4 + 0.2
        i = i + 1
    return s


@pytest.mark.parametrize("x, n", [(0.5, 3), (0.5, 30), (0.5, 0)])
def test_while_with_and_condition_stops_on_either(x, n):
    assert_grad_matches_fd(loop_with_and_condition, (x, n))


def positive_prefix(w, xs):
    # `xs[i]` with i == len(xs) raises IndexError: `and` must stop at `i < n`
    i = 0
    s = 0.0
    n = len(xs)
    while i < n and xs[i] > 0:
        s = s + w * xs[i] * xs[i] + np.sin(w * xs[i])
        i = i + 1
    return s


@pytest.mark.parametrize("xs", [np.array([0.5, 1.5, 2.0]), [0.5, 1.5, 2.0], np.array([0.5, -1.5, 2.0])],
                         ids=["all-positive-array", "all-positive-list", "stops-at-negative"])
def test_and_guards_indexing_past_the_end_in_while_condition(xs):
    assert_grad_matches_fd(positive_prefix, (0.7, xs))


def test_and_guarded_indexing_gradient_wrt_the_array():
    got = assert_grad_matches_fd(positive_prefix, (0.7, np.array([0.5, -1.5, 2.0])), wrt=1)
    assert got[1] == 0.0 and got[2] == 0.0     # the loop stopped before reading them into s


def guarded_index_in_for(w, xs):
    n = len(xs)
    s = 0.0
    for i in range(n + 2):
        if i < n and xs[i] > 0:
            s = s + np.sin(w * xs[i])
        else:
            s = s * 0.5 + w
    return s


def test_and_guards_indexing_past_the_end_in_if_inside_for():
    assert_grad_matches_fd(guarded_index_in_for, (0.7, np.array([0.5, -1.5, 2.0])), wrt=(0, 1))


# --------------------------------------------------------------------------- polynomials, ranges
def horner_sum(x, m):
    """sum_{d < m} p_d(x), p_d(x) = sum_{k <= d} (k + 1) x**k, each by Horner's rule."""
    total = 0.0
    for d in range(m):
        p = 0.0
        for k in range(d, -1, -1):
            p = p * x + (k + 1)
        total = total + p
    return total


def horner_sum_derivative(x, m):
    return sum((k + 1) * k * x ** (k - 1) for d in range(m) for k in range(1, d + 1))


@pytest.mark.parametrize("x, m", [(0.7, 5), (-1.3, 4), (0.7, 1), (0.7, 0)])
def test_nested_loops_horner_polynomial_matches_analytic_derivative(x, m):
    got = assert_grad_matches_fd(horner_sum, (x, m))
    assert got == pytest.approx(horner_sum_derivative(x, m), rel=1e-12, abs=1e-15)


def half_range(x, n):
    s = x
    for i in range(n // 2):
        s = s * x + 1.0
    return s


@pytest.mark.parametrize("n", [0, 1, 7, 8])
def test_range_computed_at_run_time(n):
    got = assert_grad_matches_fd(half_range, (0.9, n))
    # s_k = x**(k+1) + x**(k-1) + ... : compare with the closed form
    k = n // 2
    expected = (k + 1) * 0.9 ** k + sum(j * 0.9 ** (j - 1) for j in range(1, k))
    assert got == pytest.approx(expected, rel=1e-12)


def stepped_range(x, a, b, step):
    s = 1.0
    for i in range(a, b, step):
        s = s * np.cos(x * i) + x * i
    return s


@pytest.mark.parametrize("a, b, step", [(9, 0, -2), (5, -3, -1), (0, 10, 3), (0, 5, -1), (3, 3, 1)])
def test_range_with_start_stop_and_negative_or_empty_step(a, b, step):
    got = assert_grad_matches_fd(stepped_range, (0.4, a, b, step))
    if not range(a, b, step):
        assert got == 0.0


# --------------------------------------------------------------------------- iterating over sequences
def weighted_sum(w, xs):
    s = 0.0
    for x in xs:
        s = s + np.sin(w * x) + w * x
    return s


XS = [0.5, -1.25, 2.0, 0.75]


@pytest.mark.parametrize("xs", [XS, tuple(XS), np.array(XS)], ids=["list", "tuple", "array"])
def test_iterating_over_a_sequence_gradient_wrt_scalar_weight(xs):
    assert_grad_matches_fd(weighted_sum, (0.8, xs))


def test_iterating_over_a_1d_array_gradient_wrt_the_array():
    got = assert_grad_matches_fd(weighted_sum, (0.8, np.array(XS)), wrt=1)
    assert isinstance(got, np.ndarray) and got.shape == (4,)


def test_iterating_over_a_list_gradient_wrt_the_list_is_a_list():
    got = transpiler.grad(weighted_sum, wrt=1)(0.8, list(XS))
    expected = assert_grad_matches_fd(weighted_sum, (0.8, np.array(XS)), wrt=1)
    assert isinstance(got, list) and len(got) == len(XS)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def rows_accumulate(w, m):
    s = 0.0
    for row in m:
        s = s + np.sum(np.tanh(w * row))
    return s


M = np.array([[0.1, -0.4, 0.9], [1.2, 0.3, -0.7]])


def test_iterating_over_rows_of_a_2d_array_gradient_wrt_scalar():
    assert_grad_matches_fd(rows_accumulate, (0.6, M))


def test_iterating_over_rows_of_a_2d_array_gradient_wrt_the_matrix():
    got = assert_grad_matches_fd(rows_accumulate, (0.6, M), wrt=1)
    assert got.shape == M.shape


def enumerate_sum(w, xs):
    s = 0.0
    for i, x in enumerate(xs):
        s = s + (i + 1) * np.cos(w * x)
    return s


@pytest.mark.parametrize("xs", [XS, np.array(XS)], ids=["list", "array"])
def test_enumerate_gradient_wrt_scalar(xs):
    assert_grad_matches_fd(enumerate_sum, (0.8, xs))


def test_enumerate_gradient_wrt_the_array():
    assert_grad_matches_fd(enumerate_sum, (0.8, np.array(XS)), wrt=(0, 1))


def zip_sum(w, xs, ys):
    s = 0.0
    for x, y in zip(xs, ys):
        s = s + w * x * y + np.sin(w * y)
    return s


YS = [1.0, 0.25, -0.5, 1.5, 9.0]   # one longer: zip stops at the shorter


@pytest.mark.parametrize("kind", [list, tuple, np.array])
def test_zip_gradient_wrt_scalar(kind):
    assert_grad_matches_fd(zip_sum, (0.8, kind(XS), kind(YS)))


def test_zip_gradient_wrt_both_arrays():
    got = assert_grad_matches_fd(zip_sum, (0.8, np.array(XS), np.array(YS)), wrt=(0, 1, 2))
    assert got[2][-1] == 0.0     # the element zip never reaches


def empty_sequence_loop(w, xs):
    s = w
    for x in xs:
        s = s * x
    return s


def test_iterating_over_an_empty_sequence():
    assert transpiler.grad(empty_sequence_loop)(0.8, []) == 1.0
    assert_grad_matches_fd(empty_sequence_loop, (0.8, np.array([])))


# --------------------------------------------------------------------------- loop-carried values
def swap_product(a, b, n):
    for i in range(n):
        a, b = b, a * b
    return a + b * 0.5


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_swapping_loop_carried_values(n):
    assert_grad_matches_fd(swap_product, (1.1, 0.9, n), wrt=(0, 1))


def rotate_three(a, b, c, n):
    for i in range(n):
        a, b, c = b, c, a + 0.1 * b * c
    return a * 1.0 + b * 2.0 + c * 3.0


def test_rotating_three_loop_carried_values():
    assert_grad_matches_fd(rotate_three, (0.3, 0.7, 1.1, 7), wrt=(0, 1, 2))


def mixed_kind_carry(x, n):
    s = x
    count = 0
    flag = False
    for i in range(n):
        if flag:
            s = s * 0.5 + np.sin(s)
        else:
            s = s * x
        count = count + 1
        flag = not flag
    return s * count


@pytest.mark.parametrize("n", [0, 1, 4, 5])
def test_loop_carrying_float_int_counter_and_bool_flag(n):
    assert_grad_matches_fd(mixed_kind_carry, (0.9, n))


def carried_first_bound_in_loop(x, n):
    s = x
    for i in range(n):
        t = s * s
        s = t * 0.5 + x
    return s


def test_value_first_bound_inside_the_loop_is_carried():
    assert_grad_matches_fd(carried_first_bound_in_loop, (0.7, 4))


def local_used_after_loop(x, n):
    s = x
    for i in range(n):
        t = s * s
        s = t * 0.5 + x
    return t


def test_value_first_bound_inside_the_loop_is_used_after_it():
    assert_grad_matches_fd(local_used_after_loop, (0.7, 3))


def update_then_break(x):
    s = x
    for i in range(10):
        s = s * 1.5 + 0.1 * s * s
        if s > 5.0:
            break
    return s


def test_break_after_updating_the_carried_value():
    assert_grad_matches_fd(update_then_break, (1.1,))


def while_true_with_break(x):
    s = x
    k = 0
    while True:
        s = s * 1.3 + 0.2 * np.sin(s)
        k = k + 1
        if s > 4.0:
            break
    return s * k


def test_while_true_ended_by_break():
    assert_grad_matches_fd(while_true_with_break, (0.5,))


def while_with_continue(x):
    i = 0
    s = x
    while i < 6:
        i = i + 1
        if i % 3 == 0:
            continue
        s = s * np.cos(s) + x
    return s


def test_while_loop_with_continue():
    assert_grad_matches_fd(while_with_continue, (0.6,))


def return_in_while(x):
    s = x
    while s < 100.0:
        s = s * s + 1.0
        if s > 3.0 and s < 50.0:
            return s * x
    return s


@pytest.mark.parametrize("x", [1.1, 0.2])
def test_return_inside_a_while_loop(x):
    assert_grad_matches_fd(return_in_while, (x,))


def return_in_for_in_while(x):
    s = x
    k = 0
    while k < 5:
        for i in range(3):
            s = s * 1.2 + 0.1 * x
            if s > 2.5:
                return s * s
        k = k + 1
    return s


@pytest.mark.parametrize("x", [0.5, 0.1])
def test_return_inside_a_for_inside_a_while(x):
    assert_grad_matches_fd(return_in_for_in_while, (x,))


def while_inside_for(x):
    total = 0.0
    for i in range(3):
        s = x * (i + 1)
        while s < 5.0:
            s = s * 1.7 + 0.1 * s * s
        total = total + s
    return total


def test_while_loop_nested_in_a_for_loop():
    assert_grad_matches_fd(while_inside_for, (0.8,))


def sequential_loops(x, n):
    k = n
    for i in range(3):
        k = k + 1
        x = x * 1.1 + 0.1 * x * x
    for j in range(k):
        x = x * 0.9 + 0.01 * x * x
    return x


def test_two_loops_in_sequence_second_range_from_first():
    assert_grad_matches_fd(sequential_loops, (0.5, 2))


def inner_range_carried_by_outer(x):
    m = 1
    s = x
    for i in range(3):
        for j in range(m):
            s = s * 1.1 + 0.05 * s * s
        m = m + 1
    return s


def test_inner_range_bound_carried_by_outer_loop():
    assert_grad_matches_fd(inner_range_carried_by_outer, (0.7,))


def loops_in_branches(x):
    s = x
    if x > 0:
        for i in range(4):
            s = s * s * 0.5 + 0.3
    else:
        for i in range(2):
            s = np.sin(s) + x
    return s


@pytest.mark.parametrize("x", [0.7, -0.7])
def test_loops_inside_branches(x):
    assert_grad_matches_fd(loops_in_branches, (x,))


def conditional_expression_in_loop(x):
    s = x
    for i in range(6):
        s = s * x if s < 2.0 else s - 0.7 * np.sin(s)
    return s


def test_conditional_expression_inside_a_loop():
    assert_grad_matches_fd(conditional_expression_in_loop, (1.3,))


def augmented_assignment_loop(x, n):
    s = x
    for i in range(n):
        s += x * s
        s *= 0.9
    return s


def test_augmented_assignments_in_a_loop():
    assert_grad_matches_fd(augmented_assignment_loop, (0.4, 5))


def array_carried(v, w, n):
    for i in range(n):
        v = np.tanh(v * w) + 0.1 * v
    return np.sum(v * v)


def test_loop_carrying_an_array():
    assert_grad_matches_fd(array_carried, (np.array([0.3, -0.5, 0.8]), 0.7, 4), wrt=(0, 1))


def nested_sequence_loops(w, m):
    s = 0.0
    for row in m:
        for x in row:
            s = s + np.sin(w * x) * s + x
    return s


def test_nested_loops_over_rows_then_elements():
    assert_grad_matches_fd(nested_sequence_loops, (0.6, M), wrt=(0, 1))


def iterate_over_intermediate(w, xs):
    ys = xs * w
    s = 0.0
    for y in ys:
        s = s + y * y * s + np.cos(y)
    return s


def test_iterating_over_an_array_computed_in_the_function():
    assert_grad_matches_fd(iterate_over_intermediate, (0.6, np.array([0.3, 0.7, -0.2])), wrt=(0, 1))


# --------------------------------------------------------------------------- known bugs
def loop_target_after_loop(x, n):
    s = x
    for i in range(n):
        s = s * x
    return s * i


def test_loop_target_keeps_its_last_value_after_the_loop():
    assert_grad_matches_fd(loop_target_after_loop, (0.9, 4))


def loop_target_shadows_parameter(x, xs):
    s = 0.0
    for x in xs:
        s = s + x * x
    return s + x


@pytest.mark.parametrize("wrt", [0, 1])
def test_loop_target_rebinding_a_parameter_is_seen_after_the_loop(wrt):
    xs = np.array([0.5, 1.5, 2.0])
    assert_grad_matches_fd(loop_target_shadows_parameter, (0.9, xs), wrt=wrt)
    assert transpiler.value_and_grad(loop_target_shadows_parameter)(0.9, xs)[0] == pytest.approx(8.5)


@pytest.mark.parametrize("f, args", [(logistic, (0.3, 10)), (update_then_break, (1.1,)),
                                     (newton_sqrt, (2.0,)), (local_used_after_loop, (0.7, 3))],
                         ids=["logistic", "break", "newton-while", "first-bound-in-loop"])
def test_value_and_grad_returns_the_final_value_of_a_loop_carried_result(f, args):
    value, gradient = transpiler.value_and_grad(f)(*args)
    assert gradient == pytest.approx(central_fd(f, args, 0), rel=1e-6)
    assert value == f(*args)


def reduce_in_loop(w, xs, n):
    s = xs
    for i in range(n):
        s = np.sum(s * w)
    return s


def test_grad_of_loop_that_reduces_an_array_to_a_scalar():
    got = assert_grad_matches_fd(reduce_in_loop, (0.5, np.array([1.0, 2.0]), 2))
    assert got == pytest.approx(2 * 0.5 * 3.0)


# --------------------------------------------------------------------------- tape and memory
class _Recorder(list):
    """A tape that remembers the largest length it reached."""

    instances = []

    def __init__(self, *args):
        super().__init__(*args)
        self.max_len = 0
        _Recorder.instances.append(self)

    def append(self, value):
        super().append(value)
        self.max_len = max(self.max_len, len(self))


def test_logistic_map_forward_loop_pushes_exactly_one_value_per_iteration():
    source = transpiler.grad(logistic).source()
    (loop,) = forward_loops(source, "logistic_grad")
    appends = method_calls(loop, "append")
    assert len(appends) == 1, source
    (arg,) = appends[0].args
    assert isinstance(arg, ast.Name)     # a single carried float, not a tuple of values


def test_logistic_map_tape_holds_one_float_per_iteration():
    n = 300
    _Recorder.instances.clear()
    g = exec_gradient_source(logistic, replace=[("_tape = []", "_tape = _Recorder()")],
                             extra={"_Recorder": _Recorder})
    got = g(0.3, n)
    (tape,) = _Recorder.instances
    assert tape.max_len == n - 1
    assert len(tape) == 0             # the reverse loop pops everything it pushed
    assert got == pytest.approx(logistic_chain_rule(0.3, n)[1], rel=1e-6)


def test_logistic_map_100000_steps_gradient_and_tape_length():
    # r = 4 is chaotic: dv_n/dv_0 ~ 2**n overflows for n = 1e5. r = 3 is the neutral fixed point
    # (multiplier -1): the derivative decays only algebraically, so it is finite and not zero.
    n = 10 ** 5
    _Recorder.instances.clear()
    g = exec_gradient_source(logistic_r, wrt=(0, 1), replace=[("_tape = []", "_tape = _Recorder()")],
                             extra={"_Recorder": _Recorder})
    got_v, got_r = g(0.3, 3.0, n)
    (tape,) = _Recorder.instances
    assert tape.max_len == n - 1
    _, expected_v, expected_r = logistic_chain_rule(0.3, n, r=3.0)
    assert 0 < abs(expected_v) < 1e-3 and np.isfinite(expected_r)
    assert got_v == pytest.approx(expected_v, rel=1e-6)
    assert got_r == pytest.approx(expected_r, rel=1e-6)


def test_chaotic_logistic_map_100000_steps_tapes_one_float_per_step_and_pops_them_all():
    n = 10 ** 5
    _Recorder.instances.clear()
    g = exec_gradient_source(logistic, replace=[("_tape = []", "_tape = _Recorder()")],
                             extra={"_Recorder": _Recorder})
    # seed d_v = 0 checks the reverse loop runs all n - 1 iterations without overflowing to nan
    got = g(0.3, n, 0.0)
    (tape,) = _Recorder.instances
    assert tape.max_len == n - 1
    assert len(tape) == 0
    assert got == 0.0


def test_nested_loops_tape_each_iteration_once_and_the_reverse_does_not_run_the_inner_loop_again():
    # the forward sweep's inner loop pushes its carried value every iteration (and its result,
    # which the outer reverse reads, after each run); the reverse pops them all: no loop of the
    # reverse sweep pushes, so none recomputes the inner loop to tape it
    m = 6
    _Recorder.instances.clear()
    source = transpiler.grad(horner_sum).source()
    assert ".append(" not in source.split("# reverse sweep")[1], source
    tapes = sorted(set(re.findall(r"\b(_tape\w*) = \[\]", source)))
    g = exec_gradient_source(horner_sum, replace=[(f"{t} = []", f"{t} = _Recorder()") for t in tapes],
                             extra={"_Recorder": _Recorder})
    assert g(0.7, m) == pytest.approx(horner_sum_derivative(0.7, m), rel=1e-12)
    inner_iterations = sum(d + 1 for d in range(m))
    assert sorted(t.max_len for t in _Recorder.instances) == [m, inner_iterations + m], source
    assert all(len(t) == 0 for t in _Recorder.instances)


# --------------------------------------------------------------------------- generated code and CLI
def test_generated_loop_pushes_forward_and_pops_in_a_reversed_loop():
    source = transpiler.grad(logistic).source()
    tree = ast.parse(source)
    fn = tree.body[-1]
    loops = [s for s in fn.body if isinstance(s, ast.For)]
    assert len(loops) == 2, source
    forward, backward = loops
    assert method_calls(forward, "append") and not method_calls(forward, "pop")
    assert method_calls(backward, "pop") and not method_calls(backward, "append")
    assert ast.unparse(backward.iter).startswith("reversed(range(1, n")
    assert ".append(" in source and ".pop()" in source and "reversed(" in source


def test_generated_while_loop_counts_iterations_and_replays_them():
    source = transpiler.grad(newton_sqrt).source()
    assert "_n += 1" in source and "for _ in range(_n)" in source and ".pop()" in source


def test_cli_prints_the_generated_loop(tmp_path, capsys):
    path = tmp_path / "user_loops.py"
    path.write_text(textwrap.dedent('''\
        def logistic(v, n):
            for i in range(1, n):
                v = 4 * v * (1 - v)
            return v
    '''))
    assert transpiler.cli.main(["grad", f"{path}:logistic"]) == 0
    out = capsys.readouterr().out
    assert "def logistic_grad(v, n" in out
    assert ".append(" in out and ".pop()" in out and "reversed(" in out
    namespace = {}
    exec(out, namespace)
    assert namespace["logistic_grad"](0.3, 10) == pytest.approx(logistic_chain_rule(0.3, 10)[1], rel=1e-12)


def test_cli_ssa_listing_shows_the_structured_loop(tmp_path, capsys):
    path = tmp_path / "user_loops.py"
    path.write_text("def logistic(v, n):\n    for i in range(1, n):\n        v = 4 * v * (1 - v)\n    return v\n")
    assert transpiler.cli.main(["grad", f"{path}:logistic", "--ssa"]) == 0
    out = capsys.readouterr().out
    assert "for i in range(1, n):" in out


def test_ssa_listing_of_break_shows_exit_flag():
    listing = pipeline.lowered(grow_until_break).listing()
    assert "if _stop" in listing and "break" in listing


# --------------------------------------------------------------------------- unsupported loop forms
def over_iter(x, xs):
    s = x
    for v in iter(xs):
        s = s + v
    return s


def test_a_loop_over_iter_of_a_sequence_is_the_loop_over_the_sequence():
    # (refused until issue 15: `for v in iter(xs)` is `for v in xs`, frontend/combinations.py)
    assert transpiler.grad(over_iter)(1.0, [1.0, 2.0]) == 1.0
    assert transpiler.grad(over_iter, wrt=1)(1.0, [1.0, 2.0]) == [1.0, 1.0]


# --------------------------------------------------------------------------- arrays written in loops
def trajectory(v0, dt, n):
    # regression: `path[i] = pos` inside a loop used to drop the loop (zero gradient, no error)
    path = np.zeros((n, 2))
    pos = np.zeros(2)
    vel = v0
    for i in range(n):
        pos = pos + dt * vel
        vel = vel + dt * (np.array([0.0, -9.81]) - 0.02 * np.sqrt(np.sum(vel * vel)) * vel)
        path[i] = pos
    return np.sum(path[:, 0] * path[:, 1])


def test_writing_rows_of_an_array_inside_a_loop_is_differentiated():
    assert_grad_matches_fd(trajectory, (np.array([20.0, 15.0]), 0.01, 30))


def accumulate_into_slots(x, n):
    slots = np.zeros(3)
    for i in range(n):
        slots[i % 3] += x * (i + 1)
    return np.sum(slots * np.array([1.0, 2.0, 3.0]))


def test_augmented_element_updates_inside_a_loop_are_differentiated():
    assert_grad_matches_fd(accumulate_into_slots, (0.7, 7))


def nested_target_unpacking(w, pairs):
    s = 0.0
    for i, (a, b) in enumerate(pairs):
        s = s + w * a * b * (i + 1)
    return s


def test_enumerate_with_a_nested_tuple_target():
    pairs = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 4.0]])
    assert_grad_matches_fd(nested_target_unpacking, (0.8, pairs))


def sine_and_cosine(x):
    return np.sin(x), np.cos(x)


def loops_over_what_calls_return(x):
    s = 0.0
    for v in sine_and_cosine(x):
        s = s + np.sum(v ** 2 * x)
    for half in np.split(x, 2):
        s = s + np.prod(half)
    return s


def test_a_loop_iterates_over_what_a_helper_or_a_numpy_function_returns():
    x = np.array([0.3, 0.7, -0.4, 1.1])
    assert transpiler.check_grad(loops_over_what_calls_return, x).ok
    value, tangent = transpiler.jvp(loops_over_what_calls_return, (x,), (np.ones(4),))
    assert tangent == pytest.approx(np.sum(transpiler.grad(loops_over_what_calls_return)(x)), rel=1e-10)
