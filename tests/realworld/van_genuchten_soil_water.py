# Written for this corpus (p13) in the style of soil-physics teaching code (HYDRUS/RETC-type retention fits): the van Genuchten retention curve with Mualem's `m = 1 - 1/n` and `np.where(h < 0, ..., theta_s)` for saturated heads, Mualem's unsaturated conductivity, Brooks-Corey as the alternative chosen through a dict of functions by a `model="vg"` keyword, a `SoilHydraulics` dataclass whose `__post_init__` derives the effective saturation helper, a retention fit against lab data with `np.random.default_rng(seed)` noise drawn inside the objective, Green-Ampt infiltration solved by a `while abs(step) > tol` Newton iteration for the cumulative depth, and a `try`/`except ZeroDivisionError` around the ponding time. Differentiated: the fit's misfit in (theta_r, theta_s, alpha, n), the cumulative infiltration after a storm in the soil's parameters, and conductivities along a profile as a Jacobian.
import math
from dataclasses import dataclass, field

import numpy as np

HEADS = -np.array([1.0, 5.0, 10.0, 33.0, 60.0, 100.0, 200.0, 500.0, 1000.0, 3000.0, 15000.0])  # cm


def van_genuchten(h, theta_r, theta_s, alpha, n):
    m = 1.0 - 1.0 / n
    return np.where(h < 0, theta_r + (theta_s - theta_r) / (1.0 + np.abs(alpha * h) ** n) ** m,
                    theta_s)


def brooks_corey(h, theta_r, theta_s, alpha, n):
    hb = 1.0 / alpha
    return np.where(-h > hb, theta_r + (theta_s - theta_r) * (hb / np.abs(h)) ** (n - 1.0), theta_s)


RETENTION = {"vg": van_genuchten, "bc": brooks_corey}


@dataclass
class SoilHydraulics:
    theta_r: float
    theta_s: float
    alpha: float
    n: float
    Ks: float = 10.0                      # cm/day
    tortuosity: float = 0.5
    notes: dict = field(default_factory=dict)

    def __post_init__(self):
        self.m = 1.0 - 1.0 / self.n

    def theta(self, h, model="vg"):
        return RETENTION[model](h, self.theta_r, self.theta_s, self.alpha, self.n)

    def saturation(self, h):
        return (self.theta(h) - self.theta_r) / (self.theta_s - self.theta_r)

    def conductivity(self, h):
        Se = self.saturation(h)
        return self.Ks * Se ** self.tortuosity * (1.0 - (1.0 - Se ** (1.0 / self.m)) ** self.m) ** 2


def retention_misfit(params, seed=5, model="vg"):
    theta_r, theta_s, alpha, n = params
    rng = np.random.default_rng(seed)
    lab = van_genuchten(HEADS, 0.065, 0.41, 0.075, 1.89) + rng.normal(0.0, 0.004, HEADS.shape)
    soil = SoilHydraulics(theta_r, theta_s, alpha, n, notes={"texture": "sandy loam"})
    residual = soil.theta(HEADS, model=model) - lab
    return float(np.sum(residual ** 2)) * 1e4


def green_ampt_depth(t, Ks, psi, dtheta, tol=1e-10, max_iter=50):
    """Cumulative infiltration F(t) from F - psi*dtheta*ln(1 + F/(psi*dtheta)) = Ks*t."""
    pd = psi * dtheta
    F = max(Ks * t, math.sqrt(2 * pd * Ks * t))
    step = 1.0
    it = 0
    while abs(step) > tol and it < max_iter:
        g = F - pd * math.log(1.0 + F / pd) - Ks * t
        dg = 1.0 - pd / (pd + F)
        step = g / dg
        F -= step
        it += 1
    return F


def ponding_time(rain_rate, Ks, psi, dtheta):
    try:
        Fp = Ks * psi * dtheta / (rain_rate - Ks)
    except ZeroDivisionError:
        return math.inf
    return Fp / rain_rate


def storm_infiltration(params, rain_rate=3.0, duration=4.0):
    theta_r, theta_s, alpha, n, Ks = params
    soil = SoilHydraulics(theta_r, theta_s, alpha, n, Ks=Ks)
    theta_i = float(soil.theta(np.array([-300.0]))[0])
    psi = 1.0 / alpha * 0.76                  # wetting-front suction from the retention curve
    dtheta = theta_s - theta_i
    tp = ponding_time(rain_rate, Ks / 24.0, psi, dtheta)
    if tp >= duration:
        return rain_rate * duration
    Fp = rain_rate * tp
    # time-shift so that F(tp) = Fp on the Green-Ampt curve
    ts = (Fp - psi * dtheta * math.log(1.0 + Fp / (psi * dtheta))) / (Ks / 24.0)
    return green_ampt_depth(duration - tp + ts, Ks / 24.0, psi, dtheta)


PROFILE = -np.linspace(20.0, 400.0, 6)


def profile_conductivity(params):
    soil = SoilHydraulics(*params)
    return np.log(soil.conductivity(PROFILE))


CASES = [
    dict(name="retention_misfit", function=retention_misfit,
         args=lambda: (np.array([0.06, 0.40, 0.08, 1.8]),)),
    dict(name="storm_infiltration", function=storm_infiltration,
         args=lambda: (np.array([0.065, 0.41, 0.075, 1.89, 10.6]),)),
    dict(name="profile_conductivity", function=profile_conductivity, kind="jacobian",
         args=lambda: (np.array([0.065, 0.41, 0.075, 1.89, 10.6]),)),
]
