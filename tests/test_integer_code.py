"""Integer and non-differentiable code (docs/primitives.md): ``int()``, ``len()``, ``//``, ``%``,
comparisons, ``np.round``/``np.floor``/``np.ceil``/``np.sign``, ``math.floor``, ``round`` and
shape arithmetic are allowed where they carry no derivative (indices, loop bounds, branches).

Where they touch active values the documented derivatives hold: zero through ``//``,
``np.round``, ``int()`` and the other piecewise-constant functions; ``a % b`` has derivative 1
with respect to ``a`` and ``-floor(a / b)`` with respect to ``b``. Checked against central
differences at points away from the jumps, in reverse and forward mode.
"""
import math

import numpy as np
import pytest

import transpiler
from transpiler import UnknownFunctionError


def numeric_derivative(f, args, i, h=1e-6):
    args = list(args)
    x = np.asarray(args[i], dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        at = (lambda v: float(v)) if x.ndim == 0 else (lambda v: v)
        g[idx] = (f(*args[:i], at(up), *args[i + 1:]) - f(*args[:i], at(down), *args[i + 1:])) / (2 * h)
    return float(g) if x.ndim == 0 else g


def check(f, args, wrt=0, expected=None):
    """value_and_grad agrees with f, with central differences, and with ``expected`` if given."""
    value, gradient = transpiler.value_and_grad(f, wrt=wrt)(*args)
    assert value == pytest.approx(f(*args), rel=1e-12)
    indices = wrt if isinstance(wrt, tuple) else (wrt,)
    gradients = gradient if isinstance(wrt, tuple) else (gradient,)
    for i, g in zip(indices, gradients):
        np.testing.assert_allclose(g, numeric_derivative(f, args, i), rtol=1e-6, atol=1e-7)
    if expected is not None:
        for g, e in zip(gradients, expected if isinstance(wrt, tuple) else (expected,)):
            np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)
    return gradient


# =============================================================================== no derivative carried
def first_half_squared(x):
    n = x.shape[0] // 2
    return np.sum(x[:n] ** 2) + len(x) * np.sum(x[n:])


