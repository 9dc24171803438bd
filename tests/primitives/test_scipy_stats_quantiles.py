"""scipy.stats, the quantiles and remaining tails of primitives/scipy_stats_quantiles.py: each
method's value against SciPy's (out-of-range probabilities and counts, and the ends of the
support, included), its gradient against central finite differences of SciPy's function in
every continuous argument, forward mode against reverse, Hessian-vector products against
differences of the gradient; float32 kept; the inverses' shape parameters refused where written."""
import composition_checks
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.stats as st  # noqa: E402

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

X = np.array([-1.4, 0.3, 1.2, 2.9])
POSITIVE = np.array([0.4, 1.3, 2.7])
UNIT = np.array([0.03, 0.15, 0.5, 0.8, 0.97])
COUNTS = np.array([0.0, 2.0, 5.0])
# (laplace.isf is drawn away from q = 0.5, where its two branches meet and the second derivative jumps)


def t_logsf(x, m, s): return np.sum(st.t.logsf(x, 3.5, m, s))
def t_ppf(q, m, s): return np.sum(st.t.ppf(q, 3.5, loc=m, scale=s))
def t_isf(q, s): return np.sum(st.t.isf(q, df=2.5, scale=s))
def gamma_ppf(q, s): return np.sum(st.gamma.ppf(q, 2.2, scale=s))
def gamma_isf(q, m): return np.sum(st.gamma.isf(q, a=0.7, loc=m))
def chi2_ppf(q, s): return np.sum(st.chi2.ppf(q, 3, 0.0, s))
def chi2_isf(q, m): return np.sum(st.chi2.isf(q, df=4.5, loc=m))
def invgamma_ppf(q, s): return np.sum(st.invgamma.ppf(q, 2.5, scale=s))
def invgamma_isf(q, m, s): return np.sum(st.invgamma.isf(q, 1.5, m, s))
def beta_ppf(q, s): return np.sum(st.beta.ppf(q, 2.0, 3.5, scale=s))
def beta_isf(q, m): return np.sum(st.beta.isf(q, a=0.8, b=1.5, loc=m))
def lognorm_ppf(q, shape, s): return np.sum(st.lognorm.ppf(q, shape, scale=s))
def lognorm_isf(q, shape, m): return np.sum(st.lognorm.isf(q, s=shape, loc=m))
def weibull_min_ppf(q, c, s): return np.sum(st.weibull_min.ppf(q, c, scale=s))
def weibull_min_isf(q, c): return np.sum(st.weibull_min.isf(q, c=c))
def gumbel_r_ppf(q, m, s): return np.sum(st.gumbel_r.ppf(q, m, s))
def gumbel_r_isf(q, s): return np.sum(st.gumbel_r.isf(q, scale=s))
def halfnorm_ppf(q, m, s): return np.sum(st.halfnorm.ppf(q, m, s))
def halfnorm_isf(q, s): return np.sum(st.halfnorm.isf(q, scale=s))
def expon_isf(q, m, s): return np.sum(st.expon.isf(q, m, s))
def uniform_isf(q, m, s): return np.sum(st.uniform.isf(q, loc=m, scale=s))
def laplace_isf(q, s): return np.sum(st.laplace.isf(q, 0.2, s))
def pareto_isf(q, b, s): return np.sum(st.pareto.isf(q, b, scale=s))
def rayleigh_isf(q, m, s): return np.sum(st.rayleigh.isf(q, m, s))
def halfcauchy_isf(q, s): return np.sum(st.halfcauchy.isf(q, scale=s))
def halflogistic_isf(q, m, s): return np.sum(st.halflogistic.isf(q, m, s))
def halflogistic_logcdf(x, s): return np.sum(st.halflogistic.logcdf(x, scale=s))
def poisson_sf(mu): return np.sum(st.poisson.sf(COUNTS, mu))
def poisson_logsf(mu): return np.sum(st.poisson.logsf(COUNTS, mu, loc=-1))
def binom_logcdf(p): return np.sum(st.binom.logcdf(COUNTS, 6, p))
def binom_logsf(p): return np.sum(st.binom.logsf(COUNTS, n=7, p=p))
def nbinom_sf(p): return np.sum(st.nbinom.sf(COUNTS, 2.5, p))
def nbinom_logsf(p): return np.sum(st.nbinom.logsf(COUNTS, n=1.5, p=p))
def nbinom_logcdf(p): return np.sum(st.nbinom.logcdf(COUNTS, 2.5, p))
def bernoulli_sf(p): return np.sum(st.bernoulli.sf(np.array([-0.5, 0.0, 0.5]), p))
def bernoulli_logsf(p): return np.sum(st.bernoulli.logsf(np.array([-0.5, 0.0]), p))
def bernoulli_logcdf(p): return np.sum(st.bernoulli.logcdf(np.array([0.0, 0.5, 1.0]), p=p))
def geom_logcdf(p): return np.sum(st.geom.logcdf(COUNTS + 1, p))


