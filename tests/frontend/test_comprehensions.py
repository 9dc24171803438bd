"""Comprehensions and generator expressions (frontend/comprehensions.py): each is lowered to
the loop it stands for, appending to a list the compiler names, and differentiated in both
modes; checked against central finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler import UnknownFunctionError, UnsupportedSyntaxError
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.8])
M = np.array([[0.2, -0.5], [1.1, 0.4], [-0.7, 0.9]])


def squares_summed(x):
    return sum([x[i] ** 2 for i in range(3)])


def generator_in_sum(x):
    return sum(x[i] ** 2 for i in range(3))


def generator_with_start(x):
    return sum((np.sin(x[i]) for i in range(len(x))), x[0])


def over_rows(m):
    return sum(np.sum(np.tanh(row) * row) for row in m)


def over_list_of_arrays(x):
    layers = [x, x * 2, np.sin(x)]
    return np.sum(np.array([np.sum(layer ** 2) for layer in layers]))


def stacked(m):
    return np.sum(np.stack([row * k for k, row in enumerate(m)]) ** 2)


def filtered_constant_condition(x):
    return sum(x[i] * x[i + 1] for i in range(2) if i != 1) + sum(v for v in x if True)


def nested_fors(x):
    return sum(x[i] * x[j] for i in range(3) for j in range(i))


def over_zip_with_constants(x):
    w = [1.0, 2.0, 3.0]
    return sum(a * b for a, b in zip(x, w))


def over_enumerate_zip(x):
    w = (0.5, -1.0, 2.0)
    return sum(k * a * b for k, (a, b) in enumerate(zip(x, w)))


def over_reversed(x):
    return sum(v * k for k, v in enumerate([a ** 2 for a in reversed(x)]))


def maximum_of_generator(x):
    return max(np.sin(x[i]) + x[i] for i in range(3))


def tuple_of_generator(x):
    a, b, c = tuple(x[i] * (i + 1) for i in range(3))
    return a * b + c


def nested_comprehension(m):
    rows = [[v * v for v in row] for row in m]
    return sum(sum(r) for r in rows)


def comprehension_in_loop(x):
    total = 0.0
    for k in range(2):
        total = total + sum([v * k + v ** 2 for v in x])
    return total


def target_keeps_outer_value(x):
    i = 2
    ys = [x[i] for i in range(2)]
    return ys[0] * ys[1] * x[i]


def in_helper(x):
    return squares_summed(x) * 0.5


@pytest.mark.parametrize("f", [
    squares_summed, generator_in_sum, generator_with_start, over_list_of_arrays,
    filtered_constant_condition, nested_fors, over_zip_with_constants, over_enumerate_zip,
    over_reversed, maximum_of_generator, tuple_of_generator, comprehension_in_loop,
    target_keeps_outer_value, in_helper,
])
def test_comprehension_over_a_vector_matches_finite_differences_in_both_modes(f):
    assert_both_modes(f, X)


@pytest.mark.parametrize("f", [over_rows, stacked, nested_comprehension])
def test_comprehension_over_the_rows_of_a_matrix_matches_finite_differences(f):
    assert_both_modes(f, M)


def is_positive(v):
    return v > 0


def map_over_filter(x):
    return sum(map(lambda v: v ** 3, filter(lambda v: v > 0, x)))


def loop_over_filter(x):
    t = 0.0
    for v in filter(lambda v: v < 1.0, x):
        t = t + np.sin(v) * v
    return t


def array_of_filtered(x):
    return np.sum(np.array(list(filter(is_positive, x))) ** 2)


def filter_none_keeps_the_truthy(x):
    return sum(filter(None, [x[0] * 0.0, x[1], x[2] ** 2]))


@pytest.mark.parametrize("f", [map_over_filter, loop_over_filter, array_of_filtered, filter_none_keeps_the_truthy])
def test_filter_is_the_comprehension_with_its_test(f):
    # `iterating over filter(...)` was refused
    assert_both_modes(f, X)
    np.testing.assert_allclose(transpiler.hessian(f)(X), transpiler.hessian(f)(X).T)


def test_comprehension_target_does_not_leak_into_the_function():
    assert transpiler.grad(target_keeps_outer_value)(X)[2] == pytest.approx(X[0] * X[1])


def test_comprehension_in_float32_keeps_the_dtype():
    g = transpiler.grad(generator_in_sum)(X.astype(np.float32))
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, 2 * X, rtol=1e-6)


def test_hessian_through_a_comprehension():
    h = transpiler.hessian(nested_fors)(X)
    expected = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]], dtype=float)
    np.testing.assert_allclose(h, expected, atol=1e-12)


def test_generated_code_builds_the_list_in_a_loop():
    source = transpiler.grad(squares_summed).source()
    assert "appended(" in source and "for " in source


def dict_comprehension(x):
    d = {k: x * k for k in range(3)}
    return np.sum(d[2]) + np.sum(d[1] ** 2)


def dict_comprehension_of_named_parameters(x):
    params = {name: x[i] * (i + 1) for i, name in enumerate(("w", "b", "c")) if name != "c"}
    return params["w"] * params["b"] + sum(params[k] for k in ("w", "b"))


def dict_comprehension_nested_fors(x):
    d = {(i, j): x[i] * x[j] for i in range(3) for j in (0, 2)}
    return d[(1, 2)] + d[2, 0] * d[0, 0]


def dict_comprehension_read_at_run_time(x, k):
    d = {j: x * j for j in range(3)}
    return np.sum(d[k])


@pytest.mark.parametrize("f", [dict_comprehension, dict_comprehension_of_named_parameters,
                               dict_comprehension_nested_fors])
def test_dict_comprehension_with_keys_known_to_the_compiler_in_both_modes(f):
    assert_both_modes(f, X)


def test_dict_comprehension_read_at_a_run_time_key_in_both_modes():
    assert_both_modes(dict_comprehension_read_at_run_time, X, 2)
    assert_both_modes(dict_comprehension_read_at_run_time, X, 1)


def test_dict_comprehension_entries_are_read_at_transform_time():
    source = transpiler.grad(dict_comprehension).source()
    assert "dict_of" not in source


def runtime_condition(x):
    d = {k: x[k] for k in range(3) if x[k] > 0}
    return d[0]


def set_comprehension(x):
    return sum({v for v in x})


def set_comprehension_of_index_pairs(x, angles=((0, 1, 2), (1, 2, 0))):
    bonded = set([(0, 1)]) | {(i, k) for i, _, k in angles}      # a force field's excluded pairs
    return sum(x[i] * x[j] for i in range(3) for j in range(i + 1, 3) if (i, j) not in bonded)


def test_a_set_comprehension_of_indices_is_the_set_of_its_items():
    assert_both_modes(set_comprehension_of_index_pairs, X.copy())


def test_a_set_of_differentiated_items_is_refused_where_written():
    with pytest.raises(UnknownFunctionError) as info:
        transpiler.grad(set_comprehension)(X)
    assert "`set`" in str(info.value) and "test_comprehensions.py" in str(info.value)


@pytest.mark.parametrize("f, construct", [
    (runtime_condition, "a dict comprehension filtered by a condition known only at run time"),
])
def test_dict_comprehensions_are_refused_where_written(f, construct):
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(f)(X)
    assert construct in str(info.value) and "test_comprehensions.py" in str(info.value)
