"""``scipy.stats``: the truncated normal, the generalised normal and the circular von Mises and
wrapped Cauchy distributions, as compositions of primitives; registered with scipy_stats.py,
which imports this. Conventions as there: ``z = (x - loc) / scale``, SciPy's value outside the
support with derivative 0."""
import numpy as np
import scipy.special
import scipy.stats

from . import scipy_special  # noqa: F401  (the special functions these compose)
from .registry import composed, refused

FAMILY = "scipy.stats"
stats = scipy.stats
# Literals (see scipy_stats.py): log(2π)/2 = 0.9189385332046727, log(2π) = 1.8378770664093453,
# log 2 = 0.6931471805599453.


# --------------------------------------------------------------------------- truncated normal on [a, b] (standardised)
def _normal_mass(a, b):
    """Φ(b) - Φ(a), from the upper tail where a > 0 (no cancellation of two values near 1)."""
    return np.where(a > 0, scipy.special.ndtr(-a) - scipy.special.ndtr(-b),
                    scipy.special.ndtr(b) - scipy.special.ndtr(a))


@composed(stats.truncnorm.logpdf, family=FAMILY)
def truncnorm_logpdf(x, a, b, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = (z >= a) & (z <= b)
    safe = np.where(inside, z, a)
    return np.where(inside, -0.5 * safe * safe - 0.9189385332046727 - np.log(scale) - np.log(_normal_mass(a, b)),
                    -np.inf)


@composed(stats.truncnorm.pdf, family=FAMILY)
def truncnorm_pdf(x, a, b, loc=0.0, scale=1.0):
    return np.exp(truncnorm_logpdf(x, a, b, loc, scale))


@composed(stats.truncnorm.cdf, family=FAMILY)
def truncnorm_cdf(x, a, b, loc=0.0, scale=1.0):
    z = np.clip((x - loc) / scale, a, b)
    return _normal_mass(a, z) / _normal_mass(a, b)


@composed(stats.truncnorm.logcdf, family=FAMILY)
def truncnorm_logcdf(x, a, b, loc=0.0, scale=1.0):
    return np.log(truncnorm_cdf(x, a, b, loc, scale))


@composed(stats.truncnorm.sf, family=FAMILY)
def truncnorm_sf(x, a, b, loc=0.0, scale=1.0):
    z = np.clip((x - loc) / scale, a, b)
    return _normal_mass(z, b) / _normal_mass(a, b)


@composed(stats.truncnorm.logsf, family=FAMILY)
def truncnorm_logsf(x, a, b, loc=0.0, scale=1.0):
    return np.log(truncnorm_sf(x, a, b, loc, scale))


# --------------------------------------------------------------------------- generalised normal
def _abs_power(z, beta):
    """|z|**beta, 0 at z = 0 with no nan in beta's derivative there (log 0)."""
    size = np.abs(z)
    nonzero = size > 0
    return np.where(nonzero, np.where(nonzero, size, 1.0) ** beta, 0.0)


@composed(stats.gennorm.logpdf, family=FAMILY)
def gennorm_logpdf(x, beta, loc=0.0, scale=1.0):
    return (np.log(beta) - 0.6931471805599453 - scipy.special.gammaln(1 / beta)
            - _abs_power((x - loc) / scale, beta) - np.log(scale))


@composed(stats.gennorm.pdf, family=FAMILY)
def gennorm_pdf(x, beta, loc=0.0, scale=1.0):
    return np.exp(gennorm_logpdf(x, beta, loc, scale))


@composed(stats.gennorm.cdf, family=FAMILY)
def gennorm_cdf(x, beta, loc=0.0, scale=1.0):
    """Differentiable in x, loc and scale (gammainc refuses an active beta)."""
    z = (x - loc) / scale
    return 0.5 + 0.5 * np.sign(z) * scipy.special.gammainc(1 / beta, _abs_power(z, beta))


# --------------------------------------------------------------------------- circular
@composed(stats.vonmises.logpdf, family=FAMILY)
def vonmises_logpdf(x, kappa, loc=0.0, scale=1.0):
    # exp(κ cos z) / (2π I0(κ)), with I0 scaled (i0e) so that a large κ does not overflow
    z = (x - loc) / scale
    return kappa * (np.cos(z) - 1) - np.log(scipy.special.i0e(kappa)) - 1.8378770664093453 - np.log(scale)


@composed(stats.vonmises.pdf, family=FAMILY)
def vonmises_pdf(x, kappa, loc=0.0, scale=1.0):
    return np.exp(vonmises_logpdf(x, kappa, loc, scale))


@composed(stats.wrapcauchy.logpdf, family=FAMILY)
def wrapcauchy_logpdf(x, c, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = (z >= 0) & (z <= 2 * np.pi)
    return np.where(inside, np.log1p(-c * c) - np.log(1 + c * c - 2 * c * np.cos(z)) - 1.8378770664093453
                    - np.log(scale), -np.inf)


@composed(stats.wrapcauchy.pdf, family=FAMILY)
def wrapcauchy_pdf(x, c, loc=0.0, scale=1.0):
    return np.exp(wrapcauchy_logpdf(x, c, loc, scale))


refused(stats.truncnorm, stats.gennorm, stats.vonmises, stats.wrapcauchy,
        reason="a frozen distribution is an object whose parameters the compiler does not follow",
        hint="pass the parameters to the method itself: truncnorm.logpdf(x, a, b, loc, scale)")
