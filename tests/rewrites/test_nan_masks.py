"""The ``nan_masks`` rewrite (transpiler/rewrites/nan_masks.py): ``np.nansum(v)``'s adjoint, the
seed masked by ``np.isnan(v)``, times a value already NaN wherever ``v`` is (``2 * e`` for
``v = e ** 2``), is the seed times that value: no mask, and the forward sweep no longer squares
``e`` only to find its NaNs. Pinned: the code in several spellings, finite differences, the same
gradient (NaNs where they were) as with the rewrite off, and what is left alone (a factor not NaN
where ``v`` is: ``np.nansum(x * c)``'s derivative in ``x``; a float32 value a float64 mask would
widen)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(38)
U, V = 0.3 * RNG.standard_normal((9, 3)), 0.3 * RNG.standard_normal((7, 3))
R = RNG.standard_normal((9, 7))
R[RNG.uniform(size=R.shape) < 0.5] = np.nan


def masked_squares(U, V, R):
    mask = ~np.isnan(R)
    err = np.where(mask, R - U @ V.T, np.nan)
    return np.nansum(err ** 2) / mask.sum()


def squared_by_name(U, V, R):
    err = np.where(np.isnan(R), np.nan, U @ V.T - R)
    return np.nansum(np.square(err))


def cubed_and_halved(U, V, R):
    err = np.where(np.isnan(R), 0.0, R - U @ V.T)       # (no NaN left: nansum just in case)
    return 0.5 * np.nansum(-(err ** 3))


def helper_loss(U, V, R):
    return nan_mse(np.where(np.isnan(R), np.nan, R - U @ V.T))


def nan_mse(e):
    return np.nansum(e ** 2) / np.sum(~np.isnan(e))


CASES = {"where": masked_squares, "square": squared_by_name, "cube": cubed_and_halved, "helper": helper_loss}


def source(f, args, **options) -> str:
    return transpiler.grad(f, wrt=(0, 1), **options).compiled(args).source


@pytest.mark.parametrize("name", CASES)
def test_no_mask_is_made_and_the_gradient_matches_differences(name):
    f = CASES[name]
    on, off = source(f, (U, V, R)), source(f, (U, V, R), rewrites={"nan_masks": False})
    assert on.count("np.isnan(") < off.count("np.isnan("), on         # the forward sweep's mask gone
    assert on.count("np.where(") < off.count("np.where("), on
    assert check_grad(f, U, V, R, wrt=(0, 1))


@pytest.mark.parametrize("name", CASES)
def test_switched_off_the_gradient_agrees_nans_included(name):
    f = CASES[name]
    V_nan = V.copy()
    V_nan[2, 1] = np.nan                 # NaNs from elsewhere: every error in column 2 NaN
    for args in ((U, V, R), (U, V_nan, R)):
        on = transpiler.grad(CASES[name], wrt=(0, 1))(*args)
        off = transpiler.grad(CASES[name], wrt=(0, 1), rewrites={"nan_masks": False})(*args)
        for a, b in zip(on, off):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14, equal_nan=True)


def masked_product(x, c):
    return np.nansum(x * c)


def test_a_factor_not_nan_where_the_sum_skips_is_left_masked():
    x = RNG.standard_normal(6)
    x[[1, 4]] = np.nan
    c = RNG.standard_normal(6)
    g = transpiler.grad(masked_product)(x, c)
    np.testing.assert_array_equal(g, np.where(np.isnan(x), 0.0, c))    # zero where x is NaN, not c
    assert "np.isnan(" in transpiler.grad(masked_product).compiled((x, c)).source


def test_float32_keeps_its_dtype_and_its_mask():
    U32, V32, R32 = (a.astype(np.float32) for a in (U, V, R))
    g32 = transpiler.grad(squared_by_name, wrt=(0, 1))(U32, V32, R32)
    g64 = transpiler.grad(squared_by_name, wrt=(0, 1))(U, V, R)
    assert all(g.dtype == np.float32 for g in g32)
    for a, b in zip(g32, g64):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def nan_sum_of_cosh(x):
    return np.nansum(np.cosh(x))


def nan_mean_of_cosh_by_row(x):
    return np.sum(np.nanmean(np.cosh(x.T), axis=1) ** 2)


@pytest.mark.parametrize("f", [nan_sum_of_cosh, nan_mean_of_cosh_by_row])
def test_a_sum_of_a_function_of_one_operand_is_left_masked_and_differentiated(f):
    # large fuzz seed 300472: the rewrite read `np.cosh(x)` as a product `c * x` and indexed its
    # second operand, an IndexError for any np.nansum of a unary function's value
    x = np.array([[0.5, -1.0, 2.0], [0.1, 0.2, -0.3]])
    assert check_grad(f, x).ok
    x[0, 1] = np.nan                                          # (skipped by the sum)
    gradient = transpiler.grad(f)(x)
    assert np.all(np.isfinite(np.delete(gradient, 1)))       # (the entry skipped: 0 * sinh(nan), as before)
