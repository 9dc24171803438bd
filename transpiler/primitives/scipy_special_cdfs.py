"""``scipy.special``'s distribution functions under their Cephes names (loaded by
scipy_special.py), as compositions over the regularised incomplete gamma and beta functions and
their inverses, which carry the rules: chi-square ``chdtr``, ``chdtrc``, ``chdtri``; gamma
``gdtr``, ``gdtrc``; Poisson ``pdtr``, ``pdtrc``, ``pdtri``; binomial ``bdtr``, ``bdtrc``,
``bdtri``; negative binomial ``nbdtr``, ``nbdtrc``; F ``fdtr``, ``fdtrc``, ``fdtri``. Each gives
SciPy's values, NaN included where SciPy's arguments are out of its domain. A count ``k`` is
floored and a number of trials ``n`` truncated, as SciPy does: piecewise constant, no
derivative (the functions jump at each whole ``k``, where no rule could hold). A degrees-of-freedom parameter is
differentiated where the function it reaches has that rule (``gammainc`` in ``a``: chdtr,
gdtr's ``b``), refused where active otherwise (``betainc``'s, ``gammainccinv``'s parameters).
"""
import numpy as np
import scipy.special

from .registry import composed

FAMILY = "scipy.special"
special = scipy.special


# --------------------------------------------------------------------------- chi-square: P(v/2, x/2)
@composed(special.chdtr, family=FAMILY)
def chdtr(v, x):
    return scipy.special.gammainc(v / 2, x / 2)


@composed(special.chdtrc, family=FAMILY)
def chdtrc(v, x):
    return scipy.special.gammaincc(v / 2, x / 2)


@composed(special.chdtri, family=FAMILY)
def chdtri(v, p):
    """The ``x`` of ``chdtrc(v, x) == p``."""
    return 2 * scipy.special.gammainccinv(v / 2, p)


# --------------------------------------------------------------------------- gamma: P(b, a x)
@composed(special.gdtr, family=FAMILY)
def gdtr(a, b, x):
    """The gamma CDF of rate ``a`` and shape ``b`` at ``x`` (NaN for ``x < 0``, as SciPy's)."""
    return np.where(x < 0, np.nan, scipy.special.gammainc(b, a * x))


@composed(special.gdtrc, family=FAMILY)
def gdtrc(a, b, x):
    return np.where(x < 0, np.nan, scipy.special.gammaincc(b, a * x))


# --------------------------------------------------------------------------- Poisson: Q(⌊k⌋ + 1, m)
@composed(special.pdtr, family=FAMILY)
def pdtr(k, m):
    """``P(K <= k)`` for ``K ~ Poisson(m)``: NaN for ``k < 0``."""
    return np.where(k < 0, np.nan, scipy.special.gammaincc(np.floor(k) + 1, m))


@composed(special.pdtrc, family=FAMILY)
def pdtrc(k, m):
    return np.where(k < 0, np.nan, scipy.special.gammainc(np.floor(k) + 1, m))


@composed(special.pdtri, family=FAMILY)
def pdtri(k, y):
    """The ``m`` of ``pdtr(k, m) == y``: NaN for ``k < 0`` or ``y >= 1`` (as SciPy's)."""
    return np.where((k < 0) | (y >= 1), np.nan, scipy.special.gammainccinv(np.floor(k) + 1, y))


# --------------------------------------------------------------------------- binomial: I(n - k, k + 1, 1 - p)
@composed(special.bdtr, family=FAMILY)
def bdtr(k, n, p):
    """``P(K <= k)`` for ``K ~ Binomial(n, p)``: 1 at ``k == n``; NaN for ``p`` outside [0, 1],
    ``k < 0`` or ``k > n``."""
    count, trials = np.floor(k), np.trunc(n)
    outside = (p < 0) | (p > 1) | (count < 0) | (trials < count)
    whole = outside | (count == trials)
    value = scipy.special.betainc(np.where(whole, 1.0, trials - count), count + 1, 1 - p)
    return np.where(outside, np.nan, np.where(count == trials, 1.0, value))


@composed(special.bdtrc, family=FAMILY)
def bdtrc(k, n, p):
    """``P(K > k)``: 1 for ``k < 0``, 0 at ``k == n``; NaN for ``p`` outside [0, 1] or ``k > n``."""
    count, trials = np.floor(k), np.trunc(n)
    inside = (count >= 0) & (count < trials)
    value = scipy.special.betainc(np.where(inside, count, 0.0) + 1, np.where(inside, trials - count, 1.0), p)
    value = np.where(inside, value, np.where(count < 0, 1.0, np.where(count == trials, 0.0, np.nan)))
    return np.where((p < 0) | (p > 1), np.nan, value)


@composed(special.bdtri, family=FAMILY)
def bdtri(k, n, y):
    """The ``p`` of ``bdtr(k, n, p) == y``: NaN for ``y`` outside [0, 1], ``k < 0`` or ``k >= n``."""
    count, trials = np.floor(k), np.trunc(n)
    outside = (y < 0) | (y > 1) | (count < 0) | (trials <= count)
    safe = np.where(outside, 0.0, count)
    value = 1 - scipy.special.betaincinv(np.where(outside, 1.0, trials - safe), safe + 1, y)
    return np.where(outside, np.nan, value)


# --------------------------------------------------------------------------- negative binomial: I(n, k + 1, p)
@composed(special.nbdtr, family=FAMILY)
def nbdtr(k, n, p):
    """``P(K <= k)`` failures before the ``n``-th success: NaN for ``p`` outside [0, 1], ``k < 0``
    or ``n <= 0``."""
    count, trials = np.floor(k), np.trunc(n)
    outside = (p < 0) | (p > 1) | (count < 0) | (trials <= 0)
    return np.where(outside, np.nan, scipy.special.betainc(trials, count + 1, p))


@composed(special.nbdtrc, family=FAMILY)
def nbdtrc(k, n, p):
    count, trials = np.floor(k), np.trunc(n)
    outside = (p < 0) | (p > 1) | (count < 0) | (trials <= 0)
    return np.where(outside, np.nan, scipy.special.betaincc(trials, count + 1, p))


# --------------------------------------------------------------------------- F: I(dfn/2, dfd/2, w)
@composed(special.fdtr, family=FAMILY)
def fdtr(dfn, dfd, x):
    """The F CDF at ``x``: ``betainc(dfn/2, dfd/2, dfn x / (dfd + dfn x))``; NaN where SciPy's is
    (a degree of freedom ``<= 0``, ``x < 0``)."""
    outside = (dfn <= 0) | (dfd <= 0) | (x < 0)
    finite = np.where(x == np.inf, 1.0, x)         # (the fraction's limit at x = inf is 1, not inf / inf)
    w = np.where(x == np.inf, 1.0, dfn * finite / (dfd + dfn * finite))
    return np.where(outside, np.nan, scipy.special.betainc(dfn / 2, dfd / 2, w))


@composed(special.fdtrc, family=FAMILY)
def fdtrc(dfn, dfd, x):
    """``betainc(dfd/2, dfn/2, dfd / (dfd + dfn x))``, accurate in the upper tail (SciPy's form)."""
    outside = (dfn <= 0) | (dfd <= 0) | (x < 0)
    return np.where(outside, np.nan, scipy.special.betainc(dfd / 2, dfn / 2, dfd / (dfd + dfn * x)))


@composed(special.fdtri, family=FAMILY)
def fdtri(dfn, dfd, p):
    """The ``x`` of ``fdtr(dfn, dfd, x) == p``."""
    w = scipy.special.betaincinv(dfn / 2, dfd / 2, p)
    return dfd * w / (dfn * (1 - w))
