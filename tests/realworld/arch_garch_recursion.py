# Ported from bashtage/arch, arch/univariate/recursions_python.py (`bounds_check_python`, `garch_recursion_python` and the module's `bounds_check = jit(bounds_check_python, nopython=True, inline="always")`, `garch_recursion = jit(garch_recursion_python, nopython=True)`), arch/univariate/volatility.py (`ewma_recursion`, `VolatilityProcess.variance_bounds` and `.backcast`, `GARCH.compute_variance` with `sigma2 **= inv_power`) and arch/univariate/distribution.py (`Normal.loglikelihood` with `individual=False`), verbatim but for the classes cut to the methods used (`GARCH(p, o, q, power)` keeps its attributes) and arch.compat.numba's `jit` (numba's own, as arch uses where numba imports). The recursion writes `sigma2[t] += ...` into the array it is given, `(sresids[t - 1 - j] < 0)` multiplies a float, `bounds_check` branches on `var_bounds[t]` rows and takes `np.log` above the upper bound; `var_bounds[var_bounds[:, 0] < lower_bound, 0] = lower_bound` writes through boolean masks. The objectives: the GJR-GARCH(1,1,1) log-likelihood w.r.t. its parameters (omega, alpha, gamma, beta), w.r.t. the residuals (every data-dependent quantity: backcast, bounds), and a TARCH (power 1) likelihood; and the recursion called directly as `ewma_recursion` calls it (`GARCH.compute_variance`'s `sigma2 **= inv_power` changes the array its caller passed, in place).
import numpy as np
from numpy import abs, arange, log, sign, ones, pi, sqrt  # noqa: A004 (volatility.py's own imports)
from numba import jit

LNSIGMA_MAX = float(np.log(np.finfo(np.double).max) - 0.1)


def bounds_check_python(sigma2, var_bounds):
    if sigma2 < var_bounds[0]:
        sigma2 = var_bounds[0]
    elif sigma2 > var_bounds[1]:
        if not np.isinf(sigma2):
            sigma2 = var_bounds[1] + np.log(sigma2 / var_bounds[1])
        else:
            sigma2 = var_bounds[1] + 1000
    return sigma2


bounds_check = jit(bounds_check_python, nopython=True, inline="always")


def garch_recursion_python(
    parameters,
    fresids,
    sresids,
    sigma2,
    p,
    o,
    q,
    nobs,
    backcast,
    var_bounds,
):
    """
    Compute variance recursion for GARCH and related models

    Parameters
    ----------
    parameters : ndarray
        Model parameters
    fresids : ndarray
        Absolute value of residuals raised to the power in the model.  For
        example, in a standard GARCH model, the power is 2.0.
    sresids : ndarray
        Variable containing the sign of the residuals (-1.0, 0.0, 1.0)
    sigma2 : ndarray
        Conditional variances with same shape as resids
    p : int
        Number of symmetric innovations in model
    o : int
        Number of asymmetric innovations in model
    q : int
        Number of lags of the (transformed) variance in the model
    nobs : int
        Length of resids
    backcast : float
        Value to use when initializing the recursion
    var_bounds : 2-d array
        nobs by 2-element array of upper and lower bounds for conditional
        transformed variances for each time period
    """

    for t in range(nobs):
        loc = 0
        sigma2[t] = parameters[loc]
        loc += 1
        for j in range(p):
            if (t - 1 - j) < 0:
                sigma2[t] += parameters[loc] * backcast
            else:
                sigma2[t] += parameters[loc] * fresids[t - 1 - j]
            loc += 1
        for j in range(o):
            if (t - 1 - j) < 0:
                sigma2[t] += parameters[loc] * 0.5 * backcast
            else:
                sigma2[t] += (
                    parameters[loc] * fresids[t - 1 - j] * (sresids[t - 1 - j] < 0)
                )
            loc += 1
        for j in range(q):
            if (t - 1 - j) < 0:
                sigma2[t] += parameters[loc] * backcast
            else:
                sigma2[t] += parameters[loc] * sigma2[t - 1 - j]
            loc += 1
        sigma2[t] = bounds_check(sigma2[t], var_bounds[t])

    return sigma2


garch_recursion = jit(garch_recursion_python, nopython=True)


def ewma_recursion(lam, resids, sigma2, nobs, backcast):
    """
    Compute variance recursion for EWMA/RiskMetrics Variance
    """

    # Throw away bounds
    var_bounds = ones((nobs, 1)) * np.array([-1.0, 1.7e308])

    garch_recursion(np.array([0.0, 1.0 - lam, lam]), resids ** 2.0, resids, sigma2, 1, 0, 1, nobs,
                    backcast, var_bounds)
    return sigma2


