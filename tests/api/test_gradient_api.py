"""The user-facing API: ``grad``, ``value_and_grad`` and ``@differentiate`` (transpiler/api/)."""
import functools
import math
import sys

import numpy
import numpy as np
import pytest
from numpy import exp

import transpiler
from transpiler.backends import emit
from transpiler.driver import pipeline

THIS_MODULE = sys.modules[__name__]


def numeric_grad(f, args, i, h=1e-6):
    """Central finite difference of scalar ``f`` in argument ``i``."""
    lo, hi = list(args), list(args)
    lo[i] = args[i] - h
    hi[i] = args[i] + h
    return (f(*hi) - f(*lo)) / (2 * h)


# --------------------------------------------------------------------------- wrt
def two_params(x, y):
    return x * x * y + 3.0 * y


def three_params(a, b, c):
    return a * b + b * c * c + 5.0 * a


def test_wrt_index_selects_that_parameter():
    assert transpiler.grad(two_params, wrt=0)(2.0, 5.0) == pytest.approx(2 * 2.0 * 5.0)
    assert transpiler.grad(two_params, wrt=1)(2.0, 5.0) == pytest.approx(2.0 ** 2 + 3.0)


def test_wrt_defaults_to_first_parameter():
    assert transpiler.grad(two_params)(2.0, 5.0) == pytest.approx(20.0)


def test_wrt_name_selects_that_parameter():
    assert transpiler.grad(two_params, wrt="y")(2.0, 5.0) == pytest.approx(7.0)
    assert transpiler.grad(two_params, wrt="x")(2.0, 5.0) == pytest.approx(20.0)


def test_wrt_negative_index_counts_from_the_last_parameter():
    assert transpiler.grad(three_params, wrt=-1)(1.0, 2.0, 3.0) == pytest.approx(2 * 2.0 * 3.0)
    assert transpiler.grad(three_params, wrt=-3)(1.0, 2.0, 3.0) == pytest.approx(2.0 + 5.0)


def test_wrt_numpy_integer_is_accepted_as_an_index():
    assert transpiler.grad(two_params, wrt=np.int64(1))(2.0, 5.0) == pytest.approx(7.0)


def test_wrt_tuple_of_mixed_index_and_name_returns_gradients_in_the_requested_order():
    args = (1.0, 2.0, 3.0)
    da, db, dc = 2.0 + 5.0, 1.0 + 3.0 ** 2, 2 * 2.0 * 3.0
    assert transpiler.grad(three_params, wrt=("c", 0, -2))(*args) == pytest.approx((dc, da, db))
    assert transpiler.grad(three_params, wrt=(1, "a"))(*args) == pytest.approx((db, da))


def test_wrt_tuple_of_one_element_returns_a_one_element_tuple():
    result = transpiler.grad(two_params, wrt=("y",))(2.0, 5.0)
    assert isinstance(result, tuple) and result == pytest.approx((7.0,))


def test_wrt_list_behaves_like_a_tuple():
    assert transpiler.grad(two_params, wrt=["y", "x"])(2.0, 5.0) == pytest.approx((7.0, 20.0))


@pytest.mark.parametrize("wrt", [("x", "x"), (0, "x"), (1, -1, 0)])
def test_a_parameter_named_twice_in_wrt_is_an_error(wrt):
    with pytest.raises(ValueError, match="wrt names '(x|y)' more than once"):
        transpiler.grad(two_params, wrt=wrt)


def test_unknown_wrt_name_raises_value_error_naming_the_parameters():
    with pytest.raises(ValueError) as info:
        transpiler.grad(two_params, wrt="z")
    message = str(info.value)
    assert "'z'" in message and "x" in message and "y" in message


def test_bad_wrt_is_rejected_when_grad_is_created_not_when_it_is_called():
    with pytest.raises(ValueError):
        transpiler.grad(two_params, wrt="nope")
    with pytest.raises(ValueError):
        transpiler.differentiate(wrt="nope")(two_params)


@pytest.mark.parametrize("wrt, error", [
    pytest.param("z", ValueError, id="unknown-name"),
    pytest.param(("x", "q"), ValueError, id="unknown-name-in-tuple"),
    pytest.param(2, ValueError, id="index-too-large"),
    pytest.param(-3, ValueError, id="negative-index-too-small"),
    pytest.param((), ValueError, id="empty-tuple"),
    pytest.param(1.5, TypeError, id="float"),
    pytest.param(True, TypeError, id="bool"),
    pytest.param(None, TypeError, id="none"),
])
def test_bad_wrt_raises_with_a_message_naming_the_parameters(wrt, error):
    with pytest.raises(error) as info:
        transpiler.grad(two_params, wrt=wrt)
    message = str(info.value)
    assert "'x'" in message and "'y'" in message, message


@pytest.mark.parametrize("wrt, error", [
    (2, ValueError), (-3, ValueError), ((), ValueError), (1.5, TypeError), (True, TypeError),
    (None, TypeError), ((0, 2.0), TypeError),
])
def test_bad_wrt_raises_value_or_type_error(wrt, error):
    with pytest.raises(error):
        transpiler.grad(two_params, wrt=wrt)


# --------------------------------------------------------------------------- arguments
def with_default(x, y=3.0):
    return x * x * y


