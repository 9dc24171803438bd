"""Outputs with no derivative (transpiler/api/outputs.py): a bool or integer output is refused by
every transform with an OutputTypeError (a TypeError, as JAX and autograd raise: autograd's
test_nograd); a float output that does not depend on the argument has derivative zero in every
transform."""
import numpy as np
import pytest

import transpiler
from transpiler import NonDifferentiableError
from transpiler.errors import OutputTypeError

X = np.array([1.2, 2.3, -3.1])   # (away from floor's jumps)


def count_positive(x):
    return int(np.sum(x > 0))


def helper_flag(x):
    return np.all(x > 0)


def flagged(x):
    ok = False
    for v in x:
        if v > 0:
            ok = helper_flag(x)
    return ok


INTEGER_OUTPUTS = {
    "allclose": lambda x: np.allclose(x, (x * 3.0) / 3.0),       # autograd's test_nograd
    "comparison": lambda x: np.sum(x) > 0,
    "int of a comparison": count_positive,
    "argmax": lambda x: np.argmax(x),
    "literal": lambda x: 0,
    "integer array": lambda x: (x > 0).astype(int),
    "in a loop and a helper": flagged,
    "length": lambda x: len(x),
}

TRANSFORMS = {
    "grad": lambda f: transpiler.grad(f)(X),
    "value_and_grad": lambda f: transpiler.value_and_grad(f)(X),
    "jvp": lambda f: transpiler.jvp(f, (X,), (np.ones(3),)),
    "vjp": lambda f: transpiler.vjp(f, X)[1](np.ones(np.shape(f(X)))),
    "jacobian": lambda f: transpiler.jacobian(f)(X),
    "jacobian forward": lambda f: transpiler.jacobian(f, mode="forward")(X),
    "hessian": lambda f: transpiler.hessian(f)(X),
    "hvp": lambda f: transpiler.hvp(f, X, np.ones(3)),
}


@pytest.mark.parametrize("transform", TRANSFORMS)
@pytest.mark.parametrize("output", INTEGER_OUTPUTS)
def test_a_bool_or_integer_output_is_refused_by_every_transform(output, transform):
    f = INTEGER_OUTPUTS[output]
    if transform in ("hessian", "hvp") and np.ndim(f(X)) != 0:
        pytest.skip("second derivatives refuse a non-scalar output first")
    if transform in ("grad", "value_and_grad") and np.ndim(f(X)) != 0:
        pytest.skip("grad refuses a non-scalar output first")
    with pytest.raises(OutputTypeError, match="has no derivative") as info:
        TRANSFORMS[transform](f)
    assert isinstance(info.value, TypeError) and isinstance(info.value, NonDifferentiableError)


def test_the_refusal_names_the_function_and_the_type_and_says_what_to_write():
    with pytest.raises(OutputTypeError) as info:
        transpiler.grad(count_positive)(X)
    assert "grad of count_positive: it returns an int" in str(info.value)
    assert "float(...)" in str(info.value)


FLOAT_CONSTANTS = {
    "literal": lambda x: 3.0,
    "of a constant array": lambda x: np.sum(np.ones(3)),
    "piecewise constant": lambda x: np.sum(np.floor(x)),
    "of the shape": lambda x: x.shape[0] * 1.0,
    "float of a comparison": lambda x: float(np.sum(x) > 0),
}


@pytest.mark.parametrize("output", FLOAT_CONSTANTS)
def test_a_float_output_that_does_not_depend_on_the_argument_has_derivative_zero(output):
    f = FLOAT_CONSTANTS[output]
    np.testing.assert_array_equal(transpiler.grad(f)(X), np.zeros(3))
    value, gradient = transpiler.value_and_grad(f)(X)
    assert value == f(X)
    np.testing.assert_array_equal(gradient, np.zeros(3))
    assert transpiler.jvp(f, (X,), (np.ones(3),)) == (f(X), 0.0)
    np.testing.assert_array_equal(transpiler.vjp(f, X)[1](1.0)[0], np.zeros(3))
    np.testing.assert_array_equal(transpiler.jacobian(f)(X), np.zeros(3))
    np.testing.assert_array_equal(transpiler.hessian(f)(X), np.zeros((3, 3)))
    assert transpiler.check_grad(f, X).ok