class GARCH(object):
    """GARCH and related models (arch.univariate.volatility.GARCH, the methods used here)."""

    def __init__(self, p=1, o=0, q=1, power=2.0):
        self.p = int(p)
        self.o = int(o)
        self.q = int(q)
        self.power = power
        self.num_params = 1 + p + o + q

    def variance_bounds(self, resids, power=2.0):
        nobs = resids.shape[0]

        tau = min(75, nobs)
        w = 0.94 ** arange(tau)
        w = w / sum(w)
        var_bound = np.zeros(nobs)
        initial_value = w.dot(resids[:tau] ** 2.0)
        ewma_recursion(0.94, resids, var_bound, resids.shape[0], initial_value)

        var_bounds = np.vstack((var_bound / 1e6, var_bound * 1e6)).T
        var = resids.var()
        min_upper_bound = 1 + (resids ** 2.0).max()
        lower_bound, upper_bound = var / 1e8, 1e7 * (1 + (resids ** 2.0).max())
        var_bounds[var_bounds[:, 0] < lower_bound, 0] = lower_bound
        var_bounds[var_bounds[:, 1] < min_upper_bound, 1] = min_upper_bound
        var_bounds[var_bounds[:, 1] > upper_bound, 1] = upper_bound

        if power != 2.0:
            var_bounds **= (power / 2.0)

        return var_bounds

    def backcast(self, resids):
        power = self.power
        tau = min(75, resids.shape[0])
        w = (0.94 ** arange(tau))
        w = w / sum(w)
        backcast = np.sum((abs(resids[:tau]) ** power) * w)

        return backcast

    def compute_variance(self, parameters, resids, sigma2, backcast,
                         var_bounds):
        # fresids is abs(resids) ** power
        # sresids is I(resids<0)
        power = self.power
        fresids = abs(resids) ** power
        sresids = sign(resids)

        p, o, q = self.p, self.o, self.q
        nobs = resids.shape[0]

        garch_recursion(parameters, fresids, sresids, sigma2, p, o, q, nobs, backcast, var_bounds)
        inv_power = 2.0 / power
        sigma2 **= inv_power

        return sigma2


def normal_loglikelihood(parameters, resids, sigma2, individual=False):
    r"""Computes the log-likelihood of assuming residuals are normally
    distributed, conditional on the variance (arch.univariate.distribution.Normal.loglikelihood)
    """
    lls = -0.5 * (log(2 * pi) + log(sigma2) + resids ** 2.0 / sigma2)
    if individual:
        return lls
    else:
        return sum(lls)


def garch_loglikelihood(parameters, resids, vol):    # test wrapper: what ARCHModel._loglikelihood computes
    sigma2 = np.zeros_like(resids)
    backcast = vol.backcast(resids)
    var_bounds = vol.variance_bounds(resids, vol.power)
    vol.compute_variance(parameters, resids, sigma2, backcast, var_bounds)
    return normal_loglikelihood([], resids, sigma2)


def garch_loglikelihood_recursion(parameters, resids, vol):   # test wrapper: the recursion called as
    sigma2 = np.zeros_like(resids)                           # ewma_recursion calls it (power 2)
    backcast = vol.backcast(resids)
    var_bounds = vol.variance_bounds(resids)
    garch_recursion(parameters, resids ** 2.0, resids, sigma2, vol.p, vol.o, vol.q, resids.shape[0],
                    backcast, var_bounds)
    return normal_loglikelihood([], resids, sigma2)


RESIDS = np.random.RandomState(12345).standard_t(6, 40) * 1.3
GJR = GARCH(p=1, o=1, q=1)
TARCH = GARCH(p=1, o=1, q=1, power=1.0)

CASES = [
    dict(name="gjr_garch_parameters", function=garch_loglikelihood,
         args=lambda: (np.array([0.1, 0.08, 0.05, 0.85]), RESIDS.copy(), GJR)),
    dict(name="gjr_garch_residuals", function=garch_loglikelihood,
         args=lambda: (np.array([0.1, 0.08, 0.05, 0.85]), RESIDS.copy(), GJR), wrt=(1,)),
    dict(name="recursion_parameters", function=garch_loglikelihood_recursion,
         args=lambda: (np.array([0.1, 0.08, 0.05, 0.85]), RESIDS.copy(), GJR)),
    dict(name="recursion_residuals", function=garch_loglikelihood_recursion,
         args=lambda: (np.array([0.1, 0.08, 0.05, 0.85]), RESIDS.copy(), GJR), wrt=(1,)),
    dict(name="tarch_parameters", function=garch_loglikelihood,
         args=lambda: (np.array([0.05, 0.07, 0.04, 0.88]), RESIDS.copy(), TARCH)),
]
