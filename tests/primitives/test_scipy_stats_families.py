"""scipy.stats, the families of scipy_stats_continuous.py and scipy_stats_discrete.py: each
composed method against SciPy's own value and central finite differences of SciPy's function in
every continuous argument (x, shape parameters, loc, scale; positional and by keyword), forward
mode against reverse, and Hessian-vector products against differences of the gradient."""
import composition_checks
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.stats as st  # noqa: E402
from scipy.stats import expon, laplace  # noqa: E402

import transpiler  # noqa: E402
from transpiler import check_grad  # noqa: E402

X = np.array([0.3, 1.2, -0.4])
POSITIVE = np.array([0.4, 1.3, 2.7])
UNIT = np.array([0.15, 0.5, 0.8])
ABOVE_ONE = np.array([1.2, 1.9, 3.4])

# (name, function, arguments): the function sums SciPy's method over x
def expon_logpdf(x, s): return np.sum(st.expon.logpdf(x, scale=s))
def expon_logpdf_loc(x, m, s): return np.sum(expon.logpdf(x, m, s))
def expon_pdf(x, s): return np.sum(st.expon.pdf(x, loc=-0.1, scale=s))
def expon_cdf(x, m, s): return np.sum(st.expon.cdf(x, loc=m, scale=s))
def expon_logcdf(x, s): return np.sum(st.expon.logcdf(x, 0.0, s))
def expon_sf(x, s): return np.sum(st.expon.sf(x, scale=s))
def expon_logsf(x, m): return np.sum(st.expon.logsf(x, loc=m))
def expon_ppf(q, s): return np.sum(st.expon.ppf(q, scale=s))
def cauchy_logpdf(x, m, s): return np.sum(st.cauchy.logpdf(x, m, s))
def cauchy_pdf(x, s): return np.sum(st.cauchy.pdf(x, scale=s))
def cauchy_cdf(x, m, s): return np.sum(st.cauchy.cdf(x, loc=m, scale=s))
def cauchy_logcdf(x, m): return np.sum(st.cauchy.logcdf(x, m))
def cauchy_sf(x, s): return np.sum(st.cauchy.sf(x, scale=s))
def cauchy_logsf(x, m, s): return np.sum(st.cauchy.logsf(x, m, s))
def cauchy_ppf(q, s): return np.sum(st.cauchy.ppf(q, 0.2, s))
def cauchy_isf(q, m): return np.sum(st.cauchy.isf(q, loc=m))
def laplace_logpdf(x, m, s): return np.sum(laplace.logpdf(x, m, s))
def laplace_pdf(x, s): return np.sum(st.laplace.pdf(x, scale=s))
def laplace_cdf(x, m, s): return np.sum(st.laplace.cdf(x, loc=m, scale=s))
def laplace_logcdf(x, m): return np.sum(st.laplace.logcdf(x, m))
def laplace_sf(x, m, s): return np.sum(st.laplace.sf(x, m, s))
def laplace_logsf(x, s): return np.sum(st.laplace.logsf(x, scale=s))
def laplace_ppf(q, s): return np.sum(st.laplace.ppf(q, 0.3, s))
def logistic_logpdf(x, m, s): return np.sum(st.logistic.logpdf(x, m, s))
def logistic_pdf(x, s): return np.sum(st.logistic.pdf(x, scale=s))
def logistic_cdf(x, m, s): return np.sum(st.logistic.cdf(x, loc=m, scale=s))
def logistic_logcdf(x, m, s): return np.sum(st.logistic.logcdf(x, m, s))
def logistic_sf(x, m): return np.sum(st.logistic.sf(x, loc=m))
def logistic_logsf(x, s): return np.sum(st.logistic.logsf(x, scale=s))
def logistic_ppf(q, m, s): return np.sum(st.logistic.ppf(q, m, s))
def logistic_isf(q, s): return np.sum(st.logistic.isf(q, scale=s))
def lognorm_logpdf(x, shape, s): return np.sum(st.lognorm.logpdf(x, shape, scale=s))
def lognorm_logpdf_keywords(x, shape, m): return np.sum(st.lognorm.logpdf(x, s=shape, loc=m))
def lognorm_pdf(x, shape): return np.sum(st.lognorm.pdf(x, shape))
def lognorm_cdf(x, shape, s): return np.sum(st.lognorm.cdf(x, shape, 0.0, s))
def lognorm_logcdf(x, shape): return np.sum(st.lognorm.logcdf(x, shape))
def lognorm_sf(x, shape, m): return np.sum(st.lognorm.sf(x, shape, loc=m))
def lognorm_logsf(x, shape): return np.sum(st.lognorm.logsf(x, s=shape))
def uniform_logpdf(x, s): return np.sum(st.uniform.logpdf(x, -0.1, s))
def uniform_pdf(x, s): return np.sum(st.uniform.pdf(x, scale=s))
def uniform_cdf(x, m, s): return np.sum(st.uniform.cdf(x, m, s))
def uniform_logcdf(x, m, s): return np.sum(st.uniform.logcdf(x, loc=m, scale=s))
def uniform_sf(x, m, s): return np.sum(st.uniform.sf(x, m, s))
def uniform_logsf(x, s): return np.sum(st.uniform.logsf(x, scale=s))
def uniform_ppf(q, m, s): return np.sum(st.uniform.ppf(q, m, s))
def halfnorm_logpdf(x, m, s): return np.sum(st.halfnorm.logpdf(x, m, s))
def halfnorm_pdf(x, s): return np.sum(st.halfnorm.pdf(x, scale=s))
def halfnorm_cdf(x, m, s): return np.sum(st.halfnorm.cdf(x, loc=m, scale=s))
def halfnorm_logcdf(x, s): return np.sum(st.halfnorm.logcdf(x, scale=s))
def halfnorm_sf(x, m): return np.sum(st.halfnorm.sf(x, m))
def halfnorm_logsf(x, s): return np.sum(st.halfnorm.logsf(x, 0.0, s))
def invgamma_logpdf(x, a, s): return np.sum(st.invgamma.logpdf(x, a, scale=s))
def invgamma_logpdf_keywords(x, a, m): return np.sum(st.invgamma.logpdf(x, a=a, loc=m))
def invgamma_pdf(x, a): return np.sum(st.invgamma.pdf(x, a))
def invgamma_cdf(x, s): return np.sum(st.invgamma.cdf(x, 2.5, scale=s))
def invgamma_logcdf(x): return np.sum(st.invgamma.logcdf(x, a=1.7))
def invgamma_sf(x, m): return np.sum(st.invgamma.sf(x, 3.0, loc=m))
def invgamma_logsf(x, s): return np.sum(st.invgamma.logsf(x, 2.0, 0.0, s))
def weibull_min_logpdf(x, c, s): return np.sum(st.weibull_min.logpdf(x, c, scale=s))
def weibull_min_logpdf_keywords(x, c, m): return np.sum(st.weibull_min.logpdf(x, c=c, loc=m))
def weibull_min_pdf(x, c): return np.sum(st.weibull_min.pdf(x, c))
def weibull_min_cdf(x, c, s): return np.sum(st.weibull_min.cdf(x, c, 0.0, s))
def weibull_min_logcdf(x, c): return np.sum(st.weibull_min.logcdf(x, c))
def weibull_min_sf(x, c): return np.sum(st.weibull_min.sf(x, c))
def weibull_min_logsf(x, c, m): return np.sum(st.weibull_min.logsf(x, c, loc=m))
def gumbel_r_logpdf(x, m, s): return np.sum(st.gumbel_r.logpdf(x, m, s))
def gumbel_r_pdf(x, s): return np.sum(st.gumbel_r.pdf(x, scale=s))
def gumbel_r_cdf(x, m, s): return np.sum(st.gumbel_r.cdf(x, loc=m, scale=s))
def gumbel_r_logcdf(x, m): return np.sum(st.gumbel_r.logcdf(x, m))
def gumbel_r_sf(x, m, s): return np.sum(st.gumbel_r.sf(x, m, s))
def gumbel_r_logsf(x, s): return np.sum(st.gumbel_r.logsf(x, scale=s))
def pareto_logpdf(x, b, s): return np.sum(st.pareto.logpdf(x, b, scale=s))
def pareto_logpdf_keywords(x, b, m): return np.sum(st.pareto.logpdf(x, b=b, loc=m))
def pareto_pdf(x, b): return np.sum(st.pareto.pdf(x, b))
def pareto_cdf(x, b, s): return np.sum(st.pareto.cdf(x, b, 0.0, s))
def pareto_logcdf(x, b): return np.sum(st.pareto.logcdf(x, b))
def pareto_sf(x, b): return np.sum(st.pareto.sf(x, b))
def pareto_logsf(x, b, m): return np.sum(st.pareto.logsf(x, b, loc=m))
def pareto_ppf(q, b, s): return np.sum(st.pareto.ppf(q, b, scale=s))


