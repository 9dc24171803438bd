"""A builtin's or NumPy's class as a value (frontend/functions.py): ``isinstance(p, tuple)``,
``isinstance(p, (list, tuple))``, ``isinstance(x, np.ndarray)``, ``isinstance(s, (int, float))``
test the argument as Python does, in both modes, in helpers, loops and branches; the derivative
is that of the path taken. Where the argument's kind decides the test (a list, a tuple, an array)
only that path is compiled (opt/isinstance_tests.py); a number's class is tested at run time."""
import numpy as np
import pytest

import transpiler

X = np.array([0.5, -1.0, 2.0])
DIRECTION = np.array([1.0, 0.5, -0.25])


def product_or_sum(p):
    if isinstance(p, (list, tuple)):
        return np.sum(p[0] * p[1])
    return np.sum(p ** 2)


def pair_only(p):
    if isinstance(p, tuple):
        a, b = p
        return np.sum(np.sin(a) * b)
    return np.sum(np.sin(p))


def as_array(v):
    return v if isinstance(v, np.ndarray) else np.array([v, v, v])


def scaled(x, s):
    factor = s * 2.0 if isinstance(s, (int, float)) else np.sum(s)
    return np.sum(as_array(x) * factor)


def in_a_loop(x):
    total = 0.0
    for item in [x, (x, x)]:
        total = total + product_or_sum(item)
    return total


CASES = {
    "(list, tuple) of a tuple": (product_or_sum, ((X, X * 3.0),)),
    "(list, tuple) of a list": (product_or_sum, ([X, X * 3.0],)),
    "(list, tuple) of an array": (product_or_sum, (X,)),
    "tuple of a tuple": (pair_only, ((X, X + 1.0),)),
    "tuple of an array": (pair_only, (X,)),
    "np.ndarray and (int, float) in a helper": (scaled, (X, 1.5)),
    "a display in a loop": (in_a_loop, (X,)),
}


@pytest.mark.parametrize("case", CASES)
def test_reverse_mode_matches_finite_differences(case):
    f, args = CASES[case]
    report = transpiler.check_grad(f, *args)
    assert report.ok, report


def _along(value, direction):
    if isinstance(value, (list, tuple)):
        return type(value)(_along(v, direction) for v in value)
    return direction


def _moved(value, h, direction):
    if isinstance(value, (list, tuple)):
        return type(value)(_moved(v, h, direction) for v in value)
    return value + h * direction


@pytest.mark.parametrize("case", CASES)
def test_forward_mode_matches_a_directional_difference(case):
    f, args = CASES[case]
    first, rest = args[0], args[1:]
    value, derivative = transpiler.jvp(f, args, (_along(first, DIRECTION), *[None] * len(rest)))
    h = 1e-6
    assert value == pytest.approx(f(*args), rel=1e-12)
    numeric = (f(_moved(first, h, DIRECTION), *rest) - f(_moved(first, -h, DIRECTION), *rest)) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-5, abs=1e-8)


def test_the_hessian_follows_the_path_taken():
    np.testing.assert_allclose(transpiler.hessian(product_or_sum)(X), 2 * np.eye(3))


def test_the_printed_code_keeps_only_the_path_the_argument_kind_takes():
    for args in [((X, X),), ([X, X],), (X,)]:
        source = transpiler.grad(product_or_sum).source(args=args)
        assert "isinstance" not in source and "if " not in source, source


def test_a_number_argument_is_tested_by_its_class_at_run_time():
    # a float, np.float64 or 0-d array: its kind does not say which, so the test stays
    source = transpiler.grad(scaled).source(args=(X, 1.5))
    assert "isinstance(s, (int, float))" in source
