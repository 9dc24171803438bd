"""scipy.stats, the families of primitives/scipy_stats_more.py (F, Lomax, left-skewed Gumbel, chi,
Maxwell): each method's value against SciPy's (at and outside the support's end, and for
probabilities out of range), its gradient against central finite differences of SciPy's
function in every argument with a rule, forward mode against reverse, Hessian-vector products
against differences of the gradient; float32 kept; a frozen distribution refused where written."""
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


def f_logpdf(x, m, s): return np.sum(st.f.logpdf(x, 3.0, 5.5, m, s))
def f_pdf(x, s): return np.sum(st.f.pdf(x, dfn=4.0, dfd=7.0, scale=s))
def f_cdf(x, m, s): return np.sum(st.f.cdf(x, 3.0, 5.5, loc=m, scale=s))
def f_logcdf(x, s): return np.sum(st.f.logcdf(x, 2.5, 6.0, scale=s))
def f_sf(x, m): return np.sum(st.f.sf(x, 3.0, 5.5, loc=m))
def f_logsf(x, s): return np.sum(st.f.logsf(x, 5.0, 3.0, 0.0, s))
def f_ppf(q, s): return np.sum(st.f.ppf(q, 3.0, 5.5, scale=s))
def f_isf(q, m): return np.sum(st.f.isf(q, 4.0, 9.0, loc=m))
def lomax_logpdf(x, c, s): return np.sum(st.lomax.logpdf(x, c, scale=s))
def lomax_pdf(x, c, m): return np.sum(st.lomax.pdf(x, c=c, loc=m))
def lomax_cdf(x, c, s): return np.sum(st.lomax.cdf(x, c, 0.0, s))
def lomax_logcdf(x, c): return np.sum(st.lomax.logcdf(x, c))
def lomax_sf(x, c, s): return np.sum(st.lomax.sf(x, c, scale=s))
def lomax_logsf(x, c, m): return np.sum(st.lomax.logsf(x, c, loc=m))
def lomax_ppf(q, c, s): return np.sum(st.lomax.ppf(q, c, scale=s))
def lomax_isf(q, c): return np.sum(st.lomax.isf(q, c))
def gumbel_l_logpdf(x, m, s): return np.sum(st.gumbel_l.logpdf(x, m, s))
def gumbel_l_pdf(x, s): return np.sum(st.gumbel_l.pdf(x, scale=s))
def gumbel_l_cdf(x, m, s): return np.sum(st.gumbel_l.cdf(x, loc=m, scale=s))
def gumbel_l_logcdf(x, m): return np.sum(st.gumbel_l.logcdf(x, m))
def gumbel_l_sf(x, m, s): return np.sum(st.gumbel_l.sf(x, m, s))
def gumbel_l_logsf(x, s): return np.sum(st.gumbel_l.logsf(x, scale=s))
def gumbel_l_ppf(q, m, s): return np.sum(st.gumbel_l.ppf(q, m, s))
def gumbel_l_isf(q, s): return np.sum(st.gumbel_l.isf(q, scale=s))
def chi_logpdf(x, df, s): return np.sum(st.chi.logpdf(x, df, scale=s))
def chi_pdf(x, df, m): return np.sum(st.chi.pdf(x, df=df, loc=m))
def chi_cdf(x, df, s): return np.sum(st.chi.cdf(x, df, 0.0, s))
def chi_logcdf(x, df): return np.sum(st.chi.logcdf(x, df))
def chi_sf(x, df, m): return np.sum(st.chi.sf(x, df, loc=m))
def chi_logsf(x, df, s): return np.sum(st.chi.logsf(x, df, scale=s))
def chi_ppf(q, s): return np.sum(st.chi.ppf(q, 2.5, scale=s))
def chi_isf(q, m): return np.sum(st.chi.isf(q, 3.5, loc=m))
def maxwell_logpdf(x, m, s): return np.sum(st.maxwell.logpdf(x, m, s))
def maxwell_pdf(x, s): return np.sum(st.maxwell.pdf(x, scale=s))
def maxwell_cdf(x, m, s): return np.sum(st.maxwell.cdf(x, loc=m, scale=s))
def maxwell_logcdf(x, s): return np.sum(st.maxwell.logcdf(x, scale=s))
def maxwell_sf(x, m): return np.sum(st.maxwell.sf(x, m))
def maxwell_logsf(x, m, s): return np.sum(st.maxwell.logsf(x, m, s))
def maxwell_ppf(q, s): return np.sum(st.maxwell.ppf(q, scale=s))
def maxwell_isf(q, m, s): return np.sum(st.maxwell.isf(q, m, s))


