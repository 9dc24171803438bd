# Written for this corpus (p14) in the style of quantitative-seismic-interpretation notebooks (the Aki-Richards and Shuey approximations and Gassmann fluid substitution as bruges and the QSI exercises code them): a `Layer` namedtuple of Vp, Vs and density, Gardner's density used when `rho` is None, incidence angles in degrees converted with `np.radians` and transmitted angles by Snell's law with `np.arcsin`, the three Aki-Richards terms from the interface's averages and contrasts, a Ricker wavelet, an angle gather made by convolving each angle's reflectivity spike with `np.convolve` in a list comprehension, and Gassmann's equation with Wood's (Reuss) brine-gas mix. Differentiated: a gather misfit in the lower layer's properties, the reflectivity at six angles in both layers' properties (as a Jacobian), and Shuey's intercept-times-gradient attribute after fluid substitution in (porosity, water saturation).
import math
from collections import namedtuple

import numpy as np

Layer = namedtuple("Layer", ["vp", "vs", "rho"], defaults=[None])


def gardner(vp, alpha=0.31, beta=0.25):
    return alpha * vp ** beta * 1000.0          # kg/m^3 from m/s


def density(layer):
    return gardner(layer.vp) if layer.rho is None else layer.rho


def aki_richards(upper, lower, theta_deg):
    theta1 = np.radians(theta_deg)
    theta2 = np.arcsin(lower.vp / upper.vp * np.sin(theta1))
    theta = 0.5 * (theta1 + theta2)
    rho1, rho2 = density(upper), density(lower)
    vp, vs, rho = 0.5 * (upper.vp + lower.vp), 0.5 * (upper.vs + lower.vs), 0.5 * (rho1 + rho2)
    dvp, dvs, drho = lower.vp - upper.vp, lower.vs - upper.vs, rho2 - rho1
    k = (vs / vp) ** 2
    term1 = 0.5 * (1.0 - 4.0 * k * np.sin(theta) ** 2) * drho / rho
    term2 = 0.5 / np.cos(theta) ** 2 * dvp / vp
    term3 = -4.0 * k * np.sin(theta) ** 2 * dvs / vs
    return term1 + term2 + term3


def shuey(upper, lower):
    """Intercept and gradient of R(theta) ~ A + B sin^2(theta)."""
    rho1, rho2 = density(upper), density(lower)
    vp, vs, rho = 0.5 * (upper.vp + lower.vp), 0.5 * (upper.vs + lower.vs), 0.5 * (rho1 + rho2)
    dvp, dvs, drho = lower.vp - upper.vp, lower.vs - upper.vs, rho2 - rho1
    A = 0.5 * (dvp / vp + drho / rho)
    B = 0.5 * dvp / vp - 2.0 * (vs / vp) ** 2 * (drho / rho + 2.0 * dvs / vs)
    return A, B


def ricker(f, dt=0.002, length=0.128):
    t = np.arange(-length / 2, length / 2, dt)
    a = (math.pi * f * t) ** 2
    return (1.0 - 2.0 * a) * np.exp(-a)


ANGLES = np.arange(0.0, 31.0, 5.0)
SHALE = Layer(2900.0, 1400.0, 2450.0)


def gather(upper, lower, n_samples=64, spike_at=32, f=30.0):
    rc = aki_richards(upper, lower, ANGLES)
    wavelet = ricker(f)
    traces = []
    for r in rc:
        spikes = np.zeros(n_samples)
        spikes[spike_at] = r
        traces.append(np.convolve(spikes, wavelet, mode="same"))
    return np.array(traces)


def gather_misfit(props, seed=3):
    rng = np.random.default_rng(seed)
    observed = gather(SHALE, Layer(2600.0, 1550.0, 2150.0))
    observed = observed + rng.normal(0.0, 0.002, observed.shape)
    synthetic = gather(SHALE, Layer(props[0], props[1], props[2]))
    return float(np.sum((synthetic - observed) ** 2))


def reflectivity(both):
    upper = Layer(both[0], both[1], both[2])
    lower = Layer(both[3], both[4])                 # density from Gardner
    return aki_richards(upper, lower, ANGLES[1:])


MINERAL = {"K": 37.0e9, "mu": 44.0e9, "rho": 2650.0}       # quartz
BRINE = {"K": 2.8e9, "rho": 1030.0}
GAS = {"K": 0.06e9, "rho": 200.0}


def gassmann(K_dry, K_min, K_fl, phi):
    return K_dry + (1.0 - K_dry / K_min) ** 2 / (phi / K_fl + (1.0 - phi) / K_min - K_dry / K_min ** 2)


def substituted_sand(phi, sw, K_dry=12.0e9, mu_dry=14.0e9):
    K_fl = 1.0 / (sw / BRINE["K"] + (1.0 - sw) / GAS["K"])        # Wood / Reuss
    rho_fl = sw * BRINE["rho"] + (1.0 - sw) * GAS["rho"]
    rho = (1.0 - phi) * MINERAL["rho"] + phi * rho_fl
    K = gassmann(K_dry, MINERAL["K"], K_fl, phi)
    vp = math.sqrt((K + 4.0 / 3.0 * mu_dry) / rho)
    vs = math.sqrt(mu_dry / rho)
    return Layer(vp, vs, rho)


def intercept_times_gradient(x):
    phi, sw = x
    A, B = shuey(SHALE, substituted_sand(phi, sw))
    return A * B


CASES = [
    dict(name="gather_misfit", function=gather_misfit, args=lambda: (np.array([2700.0, 1500.0, 2200.0]),)),
    dict(name="reflectivity", function=reflectivity, kind="jacobian",
         args=lambda: (np.array([2900.0, 1400.0, 2450.0, 3200.0, 1700.0]),)),
    dict(name="intercept_times_gradient", function=intercept_times_gradient, args=lambda: (np.array([0.25, 0.3]),)),
]
