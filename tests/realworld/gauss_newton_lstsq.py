# Written for this corpus (i5) in the style of a textbook Gauss-Newton exponential-decay fit that solves each step with np.linalg.lstsq.
import numpy as np

t = np.linspace(0.0, 4.0, 12)


def model(p, t):
    a, k, c = p
    return a * np.exp(-k * t) + c


def jacobian(p, t):
    a, k, c = p
    e = np.exp(-k * t)
    return np.column_stack([e, -a * t * e, np.ones_like(t)])


def gauss_newton(y, p0, iters=6):
    p = p0.copy()
    for it in range(iters):
        r = y - model(p, t)
        J = jacobian(p, t)
        dp, *_ = np.linalg.lstsq(J, r, rcond=None)
        p = p + dp
    return p


def fitted_rate(y):
    # test wrapper: the fitted decay rate as a function of the data
    p = gauss_newton(y, np.array([2.0, 0.8, 0.1]))
    return p[1]


def residual_after_fit(y):
    p = gauss_newton(y, np.array([2.0, 0.8, 0.1]))
    return np.sum((y - model(p, t)) ** 2)


y_obs = 2.5 * np.exp(-0.7 * t) + 0.3 + 0.05 * np.sin(7 * t)

CASES = [
    dict(name="fitted_rate", function=fitted_rate, args=lambda: (y_obs.copy(),)),
    dict(name="residual_after_fit", function=residual_after_fit, args=lambda: (y_obs.copy(),)),
]
