# Written for this corpus (p5) in the style of a Tobit regression package (as jamesdj/tobit's tobit.py, with pandas replaced by NumPy arrays): `split_left_right_censored(x, y, cens)` looping over `[-1, 0, 1]` into lists of `None` or arrays, `tobit_neg_log_likelihood(xs, ys, params)` unpacking `x_left, x_mid, x_right = xs`, `b = params[:-1]`, `s = params[-1]`, a `to_cat` list concatenated under `if cens:`, `scipy.stats.norm.logcdf` of the censored and `norm.logpdf` of the observed standardised residuals, `math.log(max(np.finfo('float').resolution, s))`, and the hand-written gradient `tobit_neg_log_likelihood_der` (the reference); a `TobitModel` class with `fit_intercept`, `ols_coef`, the expected censored outcome and McDonald-Moffitt marginal effects. Differentiated in the coefficients and the scale.
import math

import numpy as np
import scipy.stats
from scipy.stats import norm


def split_left_right_censored(x, y, cens):
    """Rows censored from the left (-1), observed (0) and censored from the right (1)."""
    values, counts = np.unique(cens, return_counts=True)
    present = dict(zip(values.tolist(), counts.tolist()))
    if -1 not in present and 1 not in present:
        print("No censored observations; use regression methods for uncensored data")
    xs = []
    ys = []
    for value in [-1, 0, 1]:
        if value in present:
            split = cens == value
            y_split = np.squeeze(y[split])
            x_split = x[split]
        else:
            y_split, x_split = None, None
        xs.append(x_split)
        ys.append(y_split)
    return xs, ys


def tobit_neg_log_likelihood(xs, ys, params):
    x_left, x_mid, x_right = xs
    y_left, y_mid, y_right = ys

    b = params[:-1]
    s = params[-1]

    to_cat = []

    cens = False
    if y_left is not None:
        cens = True
        left = (y_left - np.dot(x_left, b))
        to_cat.append(left)
    if y_right is not None:
        cens = True
        right = (np.dot(x_right, b) - y_right)
        to_cat.append(right)
    if cens:
        concat_stats = np.concatenate(to_cat, axis=0) / s
        log_cum_norm = scipy.stats.norm.logcdf(concat_stats)
        cens_sum = log_cum_norm.sum()
    else:
        cens_sum = 0

    if y_mid is not None:
        mid_stats = (y_mid - np.dot(x_mid, b)) / s
        mid = scipy.stats.norm.logpdf(mid_stats) - math.log(max(np.finfo('float').resolution, s))
        mid_sum = mid.sum()
    else:
        mid_sum = 0

    loglik = cens_sum + mid_sum
    return - loglik


def tobit_neg_log_likelihood_der(xs, ys, params):
    """The gradient written by hand, as the package does (left, right and uncensored rows)."""
    x_left, x_mid, x_right = xs
    y_left, y_mid, y_right = ys

    b = params[:-1]
    s = params[-1]

    beta_jac = np.zeros(len(b))
    sigma_jac = 0

    if y_left is not None:
        left_stats = (y_left - np.dot(x_left, b)) / s
        l_pdf = scipy.stats.norm.logpdf(left_stats)
        l_cdf = scipy.stats.norm.logcdf(left_stats)
        left_frac = np.exp(l_pdf - l_cdf)
        beta_left = np.dot(left_frac, x_left / s)
        beta_jac -= beta_left
        left_sigma = np.dot(left_frac, left_stats)
        sigma_jac -= left_sigma

    if y_right is not None:
        right_stats = (np.dot(x_right, b) - y_right) / s
        r_pdf = scipy.stats.norm.logpdf(right_stats)
        r_cdf = scipy.stats.norm.logcdf(right_stats)
        right_frac = np.exp(r_pdf - r_cdf)
        beta_right = np.dot(right_frac, x_right / s)
        beta_jac += beta_right
        right_sigma = np.dot(right_frac, right_stats)
        sigma_jac -= right_sigma

    if y_mid is not None:
        mid_stats = (y_mid - np.dot(x_mid, b)) / s
        beta_mid = np.dot(mid_stats, x_mid / s)
        beta_jac += beta_mid
        mid_sigma = (np.square(mid_stats) - 1).sum()
        sigma_jac += mid_sigma

    combo_jac = np.append(beta_jac, sigma_jac / s)
    return -combo_jac


