"""scipy.stats: each composed method against SciPy's own value and against central finite
differences of SciPy's function, in every argument, with shape parameters, ``loc`` and ``scale``
positional and by keyword; forward mode and Hessian-vector products through each."""
import composition_checks
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.stats as st  # noqa: E402
from scipy.stats import norm  # noqa: E402

import transpiler  # noqa: E402
from transpiler import check_grad  # noqa: E402
from transpiler.errors import NonDifferentiableError  # noqa: E402

X = np.array([0.3, 1.2, -0.4])
POSITIVE = np.array([0.4, 1.3, 2.7])
UNIT = np.array([0.15, 0.5, 0.8])


def norm_logpdf_positional(x, mu, s): return np.sum(st.norm.logpdf(x, mu, s))
def norm_logpdf_keywords(x, mu, s): return np.sum(st.norm.logpdf(x, scale=s, loc=mu))
def norm_logpdf_standard(x): return np.sum(norm.logpdf(x))
def norm_pdf(x, mu, s): return np.sum(st.norm.pdf(x, loc=mu, scale=s))
def norm_cdf(x, mu): return np.sum(st.norm.cdf(x, mu))
def norm_logcdf(x, s): return np.sum(st.norm.logcdf(x, scale=s))
def norm_sf(x, mu, s): return np.sum(st.norm.sf(x, mu, s))
def norm_logsf(x): return np.sum(st.norm.logsf(x))
def norm_ppf(q, mu, s): return np.sum(st.norm.ppf(q, loc=mu, scale=s))
def t_logpdf(x, df, mu, s): return np.sum(st.t.logpdf(x, df, mu, s))
def t_logpdf_keywords(x, df): return np.sum(st.t.logpdf(x, df=df, scale=1.5))
def t_pdf(x, df): return np.sum(st.t.pdf(x, df))
def t_cdf(x, mu): return np.sum(st.t.cdf(x, 3.0, loc=mu))
def t_logcdf(x, s): return np.sum(st.t.logcdf(x, df=4.0, scale=s))
def t_sf(x): return np.sum(st.t.sf(x, 2.5))
def gamma_logpdf(x, a, s): return np.sum(st.gamma.logpdf(x, a, scale=s))
def gamma_logpdf_keywords(x, a): return np.sum(st.gamma.logpdf(x, a=a, loc=-0.2))
def gamma_pdf(x, a): return np.sum(st.gamma.pdf(x, a))
def gamma_cdf(x, s): return np.sum(st.gamma.cdf(x, 2.5, scale=s))
def gamma_logcdf(x): return np.sum(st.gamma.logcdf(x, a=1.7))
def chi2_logpdf(x, df, s): return np.sum(st.chi2.logpdf(x, df, loc=-0.1, scale=s))
def chi2_logpdf_keywords(x, df): return np.sum(st.chi2.logpdf(x, df=df))
def chi2_pdf(x, df): return np.sum(st.chi2.pdf(x, df))
def chi2_cdf(x, s): return np.sum(st.chi2.cdf(x, 3, scale=s))
def chi2_logcdf(x): return np.sum(st.chi2.logcdf(x, df=4))
def beta_logpdf(x, a, b): return np.sum(st.beta.logpdf(x, a, b))
def beta_logpdf_keywords(x, a, b): return np.sum(st.beta.logpdf(x, a=a, b=b, loc=-0.05, scale=1.1))
def beta_pdf(x, a, b): return np.sum(st.beta.pdf(x, a, b))
def beta_cdf(x): return np.sum(st.beta.cdf(x, 2.0, 3.0))
def beta_logcdf(x, s): return np.sum(st.beta.logcdf(x, 2.0, 3.0, scale=s))


COUNTS = np.array([0, 2, 5])


def poisson_logpmf(mu): return np.sum(st.poisson.logpmf(COUNTS, mu))
def poisson_logpmf_keywords(mu): return np.sum(st.poisson.logpmf(COUNTS, mu=mu, loc=-1))
def poisson_pmf(mu): return np.sum(st.poisson.pmf(COUNTS, mu))
def poisson_cdf(mu): return np.sum(st.poisson.cdf(COUNTS, mu))
def poisson_logcdf(mu): return np.sum(st.poisson.logcdf(COUNTS, mu))


