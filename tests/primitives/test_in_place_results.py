"""``y += v``, a ufunc's ``out=`` and ``np.copyto`` follow NumPy's rules for a result written into
an existing array (primitives/in_place.py): where NumPy raises (a result that does not fit the
array's shape, a float into an integer array by the ``same_kind`` rule) the differentiated code
raises the same error, in both modes; before, it returned a number (it added out of place and
broadcast or promoted). Where NumPy keeps the array's dtype (a float64 sum into a float32 array)
so does the value. Code specialised to the call's shapes and dtypes drops the checks it knows
pass (opt/in_place_results.py), so the common float64 case costs nothing."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad

X = np.array([0.3, -0.7, 1.1])


def adds_three_into_one(x):
    y = np.zeros(1)
    y += x
    return np.sum(y)


def adds_a_column_into_a_row(x):
    y = np.zeros((1, 3))
    y += x[:, None] * np.ones(3)
    return np.sum(y)


def adds_floats_into_integers(x):
    a = np.arange(3)
    a += x
    return np.sum(a * x)


def multiplies_integers_by_floats(x):
    a = np.arange(3)
    a *= x
    return np.sum(a)


def adds_floats_into_an_integer_slice(x):
    a = np.arange(3)
    a[0:2] += x[:2]
    return np.sum(a * x)


def copies_floats_into_integers(x):
    b = np.zeros(3, int)
    np.copyto(b, x)
    return np.sum(b * x)


def writes_three_into_one_by_out(x):
    y = np.zeros(1)
    np.add(y, x, out=y)
    return np.sum(y)


def writes_floats_into_integers_by_out(x):
    a = np.arange(3)
    np.multiply(a, x, out=a)
    return np.sum(a)


REFUSED_BY_NUMPY = [adds_three_into_one, adds_a_column_into_a_row, adds_floats_into_integers,
                    multiplies_integers_by_floats, adds_floats_into_an_integer_slice,
                    copies_floats_into_integers, writes_three_into_one_by_out, writes_floats_into_integers_by_out]


def _numpy_error(f) -> type:
    with pytest.raises((ValueError, TypeError)) as raised:
        f(X)
    return ValueError if isinstance(raised.value, ValueError) else TypeError


@pytest.mark.parametrize("f", REFUSED_BY_NUMPY, ids=lambda f: f.__name__)
def test_what_numpy_refuses_raises_its_error_in_reverse_mode(f):
    with pytest.raises(_numpy_error(f)):
        transpiler.grad(f)(X)


@pytest.mark.parametrize("f", REFUSED_BY_NUMPY, ids=lambda f: f.__name__)
def test_what_numpy_refuses_raises_its_error_in_forward_mode(f):
    with pytest.raises(_numpy_error(f)):
        transpiler.jvp(f, (X,), (np.ones(3),))


@pytest.mark.parametrize("f", REFUSED_BY_NUMPY, ids=lambda f: f.__name__)
def test_what_numpy_refuses_raises_its_error_in_code_made_for_any_shapes(f):
    namespace: dict = {}
    exec(transpiler.grad(f).source(), namespace)
    with pytest.raises(_numpy_error(f)):
        namespace[f"{f.__name__}_grad"](X)


def adds_into_floats(x):
    y = np.zeros(3)
    y += x
    y[1:] *= x[:2]
    np.multiply(y, 2.0, out=y)
    return np.sum(y * y)


def adds_integers_into_integers(x):
    k = np.arange(3)
    k += np.array([1, 2, 3])
    k[0] += 2
    return np.sum(k * x)


def copies_and_writes_by_out_with_broadcasting(x):
    b = np.zeros((2, 3))
    np.copyto(b, x)              # (3,) into (2, 3): broadcast, as NumPy does
    np.sin(x, out=b)             # so does out=
    return np.sum(b * b * x)


def adds_into_an_item_in_a_loop(x):
    y = np.zeros(3)
    for i in range(3):
        y[i] += x[i] * x[i]
    return np.sum(y)


def adds_rows_in_a_loop(x):
    y = np.zeros(3)
    for i in range(3):
        y += np.tanh(x * x[i])      # (x[i]: an item of a float64 array, float64 too)
        y *= 0.9
    return np.sum(y * y)


ALLOWED = [adds_into_floats, adds_integers_into_integers, copies_and_writes_by_out_with_broadcasting,
           adds_into_an_item_in_a_loop, adds_rows_in_a_loop]


@pytest.mark.parametrize("f", ALLOWED, ids=lambda f: f.__name__)
def test_what_numpy_allows_keeps_its_value_and_gradient(f):
    assert check_grad(f, X).ok
    value, tangent = transpiler.jvp(f, (X,), (np.array([1.0, -2.0, 0.5]),))
    h = 1e-6
    central = (f(X + h * np.array([1.0, -2.0, 0.5])) - f(X - h * np.array([1.0, -2.0, 0.5]))) / (2 * h)
    assert value == pytest.approx(f(X), rel=1e-12)
    assert tangent == pytest.approx(central, rel=1e-6)


def test_a_float64_sum_added_into_a_float32_array_stays_float32():
    def f(x):
        y = np.zeros(3, np.float32)
        y += x
        c = np.zeros(3, np.float32)
        np.copyto(c, x)              # float64 into float32: the same kind
        return y + c

    value, tangent = transpiler.jvp(f, (X,), (np.ones(3),))
    assert value.dtype == np.float32 and value.dtype == f(X).dtype
    np.testing.assert_array_equal(value, f(X))


@pytest.mark.parametrize("f", [adds_into_floats, copies_and_writes_by_out_with_broadcasting, adds_into_an_item_in_a_loop,
                               adds_rows_in_a_loop], ids=lambda f: f.__name__)
def test_code_for_the_call_has_no_check_where_shapes_and_dtypes_decide(f):
    source = transpiler.grad(f).source(args=(X,))
    assert "in_place_result" not in source and "same_kind_cast" not in source


def test_code_for_any_shapes_checks_each_in_place_result():
    source = transpiler.grad(adds_into_floats).source()
    assert source.count("in_place_result(") >= 3