COUNTS = np.array([0.0, 2.0, 5.0])
MULTI = np.array([[1.0, 2.0, 3.0], [0.0, 4.0, 2.0]])


def gamma_sf(x, s): return np.sum(st.gamma.sf(x, 2.2, scale=s))
def gamma_logsf(x, m): return np.sum(st.gamma.logsf(x, 2.5, loc=m))
def chi2_sf(x, s): return np.sum(st.chi2.sf(x, 3, scale=s))
def chi2_logsf(x, m): return np.sum(st.chi2.logsf(x, df=4, loc=m))
def beta_sf(x, s): return np.sum(st.beta.sf(x, 2.0, 3.0, scale=s))
def beta_logsf(x, m): return np.sum(st.beta.logsf(x, a=1.5, b=2.5, loc=m))
def norm_isf(q, m, s): return np.sum(st.norm.isf(q, m, s))
def truncnorm_logpdf(x, a, b, s): return np.sum(st.truncnorm.logpdf(x, a, b, scale=s))
def truncnorm_logpdf_keywords(x, a, m): return np.sum(st.truncnorm.logpdf(x, a=a, b=np.inf, loc=m))
def truncnorm_pdf(x, b): return np.sum(st.truncnorm.pdf(x, 0.5, b))
def truncnorm_cdf(x, a, b, m): return np.sum(st.truncnorm.cdf(x, a, b, loc=m))
def truncnorm_logcdf(x, s): return np.sum(st.truncnorm.logcdf(x, -1.0, 2.5, 0.1, s))
def truncnorm_sf(x, a, b): return np.sum(st.truncnorm.sf(x, a, b))
def truncnorm_logsf(x, m): return np.sum(st.truncnorm.logsf(x, -2.0, 1.5, loc=m))
def gennorm_logpdf(x, beta, m, s): return np.sum(st.gennorm.logpdf(x, beta, m, s))
def gennorm_pdf(x, beta): return np.sum(st.gennorm.pdf(x, beta=beta, scale=1.3))
def gennorm_cdf(x, m, s): return np.sum(st.gennorm.cdf(x, 1.5, loc=m, scale=s))
def vonmises_logpdf(x, kappa, m): return np.sum(st.vonmises.logpdf(x, kappa, m))
def vonmises_pdf(x, kappa, s): return np.sum(st.vonmises.pdf(x, kappa=kappa, scale=s))
def wrapcauchy_logpdf(x, c, m): return np.sum(st.wrapcauchy.logpdf(x, c, loc=m))
def wrapcauchy_pdf(x, c): return np.sum(st.wrapcauchy.pdf(x, c))
def bernoulli_logpmf(p): return np.sum(st.bernoulli.logpmf(np.array([0.0, 1.0, 1.0]), p))
def bernoulli_pmf(p): return np.sum(st.bernoulli.pmf(np.array([1.0, 2.0]), p=p, loc=1))
def bernoulli_cdf(p): return np.sum(st.bernoulli.cdf(np.array([-0.5, 0.0, 0.5, 1.0]), p))
def binom_logpmf(p): return np.sum(st.binom.logpmf(COUNTS, 7, p))
def binom_logpmf_keywords(p): return np.sum(st.binom.logpmf(COUNTS, n=6, p=p, loc=-1))
def binom_pmf(p): return np.sum(st.binom.pmf(COUNTS, 5, p))
def binom_cdf(p): return np.sum(st.binom.cdf(COUNTS, 6, p))
def binom_sf(p): return np.sum(st.binom.sf(COUNTS, n=6, p=p))
def nbinom_logpmf(n, p): return np.sum(st.nbinom.logpmf(COUNTS, n, p))
def nbinom_logpmf_keywords(n, p): return np.sum(st.nbinom.logpmf(COUNTS, n=n, p=p, loc=-1))
def nbinom_pmf(n, p): return np.sum(st.nbinom.pmf(COUNTS, n, p))
def nbinom_cdf(p): return np.sum(st.nbinom.cdf(COUNTS, 2.5, p))
def betabinom_logpmf(a, b): return np.sum(st.betabinom.logpmf(COUNTS, 6, a, b))
def betabinom_pmf(a, b): return np.sum(st.betabinom.pmf(COUNTS, n=5, a=a, b=b, loc=-1))
def geom_logpmf(p): return np.sum(st.geom.logpmf(COUNTS + 1, p))
def geom_pmf(p): return np.sum(st.geom.pmf(COUNTS, p=p, loc=-1))
def geom_cdf(p): return np.sum(st.geom.cdf(COUNTS, p))
def geom_sf(p): return np.sum(st.geom.sf(COUNTS, p))
def geom_logsf(p): return np.sum(st.geom.logsf(COUNTS, p))
def on_simplex(q): return np.concatenate([q, 1 - np.sum(q, keepdims=True)])
def multinomial_logpmf(q): return np.sum(st.multinomial.logpmf(MULTI, 6, on_simplex(q)))
def multinomial_pmf(q): return st.multinomial.pmf(MULTI[0], n=6, p=on_simplex(q))