def test_keyword_arguments_are_bound_to_their_parameters():
    g = transpiler.grad(with_default, wrt=("x", "y"))
    assert g(y=5.0, x=2.0) == pytest.approx((2 * 2.0 * 5.0, 4.0))
    assert g(2.0, y=5.0) == pytest.approx((20.0, 4.0))


def test_default_parameter_values_are_used_when_the_argument_is_omitted():
    assert transpiler.grad(with_default)(2.0) == pytest.approx(2 * 2.0 * 3.0)
    assert transpiler.grad(with_default, wrt="y")(2.0) == pytest.approx(4.0)
    assert transpiler.value_and_grad(with_default)(2.0) == pytest.approx((12.0, 12.0))


def test_missing_required_argument_raises_type_error():
    with pytest.raises(TypeError):
        transpiler.grad(with_default)()


# --------------------------------------------------------------------------- results
def test_value_and_grad_returns_value_and_gradient():
    value, gradient = transpiler.value_and_grad(two_params)(2.0, 5.0)
    assert value == pytest.approx(two_params(2.0, 5.0))
    assert gradient == pytest.approx(20.0)


def test_value_and_grad_with_tuple_wrt_returns_value_and_tuple_of_gradients():
    value, grads = transpiler.value_and_grad(three_params, wrt=(2, 0))(1.0, 2.0, 3.0)
    assert value == pytest.approx(three_params(1.0, 2.0, 3.0))
    assert grads == pytest.approx((12.0, 7.0))


def smooth(x, y):
    return np.sin(x) * y + np.exp(y) / (1.0 + x * x)


@pytest.mark.parametrize("x, y", [(0.3, -1.2), (2.0, 0.5), (-1.5, 1.5)])
def test_gradient_matches_finite_differences(x, y):
    gx, gy = transpiler.grad(smooth, wrt=(0, 1))(x, y)
    assert gx == pytest.approx(numeric_grad(smooth, (x, y), 0), rel=1e-6)
    assert gy == pytest.approx(numeric_grad(smooth, (x, y), 1), rel=1e-6)


def test_gradient_of_float_input_is_a_float():
    gx, gy = transpiler.grad(smooth, wrt=(0, 1))(0.3, 1.2)
    assert isinstance(gx, float) and isinstance(gy, float)


def test_gradient_of_int_input_is_a_float():
    assert isinstance(transpiler.grad(two_params)(2, 5), float)
    assert transpiler.grad(two_params)(2, 5) == 20.0


def test_gradient_of_zero_dimensional_array_has_shape_of_the_argument():
    gx, gy = transpiler.grad(smooth, wrt=(0, 1))(np.array(0.3), np.array(1.2))
    assert np.shape(gx) == () and np.shape(gy) == ()
    assert float(gx) == pytest.approx(numeric_grad(smooth, (0.3, 1.2), 0), rel=1e-6)


def depends_on_x_only(x, unused):
    return x * x


def test_unused_float_input_gets_zero_float_gradient():
    gradient = transpiler.grad(depends_on_x_only, wrt=1)(2.0, 7.0)
    assert gradient == 0.0 and isinstance(gradient, float)


@pytest.mark.parametrize("shape", [(3,), (2, 4), (1,)])
def test_unused_array_input_gets_zeros_of_its_shape(shape):
    gradient = transpiler.grad(depends_on_x_only, wrt="unused")(2.0, np.ones(shape))
    assert isinstance(gradient, np.ndarray)
    assert gradient.shape == shape
    assert np.issubdtype(gradient.dtype, np.floating)
    assert not gradient.any()


def test_unused_integer_array_input_gets_float_zeros():
    gradient = transpiler.grad(depends_on_x_only, wrt=1)(2.0, np.arange(4))
    assert gradient.shape == (4,) and gradient.dtype == np.float64 and not gradient.any()


def test_constant_output_gives_zero_gradient():
    def constant(x):
        return 3.0

    assert transpiler.grad(constant)(2.0) == 0.0


def test_identity_output_gives_unit_gradient():
    assert transpiler.grad(depends_on_x_only, wrt=0)(3.0, 1.0) == pytest.approx(6.0)

    def identity(x, y):
        return x

    assert transpiler.grad(identity, wrt=(0, 1))(3.0, 4.0) == (1.0, 0.0)


def elementwise_square(x):
    return x * x


def test_non_scalar_output_raises_output_shape_error():
    with pytest.raises(transpiler.OutputShapeError) as info:
        transpiler.grad(elementwise_square)(np.array([1.0, 2.0, 3.0]))
    assert "(3,)" in str(info.value)
    assert isinstance(info.value, transpiler.TranspileError)
    assert isinstance(info.value, ValueError)


def test_non_scalar_output_raises_output_shape_error_from_value_and_grad():
    with pytest.raises(transpiler.OutputShapeError):
        transpiler.value_and_grad(elementwise_square)(np.ones((2, 2)))


# --------------------------------------------------------------------------- decorator
@transpiler.differentiate
def decorated(x, y):
    """Docstring of decorated."""
    return x * np.sin(y)


@transpiler.differentiate(wrt=("w", "b"))
def affine(w, x, b):
    """Docstring of affine."""
    return w * x + b * b


