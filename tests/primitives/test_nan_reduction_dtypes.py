"""np.nanmean / np.nanvar / np.nanstd (numpy_compositions.py) keep a float32 argument's dtype, as
NumPy's do: their count was an integer, and a float32 sum over an int64 count is float64 (found by
``python -m transpiler.check.fuzz --roundtrip``, seeds 1590 and 1731)."""
from __future__ import annotations

import numpy as np
import pytest

import transpiler

X = np.array([[0.45, np.nan, 0.64], [1.0, 2.0, -0.5]])


def nanmean_rows(a):
    return np.sum(np.sin(np.nanmean(a, axis=0)))


def nanvar_cols(a):
    return np.sum(np.nanvar(a, axis=1, ddof=1))


def nanstd_all(a):
    return np.nanstd(a) * 2.0


@pytest.mark.parametrize("f", [nanmean_rows, nanvar_cols, nanstd_all], ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nan_reductions_keep_the_arguments_dtype_in_both_modes(f, dtype):
    x = X.astype(dtype)
    value, gradient = transpiler.value_and_grad(f)(x)
    assert np.asarray(value).dtype == np.asarray(f(x)).dtype == dtype
    np.testing.assert_allclose(value, f(x), rtol=1e-6)
    primal, tangent = transpiler.jvp(f, (x,), (np.ones_like(x),))
    assert np.asarray(primal).dtype == dtype
    np.testing.assert_allclose(tangent, np.sum(np.where(np.isnan(x), 0.0, gradient)), rtol=1e-4, atol=1e-5)
    assert transpiler.check_grad(f, np.nan_to_num(X, nan=0.3))