def test_a_gradient_of_a_number_with_an_integer_output_is_refused_in_forward_mode_too():
    with pytest.raises(OutputTypeError):
        transpiler.grad(lambda t: round(t))(1.5)
    with pytest.raises(OutputTypeError):
        transpiler.grad(lambda t: t > 1.0)(1.5)


def test_an_integer_output_of_another_argument_is_refused_as_well():
    def f(x, n):
        return n + 1
    with pytest.raises(OutputTypeError):
        transpiler.grad(f)(X, 2)


def clipped_below(t):
    return max(3, t * t, 0.3)      # the int 3 where t * t < 3: a constant piece of the function


@pytest.mark.parametrize("t, expected", [(1.0, 0.0), (2.0, 4.0)])
def test_an_integer_from_one_path_of_a_differentiable_function_is_a_constant_piece(t, expected):
    assert transpiler.grad(clipped_below)(t) == expected
    assert transpiler.value_and_grad(clipped_below)(t) == (clipped_below(t), expected)
    assert transpiler.jvp(clipped_below, (t,), (1.0,)) == (clipped_below(t), expected)
    assert transpiler.vjp(clipped_below, t)[1](1.0) == (expected,)
    assert transpiler.jacobian(clipped_below)(t) == expected
    assert transpiler.hessian(clipped_below)(t) == (0.0 if t < 1.5 else 2.0)


def index_or_float_after_the_loop(x, t):
    for i in range(4):
        if t <= -0.5:
            return i               # (never at the points below)
    if t > -0.9:
        return np.nanmax(x) * t
    return 2.0


@pytest.mark.parametrize("t", [0.3, 1.5])
def test_an_early_integer_return_from_a_loop_before_float_returns_is_not_taken_for_the_output(t):
    """Found by the fuzzer (seed 20339): the merge of the loop's `return i` with the float returns
    after it was taken to be an integer (its kind read from the one known source), and the
    gradient refused."""
    gradient = transpiler.grad(index_or_float_after_the_loop, wrt=(0, 1))(X, t)
    np.testing.assert_allclose(gradient[0], np.where(X == np.max(X), t, 0.0))
    assert gradient[1] == pytest.approx(np.max(X))
    assert transpiler.jvp(index_or_float_after_the_loop, (X, t), (None, 1.0))[1] == pytest.approx(np.max(X))


def loss_and_winner(x):
    return np.sum(x ** 2), np.argmax(x)


def summary(x):
    return {"scaled": x * 2.0, "count": int(np.sum(x > 0))}


def listed_with_mask(x):
    mask = x > 0
    return [np.sin(x), mask]


def with_length_of(x):
    out = (x * 3.0, len(x))
    return out


CONTAINER_OUTPUTS = {
    "tuple with argmax": (loss_and_winner, "a NumPy int64 as its element 1"),
    "dict with a count": (summary, "an int as its entry 'count'"),
    "list with a mask": (listed_with_mask, "a bool array as its element 1"),
    "tuple bound to a name": (with_length_of, "an int as its element 1"),
}
CONTAINER_TRANSFORMS = {k: TRANSFORMS[k] for k in ("jvp", "jacobian", "jacobian forward")}
CONTAINER_TRANSFORMS["vjp"] = lambda f: transpiler.vjp(f, X)


@pytest.mark.parametrize("transform", CONTAINER_TRANSFORMS)
@pytest.mark.parametrize("output", CONTAINER_OUTPUTS)
def test_a_bool_or_integer_inside_a_tuple_list_or_dict_output_is_refused(output, transform):
    f, described = CONTAINER_OUTPUTS[output]
    with pytest.raises(OutputTypeError, match=f"of {f.__name__}: it returns {described}, which has no derivative"):
        CONTAINER_TRANSFORMS[transform](f)


def test_an_integer_element_that_is_a_constant_piece_of_a_differentiable_one_is_not_refused():
    def f(t):
        return max(3, t * t), t * 2.0
    value, tangent = transpiler.jvp(f, (1.0,), (1.0,))
    assert value == (3, 2.0) and tangent == (0.0, 2.0)
    assert transpiler.vjp(f, 1.0)[1]((1.0, 1.0)) == (2.0,)


def test_float_elements_of_a_container_output_that_do_not_depend_on_the_argument_are_zero():
    def f(x):
        return np.sum(x), 3.0, {"n": float(len(x))}
    value, tangent = transpiler.jvp(f, (X,), (np.ones(3),))
    assert tangent[1] == 0.0 and tangent[2]["n"] == 0.0


