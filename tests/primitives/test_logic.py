"""Bitwise and logical operators, identity tests: values that carry no derivative (masks)."""
import ast

import numpy as np
import pytest
from array_check import check_gradient

import transpiler
from transpiler.primitives import REGISTRY

X = np.array([-1.5, 0.5, 1.5, 2.5])


def mask_and(x):
    return np.sum(x * x * ((x > 0) & (x < 2)))


def mask_or(x):
    return np.sum(x * ((x < 0) | (x > 2)))


def mask_xor(x):
    return np.sum(x * ((x > 0) ^ (x > 2)))


def mask_invert(x):
    return np.sum(x * ~(x > 0))


def logical_functions(x):
    inside = np.logical_and(x > 0, x < 2)
    outside = np.logical_or(x < 0, np.logical_not(x < 2))
    return np.sum(x * inside + 2 * x * outside)


def shifts(x, n):
    return x * ((n << 1) + (n >> 1))


def identity_test(x, flag):
    if flag is None:
        return x * x
    return x


@pytest.mark.parametrize("fn", [mask_and, mask_or, mask_xor, mask_invert, logical_functions])
def test_masks_carry_no_derivative(fn):
    check_gradient(fn, (X,))


def test_shift_operators_on_integers_scale_without_derivative():
    assert transpiler.grad(shifts)(1.5, 3) == pytest.approx((3 << 1) + (3 >> 1))


def test_is_none_chooses_the_branch():
    assert transpiler.grad(identity_test)(1.5, None) == pytest.approx(3.0)
    assert transpiler.grad(identity_test)(1.5, 1) == pytest.approx(1.0)


def test_logic_family_is_not_differentiable():
    logic = [k for k, p in REGISTRY.items() if p.family == "logic"]
    assert {np.logical_and, np.any, np.all, ast.BitAnd} <= set(logic)
    assert not any(REGISTRY[k].differentiable for k in logic)


def nan_safe_sum(x):
    return np.sum(np.where(np.isnan(x) | np.isinf(x), 0.0, 3.0 * x))


def test_nan_and_infinity_tests_are_boolean_masks_without_derivative():
    x = np.array([1.0, np.nan, 2.0, np.inf])
    np.testing.assert_array_equal(transpiler.grad(nan_safe_sum)(x), [3.0, 0.0, 3.0, 0.0])
    assert all(REGISTRY[k].result_kind == "b1" and not REGISTRY[k].differentiable
               for k in (np.isnan, np.isinf, np.isfinite, np.logical_xor, np.greater, bool))
