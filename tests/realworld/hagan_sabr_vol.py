# Written for this corpus (p2) in the style of rates desks' SABR code (Hagan, Kumar, Lesniewski & Woodward 2002, eq. (2.17a), as transcribed in many blog posts and in pysabr's `lognormal_vol`): `math.log`, `math.sqrt`, an at-the-money branch where `z/x(z)` is 1, a smile calibrated by least squares on a list of quotes.
import math

import numpy as np


def lognormal_vol(k, f, t, alpha, beta, rho, volvol):
    """Hagan's 2002 lognormal vol expansion."""
    eps = 1e-07
    logfk = math.log(f / k)
    fkbeta = (f * k) ** (1 - beta)
    a = (1 - beta) ** 2 * alpha ** 2 / (24 * fkbeta)
    b = 0.25 * rho * beta * volvol * alpha / fkbeta ** 0.5
    c = (2 - 3 * rho ** 2) * volvol ** 2 / 24
    d = fkbeta ** 0.5
    v = (1 - beta) ** 2 * logfk ** 2 / 24
    w = (1 - beta) ** 4 * logfk ** 4 / 1920
    z = volvol * fkbeta ** 0.5 * logfk / alpha
    if abs(z) > eps:
        vz = alpha * z * (1 + (a + b + c) * t) / (d * (1 + v + w) * _x(rho, z))
        return vz
    else:
        v0 = alpha * (1 + (a + b + c) * t) / (d * (1 + v + w))
        return v0


def _x(rho, z):
    a = (1 - 2 * z * rho + z ** 2) ** 0.5 + z - rho
    b = 1 - rho
    return math.log(a / b)


STRIKES = [0.02, 0.025, 0.03, 0.035, 0.04, 0.05]
QUOTES = [0.262, 0.231, 0.212, 0.204, 0.203, 0.214]


def calibration_error(params, f=0.03, t=2.0, beta=0.5):
    alpha, rho, volvol = params
    errors = [(lognormal_vol(k, f, t, alpha, beta, rho, volvol) - q) ** 2 for k, q in zip(STRIKES, QUOTES)]
    return sum(errors)


CASES = [
    dict(name="calibration_error", function=calibration_error, args=lambda: (np.array([0.035, -0.2, 0.45]),)),
    dict(name="atm_vol", function=lambda f, alpha, rho, nu: lognormal_vol(f, f, 1.5, alpha, 0.5, rho, nu),
         args=lambda: (0.03, 0.035, -0.2, 0.45), wrt=(0, 1, 2, 3)),
]
