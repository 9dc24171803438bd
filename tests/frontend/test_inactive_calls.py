"""Calls with no derivative rule and no source simply run where their inputs are constants of the
derivative (primitives/opaque.py); where a differentiated value flows through one into the
result, the analysis refuses it, naming the call and the argument."""
import math

import numpy as np
import pytest

import transpiler
from transpiler import UnknownFunctionError, check_grad, grad, hessian, jvp, value_and_grad
from transpiler.errors import UnsupportedSyntaxError

W = np.arange(3.0)
CONFIG = {"scale": 2.0}
SINE = np.frompyfunc(math.sin, 1, 1)   # a callable with neither a rule nor Python source


class Parser:
    """An object holding constants, with methods (the shape of autograd-style parameter parsers)."""

    def __init__(self):
        self.shapes = {"w": (3,)}

    def size(self, name):
        return self.shapes[name][0]

    def get(self, params, name):
        return params[: self.size(name)]


parser = Parser()


def isinstance_branch(x):
    if isinstance(x, float):
        return x * 2.0
    return np.sum(x * 3.0)


def type_branch(x):
    if type(x) is float:
        return x * 2.0
    return np.sum(x * 3.0)


def meshgrid_of_constants(x):
    X, Y = np.meshgrid(np.arange(3.0), np.arange(2.0))
    return np.sum(x * X) + np.sum(Y * x)


def astype_of_a_global(x):
    return np.sum(x * W.astype(np.float32))


def astype_and_copy_of_a_local(x):
    w = np.arange(3).astype(float).copy()
    return np.sum(x * w)


def tolist_and_sorted(x):
    w = sorted(W.tolist(), reverse=True)
    return x[0] * w[0] + x[1] * w[2]


def dict_get_of_a_global(x):
    return np.sum(x) * CONFIG.get("scale", 1.0)


def method_of_a_global_object(x):
    n = parser.size("w")
    return np.sum(x[:n] ** 2) * n


def len_of_str(x):
    return np.sum(x) * len(str(12345))


def callable_without_source_on_a_constant(x):
    return np.sum(x * SINE(W))


def constants_in_a_loop_and_a_branch(x):
    s = 0.0
    for i in range(3):
        if isinstance(i, int):
            s = s + x[i] * SINE(float(i))
    return s


def helper_calling_sine(v):
    return SINE(v)


def calls_a_helper_with_a_constant(x):
    return np.sum(x * helper_calling_sine(W))


@pytest.mark.parametrize("f, x", [
    (isinstance_branch, np.array([1.0, 2.0, 3.0])), (isinstance_branch, 1.5),
    (type_branch, np.array([1.0, 2.0, 3.0])), (type_branch, 1.5),
    (meshgrid_of_constants, np.ones((2, 3))),
    (astype_of_a_global, np.array([0.5, 1.0, 2.0])),
    (astype_and_copy_of_a_local, np.array([0.5, 1.0, 2.0])),
    (tolist_and_sorted, np.array([0.5, 1.0, 2.0])),
    (dict_get_of_a_global, np.array([0.5, 1.0, 2.0])),
    (method_of_a_global_object, np.array([0.5, 1.0, 2.0, 4.0])),
    (len_of_str, np.array([0.5, 1.0])),
    (callable_without_source_on_a_constant, np.array([0.5, 1.0, 2.0])),
    (constants_in_a_loop_and_a_branch, np.array([0.5, 1.0, 2.0])),
    (calls_a_helper_with_a_constant, np.array([0.5, 1.0, 2.0])),
], ids=lambda v: getattr(v, "__name__", None) or "")
def test_a_call_on_constants_simply_runs_in_both_modes(f, x):
    assert check_grad(f, x).ok
    value, gradient = value_and_grad(f)(x)
    assert value == pytest.approx(f(x))
    tangent = np.ones_like(x) if isinstance(x, np.ndarray) else 1.0
    primal_out, tangent_out = jvp(f, (x,), (tangent,))
    assert primal_out == pytest.approx(f(x))
    assert tangent_out == pytest.approx(np.sum(gradient * tangent))


def test_hessian_through_a_function_with_calls_on_constants():
    x = np.array([0.5, 1.0, 2.0, 4.0])
    expected = np.diag([6.0, 6.0, 6.0, 0.0])       # 3 * sum(x[:3] ** 2)
    np.testing.assert_allclose(hessian(method_of_a_global_object)(x), expected)


def test_the_generated_code_calls_the_library_function_by_its_path():
    code = grad(meshgrid_of_constants).source(args=(np.ones((2, 3)),))
    assert code.count("np.meshgrid(") == 1


# --------------------------------------------------------------------------- refusals
TABLE = {"w": 1.0}


