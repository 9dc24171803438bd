"""``scipy.stats``: discrete distributions beyond Poisson (Bernoulli, binomial, negative
binomial, beta-binomial, geometric, multinomial), as compositions of primitives, and their quantiles (``ppf``:
counts, no derivative); registered with scipy_stats.py, which
imports this.

A count ``k`` has no derivative (a non-integer count has probability 0); the probability ``p``
does, and so does the negative binomial's ``n``, which SciPy takes real. The binomial's ``n`` is
a count, but its formula (``gammaln``) is differentiable and so it is, like JAX's. Outside the
support the value is SciPy's with derivative 0, the formula evaluated at a count inside.
"""
import numpy as np
import scipy.special
import scipy.stats

from . import scipy_special  # noqa: F401  (the special functions these compose)
from .registry import Spelling, composed, nondifferentiable, refused
from .runtime import stop_gradient

FAMILY = "scipy.stats"
stats = scipy.stats


def _count(k, loc, low, high):
    """(k - loc is a whole number in [low, high], that count there and ``low`` elsewhere). The
    count carries no derivative (the formulas' partials in it, log(p) and the like, are not
    derivatives of a function that is 0 between the counts)."""
    count = stop_gradient(k - loc)
    valid = (count >= low) & (count <= high) & (count == np.floor(count))
    return valid, np.where(valid, count, low)


# --------------------------------------------------------------------------- Bernoulli
@composed(stats.bernoulli.logpmf, family=FAMILY)
def bernoulli_logpmf(k, p, loc=0):
    valid, count = _count(k, loc, 0, 1)
    return np.where(valid, scipy.special.xlogy(count, p) + scipy.special.xlog1py(1 - count, -p), -np.inf)


@composed(stats.bernoulli.pmf, family=FAMILY)
def bernoulli_pmf(k, p, loc=0):
    return np.exp(bernoulli_logpmf(k, p, loc))


@composed(stats.bernoulli.cdf, family=FAMILY)
def bernoulli_cdf(k, p, loc=0):
    count = k - loc
    return np.where(count < 0, 0.0, np.where(count < 1, 1 - p, 1.0))


# --------------------------------------------------------------------------- binomial
@composed(stats.binom.logpmf, family=FAMILY)
def binom_logpmf(k, n, p, loc=0):
    valid, count = _count(k, loc, 0, n)
    return np.where(valid, scipy.special.gammaln(n + 1) - scipy.special.gammaln(count + 1)
                    - scipy.special.gammaln(n - count + 1) + scipy.special.xlogy(count, p)
                    + scipy.special.xlog1py(n - count, -p), -np.inf)


@composed(stats.binom.pmf, family=FAMILY)
def binom_pmf(k, n, p, loc=0):
    return np.exp(binom_logpmf(k, n, p, loc))


@composed(stats.binom.cdf, family=FAMILY)
def binom_cdf(k, n, p, loc=0):
    """P(K <= k) = I_{1-p}(n - k, k + 1), the regularised incomplete beta in its bound: in p."""
    count = np.floor(k - loc)
    inside = (count >= 0) & (count < n)
    safe = np.where(inside, count, 0.0)
    return np.where(inside, scipy.special.betainc(n - safe, safe + 1, 1 - p), np.where(count >= n, 1.0, 0.0))


@composed(stats.binom.sf, family=FAMILY)
def binom_sf(k, n, p, loc=0):
    count = np.floor(k - loc)
    inside = (count >= 0) & (count < n)
    safe = np.where(inside, count, 0.0)
    return np.where(inside, scipy.special.betainc(safe + 1, n - safe, p), np.where(count >= n, 0.0, 1.0))


# --------------------------------------------------------------------------- beta-binomial
@composed(stats.betabinom.logpmf, family=FAMILY)
def betabinom_logpmf(k, n, a, b, loc=0):
    valid, count = _count(k, loc, 0, n)
    return np.where(valid, scipy.special.gammaln(n + 1) - scipy.special.gammaln(count + 1)
                    - scipy.special.gammaln(n - count + 1) + scipy.special.betaln(count + a, n - count + b)
                    - scipy.special.betaln(a, b), -np.inf)


