"""``scipy.stats``: the location-scale families beyond those of scipy_stats.py (exponential,
Cauchy, Laplace, logistic, log-normal, uniform, half-normal, inverse gamma, Weibull, Gumbel,
Pareto), as compositions of primitives; registered with scipy_stats.py, which imports this.

The conventions are scipy_stats.py's: ``z = (x - loc) / scale``; outside the support the value
is SciPy's (``-inf``, ``0`` or ``1``) with derivative 0, the formula evaluated at a point inside
(``safe``) so that no ``inf`` or ``nan`` of the discarded branch reaches the derivative. Tails
are written the way that keeps them accurate (``expm1``, ``log1p``, ``log_ndtr``).
"""
import numpy as np
import scipy.special
import scipy.stats

from . import scipy_special  # noqa: F401  (the special functions these compose)
from .registry import composed, refused

FAMILY = "scipy.stats"
stats = scipy.stats
# Constants are literals (see scipy_stats.py): log(π) = 1.1447298858494002,
# log 2 = 0.6931471805599453, log(2π)/2 = 0.9189385332046727, log(2/π)/2 = -0.22579135264472744.


# --------------------------------------------------------------------------- exponential
@composed(stats.expon.logpdf, family=FAMILY)
def expon_logpdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = z >= 0
    return np.where(inside, -np.where(inside, z, 0.0) - np.log(scale), -np.inf)


@composed(stats.expon.pdf, family=FAMILY)
def expon_pdf(x, loc=0.0, scale=1.0):
    return np.exp(expon_logpdf(x, loc, scale))


@composed(stats.expon.cdf, family=FAMILY)
def expon_cdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return -np.expm1(-np.maximum(z, 0.0))


@composed(stats.expon.logcdf, family=FAMILY)
def expon_logcdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = z > 0
    return np.where(inside, np.log(-np.expm1(-np.where(inside, z, 1.0))), -np.inf)


@composed(stats.expon.sf, family=FAMILY)
def expon_sf(x, loc=0.0, scale=1.0):
    return np.exp(expon_logsf(x, loc, scale))


@composed(stats.expon.logsf, family=FAMILY)
def expon_logsf(x, loc=0.0, scale=1.0):
    return -np.maximum((x - loc) / scale, 0.0)


@composed(stats.expon.ppf, family=FAMILY)
def expon_ppf(q, loc=0.0, scale=1.0):
    return loc - scale * np.log1p(-q)


# --------------------------------------------------------------------------- Cauchy
@composed(stats.cauchy.logpdf, family=FAMILY)
def cauchy_logpdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return -np.log1p(z * z) - np.log(scale) - 1.1447298858494002


@composed(stats.cauchy.pdf, family=FAMILY)
def cauchy_pdf(x, loc=0.0, scale=1.0):
    return np.exp(cauchy_logpdf(x, loc, scale))


@composed(stats.cauchy.cdf, family=FAMILY)
def cauchy_cdf(x, loc=0.0, scale=1.0):
    return 0.5 + np.arctan((x - loc) / scale) / np.pi


@composed(stats.cauchy.logcdf, family=FAMILY)
def cauchy_logcdf(x, loc=0.0, scale=1.0):
    return np.log(cauchy_cdf(x, loc, scale))


@composed(stats.cauchy.sf, family=FAMILY)
def cauchy_sf(x, loc=0.0, scale=1.0):
    return 0.5 - np.arctan((x - loc) / scale) / np.pi


@composed(stats.cauchy.logsf, family=FAMILY)
def cauchy_logsf(x, loc=0.0, scale=1.0):
    return np.log(cauchy_sf(x, loc, scale))


@composed(stats.cauchy.ppf, family=FAMILY)
def cauchy_ppf(q, loc=0.0, scale=1.0):
    return loc + scale * np.tan(np.pi * (q - 0.5))


@composed(stats.cauchy.isf, family=FAMILY)
def cauchy_isf(q, loc=0.0, scale=1.0):
    return loc - scale * np.tan(np.pi * (q - 0.5))


# --------------------------------------------------------------------------- Laplace
# -|z| as the branch of z's sign: its derivative at z = 0 is the CDF's (one-sided, equal).
@composed(stats.laplace.logpdf, family=FAMILY)
def laplace_logpdf(x, loc=0.0, scale=1.0):
    return -np.abs((x - loc) / scale) - np.log(scale) - 0.6931471805599453


@composed(stats.laplace.pdf, family=FAMILY)
def laplace_pdf(x, loc=0.0, scale=1.0):
    return np.exp(laplace_logpdf(x, loc, scale))