def method_with_an_active_argument(x):
    # (a method with Python source, parser.get, is inlined: frontend/values.py; dict.get has none)
    return np.sum(TABLE.get("v", x))


def unknown_function_of_an_active_value(x):
    return np.sum(SINE(x * 2.0))


def through_a_container(x):
    pair = [x, 1.0]
    return np.sum(SINE(pair))


def through_a_loop(x):
    y = 0.0 * x
    for i in range(3):
        y = y + x
    return np.sum(SINE(y))


def calls_a_helper_with_the_parameter(x):
    return np.sum(x * helper_calling_sine(x))


def unknown_method_of_an_active_value(x):
    return np.sum(x.ptp())


@pytest.mark.parametrize("f, callee, argument", [
    (method_with_an_active_argument, "TABLE.get", "x"),
    (unknown_function_of_an_active_value, "SINE", "x * 2.0"),
    (through_a_container, "SINE", "pair"),
    (through_a_loop, "SINE", "y"),
    (calls_a_helper_with_the_parameter, "SINE", "v"),
    (unknown_method_of_an_active_value, "x.ptp", "x"),
], ids=lambda v: getattr(v, "__name__", None) or "")
def test_a_call_without_rule_on_a_differentiated_value_is_refused_naming_it(f, callee, argument):
    for transform in (lambda: grad(f)(np.array([0.5, 1.0, 2.0, 3.0])),
                      lambda: jvp(f, (np.array([0.5, 1.0, 2.0, 3.0]),), (np.ones(4),))):
        with pytest.raises(UnknownFunctionError) as info:
            transform()
        message = str(info.value)
        assert f"no derivative rule for `{callee}`" in message
        assert f"argument `{argument}` depends on the differentiated parameters" in message
        assert info.value.location is not None and info.value.hint


def test_the_refusal_inside_a_helper_names_where_it_was_called():
    with pytest.raises(UnknownFunctionError) as info:
        grad(calls_a_helper_with_the_parameter)(np.ones(3))
    assert "in `helper_calling_sine`, called at" in str(info.value)


def result_only_decides_a_branch(x):
    if SINE(1.0) > 0.5:
        return np.sum(x * 2.0)
    return np.sum(x)


def differentiated_number_but_unused_result(x):
    unused = SINE(x[0])
    return np.sum(x * 2.0)


def differentiated_number_deciding_a_branch(x):
    if SINE(x[0]) > 0.0:
        return np.sum(x * 2.0)
    return np.sum(x)


@pytest.mark.parametrize("f", [result_only_decides_a_branch, differentiated_number_but_unused_result,
                               differentiated_number_deciding_a_branch])
def test_a_call_whose_result_does_not_reach_the_output_through_numbers_runs(f):
    x = np.array([0.5, 1.0, 2.0])
    np.testing.assert_allclose(grad(f)(x), [2.0, 2.0, 2.0])
    assert jvp(f, (x,), (np.ones(3),))[1] == pytest.approx(6.0)


def differentiated_array_but_unused_result(x):
    unused = SINE(x)              # (it might change x in place, unseen by the derivative)
    return np.sum(x * 2.0)


def test_a_differentiated_array_passed_to_a_call_without_rule_is_refused_even_if_unused():
    with pytest.raises(UnknownFunctionError) as info:
        grad(differentiated_array_but_unused_result)(np.ones(3))
    assert "argument `x` depends on the differentiated parameters" in str(info.value)


def test_a_differentiated_value_passed_to_a_question_about_its_type_is_fine():
    """isinstance/type/callable are primitives without derivative: they accept active values."""
    assert transpiler.primitives.lookup(isinstance) is not None
    np.testing.assert_allclose(grad(isinstance_branch)(np.ones(2)), [3.0, 3.0])


# --------------------------------------------------------------------------- run once, every time
class CallCounter:
    """A callable with an effect (and no rule, no source): how often does the derivative call it?"""

    def __init__(self):
        self.calls = 0

    def __call__(self, k):
        self.calls += 1
        return k


COUNT = CallCounter()


def counts_its_calls(x):
    k = COUNT(2)
    j = COUNT(2)            # the same call again: a second call, not a shared value
    unused = COUNT(5)       # its value is unused: it runs all the same
    return np.sum(x ** 2) * k * j


@pytest.mark.parametrize("transform", [
    lambda x: grad(counts_its_calls)(x),
    lambda x: value_and_grad(counts_its_calls)(x),
    lambda x: jvp(counts_its_calls, (x,), (np.ones_like(x),)),
    lambda x: grad(counts_its_calls)(x[0]),          # a number: forward mode under grad
], ids=["grad", "value_and_grad", "jvp", "grad-of-a-number"])
def test_a_call_that_simply_runs_runs_exactly_as_often_as_in_the_primal(transform):
    x = np.array([0.5, 1.0, 2.0])
    for _ in range(2):                                # compiled, then from the cache
        before = COUNT.calls
        transform(x)
        assert COUNT.calls - before == 3             # never folded, shared, dropped or repeated
    np.testing.assert_allclose(grad(counts_its_calls)(x), 8 * x)