COV = np.array([[2.0, 0.3, 0.1], [0.3, 1.5, 0.2], [0.1, 0.2, 1.0]])
POINTS = np.array([[0.2, -0.5, 1.0], [1.5, 0.3, -0.7], [-0.4, 0.8, 0.1], [0.0, 0.0, 0.5]])


def mvn_logpdf_points(x, mean, cov): return np.sum(st.multivariate_normal.logpdf(x, mean, cov))
def mvn_logpdf_one_point(x, mean, cov): return st.multivariate_normal.logpdf(x, mean=mean, cov=cov)
def mvn_logpdf_no_mean(x, cov): return np.sum(st.multivariate_normal.logpdf(x, cov=cov))
def mvn_pdf(x, mean): return st.multivariate_normal.pdf(x, mean, COV)
def mvn_points_of_dimension_one(x):    # SciPy: a vector (or a number) with no mean is points of dimension 1
    return np.sum(np.sin(st.multivariate_normal.logpdf(x))) + st.multivariate_normal.logpdf(x[0], 0.2, 3.0)
def mvn_one_row_squeezed(x, mean): return st.multivariate_normal.logpdf(x[:1], mean, COV) * 2.0    # a number, as SciPy's
def dirichlet_logpdf(alpha): return st.dirichlet.logpdf(np.array([0.2, 0.3, 0.5]), alpha)
def dirichlet_pdf(alpha): return st.dirichlet.pdf(np.array([0.2, 0.3, 0.5]), alpha)
def dirichlet_logpdf_columns(alpha): return np.sum(st.dirichlet.logpdf(np.array([[0.2, 0.6], [0.3, 0.1], [0.5, 0.3]]), alpha))


CASES = [
    (norm_logpdf_positional, (X, 0.5, 1.3)), (norm_logpdf_keywords, (X, 0.5, 1.3)),
    (norm_logpdf_standard, (X,)), (norm_pdf, (X, -0.2, 0.8)), (norm_cdf, (X, 0.4)), (norm_logcdf, (X, 1.7)),
    (norm_sf, (X, 0.1, 2.0)), (norm_logsf, (X,)), (norm_ppf, (UNIT, 0.3, 1.7)),
    (t_logpdf, (X, 3.5, 0.2, 1.4)), (t_logpdf_keywords, (X, 5.0)), (t_pdf, (X, 2.5)), (t_cdf, (X, 0.1)), (t_logcdf, (X, 1.3)), (t_sf, (X,)),
    (gamma_logpdf, (POSITIVE, 2.2, 1.5)), (gamma_logpdf_keywords, (POSITIVE, 1.7)), (gamma_pdf, (POSITIVE, 3.0)),
    (gamma_cdf, (POSITIVE, 0.8)), (gamma_logcdf, (POSITIVE,)),
    (chi2_logpdf, (POSITIVE, 3.5, 1.2)), (chi2_logpdf_keywords, (POSITIVE, 2.5)), (chi2_pdf, (POSITIVE, 4.0)),
    (chi2_cdf, (POSITIVE, 1.3)), (chi2_logcdf, (POSITIVE,)),
    (beta_logpdf, (UNIT, 2.0, 3.5)), (beta_logpdf_keywords, (UNIT, 1.5, 2.5)), (beta_pdf, (UNIT, 2.5, 1.5)),
    (beta_cdf, (UNIT,)), (beta_logcdf, (UNIT, 1.2)),
    (poisson_logpmf, (2.3,)), (poisson_logpmf_keywords, (1.4,)), (poisson_pmf, (3.1,)), (poisson_cdf, (2.3,)),
    (poisson_logcdf, (0.9,)),
    (mvn_logpdf_points, (POINTS, np.array([0.1, -0.2, 0.3]), COV)),
    (mvn_logpdf_one_point, (POINTS[0], np.array([0.1, -0.2, 0.3]), COV)),
    (mvn_logpdf_no_mean, (POINTS, COV)), (mvn_pdf, (POINTS[1], np.zeros(3))),
    (mvn_points_of_dimension_one, (POINTS[:, 0],)), (mvn_one_row_squeezed, (POINTS, np.array([0.1, -0.2, 0.3]))),
    (dirichlet_logpdf, (np.array([1.5, 2.0, 3.0]),)), (dirichlet_pdf, (np.array([1.5, 2.0, 3.0]),)),
    (dirichlet_logpdf_columns, (np.array([1.5, 2.0, 3.0]),)),
]


