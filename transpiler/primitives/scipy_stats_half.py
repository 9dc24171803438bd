"""``scipy.stats``: the half-Cauchy, half-logistic, Rayleigh and skew-normal distributions (the
scale priors and shape families of hierarchical models: ``halfcauchy.logpdf(sigma, scale=5)``),
as compositions of primitives; registered with scipy_stats.py, which imports this. Conventions
as there: ``z = (x - loc) / scale``; outside the support SciPy's value with derivative 0, the
formula evaluated at a point inside (``safe``) so that no ``inf`` or ``nan`` of the discarded
branch reaches the derivative."""
import numpy as np
import scipy.special
import scipy.stats

from . import scipy_special  # noqa: F401  (the special functions these compose)
from .registry import composed, refused

FAMILY = "scipy.stats"
stats = scipy.stats
# Literals (see scipy_stats.py): log(2/π) = -0.4515827052894548, log 2 = 0.6931471805599453,
# log(2π)/2 = 0.9189385332046727, 2/π = 0.6366197723675814.


def _nonnegative_z(x, loc, scale):
    """(z >= 0, z there and 0 elsewhere, with 0 the support's edge)."""
    z = (x - loc) / scale
    inside = z >= 0
    return inside, np.where(inside, z, 0.0)


def _positive_z(x, loc, scale):
    """(z > 0, z there and 1 elsewhere): for densities whose log is -inf at the edge."""
    z = (x - loc) / scale
    inside = z > 0
    return inside, np.where(inside, z, 1.0)


# --------------------------------------------------------------------------- half-Cauchy
@composed(stats.halfcauchy.logpdf, family=FAMILY)
def halfcauchy_logpdf(x, loc=0.0, scale=1.0):
    inside, safe = _nonnegative_z(x, loc, scale)
    return np.where(inside, -0.4515827052894548 - np.log1p(safe * safe) - np.log(scale), -np.inf)


@composed(stats.halfcauchy.pdf, family=FAMILY)
def halfcauchy_pdf(x, loc=0.0, scale=1.0):
    return np.exp(halfcauchy_logpdf(x, loc, scale))


@composed(stats.halfcauchy.cdf, family=FAMILY)
def halfcauchy_cdf(x, loc=0.0, scale=1.0):
    return 0.6366197723675814 * np.arctan(np.maximum((x - loc) / scale, 0.0))


@composed(stats.halfcauchy.logcdf, family=FAMILY)
def halfcauchy_logcdf(x, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, np.log(0.6366197723675814 * np.arctan(safe)), -np.inf)


@composed(stats.halfcauchy.sf, family=FAMILY)
def halfcauchy_sf(x, loc=0.0, scale=1.0):
    # arctan(1/z) = π/2 - arctan(z) for z > 0: no cancellation of two values near 1 in the tail
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, 0.6366197723675814 * np.arctan(1 / safe), 1.0)


@composed(stats.halfcauchy.logsf, family=FAMILY)
def halfcauchy_logsf(x, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, np.log(0.6366197723675814 * np.arctan(1 / safe)), 0.0)


@composed(stats.halfcauchy.ppf, family=FAMILY)
def halfcauchy_ppf(q, loc=0.0, scale=1.0):
    return loc + scale * np.tan(0.5 * np.pi * q)


# --------------------------------------------------------------------------- half-logistic
@composed(stats.halflogistic.logpdf, family=FAMILY)
def halflogistic_logpdf(x, loc=0.0, scale=1.0):
    inside, safe = _nonnegative_z(x, loc, scale)
    return np.where(inside, 0.6931471805599453 - safe - 2 * np.log1p(np.exp(-safe)) - np.log(scale), -np.inf)


@composed(stats.halflogistic.pdf, family=FAMILY)
def halflogistic_pdf(x, loc=0.0, scale=1.0):
    return np.exp(halflogistic_logpdf(x, loc, scale))


@composed(stats.halflogistic.cdf, family=FAMILY)
def halflogistic_cdf(x, loc=0.0, scale=1.0):
    return np.tanh(0.5 * np.maximum((x - loc) / scale, 0.0))


@composed(stats.halflogistic.sf, family=FAMILY)
def halflogistic_sf(x, loc=0.0, scale=1.0):
    return np.exp(halflogistic_logsf(x, loc, scale))


@composed(stats.halflogistic.logsf, family=FAMILY)
def halflogistic_logsf(x, loc=0.0, scale=1.0):
    # sf = 2 / (1 + e^z)
    return 0.6931471805599453 - np.logaddexp(0.0, np.maximum((x - loc) / scale, 0.0))


@composed(stats.halflogistic.ppf, family=FAMILY)
def halflogistic_ppf(q, loc=0.0, scale=1.0):
    return loc + 2 * scale * np.arctanh(q)


# --------------------------------------------------------------------------- Rayleigh
@composed(stats.rayleigh.logpdf, family=FAMILY)
def rayleigh_logpdf(x, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, np.log(safe) - 0.5 * safe * safe - np.log(scale), -np.inf)


@composed(stats.rayleigh.pdf, family=FAMILY)
def rayleigh_pdf(x, loc=0.0, scale=1.0):
    inside, safe = _nonnegative_z(x, loc, scale)
    return np.where(inside, safe * np.exp(-0.5 * safe * safe) / scale, 0.0)


@composed(stats.rayleigh.cdf, family=FAMILY)
def rayleigh_cdf(x, loc=0.0, scale=1.0):
    return -np.expm1(rayleigh_logsf(x, loc, scale))


@composed(stats.rayleigh.logcdf, family=FAMILY)
def rayleigh_logcdf(x, loc=0.0, scale=1.0):
    inside, safe = _positive_z(x, loc, scale)
    return np.where(inside, np.log(-np.expm1(-0.5 * safe * safe)), -np.inf)


@composed(stats.rayleigh.sf, family=FAMILY)
def rayleigh_sf(x, loc=0.0, scale=1.0):
    return np.exp(rayleigh_logsf(x, loc, scale))


@composed(stats.rayleigh.logsf, family=FAMILY)
def rayleigh_logsf(x, loc=0.0, scale=1.0):
    z = np.maximum((x - loc) / scale, 0.0)
    return -0.5 * z * z


@composed(stats.rayleigh.ppf, family=FAMILY)
def rayleigh_ppf(q, loc=0.0, scale=1.0):
    return loc + scale * np.sqrt(-2 * np.log1p(-q))


# --------------------------------------------------------------------------- skew-normal
# (Its CDF is Owen's T function, which has no rule: skewnorm.cdf is not composed.)
@composed(stats.skewnorm.logpdf, family=FAMILY)
def skewnorm_logpdf(x, a, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return (0.6931471805599453 - 0.5 * z * z - 0.9189385332046727 + scipy.special.log_ndtr(a * z)
            - np.log(scale))


@composed(stats.skewnorm.pdf, family=FAMILY)
def skewnorm_pdf(x, a, loc=0.0, scale=1.0):
    return np.exp(skewnorm_logpdf(x, a, loc, scale))


refused(stats.halfcauchy, stats.halflogistic, stats.rayleigh, stats.skewnorm,
        reason="a frozen distribution is an object whose parameters the compiler does not follow",
        hint="pass the parameters to the method itself: halfcauchy.logpdf(x, loc, scale)")
