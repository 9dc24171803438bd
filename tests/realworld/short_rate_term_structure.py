# Written for this corpus (p6) in the style of term-structure course code with short-rate model classes (Hilpisch's "Derivatives Analytics with Python" `CIR_zcb_valuation` — `gamma = np.sqrt(kappa_r ** 2 + 2 * sigma_r ** 2)`, `b1`, `b2`, `b3` — recast as GitHub projects recast it, in a class hierarchy): a base class `ShortRateModel` with `__init__(self, r0, kappa, theta, sigma)`, `zcb_price(self, T)` as `A(T) * exp(-B(T) * r0)`, `spot_rate`, `yield_curve(self, maturities)` by a list comprehension, `forward_rate` by a central difference of log prices; `Vasicek` and `CIR` overriding `A` and `B` and calling `super().__init__(...)`, CIR's `spot_rate` adding to `super().spot_rate(T)` (a convexity note); a global CIR object differentiated through a bound method; and a calibration objective over market yields (`sum((model - market) ** 2)`), with the Feller condition checked by a `warnings.warn`. Differentiated in (r0, kappa, theta, sigma) and in the maturities.
import warnings

import numpy as np


class ShortRateModel(object):
    """Affine one-factor short-rate model: P(0, T) = A(T) exp(-B(T) r0)."""

    def __init__(self, r0, kappa, theta, sigma):
        self.r0 = r0
        self.kappa = kappa
        self.theta = theta
        self.sigma = sigma

    def A(self, T):
        raise NotImplementedError

    def B(self, T):
        raise NotImplementedError

    def zcb_price(self, T):
        return self.A(T) * np.exp(-self.B(T) * self.r0)

    def spot_rate(self, T):
        return -np.log(self.zcb_price(T)) / T

    def yield_curve(self, maturities):
        return np.array([self.spot_rate(T) for T in maturities])

    def forward_rate(self, T, dT=1e-2):
        return -(np.log(self.zcb_price(T + dT)) - np.log(self.zcb_price(T - dT))) / (2 * dT)


class Vasicek(ShortRateModel):

    def __init__(self, r0, kappa, theta, sigma):
        super().__init__(r0, kappa, theta, sigma)
        self.name = "Vasicek"

    def B(self, T):
        return (1 - np.exp(-self.kappa * T)) / self.kappa

    def A(self, T):
        k, th, s = self.kappa, self.theta, self.sigma
        B = self.B(T)
        return np.exp((th - s ** 2 / (2 * k ** 2)) * (B - T) - s ** 2 * B ** 2 / (4 * k))


class CIR(ShortRateModel):

    def __init__(self, r0, kappa_r, theta_r, sigma_r):
        super(CIR, self).__init__(r0, kappa_r, theta_r, sigma_r)
        self.name = "CIR"
        if 2 * kappa_r * theta_r < sigma_r ** 2:
            warnings.warn("Feller condition violated")

    def _gamma(self):
        return np.sqrt(self.kappa ** 2 + 2 * self.sigma ** 2)

    def A(self, T):
        kappa_r, theta_r, sigma_r = self.kappa, self.theta, self.sigma
        g = self._gamma()
        b1 = (2 * g * np.exp((kappa_r + g) * T / 2)) / (2 * g + (kappa_r + g) * (np.exp(g * T) - 1))
        return b1 ** (2 * kappa_r * theta_r / sigma_r ** 2)

    def B(self, T):
        g = self._gamma()
        return 2 * (np.exp(g * T) - 1) / (2 * g + (self.kappa + g) * (np.exp(g * T) - 1))

    def spot_rate(self, T):
        # (the long end of CIR's curve is below theta: the convexity of the square-root diffusion)
        return super().spot_rate(T)


MATURITIES = np.array([0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0])
MARKET = np.array([0.0195, 0.0205, 0.0221, 0.0247, 0.0266, 0.0292, 0.0307, 0.0319])
ECONOMY = CIR(0.02, 0.3, 0.04, 0.08)


def calibration_error(p, model_class=CIR):
    """The calibration objective over market yields (what `scipy.optimize.fmin` is given)."""
    model = model_class(p[0], p[1], p[2], p[3])
    return np.sum((model.yield_curve(MATURITIES) - MARKET) ** 2) * 1e4


def vasicek_error(p):
    """Test wrapper: the same objective for the Vasicek model."""
    return calibration_error(p, Vasicek)


def cir_curve(p):
    """Test wrapper: the CIR yield curve (a Jacobian)."""
    return CIR(p[0], p[1], p[2], p[3]).yield_curve(MATURITIES)


def forward_curve_area(maturities):
    """Test wrapper: the global economy's forward rates summed over the maturities."""
    return np.sum([ECONOMY.forward_rate(T) for T in maturities])


P0 = np.array([0.02, 0.3, 0.04, 0.08])

CASES = [
    dict(name="cir_calibration", function=calibration_error, args=lambda: (P0.copy(),)),
    dict(name="vasicek_calibration", function=vasicek_error, args=lambda: (P0.copy(),)),
    dict(name="cir_curve", function=cir_curve, args=lambda: (P0.copy(),), kind="jacobian"),
    dict(name="global_spot_rate", function=ECONOMY.spot_rate, args=lambda: (4.0,)),
    dict(name="forward_curve_area", function=forward_curve_area, args=lambda: (MATURITIES[2:].copy(),)),
]
