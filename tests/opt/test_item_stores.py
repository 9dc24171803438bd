"""``out = stored_at(out, i, v)`` printed as ``out[i] = v`` where the dtypes say stored_at would
write in place (opt/item_stores.py): a float64 array of the generated code's own and a real value.
Each against finite differences; the helper stays where a dtype is not known, and an argument's
memory is copied first, also an ndarray subclass's."""
import numpy as np
import pytest

import transpiler as tp
from transpiler.check import check_grad

from item_write_programs import filled, kernel, recurrence, running_sum

N = 6


def started_as_an_integer(x):
    out = np.zeros(len(x))
    s = 0                      # an integer until the first addition: its kind is not float64
    for i in range(len(x)):
        out[i] = s
        s = s + x[i]
    return np.sum(out ** 2) + s


def float32_array(x):
    out = np.zeros(len(x), dtype=np.float32)
    for i in range(len(x)):
        out[i] = x[i] * 3
    return np.sum(out * x)


def argument_scaled(x):
    for i in range(len(x)):
        x[i] = 3 * x[i]        # (linear: the reverse reads no old item, no tape holds the array)
    return np.sum(x ** 2)


class Tagged(np.ndarray):
    """An ndarray subclass: its dtype kind is float64's, and its memory the caller's."""


def loop_code(f, x):
    code = tp.grad(f).source(args=(x,)).split(f"def {f.__name__}_grad(")[-1]
    return code


@pytest.mark.parametrize("f", [filled, running_sum, recurrence, kernel, started_as_an_integer, argument_scaled])
def test_gradient_matches_finite_differences(f):
    x = np.random.default_rng(1).standard_normal(N)
    report = check_grad(f, x)
    assert report.ok, report


@pytest.mark.parametrize("f", [filled, running_sum, recurrence, kernel])
def test_a_float_arrays_items_are_written_without_a_helper(f):
    x = np.random.default_rng(2).standard_normal(N)
    code = loop_code(f, x)
    assert "stored_at(" not in code and "assign_at(" not in code, code
    assert "] = 0.0" in code.split("# reverse sweep")[1], code      # the adjoint's item cleared


def test_a_kernel_whose_forward_array_is_read_for_its_shape_only_computes_no_forward_loop():
    x = np.random.default_rng(3).standard_normal(N)
    forward = loop_code(kernel, x).split("# reverse sweep")[0]
    assert "for " not in forward, forward


def test_a_value_of_unknown_kind_keeps_the_helper():
    x = np.random.default_rng(4).standard_normal(N)
    forward = loop_code(started_as_an_integer, x).split("# reverse sweep")[0]
    assert "= stored_at(out_1, i, s)" in forward, forward


def test_an_array_of_another_dtype_keeps_the_helper():
    x = np.random.default_rng(5).standard_normal(N)
    forward = loop_code(float32_array, x).split("# reverse sweep")[0]
    assert "stored_at(" in forward and "out_1[i] = " not in forward, forward
    g = tp.grad(float32_array)(x)
    expected = 2 * 3 * x       # d/dx of sum(3x * x) (float32 rounding of the stored items)
    assert np.allclose(g, expected, rtol=1e-5)


def test_an_argument_of_an_ndarray_subclass_is_copied_before_its_items_are_written():
    x = np.random.default_rng(6).standard_normal(N)
    tagged = x.copy().view(Tagged)
    kept = tagged.copy()
    g = tp.grad(argument_scaled)
    assert "x_1[i] = " in loop_code(argument_scaled, tagged)      # (written in place: on a copy)
    g(tagged)
    got = g(tagged)
    assert np.array_equal(tagged, kept)        # the caller's memory untouched
    assert np.allclose(got, 18 * x)
