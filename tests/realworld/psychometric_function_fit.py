# Written for this corpus (p13) in the style of psychophysics toolboxes (psignifit / Palamedes-style fitting in NumPy): a `PsychometricFunction` class whose sigmoid is chosen by name from a dict (`"weibull"`, `"logistic"`, `"cumulative_normal"` via `scipy.stats.norm.cdf`) and whose `__call__` applies the guess and lapse rates, `threshold(pc)` inverting each sigmoid in an `if`/`elif` chain, a binomial log-likelihood with `scipy.special.gammaln` and a beta prior on the lapse rate by `scipy.stats.beta.logpdf`, 2AFC data as a list of `(stimulus, n_correct, n_trials)` tuples unpacked by `zip(*data)`, the signal-detection d' and criterion from hit and false-alarm rates by `norm.ppf`, and a simulated observer's expected staircase track (the expectation of a 1-up-2-down rule in a `for` loop, no random draws). Differentiated: the log posterior in (alpha, beta, lapse) for each sigmoid, the 75% threshold, and d' in the rates.
import math

import numpy as np
from scipy.special import gammaln
from scipy.stats import beta as beta_dist
from scipy.stats import norm

DATA = [(0.5, 26, 50), (1.0, 29, 50), (1.5, 34, 50), (2.0, 41, 50), (3.0, 46, 50),
        (4.0, 48, 50), (6.0, 49, 50)]


def weibull(x, alpha, beta):
    return 1.0 - np.exp(-(x / alpha) ** beta)


def logistic(x, alpha, beta):
    return 1.0 / (1.0 + np.exp(-beta * (x - alpha)))


def cumulative_normal(x, alpha, beta):
    return norm.cdf(x, loc=alpha, scale=1.0 / beta)


SIGMOIDS = {"weibull": weibull, "logistic": logistic, "cumulative_normal": cumulative_normal}


class PsychometricFunction:
    def __init__(self, alpha, beta, gamma=0.5, lapse=0.02, sigmoid="weibull"):
        self.alpha, self.beta, self.gamma, self.lapse = alpha, beta, gamma, lapse
        self.kind = sigmoid
        self.F = SIGMOIDS[sigmoid]

    def __call__(self, x):
        return self.gamma + (1.0 - self.gamma - self.lapse) * self.F(x, self.alpha, self.beta)

    def threshold(self, pc=0.75):
        f = (pc - self.gamma) / (1.0 - self.gamma - self.lapse)
        if self.kind == "weibull":
            return self.alpha * (-math.log(1.0 - f)) ** (1.0 / self.beta)
        elif self.kind == "logistic":
            return self.alpha + math.log(f / (1.0 - f)) / self.beta
        elif self.kind == "cumulative_normal":
            return self.alpha + norm.ppf(f) / self.beta
        raise ValueError(self.kind)


def log_likelihood(psi, data=DATA):
    x, k, n = (np.array(v, dtype=float) for v in zip(*data))
    p = psi(x)
    log_binom = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    return np.sum(log_binom + k * np.log(p) + (n - k) * np.log1p(-p))


def log_posterior(theta, sigmoid="weibull"):
    alpha, beta, lapse = theta
    psi = PsychometricFunction(alpha, beta, lapse=lapse, sigmoid=sigmoid)
    return log_likelihood(psi) + beta_dist.logpdf(lapse, 1.0, 20.0)


def posterior_all_sigmoids(theta):
    total = 0.0
    for name, scale in [("weibull", 1.0), ("logistic", 1.0), ("cumulative_normal", 1.5)]:
        alpha, beta, lapse = theta
        total = total + log_posterior(np.array([alpha, beta * scale, lapse]), sigmoid=name)
    return total


def threshold_75(theta):
    alpha, beta, lapse = theta
    return sum(PsychometricFunction(alpha, beta, lapse=lapse, sigmoid=s).threshold(0.75)
               for s in ("weibull", "logistic", "cumulative_normal"))


def d_prime(rates):
    hit, false_alarm = rates
    z_hit, z_fa = norm.ppf(hit), norm.ppf(false_alarm)
    criterion = -0.5 * (z_hit + z_fa)
    return z_hit - z_fa + 0.1 * criterion


def expected_staircase(theta, start=4.0, step=0.25, trials=30):
    """The mean track of a 1-up-2-down staircase, each step weighted by its probability."""
    alpha, beta = theta
    psi = PsychometricFunction(alpha, beta)
    level = start
    for _ in range(trials):
        p2 = psi(level) ** 2                  # two correct in a row: step down
        level = level - step * p2 + step * (1.0 - p2)
    return level


CASES = [
    dict(name="log_posterior", function=log_posterior, args=lambda: (np.array([1.6, 1.9, 0.03]),)),
    dict(name="posterior_all_sigmoids", function=posterior_all_sigmoids,
         args=lambda: (np.array([1.4, 1.7, 0.02]),)),
    dict(name="threshold_75", function=threshold_75, args=lambda: (np.array([1.5, 2.2, 0.02]),)),
    dict(name="d_prime", function=d_prime, args=lambda: (np.array([0.82, 0.21]),)),
    dict(name="expected_staircase", function=expected_staircase, args=lambda: (np.array([1.5, 2.5]),)),
]