def _plain_decorated(x, y):
    return x * np.sin(y)


def test_decorator_keeps_the_original_behaviour():
    assert decorated(2.0, 0.5) == _plain_decorated(2.0, 0.5)
    assert decorated(y=0.5, x=2.0) == _plain_decorated(2.0, 0.5)
    assert affine(2.0, 3.0, 4.0) == 2.0 * 3.0 + 16.0


def test_decorator_keeps_name_doc_and_wrapped():
    assert decorated.__name__ == "decorated"
    assert decorated.__doc__ == "Docstring of decorated."
    assert decorated.__qualname__ == "decorated"
    assert decorated.__module__ == __name__
    assert affine.__name__ == "affine" and affine.__doc__ == "Docstring of affine."
    assert decorated.__wrapped__(2.0, 0.5) == _plain_decorated(2.0, 0.5)


def test_decorator_grad_and_value_and_grad():
    assert decorated.grad(2.0, 0.5) == pytest.approx(np.sin(0.5))
    value, gradient = decorated.value_and_grad(2.0, 0.5)
    assert value == pytest.approx(2.0 * np.sin(0.5)) and gradient == pytest.approx(np.sin(0.5))


def test_decorator_with_wrt_names_returns_gradients_in_that_order():
    assert affine.grad(2.0, 3.0, 4.0) == pytest.approx((3.0, 8.0))
    value, grads = affine.value_and_grad(2.0, 3.0, 4.0)
    assert value == pytest.approx(22.0) and grads == pytest.approx((3.0, 8.0))


def test_decorator_source_is_the_generated_gradient_module():
    source = affine.source
    assert isinstance(source, str)
    assert "def affine_grad(" in source
    assert source == transpiler.grad(affine, wrt=("w", "b")).source()


def test_grad_accepts_a_differentiate_decorated_function():
    assert transpiler.grad(decorated, wrt=1)(2.0, 0.5) == pytest.approx(2.0 * np.cos(0.5))


# --------------------------------------------------------------------------- caching
def test_repeated_calls_reuse_one_compiled_function(monkeypatch):
    def cubic(x):
        return x * x * x

    compiles = []
    real_compile = emit.compile_function
    monkeypatch.setattr(emit, "compile_function",
                        lambda *a, **k: compiles.append(a) or real_compile(*a, **k))
    g = transpiler.grad(cubic)
    assert g(2.0) == pytest.approx(12.0)
    assert g(3.0) == pytest.approx(27.0)
    assert len(compiles) == 1
    assert len(pipeline._compiled[cubic]) == 1
    assert g.compiled((2.0,)).function is g.compiled((3.0,)).function


def test_separate_grad_objects_for_one_function_share_the_compiled_code():
    def quartic(x):
        return x * x * x * x

    first = transpiler.grad(quartic)
    second = transpiler.grad(quartic)
    assert first(1.0) == second(1.0) == pytest.approx(4.0)
    assert first.compiled((1.0,)).function is second.compiled((1.0,)).function
    assert len(pipeline._compiled[quartic]) == 1


def test_scalars_and_zero_dimensional_arrays_share_one_compiled_function():
    def square_plus(x):
        return x * x + x

    g = transpiler.grad(square_plus)
    g(2.0)
    g(np.array(2.0))
    g(np.float64(3.0))
    assert len(pipeline._compiled[square_plus]) == 1


def test_too_many_arguments_raise_type_error_like_the_function():
    with pytest.raises(TypeError):
        with_default(1.0, 2.0, 3.0)
    g = transpiler.grad(with_default)
    g(1.0, 2.0)                       # a runner exists for two floats
    with pytest.raises(TypeError):
        g(1.0, 2.0, 3.0)


def test_keyword_call_after_positional_calls_binds_the_keyword():
    g = transpiler.grad(with_default, wrt="y")
    assert g(2.0, 5.0) == pytest.approx(4.0)
    assert g(2.0, y=5.0) == pytest.approx(4.0)
    assert g(x=3.0) == pytest.approx(9.0)


def test_a_new_array_shape_gets_code_compiled_for_that_shape():
    def weighted(w, x):
        return np.sum(w * x)

    g = transpiler.grad(weighted)
    assert np.allclose(g(np.ones(3), np.arange(3.0)), np.arange(3.0))
    assert np.allclose(g(np.ones(3), 2.0), 2.0 * np.ones(3))          # x broadcast
    assert np.allclose(g(np.ones((2, 1)), np.ones((2, 4))), 4.0 * np.ones((2, 1)))
    assert np.allclose(g(np.ones(3), np.arange(3.0)), np.arange(3.0))


class Tagged(np.ndarray):
    """An ndarray subclass: its call key is its type, which says nothing of its shape."""


def test_array_subclass_arguments_of_different_shapes_get_their_own_code():
    def total(x, y):
        return np.sum(x * y)

    g = transpiler.grad(total)
    column = np.ones((3, 1)).view(Tagged)
    square = np.ones((3, 3)).view(Tagged)
    assert np.allclose(g(column, np.ones((3, 3))), 3.0 * np.ones((3, 1)))
    assert np.allclose(g(square, np.ones((3, 3))), np.ones((3, 3)))


