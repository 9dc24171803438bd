"""``scipy.stats``: log-densities, densities and CDFs of the common distributions, as compositions
of primitives (``scipy.special``'s among them) that the lowering inlines where one is called.

Each takes the arguments the distribution's method does, positionally or by keyword (shape
parameters, then ``loc`` and ``scale``), and computes what SciPy computes inside the support; the
derivative in every argument, Hessians included, comes from the composed primitives. Outside the
support (``x < 0`` for ``gamma``) they return what SciPy returns (``-inf``, ``0`` or ``1``),
with derivative 0: the formula is evaluated at a point inside instead (``safe``) and its value
discarded by ``np.where``, so no ``nan`` of the discarded branch reaches the derivative. Registered the first time a lookup misses while
``scipy.stats`` is imported (registry.py).
"""
import numpy as np
import scipy.special
import scipy.stats

from . import scipy_special  # noqa: F401  (the special functions these compose)
from .registry import composed, refused
from .runtime import stop_gradient

FAMILY = "scipy.stats"
stats = scipy.stats
# Constants are written as literals (log(2π)/2 = 0.9189385332046727, log 2 = 0.6931471805599453):
# a module-level name would be a value the generated code reads at each call.


# --------------------------------------------------------------------------- normal
@composed(stats.norm.logpdf, family=FAMILY)
def norm_logpdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return -0.5 * z * z - np.log(scale) - 0.9189385332046727


@composed(stats.norm.pdf, family=FAMILY)
def norm_pdf(x, loc=0.0, scale=1.0):
    return np.exp(norm_logpdf(x, loc, scale))


@composed(stats.norm.cdf, family=FAMILY)
def norm_cdf(x, loc=0.0, scale=1.0):
    return scipy.special.ndtr((x - loc) / scale)


@composed(stats.norm.logcdf, family=FAMILY)
def norm_logcdf(x, loc=0.0, scale=1.0):
    return scipy.special.log_ndtr((x - loc) / scale)


@composed(stats.norm.sf, family=FAMILY)
def norm_sf(x, loc=0.0, scale=1.0):
    return scipy.special.ndtr((loc - x) / scale)


@composed(stats.norm.logsf, family=FAMILY)
def norm_logsf(x, loc=0.0, scale=1.0):
    return scipy.special.log_ndtr((loc - x) / scale)


@composed(stats.norm.ppf, family=FAMILY)
def norm_ppf(q, loc=0.0, scale=1.0):
    return loc + scale * scipy.special.ndtri(q)


@composed(stats.norm.isf, family=FAMILY)
def norm_isf(q, loc=0.0, scale=1.0):
    return loc - scale * scipy.special.ndtri(q)