CASES = [
    (t_logsf, (X, 0.1, 1.2)), (t_ppf, (UNIT, 0.1, 1.2)), (t_isf, (UNIT, 0.9)), (gamma_ppf, (UNIT, 1.3)),
    (gamma_isf, (UNIT, 0.1)), (chi2_ppf, (UNIT, 1.2)), (chi2_isf, (UNIT, -0.2)), (invgamma_ppf, (UNIT, 1.1)),
    (invgamma_isf, (UNIT, 0.1, 2.0)), (beta_ppf, (UNIT, 1.4)), (beta_isf, (UNIT, 0.2)),
    (lognorm_ppf, (UNIT, 0.8, 1.5)), (lognorm_isf, (UNIT, 0.6, 0.1)), (weibull_min_ppf, (UNIT, 1.7, 1.2)),
    (weibull_min_isf, (UNIT, 0.9)), (gumbel_r_ppf, (UNIT, 0.2, 1.3)), (gumbel_r_isf, (UNIT, 0.8)),
    (halfnorm_ppf, (UNIT, 0.1, 1.2)), (halfnorm_isf, (UNIT, 1.6)), (expon_isf, (UNIT, 0.1, 1.4)),
    (uniform_isf, (UNIT, -0.3, 2.0)), (laplace_isf, (np.array([0.15, 0.4, 0.8]), 1.1)), (pareto_isf, (UNIT, 2.5, 1.4)),
    (rayleigh_isf, (UNIT, 0.1, 1.4)), (halfcauchy_isf, (UNIT, 0.7)), (halflogistic_isf, (UNIT, 0.1, 1.4)),
    (halflogistic_logcdf, (POSITIVE, 1.2)), (poisson_sf, (3.2,)), (poisson_logsf, (1.7,)), (binom_logcdf, (0.35,)),
    (binom_logsf, (0.45,)), (nbinom_sf, (0.4,)), (nbinom_logsf, (0.6,)), (nbinom_logcdf, (0.35,)),
    (bernoulli_sf, (0.3,)), (bernoulli_logsf, (0.6,)), (bernoulli_logcdf, (0.25,)), (geom_logcdf, (0.3,)),
]


(test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy, test_forward_mode_matches_reverse,
 test_hvp_matches_differences_of_the_gradient) = composition_checks.checks_of(CASES, 0.005)


# --------------------------------------------------------------------------- values at the edges
EDGES = np.array([-0.1, 0.0, 1e-12, 0.5, 1.0 - 1e-12, 1.0, 1.2])
TAILS = np.array([-3.0, 0.0, 0.2, 1.3, 40.0])
DRAWS = np.array([-1.0, 0.0, 2.5, 6.0, 30.0])


def every_edge(q, x, k):
    return (st.t.ppf(q, 3.5), st.t.isf(q, 2.5, 0.1, 2.0), st.t.logsf(x, 3.5), st.gamma.ppf(q, 2.2), st.gamma.isf(q, 0.7),
            st.chi2.ppf(q, 3), st.chi2.isf(q, 4.5), st.invgamma.ppf(q, 2.5), st.invgamma.isf(q, 1.5),
            st.beta.ppf(q, 2.0, 3.5), st.beta.isf(q, 0.5, 1.5), st.lognorm.ppf(q, 0.8), st.lognorm.isf(q, 0.8),
            st.weibull_min.ppf(q, 1.7), st.weibull_min.isf(q, 0.7), st.gumbel_r.ppf(q), st.gumbel_r.isf(q),
            st.halfnorm.ppf(q), st.halfnorm.isf(q), st.expon.isf(q), st.uniform.isf(q, 0.1, 1.4), st.laplace.isf(q),
            st.pareto.isf(q, 2.5), st.rayleigh.isf(q), st.halfcauchy.isf(q), st.halflogistic.isf(q),
            st.halflogistic.logcdf(x), st.poisson.sf(k, 3.2), st.poisson.logsf(k, 3.2), st.binom.logcdf(k, 5, 0.3),
            st.binom.logsf(k, 5, 0.3), st.nbinom.sf(k, 2.5, 0.4), st.nbinom.logsf(k, 2.5, 0.4),
            st.nbinom.logcdf(k, 2.5, 0.4), st.bernoulli.sf(k, 0.3), st.bernoulli.logsf(k, 0.3),
            st.bernoulli.logcdf(k, 0.3), st.geom.logcdf(k, 0.3))


def test_values_at_the_ends_and_outside_are_scipys():
    # (through the compiled code: q outside [0, 1] NaN, q at 0 or 1 the support's ends, counts below it)
    with np.errstate(all="ignore"):
        got = transpiler.jvp(every_edge, (EDGES, TAILS, DRAWS), (np.zeros(7), np.zeros(5), np.zeros(5)))[0]
        for mine, scipys in zip(got, every_edge(EDGES, TAILS, DRAWS)):
            np.testing.assert_allclose(mine, scipys, rtol=1e-11)


def gamma_ppf_in_its_shape(a):
    return st.gamma.ppf(0.3, a)


def t_ppf_in_its_degrees_of_freedom(df):
    return st.t.ppf(0.3, df)


@pytest.mark.parametrize("fn", [gamma_ppf_in_its_shape, t_ppf_in_its_degrees_of_freedom], ids=lambda f: f.__name__)
def test_an_inverse_in_its_shape_parameter_is_refused_where_written(fn):
    with pytest.raises(TranspileError, match="no derivative") as refusal:
        transpiler.grad(fn)(2.5)
    assert f"test_scipy_stats_quantiles.py:{fn.__code__.co_firstlineno + 1}:" in str(refusal.value)


def float32_quantiles(q):
    return np.sum(st.gamma.ppf(q, np.float32(2.0)) + st.t.isf(q, np.float32(3.0)) + st.beta.ppf(q, 2.0, 3.0))


def test_float32_is_kept():
    q = np.array([0.2, 0.7], dtype=np.float32)
    gradient = transpiler.grad(float32_quantiles)(q)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(float32_quantiles)(q.astype(np.float64)), rtol=1e-4)
