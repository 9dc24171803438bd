"""``scipy.stats``: the quantiles (``ppf``, ``isf``) and remaining tails (``logsf``, ``logcdf``,
``sf``) of families whose other methods are composed in scipy_stats.py and the modules beside it,
as compositions of primitives; registered with scipy_stats.py, which imports this.

Each is SciPy's own formula (its ``_ppf``, ``_isf``, ``_logsf`` ...) over ``scipy.special``'s
functions and their inverses (``stdtrit``, ``gammaincinv``, ``gammainccinv``, ``betaincinv``,
``betainccinv``), so the derivative in ``q``, ``loc`` and ``scale`` comes from their rules; a
shape parameter where that rule exists, refused where active where it does not (the inverses'
parameters). A probability outside ``[0, 1]`` gives NaN, as SciPy's; a count (Poisson, binomial,
negative binomial, Bernoulli, geometric) is floored, as SciPy floors it, with no derivative.
"""
import numpy as np
import scipy.special
import scipy.stats

from . import scipy_special  # noqa: F401  (the special functions these compose)
from .registry import composed
from .scipy_stats_discrete import bernoulli_cdf, binom_cdf, binom_sf, geom_cdf, nbinom_cdf

FAMILY = "scipy.stats"
stats = scipy.stats


def _probability(q, value):
    """``value`` where ``q`` is a probability, NaN elsewhere (SciPy's ppf and isf)."""
    return np.where((q >= 0) & (q <= 1), value, np.nan)


# --------------------------------------------------------------------------- Student's t
@composed(stats.t.logsf, family=FAMILY)
def t_logsf(x, df, loc=0.0, scale=1.0):
    """``log(sf)`` above the median, ``log1p(-cdf)`` below (SciPy's: each accurate on its side)."""
    z = (x - loc) / scale
    return np.where(z > 0, np.log(scipy.special.stdtr(df, -z)), np.log1p(-scipy.special.stdtr(df, z)))


@composed(stats.t.ppf, family=FAMILY)
def t_ppf(q, df, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * _standard_t_quantile(q, df))


@composed(stats.t.isf, family=FAMILY)
def t_isf(q, df, loc=0.0, scale=1.0):
    return _probability(q, loc - scale * _standard_t_quantile(q, df))


def _standard_t_quantile(q, df):
    """``stdtrit(df, q)``, ``-inf`` at ``q == 0`` (where stdtrit gives ``+inf``; SciPy's ppf
    returns the support's end there)."""
    zero = q == 0
    return np.where(zero, -np.inf, scipy.special.stdtrit(df, np.where(zero, 0.5, q)))


# --------------------------------------------------------------------------- gamma, chi-squared, inverse gamma
@composed(stats.gamma.ppf, family=FAMILY)
def gamma_ppf(q, a, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * scipy.special.gammaincinv(a, q))


@composed(stats.gamma.isf, family=FAMILY)
def gamma_isf(q, a, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * scipy.special.gammainccinv(a, q))


@composed(stats.chi2.ppf, family=FAMILY)
def chi2_ppf(q, df, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * 2 * scipy.special.gammaincinv(df / 2, q))


@composed(stats.chi2.isf, family=FAMILY)
def chi2_isf(q, df, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * 2 * scipy.special.gammainccinv(df / 2, q))


@composed(stats.invgamma.ppf, family=FAMILY)
def invgamma_ppf(q, a, loc=0.0, scale=1.0):
    return _probability(q, loc + scale / scipy.special.gammainccinv(a, q))


@composed(stats.invgamma.isf, family=FAMILY)
def invgamma_isf(q, a, loc=0.0, scale=1.0):
    return _probability(q, loc + scale / scipy.special.gammaincinv(a, q))


# --------------------------------------------------------------------------- beta
@composed(stats.beta.ppf, family=FAMILY)
def beta_ppf(q, a, b, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * scipy.special.betaincinv(a, b, q))


@composed(stats.beta.isf, family=FAMILY)
def beta_isf(q, a, b, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * scipy.special.betainccinv(a, b, q))


# --------------------------------------------------------------------------- log-normal, Weibull, Gumbel, half-normal
@composed(stats.lognorm.ppf, family=FAMILY)
def lognorm_ppf(q, s, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * np.exp(s * scipy.special.ndtri(q)))


@composed(stats.lognorm.isf, family=FAMILY)
def lognorm_isf(q, s, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * np.exp(-s * scipy.special.ndtri(q)))


@composed(stats.weibull_min.ppf, family=FAMILY)
def weibull_min_ppf(q, c, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * (-np.log1p(-q)) ** (1 / c))


@composed(stats.weibull_min.isf, family=FAMILY)
def weibull_min_isf(q, c, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * (-np.log(q)) ** (1 / c))


@composed(stats.gumbel_r.ppf, family=FAMILY)
def gumbel_r_ppf(q, loc=0.0, scale=1.0):
    return _probability(q, loc - scale * np.log(-np.log(q)))


@composed(stats.gumbel_r.isf, family=FAMILY)
def gumbel_r_isf(q, loc=0.0, scale=1.0):
    return _probability(q, loc - scale * np.log(-np.log1p(-q)))


@composed(stats.halfnorm.ppf, family=FAMILY)
def halfnorm_ppf(q, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * scipy.special.ndtri((1 + q) / 2))


