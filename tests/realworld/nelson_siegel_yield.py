# Written for this corpus (p2) in the style of fixed-income notebooks (Nelson & Siegel 1987's curve, as in QuantEcon's and "Python for Finance"'s bond examples): yields from a `(beta0, beta1, beta2, tau)` tuple, bond prices from a list of cash-flow dicts, `np.exp(-y * t)` discounting, a fit by squared price errors and a Macaulay duration.
import numpy as np


def nelson_siegel(t, beta0, beta1, beta2, tau):
    x = t / tau
    factor = (1 - np.exp(-x)) / x
    return beta0 + beta1 * factor + beta2 * (factor - np.exp(-x))


BONDS = [
    {"coupon": 0.02, "maturity": 1.0, "price": 100.4},
    {"coupon": 0.025, "maturity": 2.0, "price": 100.9},
    {"coupon": 0.03, "maturity": 5.0, "price": 101.8},
    {"coupon": 0.035, "maturity": 10.0, "price": 102.1},
]


def bond_price(params, coupon, maturity, face=100.0, freq=2):
    times = np.arange(1, int(maturity * freq) + 1) / freq
    cash = np.full(times.shape, face * coupon / freq)
    cash[-1] += face
    y = nelson_siegel(times, *params)
    return np.sum(cash * np.exp(-y * times))


def fit_error(params):
    err = 0.0
    for bond in BONDS:
        model = bond_price(params, bond["coupon"], bond["maturity"])
        err += (model - bond["price"]) ** 2
    return err


def macaulay_duration(params, coupon=0.03, maturity=7.0, freq=2):
    times = np.arange(1, int(maturity * freq) + 1) / freq
    cash = np.full(times.shape, 100.0 * coupon / freq)
    cash[-1] += 100.0
    pv = cash * np.exp(-nelson_siegel(times, *params) * times)
    return (times * pv).sum() / pv.sum()


P0 = np.array([0.04, -0.02, 0.01, 1.8])

CASES = [
    dict(name="fit_error", function=fit_error, args=lambda: (P0.copy(),)),
    dict(name="macaulay_duration", function=macaulay_duration, args=lambda: (P0.copy(),)),
]