@composed(stats.laplace.cdf, family=FAMILY)
def laplace_cdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    below = z <= 0
    tail = 0.5 * np.exp(np.where(below, z, -z))
    return np.where(below, tail, 1 - tail)


@composed(stats.laplace.logcdf, family=FAMILY)
def laplace_logcdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    below = z <= 0
    negative = np.where(below, z, -z)
    return np.where(below, negative - 0.6931471805599453, np.log1p(-0.5 * np.exp(negative)))


@composed(stats.laplace.sf, family=FAMILY)
def laplace_sf(x, loc=0.0, scale=1.0):
    return laplace_cdf(-x, -loc, scale)


@composed(stats.laplace.logsf, family=FAMILY)
def laplace_logsf(x, loc=0.0, scale=1.0):
    return laplace_logcdf(-x, -loc, scale)


@composed(stats.laplace.ppf, family=FAMILY)
def laplace_ppf(q, loc=0.0, scale=1.0):
    below = q <= 0.5
    return loc + scale * np.where(below, np.log(2 * np.where(below, q, 0.5)),
                                  -np.log(2 - 2 * np.where(below, 0.5, q)))


# --------------------------------------------------------------------------- logistic
@composed(stats.logistic.logpdf, family=FAMILY)
def logistic_logpdf(x, loc=0.0, scale=1.0):
    # symmetric in z: written in -|z| so that exp never overflows
    negative = -np.abs((x - loc) / scale)
    return negative - 2 * np.log1p(np.exp(negative)) - np.log(scale)


@composed(stats.logistic.pdf, family=FAMILY)
def logistic_pdf(x, loc=0.0, scale=1.0):
    return np.exp(logistic_logpdf(x, loc, scale))


@composed(stats.logistic.cdf, family=FAMILY)
def logistic_cdf(x, loc=0.0, scale=1.0):
    return scipy.special.expit((x - loc) / scale)


@composed(stats.logistic.logcdf, family=FAMILY)
def logistic_logcdf(x, loc=0.0, scale=1.0):
    return -np.logaddexp(0.0, (loc - x) / scale)


@composed(stats.logistic.sf, family=FAMILY)
def logistic_sf(x, loc=0.0, scale=1.0):
    return scipy.special.expit((loc - x) / scale)


@composed(stats.logistic.logsf, family=FAMILY)
def logistic_logsf(x, loc=0.0, scale=1.0):
    return -np.logaddexp(0.0, (x - loc) / scale)


@composed(stats.logistic.ppf, family=FAMILY)
def logistic_ppf(q, loc=0.0, scale=1.0):
    return loc + scale * scipy.special.logit(q)


@composed(stats.logistic.isf, family=FAMILY)
def logistic_isf(q, loc=0.0, scale=1.0):
    return loc - scale * scipy.special.logit(q)


# --------------------------------------------------------------------------- log-normal
def _log_z(x, loc, scale):
    """(z > 0, log z there and 0 elsewhere)."""
    z = (x - loc) / scale
    inside = z > 0
    return inside, np.log(np.where(inside, z, 1.0))


@composed(stats.lognorm.logpdf, family=FAMILY)
def lognorm_logpdf(x, s, loc=0.0, scale=1.0):
    inside, y = _log_z(x, loc, scale)
    w = y / s
    return np.where(inside, -0.5 * w * w - np.log(s) - y - np.log(scale) - 0.9189385332046727, -np.inf)


@composed(stats.lognorm.pdf, family=FAMILY)
def lognorm_pdf(x, s, loc=0.0, scale=1.0):
    return np.exp(lognorm_logpdf(x, s, loc, scale))


@composed(stats.lognorm.cdf, family=FAMILY)
def lognorm_cdf(x, s, loc=0.0, scale=1.0):
    inside, y = _log_z(x, loc, scale)
    return np.where(inside, scipy.special.ndtr(y / s), 0.0)


@composed(stats.lognorm.logcdf, family=FAMILY)
def lognorm_logcdf(x, s, loc=0.0, scale=1.0):
    inside, y = _log_z(x, loc, scale)
    return np.where(inside, scipy.special.log_ndtr(y / s), -np.inf)


@composed(stats.lognorm.sf, family=FAMILY)
def lognorm_sf(x, s, loc=0.0, scale=1.0):
    inside, y = _log_z(x, loc, scale)
    return np.where(inside, scipy.special.ndtr(-y / s), 1.0)