(test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy, test_forward_mode_matches_reverse,
 test_hvp_matches_differences_of_the_gradient) = composition_checks.checks_of(CASES, 0.5)


def dirichlet_in_x(x, alpha):
    return st.dirichlet.logpdf(x, alpha)


def test_dirichlet_gradient_in_x_is_the_log_density_gradient():
    # SciPy refuses x off the simplex, so finite differences cannot move one coordinate
    x, alpha = np.array([0.2, 0.3, 0.5]), np.array([1.5, 2.0, 3.0])
    np.testing.assert_allclose(transpiler.grad(dirichlet_in_x)(x, alpha), (alpha - 1) / x, rtol=1e-12)


def t_cdf_active_df(x, df):
    return st.t.cdf(x, df)


def test_t_cdf_refuses_an_active_df_and_names_the_line():
    with pytest.raises(NonDifferentiableError) as info:
        transpiler.grad(t_cdf_active_df, wrt=1)(0.4, 3.0)
    assert "stdtr" in str(info.value)


def gamma_cdf_active_shape(x, a):
    return st.gamma.cdf(x, a)


def test_gamma_cdf_in_its_shape_parameter_too():
    # gammainc in its parameter: a series (scipy_special_parameters.py)
    assert check_grad(gamma_cdf_active_shape, 1.2, 2.0, wrt=1).ok
    assert check_grad(gamma_cdf_active_shape, 1.2, 2.0, wrt=0).ok


def loop_of_norm_logpdfs(mus, x):
    total = 0.0
    for mu in mus:
        total = total + np.sum(norm.logpdf(x, loc=mu, scale=2.0))
    return total


def test_inside_a_loop():
    assert check_grad(loop_of_norm_logpdfs, np.array([0.1, -0.3, 0.8]), X, wrt=(0, 1)).ok


def test_generated_code_inlines_the_density():
    source = transpiler.grad(norm_logpdf_keywords, wrt=(1, 2)).source()
    assert "logpdf" not in source.split("def norm_logpdf_keywords_grad")[1].split('"""')[2]


def mvn_in_cov(cov, x):
    return np.sum(st.multivariate_normal.logpdf(x, cov=cov))


def test_multivariate_normal_hessian_in_the_covariance():
    # SciPy reads cov's lower triangle; so does the composition: its Hessian against differences
    # of the gradient along a symmetric direction
    v = np.array([[0.2, 0.1, 0.0], [0.1, -0.3, 0.05], [0.0, 0.05, 0.1]])
    got = transpiler.hvp(mvn_in_cov, COV, v, POINTS)
    h = 1e-5
    g = transpiler.grad(mvn_in_cov)
    np.testing.assert_allclose(got, (g(COV + h * v, POINTS) - g(COV - h * v, POINTS)) / (2 * h), rtol=1e-5, atol=1e-8)


def scalar_log_likelihood(x, mu, s):
    return norm.logpdf(x, mu, s) + st.gamma.logpdf(s, 2.0) + st.t.logpdf(x, 4.0, loc=mu)


def test_check_symbolic_through_the_compositions():
    from transpiler.check.symbolic import check_symbolic

    report = check_symbolic(scalar_log_likelihood, 0.4, -0.2, 1.3, wrt=(0, 1, 2))
    assert report.ok, str(report)


def frozen(x, mu):
    distribution = norm(mu, 2.0)
    return distribution.logpdf(x)


def test_a_frozen_distribution_bound_to_a_name_is_the_distributions_method():
    # (frontend/frozen_distributions.py: `distribution.logpdf(x)` is norm.logpdf(x, mu, 2.0))
    np.testing.assert_allclose(transpiler.grad(frozen, wrt=(0, 1))(0.3, 0.1), (-0.2 / 4, 0.2 / 4))


# --------------------------------------------------------------------------- outside the support
OUTSIDE = np.array([-0.5, 0.4, 1.5])      # below gamma's and chi2's support; beta's: below, inside, above


