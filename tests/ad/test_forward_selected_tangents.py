"""Forward mode selects the tangent of a 0/1 selection (transpiler/ad/forward.py, ``selected``):
``np.where(c, t, 0.0)``, not ``np.where(c, 1.0, 0.0) * t``, so a NaN in an untaken branch's
tangent (values masked to NaN, then skipped by a NaN-ignoring reduction) gives 0, as reverse
mode's selected adjoint does. Each tangent is checked against central finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler.api import tangent_source

NAN_REDUCTIONS = [np.nansum, np.nanmean, np.nanprod, np.nanmax, np.nanmin, np.nanvar, np.nanstd]


def _data():
    rng = np.random.default_rng(0)
    x, R = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    R[0, 1] = R[2, 3] = np.nan
    return x, R, rng.standard_normal((3, 4))


def _central_difference(f, x, R, t, h=1e-6):
    return (f(x + h * t, R) - f(x - h * t, R)) / (2 * h)


@pytest.mark.parametrize("reduction", NAN_REDUCTIONS, ids=lambda r: r.__name__)
def test_nan_reduction_of_masked_values_has_a_finite_tangent(reduction):
    def f(x, R):
        masked = np.where(~np.isnan(R), x - R, np.nan)      # (the masking docs/syntax.md recommends)
        return reduction(masked ** 2 * 0.5)                   # whose tangent is NaN * 0 where masked

    x, R, t = _data()
    value, tangent = transpiler.jvp(f, (x, R), (t, None))
    assert np.isfinite(tangent)
    np.testing.assert_allclose(tangent, _central_difference(f, x, R, t), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(tangent, np.sum(transpiler.grad(f)(x, R) * t), rtol=1e-10)


def test_masked_nansum_over_a_count_has_the_reverse_modes_directional_derivative():
    # natural4's N38 (matrix factorisation): the tangent was NaN, and a NaN argument (R) keeps
    # the plain code's NaN, so the strong-zero rerun did not give it either
    def f(U, V, R):
        err = np.where(~np.isnan(R), R - U @ V.T, np.nan)
        return np.nansum(err ** 2) / np.sum(~np.isnan(R))

    rng = np.random.default_rng(1)
    U, V, R = rng.standard_normal((3, 2)), rng.standard_normal((4, 2)), rng.standard_normal((3, 4))
    R[0, 1] = np.nan
    t = rng.standard_normal((3, 2))
    tangent = transpiler.jvp(f, (U, V, R), (t, None, None))[1]
    h = 1e-6
    np.testing.assert_allclose(tangent, (f(U + h * t, V, R) - f(U - h * t, V, R)) / (2 * h), rtol=1e-6)


def test_where_of_two_active_branches_selects_both_tangents_in_one_call():
    def f(a, b):
        return np.sum(np.where(a > b, a * a, np.sin(b)))

    a, b = np.linspace(-1, 1, 4), np.linspace(1, -1, 4)      # (no tie: a > b stays put)
    text = str(tangent_source(f, (0, 1), args=(a, b), print_after="ad"))     # (before the rewrites)
    assert "1.0, 0.0) *" not in text and "0.0, 1.0) *" not in text
    assert text.count("np.where(") == 2, text          # the primal's and the tangent's
    ta, tb = np.cos(np.arange(4.0)), np.sin(np.arange(4.0))
    tangent = transpiler.jvp(f, (a, b), (ta, tb))[1]
    h = 1e-6
    np.testing.assert_allclose(tangent, (f(a + h * ta, b + h * tb) - f(a - h * ta, b - h * tb)) / (2 * h), rtol=1e-6)


def test_nan_made_from_the_differentiated_values_is_skipped_by_the_tangent():
    # docs/syntax.md, "NaN-ignoring functions": reverse mode's 0 times 2 * (NaN - mu) is NaN (as
    # JAX's grad); forward mode selects the tangent, 0 there, and gives the derivative (as JAX's jvp)
    def f(mu, data):
        return np.nansum((data - mu) ** 2)

    data = np.array([1.0, np.nan, 3.0])
    tangent = transpiler.jvp(f, (0.5, data), (1.0, None))[1]
    assert tangent == pytest.approx(-2 * ((1.0 - 0.5) + (3.0 - 0.5)))