CASES = [
    (f_logpdf, (POSITIVE, -0.1, 1.2)), (f_pdf, (POSITIVE, 0.9)), (f_cdf, (POSITIVE, 0.1, 1.3)), (f_logcdf, (POSITIVE, 1.1)),
    (f_sf, (POSITIVE, -0.2)), (f_logsf, (POSITIVE, 0.8)), (f_ppf, (UNIT, 1.2)), (f_isf, (UNIT, 0.1)),
    (lomax_logpdf, (POSITIVE, 2.5, 1.3)), (lomax_pdf, (POSITIVE, 1.7, -0.1)), (lomax_cdf, (POSITIVE, 2.2, 0.9)),
    (lomax_logcdf, (POSITIVE, 1.4)), (lomax_sf, (POSITIVE, 3.0, 1.1)), (lomax_logsf, (POSITIVE, 2.0, 0.1)),
    (lomax_ppf, (UNIT, 2.5, 1.3)), (lomax_isf, (UNIT, 1.8)),
    (gumbel_l_logpdf, (X, 0.2, 1.3)), (gumbel_l_pdf, (X, 0.8)), (gumbel_l_cdf, (X, -0.1, 1.2)), (gumbel_l_logcdf, (X, 0.3)),
    (gumbel_l_sf, (X, 0.1, 0.9)), (gumbel_l_logsf, (X, 1.4)), (gumbel_l_ppf, (UNIT, 0.2, 1.3)), (gumbel_l_isf, (UNIT, 0.8)),
    (chi_logpdf, (POSITIVE, 2.5, 1.3)), (chi_pdf, (POSITIVE, 3.5, -0.1)), (chi_cdf, (POSITIVE, 1.5, 1.2)),
    (chi_logcdf, (POSITIVE, 4.0)), (chi_sf, (POSITIVE, 2.2, 0.1)), (chi_logsf, (POSITIVE, 1.7, 0.9)),
    (chi_ppf, (UNIT, 1.2)), (chi_isf, (UNIT, -0.1)),
    (maxwell_logpdf, (POSITIVE, -0.1, 1.2)), (maxwell_pdf, (POSITIVE, 0.9)), (maxwell_cdf, (POSITIVE, 0.1, 1.3)),
    (maxwell_logcdf, (POSITIVE, 1.1)), (maxwell_sf, (POSITIVE, 0.2)), (maxwell_logsf, (POSITIVE, 0.1, 0.8)),
    (maxwell_ppf, (UNIT, 1.4)), (maxwell_isf, (UNIT, 0.1, 1.2)),
]


(test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy, test_forward_mode_matches_reverse,
 test_hvp_matches_differences_of_the_gradient) = composition_checks.checks_of(CASES, 0.005)


POINTS = np.array([-3.0, -0.5, 0.0, 1e-8, 0.2, 1.3, 10.0, 40.0])
PROBABILITIES = np.array([-0.1, 0.0, 1e-12, 0.3, 1.0 - 1e-12, 1.0, 1.2])