@composed(stats.halfnorm.isf, family=FAMILY)
def halfnorm_isf(q, loc=0.0, scale=1.0):
    return _probability(q, loc - scale * scipy.special.ndtri(q / 2))


# --------------------------------------------------------------------------- isf of the location-scale families
@composed(stats.expon.isf, family=FAMILY)
def expon_isf(q, loc=0.0, scale=1.0):
    return _probability(q, loc - scale * np.log(q))


@composed(stats.uniform.isf, family=FAMILY)
def uniform_isf(q, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * (1 - q))


@composed(stats.laplace.isf, family=FAMILY)
def laplace_isf(q, loc=0.0, scale=1.0):
    """Minus the standard ppf at ``q`` (the density is symmetric), each side in its own form."""
    below = q <= 0.5
    return _probability(q, loc - scale * np.where(below, np.log(2 * np.where(below, q, 0.5)),
                                                  -np.log(2 - 2 * np.where(below, 0.5, q))))


@composed(stats.pareto.isf, family=FAMILY)
def pareto_isf(q, b, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * q ** (-1 / b))


@composed(stats.rayleigh.isf, family=FAMILY)
def rayleigh_isf(q, loc=0.0, scale=1.0):
    return _probability(q, loc + scale * np.sqrt(-2 * np.log(q)))


@composed(stats.halfcauchy.isf, family=FAMILY)
def halfcauchy_isf(q, loc=0.0, scale=1.0):
    """``cot(π q / 2)``; 0 at ``q == 1``, the support's end (where the cotangent is 6e-17)."""
    one = q == 1
    return _probability(q, loc + scale * np.where(one, 0.0, 1 / np.tan(np.pi * np.where(one, 0.5, q) / 2)))


@composed(stats.halflogistic.isf, family=FAMILY)
def halflogistic_isf(q, loc=0.0, scale=1.0):
    """``-logit(q/2)`` below one half, ``2 artanh(1 - q)`` above (SciPy's two forms)."""
    below = q < 0.5
    standard = np.where(below, -scipy.special.logit(0.5 * np.where(below, q, 0.25)),
                        2 * np.arctanh(1 - np.where(below, 0.75, q)))
    return _probability(q, loc + scale * standard)


@composed(stats.halflogistic.logcdf, family=FAMILY)
def halflogistic_logcdf(x, loc=0.0, scale=1.0):
    """``log(tanh(z/2))`` (-inf at and below 0); past the median ``log1p(-sf)``, sf = 2 / (1 + e^z)."""
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1.0)
    below = safe < 2 * np.arctanh(0.5)
    value = np.where(below, np.log(np.tanh(0.5 * safe)), np.log1p(-2 / (1 + np.exp(safe))))
    return np.where(inside, value, -np.inf)


# --------------------------------------------------------------------------- discrete tails
@composed(stats.poisson.sf, family=FAMILY)
def poisson_sf(k, mu, loc=0):
    count = np.floor(k - loc)
    valid = count >= 0
    return np.where(valid, scipy.special.gammainc(np.where(valid, count, 0.0) + 1, mu), 1.0)


@composed(stats.poisson.logsf, family=FAMILY)
def poisson_logsf(k, mu, loc=0):
    return np.log(poisson_sf(k, mu, loc))


@composed(stats.binom.logcdf, family=FAMILY)
def binom_logcdf(k, n, p, loc=0):
    return np.log(binom_cdf(k, n, p, loc))


@composed(stats.binom.logsf, family=FAMILY)
def binom_logsf(k, n, p, loc=0):
    return np.log(binom_sf(k, n, p, loc))


@composed(stats.nbinom.sf, family=FAMILY)
def nbinom_sf(k, n, p, loc=0):
    """P(K > k) = 1 - I_p(n, k + 1), as betaincc (accurate where the CDF is near 1)."""
    count = np.floor(k - loc)
    inside = count >= 0
    return np.where(inside, scipy.special.betaincc(n, np.where(inside, count, 0.0) + 1, p), 1.0)


@composed(stats.nbinom.logsf, family=FAMILY)
def nbinom_logsf(k, n, p, loc=0):
    return np.log(nbinom_sf(k, n, p, loc))


@composed(stats.nbinom.logcdf, family=FAMILY)
def nbinom_logcdf(k, n, p, loc=0):
    """``log(cdf)``; where the CDF is over one half, ``log1p(-I_{1-p}(k + 1, n))`` (SciPy's)."""
    cdf = nbinom_cdf(k, n, p, loc)
    count = np.maximum(np.floor(k - loc), 0.0)
    return np.where(cdf > 0.5, np.log1p(-scipy.special.betainc(count + 1, n, 1 - p)), np.log(cdf))


@composed(stats.bernoulli.sf, family=FAMILY)
def bernoulli_sf(k, p, loc=0):
    count = k - loc
    return np.where(count < 0, 1.0, np.where(count < 1, p, 0.0))


@composed(stats.bernoulli.logsf, family=FAMILY)
def bernoulli_logsf(k, p, loc=0):
    return np.log(bernoulli_sf(k, p, loc))


@composed(stats.bernoulli.logcdf, family=FAMILY)
def bernoulli_logcdf(k, p, loc=0):
    return np.log(bernoulli_cdf(k, p, loc))


@composed(stats.geom.logcdf, family=FAMILY)
def geom_logcdf(k, p, loc=0):
    return np.log(geom_cdf(k, p, loc))