CASES = [
    (expon_logpdf, (POSITIVE, 1.4)), (expon_logpdf_loc, (POSITIVE, 0.1, 1.4)), (expon_pdf, (POSITIVE, 0.7)),
    (expon_cdf, (POSITIVE, -0.2, 1.1)), (expon_logcdf, (POSITIVE, 0.8)), (expon_sf, (POSITIVE, 1.6)),
    (expon_logsf, (POSITIVE, 0.2)), (expon_ppf, (UNIT, 1.3)),
    (cauchy_logpdf, (X, 0.2, 1.3)), (cauchy_pdf, (X, 0.8)), (cauchy_cdf, (X, -0.1, 1.2)), (cauchy_logcdf, (X, 0.4)),
    (cauchy_sf, (X, 1.5)), (cauchy_logsf, (X, 0.1, 0.9)), (cauchy_ppf, (UNIT, 1.2)), (cauchy_isf, (UNIT, -0.3)),
    (laplace_logpdf, (X, 0.1, 1.3)), (laplace_pdf, (X, 0.8)), (laplace_cdf, (X, 0.2, 1.1)), (laplace_logcdf, (X, 0.05)),
    (laplace_sf, (X, -0.1, 0.7)), (laplace_logsf, (X, 1.4)), (laplace_ppf, (np.array([0.15, 0.4, 0.8]), 1.2)),
    (logistic_logpdf, (X, 0.2, 1.3)), (logistic_pdf, (X, 0.8)), (logistic_cdf, (X, -0.1, 1.2)),
    (logistic_logcdf, (X, 0.3, 0.9)), (logistic_sf, (X, 0.4)), (logistic_logsf, (X, 1.6)),
    (logistic_ppf, (UNIT, 0.2, 1.4)), (logistic_isf, (UNIT, 0.7)),
    (lognorm_logpdf, (POSITIVE, 0.8, 1.3)), (lognorm_logpdf_keywords, (POSITIVE, 1.1, -0.2)),
    (lognorm_pdf, (POSITIVE, 0.6)), (lognorm_cdf, (POSITIVE, 0.9, 1.2)), (lognorm_logcdf, (POSITIVE, 1.3)),
    (lognorm_sf, (POSITIVE, 0.7, 0.1)), (lognorm_logsf, (POSITIVE, 1.2)),
    (uniform_logpdf, (UNIT, 1.3)), (uniform_pdf, (UNIT, 1.5)), (uniform_cdf, (UNIT, 0.1, 0.8)),
    (uniform_logcdf, (UNIT, 0.05, 1.1)), (uniform_sf, (UNIT, -0.1, 1.2)), (uniform_logsf, (UNIT, 1.3)),
    (uniform_ppf, (UNIT, 0.2, 1.5)),
    (halfnorm_logpdf, (POSITIVE, 0.1, 1.3)), (halfnorm_pdf, (POSITIVE, 0.9)), (halfnorm_cdf, (POSITIVE, -0.1, 1.4)),
    (halfnorm_logcdf, (POSITIVE, 1.1)), (halfnorm_sf, (POSITIVE, 0.2)), (halfnorm_logsf, (POSITIVE, 1.7)),
    (invgamma_logpdf, (POSITIVE, 2.2, 1.5)), (invgamma_logpdf_keywords, (POSITIVE, 1.7, -0.1)),
    (invgamma_pdf, (POSITIVE, 3.0)), (invgamma_cdf, (POSITIVE, 0.8)), (invgamma_logcdf, (POSITIVE,)),
    (invgamma_sf, (POSITIVE, 0.1)), (invgamma_logsf, (POSITIVE, 1.3)),
    (weibull_min_logpdf, (POSITIVE, 1.8, 1.2)), (weibull_min_logpdf_keywords, (POSITIVE, 2.3, -0.2)),
    (weibull_min_pdf, (POSITIVE, 1.5)), (weibull_min_cdf, (POSITIVE, 1.7, 0.9)), (weibull_min_logcdf, (POSITIVE, 2.1)),
    (weibull_min_sf, (POSITIVE, 0.8)), (weibull_min_logsf, (POSITIVE, 1.4, 0.1)),
    (gumbel_r_logpdf, (X, 0.2, 1.3)), (gumbel_r_pdf, (X, 0.8)), (gumbel_r_cdf, (X, -0.1, 1.2)),
    (gumbel_r_logcdf, (X, 0.3)), (gumbel_r_sf, (X, 0.1, 0.9)), (gumbel_r_logsf, (X, 1.4)),
    (pareto_logpdf, (ABOVE_ONE, 2.2, 1.05)), (pareto_logpdf_keywords, (ABOVE_ONE, 1.7, 0.1)),
    (pareto_pdf, (ABOVE_ONE, 3.0)), (pareto_cdf, (ABOVE_ONE, 1.5, 0.9)), (pareto_logcdf, (ABOVE_ONE, 2.5)),
    (pareto_sf, (ABOVE_ONE, 1.2)), (pareto_logsf, (ABOVE_ONE, 2.0, 0.1)), (pareto_ppf, (UNIT, 2.5, 1.3)),
    (gamma_sf, (POSITIVE, 1.3)), (gamma_logsf, (POSITIVE, -0.1)), (chi2_sf, (POSITIVE, 1.2)),
    (chi2_logsf, (POSITIVE, 0.1)), (beta_sf, (UNIT, 1.1)), (beta_logsf, (UNIT, -0.05)), (norm_isf, (UNIT, 0.2, 1.3)),
    (truncnorm_logpdf, (X, -1.0, 1.5, 1.2)), (truncnorm_logpdf_keywords, (X, -0.8, -0.1)),
    (truncnorm_pdf, (POSITIVE, 3.0)), (truncnorm_cdf, (X, -1.2, 1.6, 0.1)), (truncnorm_logcdf, (X, 1.1)),
    (truncnorm_sf, (X, 0.2, 1.8)), (truncnorm_logsf, (X, 0.05)),
    (gennorm_logpdf, (X, 1.6, 0.1, 1.2)), (gennorm_pdf, (X, 2.5)), (gennorm_cdf, (X, 0.05, 1.3)),
    (vonmises_logpdf, (X, 2.0, 0.1)), (vonmises_pdf, (X, 1.5, 1.2)), (wrapcauchy_logpdf, (POSITIVE, 0.4, 0.1)),
    (wrapcauchy_pdf, (POSITIVE, 0.6)),
    (bernoulli_logpmf, (0.35,)), (bernoulli_pmf, (0.6,)), (bernoulli_cdf, (0.3,)),
    (binom_logpmf, (0.35,)), (binom_logpmf_keywords, (0.6,)), (binom_pmf, (0.45,)), (binom_cdf, (0.3,)),
    (binom_sf, (0.55,)), (nbinom_logpmf, (2.5, 0.4)), (nbinom_logpmf_keywords, (1.7, 0.6)), (nbinom_pmf, (3.2, 0.35)),
    (nbinom_cdf, (0.45,)), (geom_logpmf, (0.3,)), (geom_pmf, (0.45,)), (geom_cdf, (0.25,)), (geom_sf, (0.6,)),
    (geom_logsf, (0.35,)), (betabinom_logpmf, (2.3, 0.8)), (betabinom_pmf, (0.7, 1.9)),
    (multinomial_logpmf, (np.array([0.2, 0.3]),)), (multinomial_pmf, (np.array([0.25, 0.35]),)),
]