def every_method(x, q):
    # (each family's eight methods, at points x and probabilities q)
    return (
            st.f.logpdf(x, 3.0, 5.5, 0.1, 1.2), st.f.pdf(x, 3.0, 5.5, 0.1, 1.2), st.f.cdf(x, 3.0, 5.5, 0.1, 1.2),
            st.f.logcdf(x, 3.0, 5.5, 0.1, 1.2), st.f.sf(x, 3.0, 5.5, 0.1, 1.2), st.f.logsf(x, 3.0, 5.5, 0.1, 1.2),
            st.f.ppf(q, 3.0, 5.5, 0.1, 1.2), st.f.isf(q, 3.0, 5.5, 0.1, 1.2),
            st.f.logpdf(x, 2.0, 4.0), st.f.pdf(x, 2.0, 4.0), st.f.cdf(x, 2.0, 4.0),
            st.f.logcdf(x, 2.0, 4.0), st.f.sf(x, 2.0, 4.0), st.f.logsf(x, 2.0, 4.0),
            st.f.ppf(q, 2.0, 4.0), st.f.isf(q, 2.0, 4.0),
            st.f.logpdf(x, 1.0, 2.0), st.f.pdf(x, 1.0, 2.0), st.f.cdf(x, 1.0, 2.0),
            st.f.logcdf(x, 1.0, 2.0), st.f.sf(x, 1.0, 2.0), st.f.logsf(x, 1.0, 2.0),
            st.f.ppf(q, 1.0, 2.0), st.f.isf(q, 1.0, 2.0),
            st.lomax.logpdf(x, 2.5, 0.1, 1.3), st.lomax.pdf(x, 2.5, 0.1, 1.3), st.lomax.cdf(x, 2.5, 0.1, 1.3),
            st.lomax.logcdf(x, 2.5, 0.1, 1.3), st.lomax.sf(x, 2.5, 0.1, 1.3), st.lomax.logsf(x, 2.5, 0.1, 1.3),
            st.lomax.ppf(q, 2.5, 0.1, 1.3), st.lomax.isf(q, 2.5, 0.1, 1.3),
            st.gumbel_l.logpdf(x, 0.2, 1.3), st.gumbel_l.pdf(x, 0.2, 1.3), st.gumbel_l.cdf(x, 0.2, 1.3),
            st.gumbel_l.logcdf(x, 0.2, 1.3), st.gumbel_l.sf(x, 0.2, 1.3), st.gumbel_l.logsf(x, 0.2, 1.3),
            st.gumbel_l.ppf(q, 0.2, 1.3), st.gumbel_l.isf(q, 0.2, 1.3),
            st.chi.logpdf(x, 2.5, 0.1, 1.2), st.chi.pdf(x, 2.5, 0.1, 1.2), st.chi.cdf(x, 2.5, 0.1, 1.2),
            st.chi.logcdf(x, 2.5, 0.1, 1.2), st.chi.sf(x, 2.5, 0.1, 1.2), st.chi.logsf(x, 2.5, 0.1, 1.2),
            st.chi.ppf(q, 2.5, 0.1, 1.2), st.chi.isf(q, 2.5, 0.1, 1.2),
            st.chi.logpdf(x, 1.0), st.chi.pdf(x, 1.0), st.chi.cdf(x, 1.0),
            st.chi.logcdf(x, 1.0), st.chi.sf(x, 1.0), st.chi.logsf(x, 1.0),
            st.chi.ppf(q, 1.0), st.chi.isf(q, 1.0),
            st.maxwell.logpdf(x, 0.1, 1.4), st.maxwell.pdf(x, 0.1, 1.4), st.maxwell.cdf(x, 0.1, 1.4),
            st.maxwell.logcdf(x, 0.1, 1.4), st.maxwell.sf(x, 0.1, 1.4), st.maxwell.logsf(x, 0.1, 1.4),
            st.maxwell.ppf(q, 0.1, 1.4), st.maxwell.isf(q, 0.1, 1.4),
    )


def test_every_value_is_scipys_at_and_outside_the_support():
    with np.errstate(all="ignore"):
        got = transpiler.jvp(every_method, (POINTS, PROBABILITIES), (np.zeros(8), np.zeros(7)))[0]
        for mine, scipys in zip(got, every_method(POINTS, PROBABILITIES)):
            # (1e-9: a quantile at q = 1 - 1e-12 magnifies rounding by 1 / (1 - q))
            np.testing.assert_allclose(mine, scipys, rtol=1e-9)


def float32_families(x):
    return np.sum(st.f.logpdf(x, 3.0, 5.0) + st.chi.cdf(x, np.float32(2.0)) + st.gumbel_l.logsf(x, scale=np.float32(1.5)))


def test_float32_is_kept():
    x = np.array([0.4, 1.7], dtype=np.float32)
    gradient = transpiler.grad(float32_families)(x)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(float32_families)(x.astype(np.float64)), rtol=1e-4)


def frozen_f(x):
    return st.f(3.0, 5.0).cdf(x) + st.lomax(2.0).logpdf(x)


def frozen_f_bound_to_a_name(x):
    rv = st.chi(2.0)
    return rv.logpdf(x)


def test_a_frozen_distributions_method_is_the_distributions_own():
    # (frontend/frozen_distributions.py reads st.f(3.0, 5.0).cdf(x) as st.f.cdf(x, 3.0, 5.0))
    np.testing.assert_allclose(transpiler.grad(frozen_f)(1.2), transpiler.grad(frozen_f_unfrozen)(1.2), rtol=1e-12)
    np.testing.assert_allclose(transpiler.grad(frozen_f_bound_to_a_name)(1.2), 1 / 1.2 - 1.2, rtol=1e-12)


def frozen_f_unfrozen(x):
    return st.f.cdf(x, 3.0, 5.0) + st.lomax.logpdf(x, 2.0)


def f_cdf_in_its_degrees_of_freedom(dfn):
    return st.f.cdf(1.2, dfn, 5.0)


def test_the_f_cdf_in_its_degrees_of_freedom_is_refused_where_written():
    with pytest.raises(TranspileError, match="no derivative") as refusal:
        transpiler.grad(f_cdf_in_its_degrees_of_freedom)(3.0)
    assert f"test_scipy_stats_more.py:{f_cdf_in_its_degrees_of_freedom.__code__.co_firstlineno + 1}:" in str(refusal.value)
