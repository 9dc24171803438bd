"""``scipy.stats``: the F distribution, Lomax, left-skewed Gumbel, chi and Maxwell families, each
method SciPy's own formula (its ``_logpdf``, ``_cdf``, ``_ppf`` ...) as a composition of
primitives; registered with scipy_stats.py, which imports this.

The conventions are scipy_stats.py's: ``z = (x - loc) / scale``; outside the support the value
is SciPy's (``-inf``, ``0`` or ``1``) with derivative 0, the formula evaluated at a point inside
(``safe``) so that no ``inf`` or ``nan`` of the discarded branch reaches the derivative; a
probability outside ``[0, 1]`` gives NaN. The F distribution's degrees of freedom reach
``betainc``'s parameters in its CDF (refused where active); the chi distribution's reach
``gammainc``'s, which has that rule.
"""
import numpy as np
import scipy.special
import scipy.stats

from . import scipy_special  # noqa: F401  (the special functions these compose)
from .registry import composed, refused

FAMILY = "scipy.stats"
stats = scipy.stats
# Constants are literals (see scipy_stats.py): log 2 = 0.6931471805599453,
# log(2/π)/2 = -0.22579135264472744.


def _standard(x, loc, scale, strict):
    """``z``, whether it is in the support ``[0, inf)`` (``(0, inf)`` where ``strict``), and ``z``
    there, 1 elsewhere."""
    z = (x - loc) / scale
    inside = z > 0 if strict else z >= 0
    return inside, np.where(inside, z, 1.0)


def _log_of_the_smaller(p, complement):
    """``log(p)`` from whichever of ``p`` and ``1 - p`` is the smaller (SciPy's logcdf and logsf
    split at the median: ``log1p(-complement)`` where ``p`` is near 1)."""
    return np.where(p < 0.5, np.log(p), np.log1p(-complement))


def _probability(q, value):
    return np.where((q >= 0) & (q <= 1), value, np.nan)


# --------------------------------------------------------------------------- F
@composed(stats.f.logpdf, family=FAMILY)
def f_logpdf(x, dfn, dfd, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, False)
    value = (dfd / 2 * np.log(dfd) + dfn / 2 * np.log(dfn) + scipy.special.xlogy(dfn / 2 - 1, safe)
             - ((dfn + dfd) / 2 * np.log(dfd + dfn * safe) + scipy.special.betaln(dfn / 2, dfd / 2)))
    return np.where(inside, value - np.log(scale), -np.inf)


@composed(stats.f.pdf, family=FAMILY)
def f_pdf(x, dfn, dfd, loc=0.0, scale=1.0):
    return np.exp(f_logpdf(x, dfn, dfd, loc, scale))


@composed(stats.f.cdf, family=FAMILY)
def f_cdf(x, dfn, dfd, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, True)
    return np.where(inside, scipy.special.fdtr(dfn, dfd, safe), 0.0)


@composed(stats.f.logcdf, family=FAMILY)
def f_logcdf(x, dfn, dfd, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, True)
    value = _log_of_the_smaller(scipy.special.fdtr(dfn, dfd, safe), scipy.special.fdtrc(dfn, dfd, safe))
    return np.where(inside, value, -np.inf)


@composed(stats.f.sf, family=FAMILY)
def f_sf(x, dfn, dfd, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, True)
    return np.where(inside, scipy.special.fdtrc(dfn, dfd, safe), 1.0)


@composed(stats.f.logsf, family=FAMILY)
def f_logsf(x, dfn, dfd, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, True)
    value = _log_of_the_smaller(scipy.special.fdtrc(dfn, dfd, safe), scipy.special.fdtr(dfn, dfd, safe))
    return np.where(inside, value, 0.0)


@composed(stats.f.ppf, family=FAMILY)
def f_ppf(q, dfn, dfd, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * scipy.special.fdtri(dfn, dfd, q))


@composed(stats.f.isf, family=FAMILY)
def f_isf(q, dfn, dfd, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * scipy.special.fdtri(dfn, dfd, 1 - q))


# --------------------------------------------------------------------------- Lomax (Pareto II)
@composed(stats.lomax.logpdf, family=FAMILY)
def lomax_logpdf(x, c, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, False)
    return np.where(inside, np.log(c) - (c + 1) * np.log1p(safe) - np.log(scale), -np.inf)


@composed(stats.lomax.pdf, family=FAMILY)
def lomax_pdf(x, c, loc=0.0, scale=1.0):
    return np.exp(lomax_logpdf(x, c, loc, scale))


@composed(stats.lomax.cdf, family=FAMILY)
def lomax_cdf(x, c, loc=0.0, scale=1.0):
    return -np.expm1(lomax_logsf(x, c, loc, scale))


@composed(stats.lomax.logcdf, family=FAMILY)
def lomax_logcdf(x, c, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, True)
    return np.where(inside, np.log(-np.expm1(-c * np.log1p(safe))), -np.inf)


@composed(stats.lomax.sf, family=FAMILY)
def lomax_sf(x, c, loc=0.0, scale=1.0):
    return np.exp(lomax_logsf(x, c, loc, scale))


@composed(stats.lomax.logsf, family=FAMILY)
def lomax_logsf(x, c, loc=0.0, scale=1.0):
    return -c * np.log1p(np.maximum((x - loc) / scale, 0.0))


@composed(stats.lomax.ppf, family=FAMILY)
def lomax_ppf(q, c, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * np.expm1(-np.log1p(-q) / c))


@composed(stats.lomax.isf, family=FAMILY)
def lomax_isf(q, c, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * np.expm1(-np.log(q) / c))


