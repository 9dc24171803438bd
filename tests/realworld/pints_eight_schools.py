# Ported from pints-team/pints, pints/toy/_eight_schools.py (`EightSchoolsLogPDF`: `__call__` with the centered and non-centered parameterisations, and the author's gradient `evaluateS1`) and pints/_log_priors.py (`GaussianLogPrior`, `HalfCauchyLogPrior` with their cached constants and `scipy.stats.t` frozen for sampling), verbatim but for the base classes cut to a stub (`pints.LogPrior`, `ToyLogPDF`), `pints.` standing for this module (`pints = sys.modules[__name__]`), and the half-Cauchy's `evaluateS1` (absent from that version of _log_priors.py, which the model's `evaluateS1` calls) written by the test from its `__call__`. Style: a callable object (`__call__`) as the log density, priors made on every call inside the loop (`pints.GaussianLogPrior(theta, self._sigma_j[i])([self._y_j[i]])`, whose `__init__` takes `float(mean)`), one-element lists as arguments (`self._mu_log_pdf([mu])`), `for i, theta_tilde in enumerate(thetas)`, `if self._centered:` on a flag set in `__init__`, `return -np.inf` for a negative scale. The objectives: both log densities w.r.t. the 10 parameters, the author's `evaluateS1` as the reference.
import sys

import numpy as np
import scipy.stats

pints = sys.modules[__name__]


class LogPrior(object):
    """The pints.LogPrior base (abstract: priors are callables with n_parameters)."""

    def n_parameters(self):
        raise NotImplementedError


class ToyLogPDF(object):
    """The pints.toy.ToyLogPDF base (its sampling helpers left out)."""


class GaussianLogPrior(pints.LogPrior):
    """
    Defines a 1-d Gaussian (log) prior with a given ``mean`` and
    standard deviation ``sd``.
    """
    def __init__(self, mean, sd):
        # Parse input arguments
        self._mean = float(mean)
        self._sd = float(sd)

        # Cache constants
        self._offset = np.log(1 / np.sqrt(2 * np.pi * self._sd ** 2))
        self._factor = 1 / (2 * self._sd ** 2)
        self._factor2 = 1 / self._sd**2

    def __call__(self, x):
        return self._offset - self._factor * (x[0] - self._mean)**2

    def evaluateS1(self, x):
        """ See :meth:`LogPDF.evaluateS1()`. """
        return self(x), self._factor2 * (self._mean - np.asarray(x))

    def n_parameters(self):
        """ See :meth:`LogPrior.n_parameters()`. """
        return 1


class HalfCauchyLogPrior(pints.LogPrior):
    """
    Defines a 1-d half-Cauchy (log) prior with a given ``location`` and
    ``scale``.
    """
    def __init__(self, location, scale):
        # Test inputs
        if float(scale) <= 0:
            raise ValueError('Scale must be positive')

        # Parse input arguments
        # set df for Student-t for sampling only
        self._df = 1
        self._location = float(location)
        self._scale = float(scale)

        # Cache constants
        self._first = np.log(2)
        self._log_scale = np.log(self._scale)
        self._log_weird = np.log(
            np.pi + 2 * np.arctan(self._location / self._scale))
        self._scale_sq = self._scale**2

        # Store scipy distribution object
        self._t = scipy.stats.t(
            df=self._df, loc=self._location, scale=self._scale)

    def __call__(self, x):
        if x[0] > 0:
            return (
                self._first + self._log_scale - self._log_weird
                - np.log((x[0] - self._location)**2 + self._scale_sq))
        else:
            return -float('inf')

    def evaluateS1(self, x):    # (the test's: the derivative of __call__ above, for the model's evaluateS1)
        return self(x), np.asarray([-2 * (x[0] - self._location) / ((x[0] - self._location)**2 + self._scale_sq)])

    def n_parameters(self):
        """ See :meth:`LogPrior.n_parameters()`. """
        return 1