(test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy, test_forward_mode_matches_reverse,
 test_hvp_matches_differences_of_the_gradient) = composition_checks.checks_of(CASES, 0.01)


def multinomial_in_p(p):
    return np.sum(st.multinomial.logpmf(MULTI, 6, p))


def test_multinomial_gradient_in_p_is_counts_over_probabilities():
    # SciPy's p must lie on the simplex, so finite differences cannot move one entry alone
    p = np.array([0.2, 0.3, 0.5])
    np.testing.assert_allclose(transpiler.grad(multinomial_in_p)(p), np.sum(MULTI, axis=0) / p, rtol=1e-12)


def multinomial_off_support(p):
    return st.multinomial.logpmf(np.array([[1.0, 2.0, 2.0], [1.5, 2.0, 2.5], [1.0, 2.0, 3.0]]), 6, p)


def test_multinomial_counts_off_the_support_have_scipys_value_and_no_derivative():
    p = np.array([0.2, 0.3, 0.5])
    value, gradient = transpiler.value_and_grad(lambda q: np.sum(np.exp(multinomial_off_support(q))))(p)
    np.testing.assert_allclose(np.exp(multinomial_off_support(p)), np.exp(st.multinomial.logpmf(
        np.array([[1.0, 2.0, 2.0], [1.5, 2.0, 2.5], [1.0, 2.0, 3.0]]), 6, p)))
    assert value == pytest.approx(st.multinomial.pmf(np.array([1.0, 2.0, 3.0]), 6, p))
    np.testing.assert_allclose(gradient, st.multinomial.pmf(np.array([1.0, 2.0, 3.0]), 6, p) * np.array([1, 2, 3]) / p)


