"""scipy.stats, the families of scipy_stats_half.py (half-Cauchy, half-logistic, Rayleigh,
skew-normal): each composed method against SciPy's own value and central finite differences of
SciPy's function in every continuous argument (x, shape, loc, scale; positional and by keyword),
forward mode against reverse, Hessian-vector products against differences of the gradient, and
SciPy's values and zero derivatives outside the support."""
import composition_checks
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.stats as st  # noqa: E402
from scipy.stats import halfcauchy  # noqa: E402

import transpiler  # noqa: E402
from transpiler import check_grad  # noqa: E402

X = np.array([0.3, 1.2, -0.4])
POSITIVE = np.array([0.4, 1.3, 2.7])
UNIT = np.array([0.15, 0.5, 0.8])


def halfcauchy_logpdf(x, m, s): return np.sum(halfcauchy.logpdf(x, m, s))
def halfcauchy_logpdf_keyword(x, s): return np.sum(st.halfcauchy.logpdf(x, scale=s))
def halfcauchy_pdf(x, s): return np.sum(st.halfcauchy.pdf(x, scale=s))
def halfcauchy_cdf(x, m, s): return np.sum(st.halfcauchy.cdf(x, loc=m, scale=s))
def halfcauchy_logcdf(x, s): return np.sum(st.halfcauchy.logcdf(x, 0.0, s))
def halfcauchy_sf(x, m, s): return np.sum(st.halfcauchy.sf(x, m, s))
def halfcauchy_logsf(x, s): return np.sum(st.halfcauchy.logsf(x, scale=s))
def halfcauchy_ppf(q, s): return np.sum(st.halfcauchy.ppf(q, 0.1, s))
def halflogistic_logpdf(x, m, s): return np.sum(st.halflogistic.logpdf(x, m, s))
def halflogistic_pdf(x, s): return np.sum(st.halflogistic.pdf(x, scale=s))
def halflogistic_cdf(x, m, s): return np.sum(st.halflogistic.cdf(x, loc=m, scale=s))
def halflogistic_sf(x, s): return np.sum(st.halflogistic.sf(x, scale=s))
def halflogistic_logsf(x, m, s): return np.sum(st.halflogistic.logsf(x, m, s))
def halflogistic_ppf(q, s): return np.sum(st.halflogistic.ppf(q, scale=s))
def rayleigh_logpdf(x, m, s): return np.sum(st.rayleigh.logpdf(x, m, s))
def rayleigh_pdf(x, s): return np.sum(st.rayleigh.pdf(x, scale=s))
def rayleigh_cdf(x, m, s): return np.sum(st.rayleigh.cdf(x, loc=m, scale=s))
def rayleigh_logcdf(x, s): return np.sum(st.rayleigh.logcdf(x, scale=s))
def rayleigh_sf(x, m): return np.sum(st.rayleigh.sf(x, m))
def rayleigh_logsf(x, s): return np.sum(st.rayleigh.logsf(x, 0.0, s))
def rayleigh_ppf(q, m, s): return np.sum(st.rayleigh.ppf(q, m, s))
def skewnorm_logpdf(x, a, m, s): return np.sum(st.skewnorm.logpdf(x, a, m, s))
def skewnorm_logpdf_keywords(x, a, s): return np.sum(st.skewnorm.logpdf(x, a=a, scale=s))
def skewnorm_pdf(x, a): return np.sum(st.skewnorm.pdf(x, a))


CASES = [
    (halfcauchy_logpdf, (POSITIVE, 0.1, 1.3)), (halfcauchy_logpdf_keyword, (POSITIVE, 2.5)),
    (halfcauchy_pdf, (POSITIVE, 0.9)), (halfcauchy_cdf, (POSITIVE, -0.1, 1.4)), (halfcauchy_logcdf, (POSITIVE, 1.1)),
    (halfcauchy_sf, (POSITIVE, 0.2, 0.8)), (halfcauchy_logsf, (POSITIVE, 1.7)), (halfcauchy_ppf, (UNIT, 1.2)),
    (halflogistic_logpdf, (POSITIVE, 0.1, 1.3)), (halflogistic_pdf, (POSITIVE, 0.9)),
    (halflogistic_cdf, (POSITIVE, -0.1, 1.4)), (halflogistic_sf, (POSITIVE, 1.1)),
    (halflogistic_logsf, (POSITIVE, 0.2, 0.8)), (halflogistic_ppf, (UNIT, 1.3)),
    (rayleigh_logpdf, (POSITIVE, 0.1, 1.3)), (rayleigh_pdf, (POSITIVE, 0.9)), (rayleigh_cdf, (POSITIVE, -0.1, 1.4)),
    (rayleigh_logcdf, (POSITIVE, 1.1)), (rayleigh_sf, (POSITIVE, 0.2)), (rayleigh_logsf, (POSITIVE, 1.7)),
    (rayleigh_ppf, (UNIT, 0.1, 1.2)),
    (skewnorm_logpdf, (X, 2.0, 0.1, 1.3)), (skewnorm_logpdf_keywords, (X, -1.5, 0.8)), (skewnorm_pdf, (X, 3.0)),
]


(test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy, test_forward_mode_matches_reverse,
 test_hvp_matches_differences_of_the_gradient) = composition_checks.checks_of(CASES, 0.01)


def outside_the_support(x, scale):
    return (st.halfcauchy.logpdf(x, scale=scale), st.halfcauchy.cdf(x, scale=scale),
            st.halfcauchy.logsf(x, scale=scale), st.halflogistic.logpdf(x, scale=scale),
            st.halflogistic.sf(x, scale=scale), st.rayleigh.logpdf(x, scale=scale), st.rayleigh.pdf(x, scale=scale),
            st.rayleigh.logcdf(x, scale=scale), st.rayleigh.sf(x, scale=scale))


def sum_outside(x, scale):
    return sum(np.sum(np.where(np.isfinite(v), v, 0.0)) for v in outside_the_support(x, scale))


def test_outside_the_support_values_are_scipys_and_derivatives_are_finite():
    x = np.array([-0.5, 0.0, 0.7, 1.5])
    ours = transpiler.value_and_grad(sum_outside, wrt=(0, 1))(x, 1.2)
    np.testing.assert_allclose(ours[0], sum_outside(x, 1.2))
    assert all(np.all(np.isfinite(g)) for g in ours[1])
    assert check_grad(sum_outside, np.array([-0.5, 0.7, 1.5]), 1.2, wrt=(0, 1)).ok


def half_cauchy_scale_prior(log_sigma):
    # the hierarchical models' prior on a scale, with the log-Jacobian of sigma = exp(log_sigma)
    sigma = np.exp(log_sigma)
    return st.halfcauchy.logpdf(sigma, scale=5) + log_sigma


def test_a_half_cauchy_prior_on_a_log_scale_has_the_analytic_gradient():
    # d/du [log(2/(5π)) - log(1 + e^{2u}/25) + u] = 1 - 2 e^{2u} / (25 + e^{2u})
    u = 0.4
    assert transpiler.grad(half_cauchy_scale_prior)(u) == pytest.approx(1 - 2 * np.exp(2 * u) / (25 + np.exp(2 * u)),
                                                                         rel=1e-12)
