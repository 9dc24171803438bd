"""analysis/kinds.py's float reads and accumulators: an item or a slice of a float64 array is
float64, and so is a name bound to a float before a loop and updated there by float arithmetic.
Where such a value meets the folded seed 1.0 the adjoint is that value itself, with no ``1.0 *``
(primitives/model.py keeps it for values that may be integers: tests/primitives/
test_integer_partials.py); where an accumulator starts at an integer, or the array is of
integers, it stays. Each gradient against central differences."""
import math

import numpy as np
import pytest

import transpiler
from transpiler.analysis import kinds
from transpiler.check import check_grad
from transpiler.driver import pipeline
from transpiler.ir.nodes import Assign, walk

X = np.array([0.3, -0.7, 1.1, 0.4])


def loop_sum(x, a):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] * x[i]
    return a * s


def items_times_a_number(x, a):
    return a * x[0] + x[1] * a


def slice_times_a_number(x, a):
    return np.sum(a * x[1:])


def masked_items_times_a_number(x, a):
    return a * np.sum(x[x > 0.0])


def integer_start_then_floats(x, a):
    s = 0
    for i in range(len(x)):
        s = s + x[i]
    return a * s


def integer_items(x, a, k):
    return a * k[1] + np.sum(x)


def python_floats_and_a_count(x, a):
    e = math.exp(x[0] * a)
    half_count = -0.5 * len(x)
    return a * e + float(x[1]) * a + half_count * a


def _kinds_by_name(f, arg_kinds):
    found = kinds.known_kinds(pipeline.lowered(f), arg_kinds)
    return {v.name: kind for v, kind in found.items()}


def test_a_float_accumulator_of_float_items_is_float64():
    found = _kinds_by_name(loop_sum, ("f8", "f8"))
    assert found["s"] == "f8" and found["out"] == "f8"


def test_the_math_modules_results_and_float_are_float64_and_len_is_an_integer():
    found = _kinds_by_name(python_floats_and_a_count, ("f8", "f8"))
    assert found["e"] == "f8" and found["half_count"] == "f8"
    assert "i8" in [found.get(s.target.name) for s in walk(pipeline.lowered(python_floats_and_a_count).body)
                    if isinstance(s, Assign) and s.prim.spelling.path == "len"]


def test_an_accumulator_started_at_an_integer_is_not_called_float64():
    assert _kinds_by_name(integer_start_then_floats, ("f8", "f8")).get("s") is None


def test_an_item_of_an_integer_array_is_not_called_float64():
    found = _kinds_by_name(integer_items, ("f8", "f8", "i8"))
    assert "f8" not in [found.get(v.name) for v in _item_reads(integer_items)]


def test_items_slices_and_masked_reads_of_a_float64_array_are_float64():
    for f in (items_times_a_number, slice_times_a_number, masked_items_times_a_number):
        found = _kinds_by_name(f, ("f8", "f8"))
        assert {found.get(v.name) for v in _item_reads(f)} == {"f8"}, f.__name__


def _item_reads(f):
    """The values ``f`` binds to a read of an array (``x[0]``, ``x[1:]``, ``x[mask]``)."""
    return [s.target for s in walk(pipeline.lowered(f).body)
            if isinstance(s, Assign) and s.prim.pattern is not None and not s.prim.updates]


@pytest.mark.parametrize("f", [loop_sum, items_times_a_number, slice_times_a_number, masked_items_times_a_number,
                               python_floats_and_a_count],
                         ids=lambda f: f.__name__)
def test_a_float_value_meeting_the_seed_is_the_adjoint_itself(f):
    assert "1.0 *" not in transpiler.grad(f, wrt=(0, 1)).source(args=(X, 1.5))
    check_grad(f, X, 1.5, wrt=(0, 1))


@pytest.mark.parametrize("f, rest", [(integer_start_then_floats, (1.5,)), (integer_items, (1.5, np.arange(3)))],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_a_value_that_may_be_an_integer_keeps_its_float_product(f, rest):
    code = transpiler.grad(f, wrt=(0, 1)).source(args=(X, *rest))
    assert "1.0 *" in code
    got = transpiler.grad(f, wrt=(0, 1))(X, *rest)
    assert all(np.asarray(g).dtype == np.float64 for g in got)
    check_grad(f, X, *rest, wrt=(0, 1))