def outside_the_support(x, scale):
    return (st.expon.logpdf(x, scale=scale), st.pareto.cdf(x, 2.0, scale=scale),
            st.weibull_min.sf(x, 1.5, scale=scale), st.lognorm.logcdf(x, 0.8, scale=scale))


def sum_outside(x, scale):
    values = outside_the_support(x, scale)
    return sum(np.sum(np.where(np.isfinite(v), v, 0.0)) for v in values)


def test_outside_the_support_values_are_scipys_and_derivatives_are_finite():
    x = np.array([-0.5, 0.0, 0.7, 1.5])
    got = transpiler.value_and_grad(sum_outside, wrt=(0, 1))(x, 1.2)
    np.testing.assert_allclose(got[0], sum_outside(x, 1.2))
    assert all(np.all(np.isfinite(g)) for g in got[1])
    assert check_grad(sum_outside, np.array([-0.5, 0.7, 1.5]), 1.2, wrt=(0, 1)).ok


def laplace_mixture(xs, mus):
    total = 0.0
    for mu in mus:
        total = total + np.sum(laplace.pdf(xs, loc=mu, scale=0.9))
    return np.log(total)


def test_inside_a_loop_with_a_method_imported_by_name():
    assert check_grad(laplace_mixture, X, np.array([0.1, -0.7]), wrt=(0, 1)).ok