class TobitModel:
    def __init__(self, fit_intercept=True, low=0.0, high=None):
        self.fit_intercept = fit_intercept
        self.low = low
        self.high = high
        self.ols_coef_ = None
        self.ols_intercept = None
        self.coef_ = None
        self.intercept_ = None
        self.sigma_ = None

    def design(self, x):
        if self.fit_intercept:
            return np.hstack((np.ones((len(x), 1)), x))
        return x

    def censoring(self, y):
        cens = np.zeros(len(y), dtype=int)
        if self.low is not None:
            cens[y <= self.low] = -1
        if self.high is not None:
            cens[y >= self.high] = 1
        return cens

    def ols_coef(self, x, y):
        """The starting point a fit would take: least squares on the design matrix."""
        beta, *_ = np.linalg.lstsq(self.design(x), y, rcond=None)
        resid = y - self.design(x) @ beta
        return np.append(beta, np.sqrt(np.mean(resid ** 2)))

    def expected_outcome(self, x, params):
        """E[y | x] for an outcome censored below at `low` (McDonald and Moffitt)."""
        xb = self.design(x) @ params[:-1]
        s = params[-1]
        z = (xb - self.low) / s
        return self.low + norm.cdf(z) * (xb - self.low) + s * norm.pdf(z)

    def marginal_effects(self, x, params):
        """dE[y|x]/dx_j = Phi(z) * beta_j, averaged over the sample."""
        xb = self.design(x) @ params[:-1]
        z = (xb - self.low) / params[-1]
        slopes = params[1:-1] if self.fit_intercept else params[:-1]
        return np.mean(norm.cdf(z)) * slopes


_rng = np.random.RandomState(8)
N = 120
X = _rng.randn(N, 2)
TRUE = np.array([0.4, 1.0, -0.7])
Y_LATENT = TRUE[0] + X @ TRUE[1:] + 0.8 * _rng.randn(N)
Y = np.clip(Y_LATENT, 0.0, 2.5)               # censored below at 0 and above at 2.5
MODEL = TobitModel(low=0.0, high=2.5)
CENS = MODEL.censoring(Y)
XS, YS = split_left_right_censored(MODEL.design(X), Y, CENS)


def negative_loglik(params):
    return tobit_neg_log_likelihood(XS, YS, params)


def negative_loglik_of_the_data(params, y):
    """Test wrapper: the split done inside, with the outcomes differentiated too."""
    xs, ys = split_left_right_censored(MODEL.design(X), y, CENS)
    return tobit_neg_log_likelihood(xs, ys, params)


def expected_total(params):
    """Test wrapper: the model's expected outcome summed over the sample, plus its marginal effects."""
    model = TobitModel(low=0.0)
    return np.sum(model.expected_outcome(X, params)) + np.sum(model.marginal_effects(X, params))


def ols_then_loglik(y):
    """Test wrapper: the negative log-likelihood at the least-squares start, as a function of y."""
    start = MODEL.ols_coef(X, y)
    return tobit_neg_log_likelihood(XS, YS, start)


CASES = [
    dict(name="negative_loglik", function=negative_loglik, args=lambda: (np.array([0.3, 0.9, -0.6, 0.9]),),
         reference=lambda p: tobit_neg_log_likelihood_der(XS, YS, p)),
    dict(name="params_and_data", function=negative_loglik_of_the_data,
         args=lambda: (np.array([0.3, 0.9, -0.6, 0.9]), Y.copy()), wrt=(0, 1)),
    dict(name="expected_total", function=expected_total, args=lambda: (np.array([0.3, 0.9, -0.6, 0.9]),)),
    dict(name="ols_start", function=ols_then_loglik, args=lambda: (Y.copy(),)),
]
