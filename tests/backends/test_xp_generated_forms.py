"""Forms the NumPy backend's generated code takes that the array API standard refuses, on
array-api-strict and Dask arrays: ``where`` with two Python numbers (the derivative of
``np.where``), ``where`` with a Python bool (the derivative of ``x ** k`` for an integer ``k``),
reductions of a Python list (``np.sum([...])``, ``np.max(items)``) whose adjoint is sliced
per item, that adjoint's rows read with one index (``d[1]``, fewer than its axes), and elementwise
functions of a Python number (``np.exp(y)`` for a float argument ``y``). Each gradient equals
the NumPy backend's, itself checked against finite differences."""
import warnings

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

xs = pytest.importorskip("array_api_strict")
da = pytest.importorskip("dask.array")
pytest.importorskip("array_api_compat")

X = np.array([0.3, 0.7, 1.2, 0.9])


def where_with_a_number_branch(x):
    return np.sum(np.where(x > 0.5, x, 0.0))


def where_with_a_number_first(x):
    return np.sum(np.where(x > 0.5, 1.0, x) * x)


def where_between_two_numbers(x):
    return np.sum(np.where(x > 0.5, 2.0, -1.0) * x)


def where_between_an_integer_and_a_float(x):
    return np.sum(np.where(x > 0.5, 2, -1.5) * x)


def where_of_a_scalar_condition(x):
    return np.sum(x) * np.where(np.sum(x) > 1.0, 1.0, 2.0)


def integer_powers_of_a_loop_variable(x):
    s = 0.0
    for k in range(0, 4):
        s = s + np.sum(x ** k)
    return s


def integer_power_argument(x, k):
    return np.sum(x ** k)


def np_power_with_an_integer_argument(x, k):
    return np.sum(np.power(x, k))


def copysign_by_a_number(x):
    return np.sum(np.copysign(x, -1.0))


def sum_of_a_list_comprehension(x):
    return np.sum([np.sum(x ** k) for k in range(1, 4)])


def mean_of_a_list(x):
    return np.mean([np.sum(x), np.sum(x * x)])


def max_of_a_list(x):
    return np.max([np.sum(x), np.sum(x * x)])


def prod_of_a_list(x):
    return np.prod([np.sum(x), np.sum(x * x)])


def min_of_a_list_built_in_a_loop(x):
    items = []
    for k in range(1, 3):
        items.append(np.sum(x ** k))
    return np.min(items)


def array_of_a_list_of_sums(x):
    return np.sum(np.array([np.sum(x), np.sum(x * x)]) ** 2)


def sum_of_a_list_of_arrays(x):
    return np.sum([x, 2.0 * x, x * x])


def sum_over_a_list_of_arrays(x):
    return np.sum(np.sum([x, x * x], axis=0) ** 2)


def stack_of_a_list(x):
    return np.sum(np.stack([x, x * x]) ** 2)


CASES = {f.__name__: (f, args) for f, args in [
    (where_with_a_number_branch, (X,)), (where_with_a_number_first, (X,)), (where_between_two_numbers, (X,)),
    (where_between_an_integer_and_a_float, (X,)), (where_of_a_scalar_condition, (X,)),
    (integer_powers_of_a_loop_variable, (X,)), (integer_power_argument, (X, 3)),
    (np_power_with_an_integer_argument, (X, 2)), (copysign_by_a_number, (X,)),
    (sum_of_a_list_comprehension, (X,)), (mean_of_a_list, (X,)), (max_of_a_list, (X,)), (prod_of_a_list, (X,)),
    (min_of_a_list_built_in_a_loop, (X,)), (array_of_a_list_of_sums, (X,)),
    (sum_of_a_list_of_arrays, (X,)), (sum_over_a_list_of_arrays, (X,)), (stack_of_a_list, (X,)),
]}
CASES["integer_power_argument_zero"] = (integer_power_argument, (X, 0))


def exp_of_a_number(x, y):
    return np.sum(x * np.exp(y))


def sqrt_and_log_of_a_number(x, y):
    return np.sum(x * np.sqrt(y) + np.log(y))


def sign_and_abs_of_a_number(x, y):
    return np.sum(x * np.sign(y) * np.abs(y))


def copysign_by_a_number_argument(x, y):
    return np.sum(np.copysign(x, y))


def a_number_to_an_array_power(x, y):
    return np.sum(y ** x)


NUMBER_CASES = [exp_of_a_number, sqrt_and_log_of_a_number, sign_and_abs_of_a_number, copysign_by_a_number_argument,
                a_number_to_an_array_power]
LIBRARIES = {"strict": xs.asarray, "dask": lambda a: da.from_array(a, chunks=2)}


def _numpy_gradient(f, args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert check_grad(f, *args), f"the NumPy backend's gradient of {f.__name__} is not the finite differences'"
    return transpiler.value_and_grad(f)(*args)


@pytest.mark.parametrize("library", sorted(LIBRARIES))
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_gradient_on_the_library_equals_the_numpy_backends(name, library):
    f, args = CASES[name]
    expected_value, expected = _numpy_gradient(f, args)
    convert = LIBRARIES[library]
    value, got = transpiler.value_and_grad(f, backend="array_api")(
        *[convert(a) if isinstance(a, np.ndarray) else a for a in args])
    assert type(got) is type(convert(X))                 # an array of the arguments' library
    if library == "dask":
        got, value = got.compute(), value.compute()
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(float(value), float(expected_value), rtol=1e-12)


@pytest.mark.parametrize("wrt", [0, 1])
@pytest.mark.parametrize("f", NUMBER_CASES, ids=lambda f: f.__name__)
def test_elementwise_functions_of_a_python_number_argument_run_on_strict_arrays(f, wrt):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert check_grad(f, X, 0.6, wrt=wrt)
    expected = transpiler.grad(f, wrt=wrt)(X, 0.6)
    got = transpiler.grad(f, wrt=wrt, backend="array_api")(xs.asarray(X), 0.6)
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-12, atol=1e-14)