EDGE_NUMBERS = [0.0, -0.0, 1.0, -1.0, 2.5, float("inf"), float("-inf"), float("nan")]


@pytest.mark.parametrize("extremum", [np.maximum, np.minimum])
def test_maximum_and_minimum_of_numbers_keep_numpy_values_bit_for_bit(extremum):
    def f(a, b):
        return extremum(a, b)

    g = transpiler.value_and_grad(f, wrt=(0, 1))
    assert "np.maximum" not in g.compiled((1.0, 2.0)).source
    assert "np.minimum" not in g.compiled((1.0, 2.0)).source
    for a in EDGE_NUMBERS:
        for b in EDGE_NUMBERS:
            value, _ = g(a, b)
            want = extremum(a, b)
            assert np.signbit(value) == np.signbit(want) and (value == want or (value != value and want != want)), (a, b)


def scaled_by_a_counter_maximum(x):
    v = x * 1.0
    for j in range(3):
        v = v * np.reciprocal(1 + np.maximum(j, -2.0) * np.maximum(j, -2.0))
    return np.sum(v)


def test_maximum_of_an_int_and_a_float_is_a_float_as_in_numpy():
    # regression (fuzz seed 6006065): the plain conditional kept the loop counter an int, and
    # np.reciprocal of an int is integer division (1 // 2 == 0): a silent zero gradient
    x = np.array([0.5, 2.0])
    np.testing.assert_allclose(transpiler.grad(scaled_by_a_counter_maximum)(x), [0.1, 0.1], rtol=1e-12)
    _, tangent = transpiler.jvp(scaled_by_a_counter_maximum, (x,), (np.ones(2),))
    assert tangent == pytest.approx(0.2)


def test_maximum_of_numbers_is_differentiated_with_ties_split():
    def f(a, b):
        return 3.0 * np.maximum(a, b)

    g = transpiler.grad(f, wrt=(0, 1))
    assert g(2.0, 1.0) == (3.0, 0.0)
    assert g(1.0, 2.0) == (0.0, 3.0)
    assert g(1.0, 1.0) == (1.5, 1.5)


def test_lowering_is_cached_per_function():
    def halve(x):
        return x / 2.0

    assert pipeline.lowered(halve) is pipeline.lowered(halve)


# --------------------------------------------------------------------------- free names
SCALE = 2.0


def scaled_square(x):
    return SCALE * x * x


def test_global_constant_is_read_at_call_time(monkeypatch):
    g = transpiler.grad(scaled_square)
    assert g(1.0) == pytest.approx(4.0)
    monkeypatch.setattr(THIS_MODULE, "SCALE", 5.0)
    assert g(1.0) == pytest.approx(10.0)
    assert len(pipeline._compiled[scaled_square]) == 1


WEIGHTS = np.array(3.0)


def weighted(x):
    return WEIGHTS * x


def test_global_array_constant_is_read_at_call_time(monkeypatch):
    g = transpiler.grad(weighted)
    assert g(1.0) == pytest.approx(3.0)
    monkeypatch.setattr(THIS_MODULE, "WEIGHTS", np.array(-4.0))
    assert g(1.0) == pytest.approx(-4.0)


def make_scaled(c):
    def scaled(x):
        return c * x * x

    return scaled


def test_closure_variable_value_is_used():
    assert transpiler.grad(make_scaled(3.0))(1.0) == pytest.approx(6.0)
    assert transpiler.grad(make_scaled(7.0))(1.0) == pytest.approx(14.0)


def test_closure_variable_is_read_at_call_time():
    scale = 1.0

    def scaled(x):
        return scale * x * x

    g = transpiler.grad(scaled)
    assert g(1.0) == pytest.approx(2.0)
    scale = 4.0
    assert scaled(1.0) == 4.0
    assert g(1.0) == pytest.approx(8.0)


def test_function_nested_in_a_function_is_differentiated():
    def inner(x, y):
        z = x * y
        return np.sin(z) + y

    gx, gy = transpiler.grad(inner, wrt=(0, 1))(0.5, 2.0)
    assert gx == pytest.approx(np.cos(1.0) * 2.0)
    assert gy == pytest.approx(np.cos(1.0) * 0.5 + 1.0)


def test_deeply_indented_nested_function_is_differentiated():
    class Holder:
        @staticmethod
        def method(x):
            return x * x * 3.0

    def outer():
        def innermost(x):
            return np.exp(x) * 2.0

        return innermost

    assert transpiler.grad(Holder.method)(2.0) == pytest.approx(12.0)
    assert transpiler.grad(outer())(0.0) == pytest.approx(2.0)


class Model:
    def loss(self, x):
        return x * x


def test_bound_method_is_differentiated_with_respect_to_its_first_argument():
    assert transpiler.grad(Model().loss)(3.0) == pytest.approx(6.0)