class EightSchoolsLogPDF(ToyLogPDF):
    r"""
    The classic Eight Schools example that is discussed in [1]_.

    References
    ----------
    .. [1] "Bayesian data analysis", 3rd edition, 2014, Gelman, A et al..
    """
    def __init__(self, centered=True):
        self._n_parameters = 10
        self._y_j = [28, 8, -3, 7, -1, 1, 18, 12]
        self._sigma_j = [15, 10, 16, 11, 9, 11, 10, 18]
        # priors
        self._mu_log_pdf = pints.GaussianLogPrior(0, 5)
        self._tau_log_pdf = pints.HalfCauchyLogPrior(0, 5)
        self._centered = bool(centered)

    def __call__(self, x):
        if len(x) != 10:
            raise ValueError('Input parameters must be of length 10.')
        mu = x[0]
        tau = x[1]
        if tau < 0:  # to handle proposals without having to change log-priors
            return -np.inf

        thetas = x[2:]

        log_prob = self._mu_log_pdf([mu])
        log_prob += self._tau_log_pdf([tau])
        if self._centered:
            log_prior = pints.GaussianLogPrior(mu, tau)
        else:
            log_prior = pints.GaussianLogPrior(0, 1)

        for i, theta_tilde in enumerate(thetas):
            log_prob += log_prior([theta_tilde])
            if self._centered:
                theta = theta_tilde
            else:
                theta = mu + theta_tilde * tau
            log_prior_2 = pints.GaussianLogPrior(theta, self._sigma_j[i])
            log_prob += log_prior_2([self._y_j[i]])

        return log_prob

    def evaluateS1(self, x):
        """ See :meth:`pints.LogPDF.evaluateS1()`. """
        if len(x) != 10:
            raise ValueError('Input parameters must be of length 10.')
        mu = x[0]
        tau = x[1]
        if tau < 0:  # to handle proposals without having to change log-priors
            return -np.inf, np.full([1, 10], -np.inf)

        thetas = x[2:]
        log_prob1, dL1 = self._mu_log_pdf.evaluateS1([mu])
        log_prob2, dL2 = self._tau_log_pdf.evaluateS1([tau])
        log_prob = log_prob1 + log_prob2

        if self._centered:
            log_prior = pints.GaussianLogPrior(mu, tau)
            dL_theta = []
            for i, theta in enumerate(thetas):
                y_j = self._y_j[i]
                sigma_j = self._sigma_j[i]
                dL1[0] += (theta - mu) / tau**2
                dL2[0] += ((theta - mu)**2 - tau**2) / tau**3
                log_prob_temp, dL_temp = log_prior.evaluateS1([theta])
                log_prob += log_prob_temp
                log_prob += pints.GaussianLogPrior(theta, sigma_j)([y_j])
                dL_temp[0] += (y_j - theta) / sigma_j**2
                dL_theta.append(dL_temp[0])
        else:
            log_prior = pints.GaussianLogPrior(0, 1)
            dL_theta = []
            for i, theta_tilde in enumerate(thetas):
                y_j = self._y_j[i]
                sigma_j = self._sigma_j[i]
                theta = mu + theta_tilde * tau
                y_minus_theta = (y_j - theta) / sigma_j**2
                dL1[0] += y_minus_theta
                dL2[0] += theta_tilde * y_minus_theta
                log_prob_temp, dL_temp = log_prior.evaluateS1([theta_tilde])
                log_prob += log_prob_temp
                log_prob += pints.GaussianLogPrior(theta, sigma_j)([y_j])
                dL_temp[0] += tau * y_minus_theta
                dL_theta.append(dL_temp[0])

        return log_prob, ([dL1[0]] + [dL2[0]] + dL_theta)

    def n_parameters(self):
        """ See :meth:`pints.LogPDF.n_parameters()`. """
        return self._n_parameters


CENTERED = EightSchoolsLogPDF(centered=True)
NON_CENTERED = EightSchoolsLogPDF(centered=False)
X0 = np.array([4.4, 3.6, 6.2, 5.1, 3.9, 4.8, 3.7, 4.0, 6.3, 4.9])
X0_TILDE = np.array([4.4, 3.6, 0.32, 0.1, -0.08, 0.06, -0.2, -0.11, 0.5, 0.13])


def _s1(model):
    return lambda x: np.asarray(model.evaluateS1(x)[1], dtype=float)


CASES = [
    dict(name="centered", function=CENTERED, args=lambda: (X0.copy(),), reference=_s1(CENTERED)),
    dict(name="non_centered", function=NON_CENTERED, args=lambda: (X0_TILDE.copy(),), reference=_s1(NON_CENTERED)),
]
