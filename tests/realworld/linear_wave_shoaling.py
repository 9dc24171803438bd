# Written for this corpus (p14) in the style of coastal-engineering course scripts (linear wave theory as in the Coastal Engineering Manual's worked examples): the dispersion relation solved by a `while abs(dk) > tol` Newton loop started from Eckart's approximation, group velocity from `math.tanh` and `math.sinh`, shoaling and refraction (Snell's law on the wave angle) coefficients, a `WaveCondition` dataclass, a profile of depths transformed by a comprehension with an early `return` of the breaking height once `H > 0.78 h`, the breaking depth found by marching inshore and refining with secant steps, Stockdon's run-up formula and the CERC longshore transport with `math.sin(2 * theta)`. Differentiated: the wave heights over a profile in (H0, T, deep-water angle) (as a Jacobian), the 2% run-up in (H0, T, beach slope), and the CERC transport rate at the breaker line in (H0, T, angle).
import math
from dataclasses import dataclass

import numpy as np

G = 9.81
GAMMA_B = 0.78


def wavenumber(T, h, tol=1e-12):
    omega = 2.0 * math.pi / T
    k = omega ** 2 / G / math.sqrt(math.tanh(omega ** 2 * h / G))     # Eckart's approximation as the start
    dk = 1.0
    while abs(dk) > tol:
        f = G * k * math.tanh(k * h) - omega ** 2
        df = G * math.tanh(k * h) + G * k * h / math.cosh(k * h) ** 2
        dk = f / df
        k -= dk
    return k


def celerities(T, h):
    k = wavenumber(T, h)
    c = 2.0 * math.pi / T / k
    n = 0.5 * (1.0 + 2.0 * k * h / math.sinh(2.0 * k * h))
    return c, n * c


@dataclass
class WaveCondition:
    H0: float            # deep-water height (m)
    T: float             # period (s)
    theta0: float        # deep-water angle to the shore normal (degrees)

    @property
    def L0(self):
        return G * self.T ** 2 / (2.0 * math.pi)

    def at_depth(self, h):
        """Height and angle (radians) at depth h, by shoaling and refraction over straight contours."""
        c0 = self.L0 / self.T
        c, cg = celerities(self.T, h)
        theta = math.asin(c / c0 * math.sin(math.radians(self.theta0)))
        Ks = math.sqrt(0.5 * c0 / cg)
        Kr = math.sqrt(math.cos(math.radians(self.theta0)) / math.cos(theta))
        return self.H0 * Ks * Kr, theta


def heights_over(wave, depths):
    def height(h):
        H, _ = wave.at_depth(h)
        if H > GAMMA_B * h:
            return GAMMA_B * h       # broken: depth-limited
        return H
    return [height(h) for h in depths]


def breaking_point(wave, h=20.0, shrink=0.9, tol=1e-10):
    while wave.at_depth(h)[0] < GAMMA_B * h:
        h *= shrink
    a, b = h, h / shrink                     # bracket: broken at a, unbroken at b
    fa = wave.at_depth(a)[0] - GAMMA_B * a
    fb = wave.at_depth(b)[0] - GAMMA_B * b
    while abs(b - a) > tol:
        a, b = b, b - fb * (b - a) / (fb - fa)
        fa, fb = fb, wave.at_depth(b)[0] - GAMMA_B * b
    return b


PROFILE = [12.0, 8.0, 5.0, 3.5, 2.5]


def profile_heights(x):
    return np.array(heights_over(WaveCondition(*x), PROFILE))


def runup_2_percent(x):
    H0, T, slope = x
    L0 = G * T ** 2 / (2.0 * math.pi)
    setup = 0.35 * slope * math.sqrt(H0 * L0)
    swash = math.sqrt(H0 * L0 * (0.563 * slope ** 2 + 0.004))
    return 1.1 * (setup + swash / 2.0)


def cerc_transport(x, K=0.39, porosity=0.4, s=2.65):
    wave = WaveCondition(*x)
    hb = breaking_point(wave)
    Hb, theta_b = wave.at_depth(hb)
    Hrms = Hb / math.sqrt(2.0)
    rho = 1025.0
    Q = K * rho * math.sqrt(G) / (16.0 * math.sqrt(GAMMA_B) * (s - 1.0) * (1.0 - porosity) * rho) \
        * Hrms ** 2.5 * math.sin(2.0 * theta_b)
    return Q * 3600.0 * 24.0 * 365.0          # m^3/year


CASES = [
    dict(name="profile_heights", function=profile_heights, kind="jacobian", args=lambda: (np.array([2.0, 9.0, 25.0]),)),
    dict(name="runup_2_percent", function=runup_2_percent, args=lambda: (np.array([2.0, 10.0, 0.08]),)),
    dict(name="cerc_transport", function=cerc_transport, args=lambda: (np.array([1.5, 8.0, 20.0]),)),
]