# A function returning None (a forgotten `return loss`) ----------------------------------------
def returns_nothing(x):
    loss = np.sum(x ** 2)  # noqa: F841  (the value is never returned)
    return None


@pytest.mark.parametrize("call", [lambda: transpiler.grad(returns_nothing)(np.ones(3)),
                                  lambda: transpiler.value_and_grad(returns_nothing)(np.ones(3)),
                                  lambda: transpiler.jvp(returns_nothing, (np.ones(3),), (np.ones(3),)),
                                  lambda: transpiler.jacobian(returns_nothing)(np.ones(3)),
                                  lambda: transpiler.hessian(returns_nothing)(np.ones(3))],
                         ids=["grad", "value_and_grad", "jvp", "jacobian", "hessian"])
def test_a_function_returning_none_is_refused_not_given_zeros(call):
    with pytest.raises(OutputTypeError, match="it returns None, which has no derivative"):
        call()


def returns_a_label(x):
    return "large" if np.sum(x) > 1 else "small"


@pytest.mark.parametrize("call", [lambda: transpiler.grad(returns_a_label)(np.ones(3)),
                                  lambda: transpiler.jvp(returns_a_label, (np.ones(3),), (np.ones(3),)),
                                  lambda: transpiler.jacobian(returns_a_label)(np.ones(3)),
                                  lambda: transpiler.hessian(returns_a_label)(np.ones(3))],
                         ids=["grad", "jvp", "jacobian", "hessian"])
def test_a_function_returning_a_string_is_refused_not_given_zeros(call):
    # grad gave array([0., 0., 0.]) for a function returning "large"
    with pytest.raises(OutputTypeError, match="it returns a str, which has no derivative"):
        call()


def test_differentiating_with_respect_to_a_string_or_none_is_refused_not_given_zero():
    def scaled(x, label):
        return np.sum(x) * len(label)
    with pytest.raises(NonDifferentiableError, match="with respect to `label`, which is a str"):
        transpiler.grad(scaled, wrt=1)(np.ones(3), "ab")


def none_on_one_path(x):
    if x[0] > 0:
        return np.sum(x ** 2)
    return None                      # (a function that "forgot" its value on one path)


@pytest.mark.parametrize("transform", ["grad", "value_and_grad", "jvp", "jacobian", "vjp"])
def test_a_none_output_is_refused_even_where_other_paths_are_differentiable(transform):
    # the gradient was zeros, silently (an integer from one path is a constant piece; None is not)
    run = {"grad": lambda f: transpiler.grad(f)(-X), "value_and_grad": lambda f: transpiler.value_and_grad(f)(-X),
           "jvp": lambda f: transpiler.jvp(f, (-X,), (X,)), "jacobian": lambda f: transpiler.jacobian(f)(-X),
           "vjp": lambda f: transpiler.vjp(f, -X)}[transform]
    for f in (none_on_one_path, lambda x: None):
        with pytest.raises(OutputTypeError, match="returns None"):
            run(f)
    np.testing.assert_allclose(transpiler.grad(none_on_one_path)(X), 2 * X)       # the other path


def none_on_one_path_of_a_number(x):
    if x < 0:
        return None
    return x ** 3


@pytest.mark.parametrize("second", [
    lambda x: transpiler.hessian(none_on_one_path)(x),
    lambda x: transpiler.hessian(none_on_one_path, mode="forward")(x),
    lambda x: transpiler.hvp(none_on_one_path, x, X),
    lambda x: transpiler.grad(transpiler.grad(none_on_one_path_of_a_number))(float(x[0])),
], ids=["hessian", "hessian-forward", "hvp", "grad-of-grad"])
def test_second_derivatives_refuse_a_none_output_on_the_path_taken_and_work_on_the_others(second):
    # they were zeros, silently: the value (where grad sees the None) is not among the tangents
    with pytest.raises(OutputTypeError, match="returns None"):
        second(-X)
    result = second(X)
    if np.shape(result) == (3, 3):
        np.testing.assert_allclose(result, 2 * np.eye(3))
    elif np.ndim(result) == 0:
        np.testing.assert_allclose(result, 6.0 * X[0])
    else:
        np.testing.assert_allclose(result, 2 * X)          # hvp along X