@composed(stats.lognorm.logsf, family=FAMILY)
def lognorm_logsf(x, s, loc=0.0, scale=1.0):
    inside, y = _log_z(x, loc, scale)
    return np.where(inside, scipy.special.log_ndtr(-y / s), 0.0)


# --------------------------------------------------------------------------- uniform on [loc, loc + scale]
@composed(stats.uniform.logpdf, family=FAMILY)
def uniform_logpdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return np.where((z >= 0) & (z <= 1), -np.log(scale), -np.inf)


@composed(stats.uniform.pdf, family=FAMILY)
def uniform_pdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return np.where((z >= 0) & (z <= 1), 1 / scale, 0.0)


@composed(stats.uniform.cdf, family=FAMILY)
def uniform_cdf(x, loc=0.0, scale=1.0):
    return np.clip((x - loc) / scale, 0.0, 1.0)


@composed(stats.uniform.logcdf, family=FAMILY)
def uniform_logcdf(x, loc=0.0, scale=1.0):
    return np.log(uniform_cdf(x, loc, scale))


@composed(stats.uniform.sf, family=FAMILY)
def uniform_sf(x, loc=0.0, scale=1.0):
    return np.clip((loc + scale - x) / scale, 0.0, 1.0)


@composed(stats.uniform.logsf, family=FAMILY)
def uniform_logsf(x, loc=0.0, scale=1.0):
    return np.log(uniform_sf(x, loc, scale))


@composed(stats.uniform.ppf, family=FAMILY)
def uniform_ppf(q, loc=0.0, scale=1.0):
    return loc + scale * q


# --------------------------------------------------------------------------- half-normal
@composed(stats.halfnorm.logpdf, family=FAMILY)
def halfnorm_logpdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = z >= 0
    safe = np.where(inside, z, 0.0)
    return np.where(inside, -0.5 * safe * safe - np.log(scale) - 0.22579135264472744, -np.inf)


@composed(stats.halfnorm.pdf, family=FAMILY)
def halfnorm_pdf(x, loc=0.0, scale=1.0):
    return np.exp(halfnorm_logpdf(x, loc, scale))


@composed(stats.halfnorm.cdf, family=FAMILY)
def halfnorm_cdf(x, loc=0.0, scale=1.0):
    return scipy.special.erf(np.maximum((x - loc) / scale, 0.0) * 0.7071067811865476)


@composed(stats.halfnorm.logcdf, family=FAMILY)
def halfnorm_logcdf(x, loc=0.0, scale=1.0):
    return np.log(halfnorm_cdf(x, loc, scale))


@composed(stats.halfnorm.sf, family=FAMILY)
def halfnorm_sf(x, loc=0.0, scale=1.0):
    return 2 * scipy.special.ndtr(-np.maximum((x - loc) / scale, 0.0))


@composed(stats.halfnorm.logsf, family=FAMILY)
def halfnorm_logsf(x, loc=0.0, scale=1.0):
    return scipy.special.log_ndtr(-np.maximum((x - loc) / scale, 0.0)) + 0.6931471805599453


# --------------------------------------------------------------------------- inverse gamma
# Its CDFs are the regularised incomplete gamma functions at 1 / z: differentiable in x, loc and
# scale, refused in the shape a (as gamma's are).
def _positive_z(x, loc, scale):
    z = (x - loc) / scale
    inside = z > 0
    return inside, np.where(inside, z, 1.0)


@composed(stats.invgamma.logpdf, family=FAMILY)
def invgamma_logpdf(x, a, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, -(a + 1) * np.log(safe) - 1 / safe - scipy.special.gammaln(a) - np.log(scale), -np.inf)


@composed(stats.invgamma.pdf, family=FAMILY)
def invgamma_pdf(x, a, loc=0.0, scale=1.0):
    return np.exp(invgamma_logpdf(x, a, loc, scale))


@composed(stats.invgamma.cdf, family=FAMILY)
def invgamma_cdf(x, a, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, scipy.special.gammaincc(a, 1 / safe), 0.0)


@composed(stats.invgamma.logcdf, family=FAMILY)
def invgamma_logcdf(x, a, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, np.log(scipy.special.gammaincc(a, 1 / safe)), -np.inf)


@composed(stats.invgamma.sf, family=FAMILY)
def invgamma_sf(x, a, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, scipy.special.gammainc(a, 1 / safe), 1.0)


@composed(stats.invgamma.logsf, family=FAMILY)
def invgamma_logsf(x, a, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, np.log(scipy.special.gammainc(a, 1 / safe)), 0.0)