def gamma_logpdf_outside(x): return np.sum(st.gamma.logpdf(x, 2.0, scale=0.8))
def gamma_pdf_outside(x): return np.sum(st.gamma.pdf(x, 2.0))
def gamma_cdf_outside(x): return np.sum(st.gamma.cdf(x, 0.7))
def gamma_logcdf_outside(x): return np.sum(st.gamma.logcdf(x, 2.0))
def chi2_logpdf_outside(x): return np.sum(st.chi2.logpdf(x, 3.0))
def chi2_cdf_outside(x): return np.sum(st.chi2.cdf(x, 3.0))
def beta_logpdf_outside(x): return np.sum(st.beta.logpdf(x, 2.0, 3.0))
def beta_pdf_outside(x): return np.sum(st.beta.pdf(x, 2.0, 3.0))
def beta_cdf_outside(x): return np.sum(st.beta.cdf(x, 2.0, 3.0))
def beta_logcdf_outside(x): return np.sum(st.beta.logcdf(x, 2.0, 3.0))


@pytest.mark.parametrize("fn", [gamma_logpdf_outside, gamma_pdf_outside, gamma_cdf_outside, gamma_logcdf_outside,
                                chi2_logpdf_outside, chi2_cdf_outside, beta_logpdf_outside, beta_pdf_outside,
                                beta_cdf_outside, beta_logcdf_outside], ids=lambda f: f.__name__)
def test_outside_the_support_the_value_is_scipys_and_the_derivative_zero(fn):
    with np.errstate(all="ignore"):
        value, gradient = transpiler.value_and_grad(fn)(OUTSIDE)
        expected = fn(OUTSIDE)
    np.testing.assert_allclose(value, expected, rtol=1e-12)      # -inf where SciPy gives -inf
    assert gradient[0] == 0 and np.all(np.isfinite(gradient))
    if not fn.__name__.startswith(("gamma", "chi2")):
        assert gradient[2] == 0                                     # above beta's support too


def mvn_scalar_variance(x, mean, variance): return st.multivariate_normal.logpdf(x, mean, variance)
def mvn_diagonal_variances(x, variances): return np.sum(st.multivariate_normal.logpdf(x, np.zeros(3), cov=variances))
def mvn_default_cov(x): return st.multivariate_normal.logpdf(x)


def test_multivariate_normal_with_a_variance_or_the_diagonals_variances():
    assert check_grad(mvn_scalar_variance, POINTS[0], np.ones(3), 1.7, wrt=(0, 1, 2)).ok
    assert check_grad(mvn_diagonal_variances, POINTS, np.array([1.5, 0.7, 2.0]), wrt=(0, 1)).ok


def test_multivariate_normal_never_reads_a_1d_x_as_one_point_where_scipy_reads_points():
    # no mean and a scalar cov: SciPy's dimension is 1 and x holds three points; the composition
    # cannot tell at compile time, and fails at run time rather than return another number
    with pytest.raises(ValueError):
        transpiler.value_and_grad(mvn_default_cov)(np.array([0.1, 0.2, 0.3]))
    assert check_grad(mvn_default_cov, np.array([0.4]), wrt=0).ok


def t_cdf_at_its_centre(x):
    return st.t.cdf(x, 3.0)


def test_t_cdf_derivative_at_the_centre_is_the_density():
    assert transpiler.grad(t_cdf_at_its_centre)(0.0) == pytest.approx(st.t.pdf(0.0, 3.0), rel=1e-14)


ODD_COUNTS = np.array([-2.0, 1.5, 3.0])


def poisson_pmf_odd_counts(mu): return np.sum(st.poisson.pmf(ODD_COUNTS, mu))
def poisson_logpmf_odd_counts(mu): return np.sum(st.poisson.logpmf(ODD_COUNTS, mu))
def poisson_cdf_odd_counts(mu): return np.sum(st.poisson.cdf(ODD_COUNTS, mu))
def poisson_logcdf_odd_counts(mu): return np.sum(st.poisson.logcdf(ODD_COUNTS, mu))


@pytest.mark.parametrize("fn", [poisson_pmf_odd_counts, poisson_logpmf_odd_counts, poisson_cdf_odd_counts,
                                poisson_logcdf_odd_counts], ids=lambda f: f.__name__)
def test_poisson_at_negative_and_non_integer_counts_is_scipys(fn):
    with np.errstate(all="ignore"):
        value, gradient = transpiler.value_and_grad(fn)(2.2)
        expected = fn(2.2)
    np.testing.assert_allclose(value, expected, rtol=1e-12)
    if np.isfinite(expected):
        assert check_grad(fn, 2.2).ok