# --------------------------------------------------------------------------- Student's t
@composed(stats.t.logpdf, family=FAMILY)
def t_logpdf(x, df, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return (scipy.special.gammaln((df + 1) / 2) - scipy.special.gammaln(df / 2) - 0.5 * np.log(df * np.pi)
            - (df + 1) / 2 * np.log1p(z * z / df) - np.log(scale))


@composed(stats.t.pdf, family=FAMILY)
def t_pdf(x, df, loc=0.0, scale=1.0):
    return np.exp(t_logpdf(x, df, loc, scale))


@composed(stats.t.cdf, family=FAMILY)
def t_cdf(x, df, loc=0.0, scale=1.0):
    """Differentiable in ``x``, ``loc`` and ``scale`` (``stdtr`` refuses an active ``df``)."""
    return scipy.special.stdtr(df, (x - loc) / scale)


@composed(stats.t.logcdf, family=FAMILY)
def t_logcdf(x, df, loc=0.0, scale=1.0):
    return np.log(scipy.special.stdtr(df, (x - loc) / scale))


@composed(stats.t.sf, family=FAMILY)
def t_sf(x, df, loc=0.0, scale=1.0):
    return scipy.special.stdtr(df, (loc - x) / scale)


# --------------------------------------------------------------------------- gamma, chi-squared
@composed(stats.gamma.logpdf, family=FAMILY)
def gamma_logpdf(x, a, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1.0)
    # at z = 0 SciPy's limit, constant in a (the formula's partial in a there is 0 * log 0: nan)
    at_zero = np.where(a > 1, -np.inf, np.where(a == 1, -np.log(scale), np.inf))
    return np.where(inside, scipy.special.xlogy(a - 1, safe) - safe - scipy.special.gammaln(a) - np.log(scale),
                    np.where(z == 0, at_zero, -np.inf))


@composed(stats.gamma.pdf, family=FAMILY)
def gamma_pdf(x, a, loc=0.0, scale=1.0):
    return np.exp(gamma_logpdf(x, a, loc, scale))


@composed(stats.gamma.cdf, family=FAMILY)
def gamma_cdf(x, a, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = z > 0
    return np.where(inside, scipy.special.gammainc(a, np.where(inside, z, 1.0)), 0.0)


@composed(stats.gamma.logcdf, family=FAMILY)
def gamma_logcdf(x, a, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = z > 0
    return np.where(inside, np.log(scipy.special.gammainc(a, np.where(inside, z, 1.0))), -np.inf)


@composed(stats.gamma.sf, family=FAMILY)
def gamma_sf(x, a, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = z > 0
    return np.where(inside, scipy.special.gammaincc(a, np.where(inside, z, 1.0)), 1.0)


@composed(stats.gamma.logsf, family=FAMILY)
def gamma_logsf(x, a, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = z > 0
    return np.where(inside, np.log(scipy.special.gammaincc(a, np.where(inside, z, 1.0))), 0.0)


@composed(stats.chi2.logpdf, family=FAMILY)
def chi2_logpdf(x, df, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = z >= 0
    safe = np.where(inside, z, 1.0)
    half = df / 2
    return np.where(inside, scipy.special.xlogy(half - 1, safe) - safe / 2 - scipy.special.gammaln(half)
                    - half * 0.6931471805599453 - np.log(scale), -np.inf)


@composed(stats.chi2.pdf, family=FAMILY)
def chi2_pdf(x, df, loc=0.0, scale=1.0):
    return np.exp(chi2_logpdf(x, df, loc, scale))


@composed(stats.chi2.cdf, family=FAMILY)
def chi2_cdf(x, df, loc=0.0, scale=1.0):
    return gamma_cdf(x, df / 2, loc, 2 * scale)


@composed(stats.chi2.logcdf, family=FAMILY)
def chi2_logcdf(x, df, loc=0.0, scale=1.0):
    return gamma_logcdf(x, df / 2, loc, 2 * scale)


@composed(stats.chi2.sf, family=FAMILY)
def chi2_sf(x, df, loc=0.0, scale=1.0):
    return gamma_sf(x, df / 2, loc, 2 * scale)


@composed(stats.chi2.logsf, family=FAMILY)
def chi2_logsf(x, df, loc=0.0, scale=1.0):
    return gamma_logsf(x, df / 2, loc, 2 * scale)


# --------------------------------------------------------------------------- beta
@composed(stats.beta.logpdf, family=FAMILY)
def beta_logpdf(x, a, b, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = (z >= 0) & (z <= 1)
    safe = np.where(inside, z, 0.5)
    return np.where(inside, scipy.special.xlogy(a - 1, safe) + scipy.special.xlog1py(b - 1, -safe)
                    - scipy.special.betaln(a, b) - np.log(scale), -np.inf)


@composed(stats.beta.pdf, family=FAMILY)
def beta_pdf(x, a, b, loc=0.0, scale=1.0):
    return np.exp(beta_logpdf(x, a, b, loc, scale))


@composed(stats.beta.cdf, family=FAMILY)
def beta_cdf(x, a, b, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = (z > 0) & (z < 1)
    return np.where(inside, scipy.special.betainc(a, b, np.where(inside, z, 0.5)), np.where(z > 0, 1.0, 0.0))


@composed(stats.beta.logcdf, family=FAMILY)
def beta_logcdf(x, a, b, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = (z > 0) & (z < 1)
    return np.where(inside, np.log(scipy.special.betainc(a, b, np.where(inside, z, 0.5))),
                    np.where(z > 0, 0.0, -np.inf))


@composed(stats.beta.sf, family=FAMILY)
def beta_sf(x, a, b, loc=0.0, scale=1.0):
    # 1 - I_z(a, b) = I_{1-z}(b, a): no cancellation near z = 1
    z = (x - loc) / scale
    inside = (z > 0) & (z < 1)
    return np.where(inside, scipy.special.betainc(b, a, 1 - np.where(inside, z, 0.5)), np.where(z > 0, 0.0, 1.0))


@composed(stats.beta.logsf, family=FAMILY)
def beta_logsf(x, a, b, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    inside = (z > 0) & (z < 1)
    return np.where(inside, np.log(scipy.special.betainc(b, a, 1 - np.where(inside, z, 0.5))),
                    np.where(z > 0, -np.inf, 0.0))


# --------------------------------------------------------------------------- Poisson
# k is a count: differentiable in mu only (a non-integer or negative count has probability 0).
@composed(stats.poisson.logpmf, family=FAMILY)
def poisson_logpmf(k, mu, loc=0):
    count = stop_gradient(k - loc)        # (no derivative in the count: see scipy_stats_discrete.py)
    valid = (count >= 0) & (count == np.floor(count))
    safe = np.where(valid, count, 0.0)
    return np.where(valid, scipy.special.xlogy(safe, mu) - scipy.special.gammaln(safe + 1) - mu, -np.inf)


@composed(stats.poisson.pmf, family=FAMILY)
def poisson_pmf(k, mu, loc=0):
    return np.exp(poisson_logpmf(k, mu, loc))


@composed(stats.poisson.cdf, family=FAMILY)
def poisson_cdf(k, mu, loc=0):
    count = np.floor(k - loc)
    valid = count >= 0
    return np.where(valid, scipy.special.gammaincc(np.where(valid, count, 0.0) + 1, mu), 0.0)


@composed(stats.poisson.logcdf, family=FAMILY)
def poisson_logcdf(k, mu, loc=0):
    count = np.floor(k - loc)
    valid = count >= 0
    return np.where(valid, np.log(scipy.special.gammaincc(np.where(valid, count, 0.0) + 1, mu)), -np.inf)


# --------------------------------------------------------------------------- multivariate
@composed(stats.multivariate_normal.logpdf, family=FAMILY)
def multivariate_normal_logpdf(x, mean=None, cov=1, allow_singular=False):
    """``x``: one point (its last axis the dimension, which the mean, else ``cov``, gives) or a
    stack of them; ``cov`` a variance, the diagonal's variances or a matrix, of which SciPy reads
    the lower triangle only (so does this: the upper's adjoint is zero). As SciPy's, a number or a
    1-D ``x`` of dimension 1 is that many points, and the result is squeezed (one point: a number)."""
    dimension = np.shape(cov * np.ones((1, 1)))[-1] if mean is None else np.size(mean)
    if np.ndim(x) <= 1 and dimension == 1:
        x = np.reshape(x, (-1, 1))
    deviation = x if mean is None else x - mean
    cov = np.where(np.ndim(cov) == 2, cov, cov * np.eye(dimension))
    rows = np.arange(dimension)
    below = np.where(rows[:, None] > rows, cov, 0.0)
    cov = below + np.where(rows[:, None] == rows, cov, 0.0) + below.T
    if allow_singular:
        return np.squeeze(_singular_normal_logpdf(deviation, cov))
    # inv and det rather than solve and slogdet: their rules are differentiable again (Hessians);
    # det of a covariance is positive, and its log overflows only for hundreds of dimensions
    quadratic = np.sum((deviation @ np.linalg.inv(cov)) * deviation, axis=-1)
    return np.squeeze(-0.5 * (quadratic + np.log(np.linalg.det(cov))) - dimension * 0.9189385332046727)


def _singular_normal_logpdf(deviation, cov):
    """``allow_singular=True``, as SciPy's: the eigenvalues above ``1e6 ε`` times the largest count
    (the rank, the pseudo-determinant, the pseudo-inverse's cutoff); a deviation with a part
    above ``1e3`` times that cutoff along the other eigenvectors is outside the support: -inf."""
    eigenvalues = np.linalg.eigvalsh(cov)
    cutoff = 2.220446049250313e-10 * np.max(np.abs(eigenvalues))
    kept = eigenvalues > cutoff
    log_pseudo_determinant = np.sum(np.where(kept, np.log(np.where(kept, eigenvalues, 1.0)), 0.0))
    quadratic = np.sum((deviation @ np.linalg.pinv(cov, rcond=2.220446049250313e-10, hermitian=True)) * deviation, axis=-1)
    value = -0.5 * (quadratic + log_pseudo_determinant + np.sum(kept) * 1.8378770664093453)
    _, basis = np.linalg.eigh(cov)
    residual = np.sqrt(np.sum(np.where(kept, 0.0, (deviation @ basis) ** 2), axis=-1))
    return np.where(residual < 1e3 * cutoff, value, -np.inf)


@composed(stats.multivariate_normal.pdf, family=FAMILY)
def multivariate_normal_pdf(x, mean=None, cov=1, allow_singular=False):
    return np.exp(multivariate_normal_logpdf(x, mean, cov, allow_singular))


@composed(stats.multivariate_normal.entropy, family=FAMILY)
def multivariate_normal_entropy(mean=None, cov=1, allow_singular=False):
    """``(d log(2πe) + log det cov) / 2``: the mean does not enter; ``cov`` as for ``logpdf``."""
    dimension = np.shape(cov * np.ones((1, 1)))[-1] if mean is None else np.size(mean)
    cov = np.where(np.ndim(cov) == 2, cov, cov * np.eye(dimension))
    rows = np.arange(dimension)
    below = np.where(rows[:, None] > rows, cov, 0.0)
    cov = below + np.where(rows[:, None] == rows, cov, 0.0) + below.T
    return 0.5 * (np.log(np.linalg.det(cov)) + dimension * 2.8378770664093453)


@composed(stats.dirichlet.logpdf, family=FAMILY)
def dirichlet_logpdf(x, alpha):
    """``x``: one point on the simplex (its first axis the components) or several (columns)."""
    return (np.sum(scipy.special.xlogy(alpha - 1, x.T).T, axis=0) + scipy.special.gammaln(np.sum(alpha))
            - np.sum(scipy.special.gammaln(alpha)))


@composed(stats.dirichlet.pdf, family=FAMILY)
def dirichlet_pdf(x, alpha):
    return np.exp(dirichlet_logpdf(x, alpha))




refused(stats.norm, stats.t, stats.gamma, stats.chi2, stats.beta, stats.poisson, stats.multivariate_normal,
        stats.dirichlet, reason="a frozen distribution is an object whose parameters the compiler does not follow",
        hint="pass the parameters to the method itself: norm.logpdf(x, loc, scale)")


# the other families, in modules of their own (each module under 500 lines)
from . import scipy_stats_continuous, scipy_stats_discrete, scipy_stats_half, scipy_stats_shaped  # noqa: E402, F401
from . import scipy_stats_quantiles  # noqa: E402, F401  (ppf, isf and the remaining tails)
from . import scipy_stats_more  # noqa: E402, F401  (f, lomax, gumbel_l, chi, maxwell)