def float32_logistic(x):
    return np.sum(st.logistic.logcdf(x, scale=np.float32(1.5)))


def test_float32_input():
    x = np.array([0.3, -1.2], dtype=np.float32)
    gradient = transpiler.grad(float32_logistic)(x)
    np.testing.assert_allclose(gradient, transpiler.grad(float32_logistic)(x.astype(np.float64)), rtol=1e-5)


def frozen_expon(x, s):
    return expon(scale=s).logpdf(x)


def frozen_expon_bound_to_a_name(x, s):
    rv = expon(scale=s)
    return rv.logpdf(x)


def test_a_frozen_distributions_method_where_it_is_frozen_is_the_distributions_own():
    # (frontend/frozen_distributions.py: expon(scale=s).logpdf(x) is expon.logpdf(x, scale=s))
    np.testing.assert_allclose(transpiler.grad(frozen_expon, wrt=(0, 1))(0.4, 1.2), (-1 / 1.2, -1 / 1.2 + 0.4 / 1.2 ** 2))


def test_frozen_distribution_bound_to_a_name_is_the_distributions_own_method_too():
    np.testing.assert_allclose(transpiler.grad(frozen_expon_bound_to_a_name, wrt=(0, 1))(0.4, 1.2),
                               (-1 / 1.2, -1 / 1.2 + 0.4 / 1.2 ** 2))


def invgamma_cdf_active_shape(x, a):
    return st.invgamma.cdf(x, a)


def test_invgamma_cdf_in_its_shape_parameter_too():
    # gammaincc in its parameter: a series (scipy_special_parameters.py)
    assert transpiler.check_grad(invgamma_cdf_active_shape, 1.2, 2.0, wrt=1).ok