def middle_element(x):
    return x[len(x) // 2] * 3.0 + x[-1] * (x.size % 4)


def even_odd_loop(x):
    total = 0.0
    for i in range(len(x)):
        if i % 2 == 0:
            total = total + x[i] ** 2
        else:
            total = total - x[i]
    return total


def integer_loop_bound(x, steps):
    y = x
    for _ in range(int(steps) // 2):
        y = np.sin(y)
    return np.sum(y)


def branch_on_comparison(x):
    if np.sum(x) > 0.0:
        return np.sum(x ** 2)
    return -np.sum(x)


def ndim_and_size(x):
    return np.sum(x) * x.size / x.ndim + x.shape[1] % 2


def row_block(x):
    rows = x.shape[0]
    half = int(rows / 2)
    return np.sum(x[half:, :] * x[:rows - half, :])


@pytest.mark.parametrize("f, args, expected", [
    (first_half_squared, (np.array([0.5, -1.0, 2.0, 3.0, -0.5]),), [1.0, -2.0, 5.0, 5.0, 5.0]),
    (middle_element, (np.arange(5.0),), [0.0, 0.0, 3.0, 0.0, 1.0]),
    (even_odd_loop, (np.array([1.0, 2.0, 3.0, 4.0, 5.0]),), [2.0, -1.0, 6.0, -1.0, 10.0]),
    (integer_loop_bound, (np.array([0.3, -0.7]), 5), None),
    (branch_on_comparison, (np.array([0.3, 0.7]),), [0.6, 1.4]),
    (branch_on_comparison, (np.array([0.3, -0.7]),), [-1.0, -1.0]),
    (ndim_and_size, (np.ones((2, 3)),), np.full((2, 3), 3.0)),
    (row_block, (np.arange(8.0).reshape(4, 2),), None),
], ids=["shape//2-slice", "len//2-index", "i%2-branch", "int//-loop-bound", "compare-true",
        "compare-false", "ndim-size", "int-shape-division"])
def test_integer_code_allowed_where_it_carries_no_derivative(f, args, expected):
    check(f, args, expected=expected)


def test_gradient_wrt_an_integer_loop_count_is_zero():
    assert transpiler.grad(integer_loop_bound, wrt=1)(np.array([0.3, -0.7]), 5) == 0.0


# =============================================================================== active values
def floor_div(x):
    return x // 2.0 + x


def floor_div_by_active(x, y):
    return x // y + 0.5 * x * y


def np_floor_divide(x):
    return np.sum(np.floor_divide(x, 0.75) * 2.0 + x)


def modulo(x, y):
    return x % y


def np_remainder(x, y):
    return np.sum(np.remainder(x, y) * x)


def np_round(x):
    return np.sum(np.round(x) * x)


def np_round_decimals(x):
    return np.sum(np.round(x, 2) * x)


def builtin_round(x):
    return round(x) * x + round(x, 1)


def to_int(x):
    return int(x) * x + int(x * 3.0)


def floor_ceil_sign(x):
    return np.sum(np.floor(x) * x + np.ceil(x) + np.sign(x) * x)


def math_floor(x):
    return math.floor(x) * x + math.ceil(x) + math.trunc(x)


def comparison_as_number(x):
    return np.sum((x > 0.0) * x) + float(np.sum(x) > 1.0) * np.sum(x)


def equality_test(x):
    return float(x == 2.0) + x


FAR_FROM_JUMPS = [
    (floor_div, (7.3,), 0, 1.0),
    (floor_div_by_active, (7.3, 2.1), (0, 1), (0.5 * 2.1, 0.5 * 7.3)),
    (np_floor_divide, (np.array([0.3, 1.9, -2.2]),), 0, np.ones(3)),
    (modulo, (7.3, 2.0), (0, 1), (1.0, -3.0)),
    (modulo, (-7.3, 2.0), (0, 1), (1.0, 4.0)),
    (np_remainder, (np.array([7.3, -1.1]), 2.0), (0, 1), None),
    (np_round, (np.array([1.2, -2.7, 0.3]),), 0, np.array([1.0, -3.0, 0.0])),
    (np_round_decimals, (np.array([1.2341, 2.3456]),), 0, np.array([1.23, 2.35])),
    (builtin_round, (2.34,), 0, 2.0),
    (to_int, (2.3,), 0, 2.0),
    (floor_ceil_sign, (np.array([1.2, -0.5, 3.7]),), 0, np.array([2.0, -2.0, 4.0])),
    (math_floor, (2.3,), 0, 2.0),
    (comparison_as_number, (np.array([1.2, -0.5]),), 0, np.array([1.0, 0.0])),
    (comparison_as_number, (np.array([1.2, 0.5]),), 0, np.array([2.0, 2.0])),
    (equality_test, (2.0,), 0, 1.0),
]


@pytest.mark.parametrize("f, args, wrt, expected", FAR_FROM_JUMPS,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(FAR_FROM_JUMPS)])
def test_documented_derivatives_through_integer_operations(f, args, wrt, expected):
    check(f, args, wrt=wrt, expected=expected)


@pytest.mark.parametrize("f, args, tangents, expected", [
    (floor_div, (7.3,), (1.0,), 1.0),
    (modulo, (7.3, 2.0), (1.0, 0.0), 1.0),
    (modulo, (7.3, 2.0), (0.0, 1.0), -3.0),
    (modulo, (7.3, 2.0), (1.0, 1.0), -2.0),
    (builtin_round, (2.34,), (1.0,), 2.0),
    (to_int, (2.3,), (2.0,), 4.0),
    (math_floor, (2.3,), (1.0,), 2.0),
    (np_round, (np.array([1.2, -2.7, 0.3]),), (np.array([1.0, 1.0, 1.0]),), -2.0),
    (floor_ceil_sign, (np.array([1.2, -0.5, 3.7]),), (np.array([1.0, 0.0, 1.0]),), 6.0),
], ids=lambda v: getattr(v, "__name__", None))
def test_documented_derivatives_in_forward_mode(f, args, tangents, expected):
    value, tangent = transpiler.jvp(f, args, tangents)
    assert value == pytest.approx(f(*args))
    assert tangent == pytest.approx(expected)


def test_zero_derivative_through_piecewise_constant_functions_alone():
    for f in (lambda_free_round, lambda_free_floor_div, lambda_free_int):
        assert transpiler.grad(f)(2.3) == 0.0


def lambda_free_round(x):
    return np.round(x) * 1.0


def lambda_free_floor_div(x):
    return x // 1.0


def lambda_free_int(x):
    return int(x) + 0.0


# =============================================================================== np.argmax
def value_at_argmax(x):
    i = np.argmax(x)
    return x[i] ** 2


def test_argmax_has_no_builtin_rule_and_is_reported_cleanly():
    """np.argmax is not in docs/primitives.md: today it is an UnknownFunctionError at its call."""
    try:
        transpiler.grad(value_at_argmax)(np.array([1.0, 3.0, 2.0]))
    except UnknownFunctionError as exc:
        assert "np.argmax" in str(exc) and exc.hint
        assert exc.location.line == value_at_argmax.__code__.co_firstlineno + 1
    else:   # a rule was added: then it must carry no derivative and index correctly
        np.testing.assert_allclose(transpiler.grad(value_at_argmax)(np.array([1.0, 3.0, 2.0])),
                                   [0.0, 6.0, 0.0])


def test_argmax_as_an_index():
    x = np.array([1.0, 3.0, 2.0])
    np.testing.assert_allclose(transpiler.grad(value_at_argmax)(x), [0.0, 6.0, 0.0])