# --------------------------------------------------------------------------- Gumbel, left-skewed
@composed(stats.gumbel_l.logpdf, family=FAMILY)
def gumbel_l_logpdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return z - np.exp(z) - np.log(scale)


@composed(stats.gumbel_l.pdf, family=FAMILY)
def gumbel_l_pdf(x, loc=0.0, scale=1.0):
    return np.exp(gumbel_l_logpdf(x, loc, scale))


@composed(stats.gumbel_l.cdf, family=FAMILY)
def gumbel_l_cdf(x, loc=0.0, scale=1.0):
    return -np.expm1(-np.exp((x - loc) / scale))


@composed(stats.gumbel_l.logcdf, family=FAMILY)
def gumbel_l_logcdf(x, loc=0.0, scale=1.0):
    return np.log(-np.expm1(-np.exp((x - loc) / scale)))


@composed(stats.gumbel_l.sf, family=FAMILY)
def gumbel_l_sf(x, loc=0.0, scale=1.0):
    return np.exp(-np.exp((x - loc) / scale))


@composed(stats.gumbel_l.logsf, family=FAMILY)
def gumbel_l_logsf(x, loc=0.0, scale=1.0):
    return -np.exp((x - loc) / scale)


@composed(stats.gumbel_l.ppf, family=FAMILY)
def gumbel_l_ppf(q, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * np.log(-np.log1p(-q)))


@composed(stats.gumbel_l.isf, family=FAMILY)
def gumbel_l_isf(q, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * np.log(-np.log(q)))


# --------------------------------------------------------------------------- chi, Maxwell (chi with 3 degrees)
@composed(stats.chi.logpdf, family=FAMILY)
def chi_logpdf(x, df, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, False)
    value = (0.6931471805599453 * (1 - df / 2) - scipy.special.gammaln(df / 2)
             + scipy.special.xlogy(df - 1, safe) - 0.5 * safe * safe)
    return np.where(inside, value - np.log(scale), -np.inf)


@composed(stats.chi.pdf, family=FAMILY)
def chi_pdf(x, df, loc=0.0, scale=1.0):
    return np.exp(chi_logpdf(x, df, loc, scale))


@composed(stats.chi.cdf, family=FAMILY)
def chi_cdf(x, df, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, True)
    return np.where(inside, scipy.special.gammainc(df / 2, safe * safe / 2), 0.0)


@composed(stats.chi.logcdf, family=FAMILY)
def chi_logcdf(x, df, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, True)
    value = _log_of_the_smaller(scipy.special.gammainc(df / 2, safe * safe / 2),
                                scipy.special.gammaincc(df / 2, safe * safe / 2))
    return np.where(inside, value, -np.inf)


@composed(stats.chi.sf, family=FAMILY)
def chi_sf(x, df, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, True)
    return np.where(inside, scipy.special.gammaincc(df / 2, safe * safe / 2), 1.0)


@composed(stats.chi.logsf, family=FAMILY)
def chi_logsf(x, df, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, True)
    value = _log_of_the_smaller(scipy.special.gammaincc(df / 2, safe * safe / 2),
                                scipy.special.gammainc(df / 2, safe * safe / 2))
    return np.where(inside, value, 0.0)


@composed(stats.chi.ppf, family=FAMILY)
def chi_ppf(q, df, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * np.sqrt(2 * scipy.special.gammaincinv(df / 2, q)))


@composed(stats.chi.isf, family=FAMILY)
def chi_isf(q, df, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * np.sqrt(2 * scipy.special.gammainccinv(df / 2, q)))


@composed(stats.maxwell.logpdf, family=FAMILY)
def maxwell_logpdf(x, loc=0.0, scale=1.0):
    inside, safe = _standard(x, loc, scale, False)
    value = -0.22579135264472744 + 2 * np.log(safe) - 0.5 * safe * safe
    return np.where(inside, value - np.log(scale), -np.inf)


@composed(stats.maxwell.pdf, family=FAMILY)
def maxwell_pdf(x, loc=0.0, scale=1.0):
    return np.exp(maxwell_logpdf(x, loc, scale))


@composed(stats.maxwell.cdf, family=FAMILY)
def maxwell_cdf(x, loc=0.0, scale=1.0):
    return chi_cdf(x, 3.0, loc, scale)


@composed(stats.maxwell.logcdf, family=FAMILY)
def maxwell_logcdf(x, loc=0.0, scale=1.0):
    return chi_logcdf(x, 3.0, loc, scale)


@composed(stats.maxwell.sf, family=FAMILY)
def maxwell_sf(x, loc=0.0, scale=1.0):
    return chi_sf(x, 3.0, loc, scale)


@composed(stats.maxwell.logsf, family=FAMILY)
def maxwell_logsf(x, loc=0.0, scale=1.0):
    return chi_logsf(x, 3.0, loc, scale)


@composed(stats.maxwell.ppf, family=FAMILY)
def maxwell_ppf(q, loc=0.0, scale=1.0):
    return chi_ppf(q, 3.0, loc, scale)


@composed(stats.maxwell.isf, family=FAMILY)
def maxwell_isf(q, loc=0.0, scale=1.0):
    return chi_isf(q, 3.0, loc, scale)


refused(stats.f, stats.lomax, stats.gumbel_l, stats.chi, stats.maxwell,
        reason="a frozen distribution is an object whose parameters the compiler does not follow",
        hint="pass the parameters to the method itself: f.logpdf(x, dfn, dfd, loc, scale)")
