"""``f(*args)`` where ``args`` has a length known only when the function runs (emcee's
``nll = lambda *args: -log_likelihood(*args)``): inlined as the number of positional arguments
the user function called takes, ``args[0], ..., args[n - 1]``, after a run-time check that
``args`` has that many (Python's TypeError otherwise). Where the function called does not fix
that number (a default, ``*args``, no source), a located error says what to write."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError, check_grad

X = np.linspace(0.0, 2.0, 5)
Y = np.array([0.3, 0.9, 1.4, 2.2, 2.9])


def log_likelihood(theta, x, y):
    m, b = theta
    model = m * x + b
    return -0.5 * np.sum((y - model) ** 2)


nll = lambda *args: -log_likelihood(*args)  # noqa: E731


def forwards(*args):
    total = 0.0
    for k in range(2):                      # inside a loop and a branch
        if k == 0:
            total = total + log_likelihood(*args)
        else:
            total = total - 0.5 * log_likelihood(*args)
    return total


def residual(theta, x, y, scale):
    m, b = theta
    return scale * np.sum(np.sin(m * x + b - y) ** 2)


def passes_some_positionally(theta, *rest):
    return residual(theta, *rest, scale=2.0)    # (a keyword naming the last parameter)


def through_a_lambda(*args):
    inner = lambda theta, x, y: np.sum((theta[0] * x - y) ** 2) + theta[1] ** 2  # noqa: E731
    return inner(*args)


def from_a_tuple_parameter(theta, data):
    return log_likelihood(theta, *data)


THETA = np.array([0.9, 0.4])


@pytest.mark.parametrize("f", [nll, forwards, through_a_lambda])
def test_star_args_forwarded_to_a_function_of_fixed_arity(f):
    gradient = transpiler.grad(f)(THETA, X, Y)            # one gradient per value passed in *args
    assert isinstance(gradient, tuple) and len(gradient) == 3
    named = lambda theta, x, y: f(theta, x, y)  # noqa: E731   (checked against central differences)
    report = check_grad(named, THETA, X, Y, wrt=(0, 1, 2))
    assert report, report
    for got, want in zip(gradient, transpiler.grad(named, wrt=(0, 1, 2))(THETA, X, Y)):
        np.testing.assert_allclose(got, want)
    value, gradient = transpiler.value_and_grad(f)(THETA, X, Y)
    assert value == pytest.approx(f(THETA, X, Y))
    out, tangent = transpiler.jvp(f, (THETA, X, Y), (np.ones(2), None, None))
    assert out == pytest.approx(f(THETA, X, Y))
    assert tangent == pytest.approx(np.sum(gradient[0]))
    _, pullback = transpiler.vjp(f, THETA, X, Y)
    np.testing.assert_allclose(pullback(1.0)[0], gradient[0])


def test_other_positional_arguments_and_keywords_count():
    report = check_grad(lambda theta, x, y: passes_some_positionally(theta, x, y), THETA, X, Y)
    assert report, report
    np.testing.assert_allclose(transpiler.grad(passes_some_positionally)(THETA, X, Y),
                               transpiler.grad(lambda t: residual(t, X, Y, 2.0))(THETA))


def test_a_tuple_parameter_spread():
    np.testing.assert_allclose(transpiler.grad(from_a_tuple_parameter)(THETA, (X, Y)),
                               transpiler.grad(log_likelihood)(THETA, X, Y))
    gradient = transpiler.grad(from_a_tuple_parameter, wrt="data")(THETA, (X, Y))
    np.testing.assert_allclose(gradient[1], transpiler.grad(log_likelihood, wrt=2)(THETA, X, Y))


def test_second_derivatives_through_the_forwarding_lambda():
    def first_only(theta):
        return nll(theta, X, Y)

    expected = transpiler.hessian(lambda t: -log_likelihood(t, X, Y))(THETA)
    np.testing.assert_allclose(transpiler.hessian(first_only)(THETA), expected)


def test_the_printed_code_checks_the_length_once():
    text = transpiler.grad(nll).source()
    assert text.count("expect_length(args, 3,") == 1
    assert "args[0]" in text and "args[2]" in text and "args[3]" not in text


def test_the_code_a_call_runs_takes_the_arguments_apart_with_no_check():
    text = transpiler.grad(nll).source(args=(THETA, X, Y))
    assert "(args_0, args_1, args_2):" in text and "expect_length" not in text


def test_a_wrong_number_of_values_is_python_s_type_error():
    with pytest.raises(TypeError, match="takes 3 positional arguments"):
        transpiler.grad(nll)(THETA, X, Y, 1.0)
    with pytest.raises(TypeError, match="takes 3 positional arguments"):
        transpiler.jvp(nll, (THETA, X), (np.ones(2), None))


def with_a_default(theta, x, y=Y):
    return np.sum((theta[0] * x - y) ** 2)


def test_a_function_whose_arity_is_not_fixed_is_refused_with_a_hint():
    def forwards_to_defaults(*args):
        return with_a_default(*args)

    with pytest.raises(UnsupportedSyntaxError, match="known only when it runs") as info:
        transpiler.grad(forwards_to_defaults)(THETA, X)     # (2 values into 3 parameters: when it runs, ap3)
    assert "slice the spread" in str(info.value)
    assert "with_a_default(*args)" in str(info.value)


def total(*xs, scale=1.0):
    return scale * sum(xs)


def spread_list_display(x):
    return total(*[x[0], x[1] * x[2]], scale=0.5) + total(*(x[2], x[0]))


def test_a_list_display_spread_into_a_call_is_its_elements():
    # fuzz class starred: `total(*[t, x1])` was refused as of a length known only at run time
    assert check_grad(spread_list_display, X).ok
    value, tangent = transpiler.jvp(spread_list_display, (X,), (np.ones(5),))
    assert value == pytest.approx(spread_list_display(X))
    assert tangent == pytest.approx(0.5 * (1 + X[2] + X[1]) + 2.0)


def with_default_scale(a, b, c, scale=2.0):
    return scale * a * b + np.sin(c)


def spread_named_list_after_a_tuple(x):
    p = (x[0], x[1])
    q = [x[2]]
    return with_default_scale(*p, *q) + total(*q, *p)


def test_a_named_list_of_known_length_spread_after_a_tuple_is_its_elements():
    # (`f(*p, *q)`, `q` a list display bound to a name: refused as of a length known only at run
    # time, where the function called has a default)
    assert check_grad(spread_named_list_after_a_tuple, X).ok
    value, tangent = transpiler.jvp(spread_named_list_after_a_tuple, (X,), (np.ones(5),))
    assert value == pytest.approx(spread_named_list_after_a_tuple(X))
    assert tangent == pytest.approx(2.0 * (X[1] + X[0]) + np.cos(X[2]) + 3.0)
    hessian = transpiler.hessian(spread_named_list_after_a_tuple)(X)
    assert hessian[0, 1] == pytest.approx(2.0) and hessian[2, 2] == pytest.approx(-np.sin(X[2]))