@composed(stats.betabinom.pmf, family=FAMILY)
def betabinom_pmf(k, n, a, b, loc=0):
    return np.exp(betabinom_logpmf(k, n, a, b, loc))


# --------------------------------------------------------------------------- negative binomial
@composed(stats.nbinom.logpmf, family=FAMILY)
def nbinom_logpmf(k, n, p, loc=0):
    valid, count = _count(k, loc, 0, np.inf)
    return np.where(valid, scipy.special.gammaln(n + count) - scipy.special.gammaln(n)
                    - scipy.special.gammaln(count + 1) + scipy.special.xlogy(n, p)
                    + scipy.special.xlog1py(count, -p), -np.inf)


@composed(stats.nbinom.pmf, family=FAMILY)
def nbinom_pmf(k, n, p, loc=0):
    return np.exp(nbinom_logpmf(k, n, p, loc))


@composed(stats.nbinom.cdf, family=FAMILY)
def nbinom_cdf(k, n, p, loc=0):
    """P(K <= k) = I_p(n, k + 1): differentiable in p (betainc refuses an active n)."""
    count = np.floor(k - loc)
    inside = count >= 0
    return np.where(inside, scipy.special.betainc(n, np.where(inside, count, 0.0) + 1, p), 0.0)


# --------------------------------------------------------------------------- geometric (trials to the first success)
@composed(stats.geom.logpmf, family=FAMILY)
def geom_logpmf(k, p, loc=0):
    valid, count = _count(k, loc, 1, np.inf)
    return np.where(valid, scipy.special.xlog1py(count - 1, -p) + np.log(p), -np.inf)


@composed(stats.geom.pmf, family=FAMILY)
def geom_pmf(k, p, loc=0):
    return np.exp(geom_logpmf(k, p, loc))


@composed(stats.geom.logsf, family=FAMILY)
def geom_logsf(k, p, loc=0):
    # (no trial done is probability 1 whatever p: 0, not 0 * log1p(-1), which is nan at p = 1)
    count = np.maximum(np.floor(k - loc), 0.0)
    return np.where(count > 0, count * np.log1p(-np.where(count > 0, p, 0.0)), 0.0)


@composed(stats.geom.sf, family=FAMILY)
def geom_sf(k, p, loc=0):
    return np.exp(geom_logsf(k, p, loc))


@composed(stats.geom.cdf, family=FAMILY)
def geom_cdf(k, p, loc=0):
    return -np.expm1(geom_logsf(k, p, loc))


# --------------------------------------------------------------------------- multinomial
@composed(stats.multinomial.logpmf, family=FAMILY)
def multinomial_logpmf(x, n, p):
    """``x``: counts along the last axis; ``p``: probabilities that add up to 1 (off the simplex
    SciPy 1.17 replaces the last by one minus the others, and later SciPy returns nan). ``p`` is
    used as given, as JAX does: the gradient is ``x / p``, which along the simplex is SciPy's.
    Counts that are not whole, negative or do not add up to ``n`` have probability 0."""
    whole = np.all((x >= 0) & (x == np.floor(x)), axis=-1) & (np.sum(x, axis=-1) == n)
    safe = np.where(np.expand_dims(whole, -1), x, 0.0)
    value = (scipy.special.gammaln(n + 1)
             + np.sum(scipy.special.xlogy(safe, p) - scipy.special.gammaln(safe + 1), axis=-1))
    return np.where(whole, value, -np.inf)


@composed(stats.multinomial.pmf, family=FAMILY)
def multinomial_pmf(x, n, p):
    return np.exp(multinomial_logpmf(x, n, p))


refused(stats.bernoulli, stats.binom, stats.betabinom, stats.nbinom, stats.geom, stats.multinomial,
        reason="a frozen distribution is an object whose parameters the compiler does not follow",
        hint="pass the parameters to the method itself: binom.logpmf(k, n, p)")


# --------------------------------------------------------------------------- quantiles
# A discrete distribution's quantile is a count: piecewise constant in the probability and the
# parameters, derivative 0 (SciPy computes the value, including its -1 at q = 0 and NaN outside).
for _name in ("bernoulli", "binom", "poisson", "geom", "nbinom"):
    nondifferentiable(getattr(stats, _name).ppf, family=FAMILY, spelling=Spelling(path=f"scipy.stats.{_name}.ppf"))
