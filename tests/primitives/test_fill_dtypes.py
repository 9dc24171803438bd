"""Constructors with a fill value and a ``dtype=`` (``np.full_like(v, np.nan, dtype=np.float64)``,
``np.full(shape, s, dtype=int)``): a float output passes the fill value's derivative on, an
integer or boolean one is the fill value cast, piecewise constant, with none (in both modes)."""
import numpy as np
import pytest
from array_check import check_gradient, numeric_gradient

import transpiler

V = np.array([1.5, 2.5, 3.5])
DIRECTION = np.array([1.0, -2.0, 0.5])


def nan_filled_then_written(v):
    a = np.full_like(v, np.nan, dtype=np.float64)
    a[0] = v[0] * 2.0
    return np.sum(np.where(np.isnan(a), 0.0, a)) + np.sum(np.full_like(v, v[1], dtype=np.float64) * v)


def integer_full_like(v):
    return np.sum(np.full_like(v, v[1], dtype=int) * v)


def boolean_full_like(v):
    return np.sum(np.where(np.full_like(v, v[0] - 1.0, dtype=bool), v, -v))


def integer_and_float_full(v):
    return np.sum(np.full((3,), v[1], dtype=int) * v) + np.sum(np.full((3,), v[0], dtype=float) * v)


def full_like_of_integers(v):
    return np.sum(np.full_like(np.arange(3), v[1]) * v)      # the integer x sets the dtype


def like_constructors_with_dtypes(v):
    return np.sum(np.zeros_like(v, dtype=int) + v * v) + np.sum(np.ones_like(v, dtype=np.float32) * v)


CASES = [nan_filled_then_written, integer_full_like, boolean_full_like, integer_and_float_full,
         full_like_of_integers, like_constructors_with_dtypes]


@pytest.mark.parametrize("fn", CASES)
def test_gradient_matches_finite_differences(fn):
    check_gradient(fn, (V,), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fn", CASES)
def test_tangent_matches_finite_differences(fn):
    value, tangent = transpiler.jvp(fn, (V,), (DIRECTION,))
    assert value == pytest.approx(fn(V))
    assert tangent == pytest.approx(numeric_gradient(fn, [V], 0) @ DIRECTION, rel=1e-5, abs=1e-6)