# --------------------------------------------------------------------------- wrappers
def passthrough(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@passthrough
def wrapped_sine(x):
    return np.sin(x) * x


def test_function_decorated_with_functools_wraps_is_differentiated():
    assert wrapped_sine(0.7) == pytest.approx(np.sin(0.7) * 0.7)
    assert transpiler.grad(wrapped_sine)(0.7) == pytest.approx(np.cos(0.7) * 0.7 + np.sin(0.7))


def test_differentiate_over_a_functools_wraps_decorator():
    d = transpiler.differentiate(wrapped_sine)
    assert d(0.7) == wrapped_sine(0.7)
    assert d.__name__ == "wrapped_sine"
    assert d.grad(0.7) == pytest.approx(np.cos(0.7) * 0.7 + np.sin(0.7))


def doubling(fn):
    @functools.wraps(fn)
    def wrapper(x):
        return 2.0 * fn(x)

    return wrapper


@doubling
def doubled_square(x):
    return x * x


def test_value_changing_decorator_is_not_silently_ignored():
    assert doubled_square(3.0) == 18.0
    try:
        gradient = transpiler.grad(doubled_square)(3.0)
    except transpiler.TranspileError:
        return  # refusing is acceptable; a wrong gradient is not
    assert gradient == pytest.approx(12.0)


# --------------------------------------------------------------------------- spellings
def exp_from_import(x):
    return exp(x * x)


def exp_numpy(x):
    return numpy.exp(x * x)


def exp_np(x):
    return np.exp(x * x)


def exp_math(x):
    return math.exp(x * x)


@pytest.mark.parametrize("fn", [exp_from_import, exp_numpy, exp_np, exp_math],
                         ids=["from-numpy-import-exp", "numpy.exp", "np.exp", "math.exp"])
def test_every_spelling_of_exp_gives_the_same_gradient(fn):
    assert transpiler.grad(fn)(0.7) == pytest.approx(2 * 0.7 * math.exp(0.49), rel=1e-12)


def test_spellings_of_exp_agree_exactly():
    grads = {transpiler.grad(fn)(0.3) for fn in (exp_from_import, exp_numpy, exp_np, exp_math)}
    assert len(grads) == 1


# --------------------------------------------------------------------------- assignments
def reassigned(x):
    y = x * x
    y = y * x
    y = np.sin(y)
    return y


def test_reassigned_name_uses_the_latest_binding():
    x = 0.8
    assert transpiler.grad(reassigned)(x) == pytest.approx(np.cos(x ** 3) * 3 * x ** 2)


def reassigned_parameter(x, y):
    x = x * y
    x = x + x
    return x * y


def test_reassigned_parameter_is_differentiated_with_respect_to_its_input_value():
    gx, gy = transpiler.grad(reassigned_parameter, wrt=(0, 1))(1.5, 2.0)
    assert gx == pytest.approx(2 * 2.0 ** 2)
    assert gy == pytest.approx(4 * 1.5 * 2.0)


def aug_add(x):
    y = x * x
    y += x
    return y


def aug_sub(x):
    y = x * x
    y -= 3.0 * x
    return y


def aug_mul(x):
    y = x + 1.0
    y *= x
    return y


def aug_div(x):
    y = x * x
    y /= x + 1.0
    return y


def aug_pow(x):
    y = x + 1.0
    y **= 3
    return y


@pytest.mark.parametrize("fn, derivative", [
    (aug_add, lambda x: 2 * x + 1),
    (aug_sub, lambda x: 2 * x - 3),
    (aug_mul, lambda x: 2 * x + 1),
    (aug_div, lambda x: (2 * x * (x + 1) - x * x) / (x + 1) ** 2),
    (aug_pow, lambda x: 3 * (x + 1) ** 2),
], ids=["+=", "-=", "*=", "/=", "**="])
def test_augmented_assignment_gives_value_and_gradient(fn, derivative):
    x = 1.7
    value, gradient = transpiler.value_and_grad(fn)(x)
    assert value == pytest.approx(fn(x))
    assert gradient == pytest.approx(derivative(x))


def aug_parameter(x):
    x += 1.0
    x *= x
    return x


def test_augmented_assignment_to_a_parameter_rebinds_it():
    assert transpiler.grad(aug_parameter)(2.0) == pytest.approx(2 * 3.0)


def swap(a, b):
    a, b = b, a
    return 2.0 * a + 10.0 * b


def test_tuple_unpacking_swaps_values():
    assert swap(1.0, 2.0) == 14.0
    value, grads = transpiler.value_and_grad(swap, wrt=(0, 1))(1.0, 2.0)
    assert value == pytest.approx(14.0)
    assert grads == pytest.approx((10.0, 2.0))


def rotate(a, b, c):
    a, b, c = c, a, b
    return 1.0 * a + 10.0 * b + 100.0 * c


def test_tuple_unpacking_rotates_three_values():
    assert transpiler.grad(rotate, wrt=(0, 1, 2))(1.0, 2.0, 3.0) == pytest.approx((10.0, 100.0, 1.0))


def unpack_expressions(x, y):
    p, q = x * y, x + y
    return p * q


def test_tuple_unpacking_of_expressions():
    x, y = 1.5, -0.5
    gx, gy = transpiler.grad(unpack_expressions, wrt=(0, 1))(x, y)
    assert gx == pytest.approx(y * (x + y) + x * y)
    assert gy == pytest.approx(x * (x + y) + x * y)


# --------------------------------------------------------------------------- constants
def uses_constants(x):
    return np.pi * x * x + math.e * x + math.pi + np.e


def test_module_constants_np_pi_and_math_e_give_correct_value_and_gradient():
    x = 0.5
    value, gradient = transpiler.value_and_grad(uses_constants)(x)
    assert value == pytest.approx(uses_constants(x))
    assert gradient == pytest.approx(2 * np.pi * x + math.e)


def uses_infinity(x):
    return np.minimum(x, math.inf) + np.maximum(x, -np.inf)


def test_infinite_constants_work_in_generated_code():
    assert transpiler.value_and_grad(uses_infinity)(1.5) == pytest.approx((3.0, 2.0))


# --------------------------------------------------------------------------- no mutation
def elementwise_mix(x, y):
    return np.sin(x) * y + x / y - np.exp(x * y)


def elementwise_aug(x, y):
    x += y
    x *= y
    x -= 1.0
    return x / y


@pytest.mark.parametrize("fn", [elementwise_mix, elementwise_aug])
def test_zero_dimensional_array_arguments_are_not_mutated(fn):
    x, y = np.array(0.4), np.array(1.3)
    x0, y0 = x.copy(), y.copy()
    transpiler.value_and_grad(fn, wrt=(0, 1))(x, y)
    transpiler.grad(fn, wrt=("y", "x"))(x, y)
    assert np.array_equal(x, x0) and np.array_equal(y, y0)


def test_zero_dimensional_array_gradient_matches_float_gradient():
    arrays = transpiler.grad(elementwise_mix, wrt=(0, 1))(np.array(0.4), np.array(1.3))
    floats = transpiler.grad(elementwise_mix, wrt=(0, 1))(0.4, 1.3)
    assert np.allclose(arrays, floats)


@pytest.mark.parametrize("fn", [elementwise_mix, elementwise_aug])
def test_generated_code_does_not_mutate_array_arguments_or_seed(fn):
    """Called directly with vector arguments and a vector seed, the generated function
    computes the elementwise gradient without writing into any input."""
    namespace = {}
    exec(transpiler.grad(fn, wrt=(0, 1)).source(), namespace)
    generated = namespace[f"{fn.__name__}_grad"]
    x, y, seed = np.array([0.1, 0.4, 0.9]), np.array([1.3, -0.7, 2.0]), np.ones(3)
    x0, y0, seed0 = x.copy(), y.copy(), seed.copy()
    gx, gy = generated(x, y, seed)
    assert np.array_equal(x, x0) and np.array_equal(y, y0) and np.array_equal(seed, seed0)
    for i in range(3):
        expected = transpiler.grad(fn, wrt=(0, 1))(float(x0[i]), float(y0[i]))
        assert (gx[i], gy[i]) == pytest.approx(expected)


def product_sum(x, y):
    return np.sum(x * y)


def test_gradient_that_is_an_argument_is_returned_as_a_copy():
    x, y = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    gx = transpiler.grad(product_sum)(x, y)
    assert np.array_equal(gx, y) and not np.shares_memory(gx, y)
    gx[0] = 99.0
    assert y[0] == 3.0
    g0 = transpiler.grad(product_sum)(np.array(1.0), np.array(3.0))
    assert np.shape(g0) == () and g0 == 3.0


def test_gradient_of_integer_array_factor_is_float():
    gx = transpiler.grad(product_sum)(np.array([1.0, 2.0]), np.array([3, 4]))
    assert gx.dtype == np.float64 and list(gx) == [3.0, 4.0]


def test_gradient_at_a_numpy_integer_is_a_float():
    # at a 0-d integer array the gradient came back as np.int32(4)
    for x in (np.array(2, dtype=np.int32), np.int64(2)):
        g = transpiler.grad(product_sum)(x, np.array(2))
        assert np.asarray(g).dtype == np.float64 and g == 2.0


def constant_slope(x):
    return 2 * x


def test_constant_gradient_is_a_float():
    assert type(transpiler.grad(constant_slope)(1.5)) is float


def scalar_loop(x):
    v = x
    for _ in range(30):
        v = 3.7 * v * (1 - v)
    return v


def test_gradient_with_respect_to_one_number_runs_forward_mode():
    gradient = transpiler.grad(scalar_loop)
    generated = gradient.compiled((0.3,))
    assert "(forward mode)" in generated.source and "_tape" not in generated.source
    assert "(reverse mode)" in gradient.source()          # the printed code is still the VJP
    d = 1.0
    v = 0.3
    for _ in range(30):
        d, v = d * 3.7 * (1 - 2 * v), 3.7 * v * (1 - v)
    assert gradient(0.3) == pytest.approx(d, rel=1e-12)
    value, derivative = transpiler.value_and_grad(scalar_loop)(0.3)
    assert value == pytest.approx(v, rel=1e-12) and derivative == pytest.approx(d, rel=1e-12)


def counted(a, n):
    return np.sum(np.linspace(0.0, a, n))


def test_forward_mode_refuses_a_derivative_through_a_count():
    with pytest.raises(transpiler.NonDifferentiableError, match=r"no derivative with respect to `n` \(argument 3\)"):
        transpiler.jvp(counted, (1.0, 5.0), (0.0, 1.0))


# --------------------------------------------------------------------------- Python floats
# Generated code runs on Python floats as fast as Python runs them, but Python raises where NumPy
# gives inf or nan (1 / 0.0, 0.0 ** -0.5): a gradient follows NumPy's float semantics anyway.
def log_of(x):
    return np.log(x)


def arctanh_of(x):
    return np.arctanh(x)


def root_of(x):
    return x ** 0.5


ZERO = 0.0


def log_of_a_global_plus(x):
    return np.log(ZERO + x) * 2.0


def log_of_a_list(p):
    return np.log(p[0]) + p[1]


def make_closure_log(c):
    def f(x):
        return np.log(c * x)
    return f


@pytest.mark.parametrize("f, x, finite", [(log_of, 0.0, False), (arctanh_of, 1.0, False), (root_of, 0.0, False),
                                          (log_of_a_global_plus, 0.0, False), (log_of, 0, False),
                                          (make_closure_log(0.0), 1.0, False)])
def test_python_float_arguments_follow_numpy_float_semantics(f, x, finite):
    with np.errstate(divide="ignore", invalid="ignore"):
        want = transpiler.grad(f)(np.float64(x))
        got = transpiler.grad(f)(x)
        value, also = transpiler.value_and_grad(f)(x)
        assert np.asarray(value) == np.asarray(f(np.float64(x)))
    # the point is on the edge where Python raises; log(c * x) with c = 0 is -inf: its chain rule's
    # inf * 0 stays NaN, as where the value is not a finite number (api/strong_zeros.py)
    assert np.isfinite(want) == finite
    np.testing.assert_equal((got, also), (want, want))


def test_python_floats_in_a_list_parameter_follow_numpy_float_semantics():
    with np.errstate(divide="ignore"):
        assert transpiler.grad(log_of_a_list)([0.0, 2.0]) == [np.inf, 1.0]


def integer_division(x, n):
    return x * (1 // n)


def test_a_genuine_zero_division_still_raises():
    with pytest.raises(ZeroDivisionError):
        transpiler.grad(integer_division)(2.0, 0)


# --------------------------------------------------------------------------- float32
# The gradient with respect to a float32 argument is float32, whatever the generated code
# promoted on the way (a Python-float seed broadcast to an array, a mask times a number).
def tanh_sum(x):
    return np.sum(np.tanh(x) * 2.0)


def mean_of_squares_methods(x):
    return (x ** 2).sum() / x.size + x.mean()


def max_plus_abs(x):
    return np.max(x) + np.sum(np.abs(x))


SCALE64 = np.linspace(1.0, 2.0, 4)     # float64: mixed arithmetic promotes, the gradient does not


def scaled_by_a_float64_global(x):
    return np.sum(SCALE64 * x ** 2)


def layer_in_a_list(params, x):
    W, b = params
    return np.sum(np.tanh(W @ x + b))


@pytest.mark.parametrize("f", [tanh_sum, mean_of_squares_methods, max_plus_abs, scaled_by_a_float64_global])
def test_gradient_of_a_float32_array_is_float32(f):
    x = np.linspace(-1.0, 1.0, 4).astype(np.float32)
    for got in (transpiler.grad(f)(x), transpiler.value_and_grad(f)(x)[1], transpiler.grad(f, wrt=(0,))(x)[0]):
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, transpiler.grad(f)(x.astype(np.float64)), rtol=1e-5, atol=1e-6)


def test_gradient_of_a_float32_number_is_float32():
    got = transpiler.grad(tanh_sum)(np.float32(0.5))
    assert type(got) is np.float32 and got == pytest.approx(2 * (1 - np.tanh(0.5) ** 2), rel=1e-6)


def test_gradients_in_a_container_keep_each_arrays_dtype():
    W, b, x = np.ones((3, 2), np.float32), np.zeros(3), np.ones(2, np.float32)
    dW, db = transpiler.grad(layer_in_a_list)([W, b], x)
    assert dW.dtype == np.float32 and db.dtype == np.float64


# --------------------------------------------------------------------------- outputs of one element (issue 13, item 10)
def fd_gradient(f, x, h=1e-6):
    """Central differences of the single element ``f`` returns, for a float or an array ``x``."""
    x = np.asarray(x, dtype=float)
    g = np.zeros(x.shape)
    for j in range(x.size):
        e = np.zeros(x.shape)
        e.flat[j] = h
        g.flat[j] = (np.ravel(f(x + e))[0] - np.ravel(f(x - e))[0]) / (2 * h)
    return g


def max_minus_first(x):
    m = np.max(x)
    return m - x[:1] * 0.5


def row_sums(x):
    return np.sum(np.sin(x), axis=1)


def row_sums_method(x):
    return np.sin(x).sum(axis=1, keepdims=True)


def times_a_one_by_one(x):
    return np.sin(x) * np.ones((1, 1), dtype=np.float32)


def first_element_scaled(x):
    return (x * 2.0)[:1] + x[-1:] ** 2


@pytest.mark.parametrize("f, x", [
    (max_minus_first, np.array([1.0, 3.0, 2.0])),
    (row_sums, np.array([[0.3, -0.5, 1.2]])),
    (row_sums_method, np.array([[0.3, -0.5, 1.2]])),
    (first_element_scaled, np.array([0.3, -0.5, 1.2])),
    (times_a_one_by_one, 0.3),
], ids=lambda v: getattr(v, "__name__", ""))
def test_gradient_of_an_output_of_one_element_is_that_element_s(f, x):
    expected = fd_gradient(f, x)
    g = transpiler.grad(f)(x)
    assert np.shape(g) == np.shape(x)
    np.testing.assert_allclose(g, expected, rtol=1e-6, atol=1e-8)
    value, g = transpiler.value_and_grad(f)(x)
    assert np.shape(value) == np.shape(f(x)) and np.shape(value) != ()    # the value as f returns it
    np.testing.assert_allclose(value, f(x))
    np.testing.assert_allclose(g, expected, rtol=1e-6, atol=1e-8)


def test_gradient_of_an_output_of_one_element_keeps_the_argument_s_type():
    assert type(transpiler.grad(times_a_one_by_one)(0.3)) is float
    g = transpiler.grad(times_a_one_by_one)(np.float32(0.3))
    assert g.dtype == np.float32 and np.ndim(g) == 0


def through_a_list(p):
    return np.sum(np.sin(p[0]), axis=1) * p[1]


def scaled_rows(x, weight):
    return np.sum(x * weight, axis=1)


def test_gradient_of_an_output_of_one_element_through_containers_and_keywords():
    # a list parameter: the output's shape is only known at run time
    g = transpiler.grad(through_a_list)([np.array([[0.3, -0.5]]), 2.0])
    np.testing.assert_allclose(g[0], 2.0 * np.cos([[0.3, -0.5]]))
    assert g[1] == pytest.approx(np.sin(0.3) + np.sin(-0.5))
    g = transpiler.grad(scaled_rows, wrt="weight")(weight=np.array([1.0, 2.0]), x=np.array([[3.0, 4.0]]))
    np.testing.assert_allclose(g, [3.0, 4.0])


ONE_ELEMENT = np.array([[2.0]])
FACTOR = 1.22


def times_a_global(x):
    return np.sum(x * ONE_ELEMENT, axis=1) + math.sin(FACTOR) * FACTOR


def test_gradient_of_an_output_whose_shape_comes_from_a_global():
    # the globals' shapes are symbolic in the analysis: the seed is made at run time
    g = transpiler.grad(times_a_global)(np.array([1.0, 3.0]))
    np.testing.assert_allclose(g, [2.0, 2.0])
    assert transpiler.grad(times_a_global)(3.0) == 2.0
    assert transpiler.hessian(times_a_global)(3.0) == 0.0


def test_output_of_several_elements_is_still_refused():
    with pytest.raises(transpiler.OutputShapeError, match=r"shape \(3,\); grad needs a scalar output"):
        transpiler.grad(row_sums)(np.ones((3, 2)))
    with pytest.raises(transpiler.OutputShapeError, match=r"shape \(1, 2\)"):
        transpiler.value_and_grad(times_a_one_by_one)(np.ones(2))


@pytest.mark.parametrize("api", ["jvp", "vjp", "hessian", "hvp", "jacobian-forward", "jacobian-reverse"])
def test_every_derivative_follows_numpy_float_semantics_on_python_floats(api):
    x = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        run = {
            "jvp": lambda f, x: transpiler.jvp(f, (x,), (1.0,))[1],
            "vjp": lambda f, x: transpiler.vjp(f, x)[1](1.0)[0],
            "hessian": lambda f, x: transpiler.hessian(f)(x),
            "hvp": lambda f, x: transpiler.hvp(f, x, 1.0),
            "jacobian-forward": lambda f, x: transpiler.jacobian(f, mode="forward")(x),
            "jacobian-reverse": lambda f, x: transpiler.jacobian(f, mode="reverse")(x),
        }[api]
        np.testing.assert_equal(run(log_of, x), run(log_of, np.float64(x)))


def test_vjp_adjoints_of_float32_primals_are_float32():
    x = np.linspace(-1.0, 1.0, 4).astype(np.float32)
    _, pullback = transpiler.vjp(tanh_sum, x)
    (adjoint,) = pullback(1.0)
    assert adjoint.dtype == np.float32
    np.testing.assert_allclose(adjoint, transpiler.grad(tanh_sum)(x), rtol=1e-6)


def _sin_squares(x):
    return np.sum(np.sin(x) ** 2)


def _sines(x):
    return np.sin(x) * 2.0


def test_second_derivatives_and_jacobians_of_float32_values_are_float32():
    x = np.linspace(0.1, 0.5, 3).astype(np.float32)
    h = transpiler.hessian(_sin_squares)(x)
    assert h.dtype == np.float32
    np.testing.assert_allclose(h, np.diag(2 * np.cos(2 * x.astype(float))), rtol=1e-5, atol=1e-6)
    for mode in ("forward", "reverse"):
        j = transpiler.jacobian(_sines, mode=mode)(x)
        assert j.dtype == np.float32
        np.testing.assert_allclose(j, np.diag(2 * np.cos(x.astype(float))), rtol=1e-5)
    assert transpiler.jacobian(_sines)(x.astype(float)).dtype == np.float64
    assert transpiler.hessian(_sin_squares)(x.astype(float)).dtype == np.float64