def test_the_printed_gradient_keeps_each_call():
    code = grad(counts_its_calls).source(args=(np.ones(3),))
    assert code.count("COUNT(2)") == 2 and code.count("COUNT(5)") == 1


def upper_triangle_energy(A):
    iu = np.triu_indices(A.shape[1], k=1)
    il = np.tril_indices(A.shape[1])
    M = A.T @ A
    scale = 2.0 if np.isscalar(M[0, 0]) else 1.0
    return scale * np.sum(M[iu] ** 2) + np.sum(M[il]) + np.sum(A[np.diag_indices(3)] ** 3)


def test_numpy_functions_written_in_python_simply_run_not_inlined():
    """np.triu_indices and friends are plain Python functions of NumPy's: their own source is not
    the user's code to lower (it failed deep inside numpy/lib), they simply run."""
    A = np.random.default_rng(4).normal(size=(4, 3))
    assert check_grad(upper_triangle_energy, A).ok
    direction = np.ones_like(A)
    assert jvp(upper_triangle_energy, (A,), (direction,))[1] == pytest.approx(
        np.sum(grad(upper_triangle_energy)(A)), rel=1e-10)


# A method that may keep a differentiated argument in its object: the value read back later would
# have lost its derivative (these gave a zero gradient before), so each is refused at the call.
# (`rows[i].append(v)` on a list the function's own list or dict holds is followed:
# tests/frontend/test_item_appends.py.)
def _appended_to_a_list_in_an_argument(x, history):
    history["loss"].append(x * x)
    return history["loss"][-1]


def _dict_updated(x, options):
    options = dict(options)
    options.update(scale=x)
    return options["scale"] * 3.0


def _added_to_a_set(x):
    seen = set()
    seen.add(x)
    return sum(seen)


def _set_by_default(x):
    table = {}
    table.setdefault("a", x)
    return table["a"] * 2.0


@pytest.mark.parametrize("f, args", [(_appended_to_a_list_in_an_argument, (2.0, {"loss": []})),
                                     (_added_to_a_set, (2.0,))])
def test_a_method_that_may_keep_a_differentiated_argument_is_refused_in_both_modes(f, args):
    with pytest.raises(UnknownFunctionError, match="may keep its argument") as caught:
        grad(f)(*args)
    assert "rows[i] = rows[i] + [v]" in str(caught.value)
    tangents = (1.0,) + (None,) * (len(args) - 1)
    with pytest.raises(UnknownFunctionError, match="may keep its argument"):
        jvp(f, args, tangents)


def test_update_of_a_dict_made_in_the_function_is_its_entry_assignments():
    # (`dict(options)` of a parameter is a dict of the function since e4's `dict(p)`; its
    # `.update(scale=x)` was refused until it became `options["scale"] = x`: dict_updates.py)
    options = {"scale": 1.0, "other": 5.0}
    assert grad(_dict_updated)(2.0, options) == pytest.approx(3.0)
    assert jvp(_dict_updated, (2.0, options), (1.0, None)) == pytest.approx((6.0, 3.0))
    assert options == {"scale": 1.0, "other": 5.0}          # the copy was updated, not the caller's


def test_setdefault_on_a_dicts_own_name_differentiates():
    # (refused until d.setdefault(k, v) on a name became `if k not in d: d[k] = v`:
    # frontend/dict_setdefault.py, tests/frontend/test_config_dicts.py)
    assert grad(_set_by_default)(2.0) == 2.0
    assert jvp(_set_by_default, (2.0,), (1.0,)) == (4.0, 2.0)


def test_the_rebinding_spellings_the_refusal_suggests_differentiate():
    def appended_by_rebinding(x):
        rows = [[] for _ in range(2)]
        for i in range(2):
            rows[i] = rows[i] + [x * (i + 1)]
        history = {"loss": []}
        history["loss"] = history["loss"] + [x * x]
        return rows[1][0] + history["loss"][-1]

    report = check_grad(appended_by_rebinding, 2.0)
    assert report.ok, report
    assert grad(appended_by_rebinding)(2.0) == pytest.approx(2.0 + 4.0)


def test_a_method_given_constants_still_simply_runs():
    def filled_with_constants(x):
        table = {"a": []}
        table["a"].append(2.0)
        return x * sum(table["a"])

    assert grad(filled_with_constants)(3.0) == pytest.approx(2.0)