# --------------------------------------------------------------------------- Weibull (minimum)
@composed(stats.weibull_min.logpdf, family=FAMILY)
def weibull_min_logpdf(x, c, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, np.log(c) + (c - 1) * np.log(safe) - safe ** c - np.log(scale), -np.inf)


@composed(stats.weibull_min.pdf, family=FAMILY)
def weibull_min_pdf(x, c, loc=0.0, scale=1.0):
    return np.exp(weibull_min_logpdf(x, c, loc, scale))


@composed(stats.weibull_min.cdf, family=FAMILY)
def weibull_min_cdf(x, c, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, -np.expm1(-safe ** c), 0.0)


@composed(stats.weibull_min.logcdf, family=FAMILY)
def weibull_min_logcdf(x, c, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, np.log(-np.expm1(-safe ** c)), -np.inf)


@composed(stats.weibull_min.sf, family=FAMILY)
def weibull_min_sf(x, c, loc=0.0, scale=1.0):
    return np.exp(weibull_min_logsf(x, c, loc, scale))


@composed(stats.weibull_min.logsf, family=FAMILY)
def weibull_min_logsf(x, c, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, -safe ** c, 0.0)


# --------------------------------------------------------------------------- Gumbel (right)
@composed(stats.gumbel_r.logpdf, family=FAMILY)
def gumbel_r_logpdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return -z - np.exp(-z) - np.log(scale)


@composed(stats.gumbel_r.pdf, family=FAMILY)
def gumbel_r_pdf(x, loc=0.0, scale=1.0):
    return np.exp(gumbel_r_logpdf(x, loc, scale))


@composed(stats.gumbel_r.cdf, family=FAMILY)
def gumbel_r_cdf(x, loc=0.0, scale=1.0):
    return np.exp(gumbel_r_logcdf(x, loc, scale))


@composed(stats.gumbel_r.logcdf, family=FAMILY)
def gumbel_r_logcdf(x, loc=0.0, scale=1.0):
    return -np.exp((loc - x) / scale)


@composed(stats.gumbel_r.sf, family=FAMILY)
def gumbel_r_sf(x, loc=0.0, scale=1.0):
    return -np.expm1(gumbel_r_logcdf(x, loc, scale))


@composed(stats.gumbel_r.logsf, family=FAMILY)
def gumbel_r_logsf(x, loc=0.0, scale=1.0):
    return np.log(-np.expm1(gumbel_r_logcdf(x, loc, scale)))


# --------------------------------------------------------------------------- Pareto (support z >= 1)
def _log_z_above_one(x, loc, scale):
    z = (x - loc) / scale
    inside = z >= 1
    return inside, np.log(np.where(inside, z, 1.0))


@composed(stats.pareto.logpdf, family=FAMILY)
def pareto_logpdf(x, b, loc=0.0, scale=1.0):
    inside, y = _log_z_above_one(x, loc, scale)
    return np.where(inside, np.log(b) - (b + 1) * y - np.log(scale), -np.inf)


@composed(stats.pareto.pdf, family=FAMILY)
def pareto_pdf(x, b, loc=0.0, scale=1.0):
    return np.exp(pareto_logpdf(x, b, loc, scale))


@composed(stats.pareto.cdf, family=FAMILY)
def pareto_cdf(x, b, loc=0.0, scale=1.0):
    _, y = _log_z_above_one(x, loc, scale)
    return -np.expm1(-b * y)


@composed(stats.pareto.logcdf, family=FAMILY)
def pareto_logcdf(x, b, loc=0.0, scale=1.0):
    inside, y = _log_z_above_one(x, loc, scale)
    return np.where(inside, np.log(-np.expm1(-b * np.where(inside, y, 1.0))), -np.inf)


@composed(stats.pareto.sf, family=FAMILY)
def pareto_sf(x, b, loc=0.0, scale=1.0):
    return np.exp(pareto_logsf(x, b, loc, scale))


@composed(stats.pareto.logsf, family=FAMILY)
def pareto_logsf(x, b, loc=0.0, scale=1.0):
    _, y = _log_z_above_one(x, loc, scale)
    return -b * y


@composed(stats.pareto.ppf, family=FAMILY)
def pareto_ppf(q, b, loc=0.0, scale=1.0):
    return loc + scale * np.exp(-np.log1p(-q) / b)


refused(stats.expon, stats.cauchy, stats.laplace, stats.logistic, stats.lognorm, stats.uniform, stats.halfnorm,
        stats.invgamma, stats.weibull_min, stats.gumbel_r, stats.pareto,
        reason="a frozen distribution is an object whose parameters the compiler does not follow",
        hint="pass the parameters to the method itself: expon.logpdf(x, loc, scale)")
