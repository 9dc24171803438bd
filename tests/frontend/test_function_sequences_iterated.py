"""Loops over functions that come from a helper's return value or a parameter's default:
``for f in make_fns():`` (the call in the loop's header; before, "a list of functions used as a
value here"), ``enumerate(make_fns())`` and a comprehension over it, a helper's
``acts=(np.tanh, np.sin)`` default, and the differentiated function's own (before: "calling `a`
(a value computed by the function ...)"). The helper's list is held as ``fs = make_fns()`` would
be (frontend/returned_sequences.py); a tuple or list of functions passed to, or defaulted in, the
differentiated function is a constant of the call as one function is (function_arguments.py):
a call with other functions compiles anew, and so is a dict of functions passed, read by key."""
import numpy as np
import pytest

import transpiler

import python_semantics

X = np.array([0.3, -0.7, 1.1])
DIRECTION = np.array([1.0, -0.5, 2.0])


def make_fns():
    return [np.sin, np.tanh, lambda z: z * z]


def loop_over_a_helpers_list(x):
    total = 0.0
    for f in make_fns():
        total = total + np.sum(f(x))
    return total


def augmented_loop_over_a_helpers_list(x):
    total = 0.0
    for f in make_fns():
        total += np.sum(f(x) * x)
    return total


def enumerated_helpers_list(x):
    total = 0.0
    for i, f in enumerate(make_fns()):
        total = total + (i + 1.0) * np.sum(f(x))
    return total


def comprehension_over_a_helpers_list(x):
    return sum(np.sum(f(x)) for f in make_fns())


def _apply_all(x, acts=(np.tanh, np.sin)):
    total = 0.0
    for a in acts:
        total = total + np.sum(a(x))
    return total


def helper_with_a_tuple_of_functions_default(x):
    return _apply_all(x * 2.0)


def tuple_of_functions_default(x, acts=(np.tanh, np.sin)):
    total = 0.0
    for a in acts:
        total = total + np.sum(a(x) ** 2)
    return total


@pytest.mark.parametrize("f", [loop_over_a_helpers_list, augmented_loop_over_a_helpers_list, enumerated_helpers_list,
                               comprehension_over_a_helpers_list, helper_with_a_tuple_of_functions_default,
                               tuple_of_functions_default], ids=lambda f: f.__name__)
def test_a_loop_over_functions_from_a_call_or_a_default_is_exact(f):
    python_semantics.check(f, X.copy(), DIRECTION)


@pytest.mark.parametrize("acts", [(np.sin, np.cos), [np.exp], (np.cos, lambda z: z ** 3), (np.tanh, np.sin)],
                         ids=["sin_cos", "list_exp", "cos_cube", "the_default_again"])
def test_another_tuple_of_functions_passed_is_compiled_for(acts):
    gradient = transpiler.grad(tuple_of_functions_default)
    gradient(X.copy())                       # (the default's code compiled first)
    got = gradient(X.copy(), acts)
    numeric = np.array([python_semantics.central(lambda x: tuple_of_functions_default(x, acts), X, e)
                        for e in np.eye(3)])
    np.testing.assert_allclose(got, numeric, rtol=1e-6, atol=1e-8)


def by_name(x, acts):
    return np.sum(acts["hidden"](x) * acts["out"](x))


@pytest.mark.parametrize("acts", [{"hidden": np.tanh, "out": np.sin}, {"hidden": np.cos, "out": lambda z: z * z}],
                         ids=["tanh_sin", "cos_square"])
def test_a_dict_of_functions_passed_is_read_by_key_and_compiled_for(acts):
    gradient = transpiler.grad(by_name)
    gradient(X.copy(), {"hidden": np.sin, "out": np.exp})
    numeric = np.array([python_semantics.central(lambda x: by_name(x, acts), X, e) for e in np.eye(3)])
    np.testing.assert_allclose(gradient(X.copy(), acts), numeric, rtol=1e-6, atol=1e-8)
