# Written for this corpus (p9) in the style of the exoplanet-transit tutorials built around batman's interface (`params = TransitParams(); params.t0 = 0.; params.per = 1.; params.rp = 0.1; ...; m = TransitModel(params, t); flux = m.light_curve(params)`), with the light curve computed the way batman integrates it: the stellar disk cut into annuli, quadratic limb darkening `I(r) = 1 - u1 (1 - mu) - u2 (1 - mu)**2`, the arc of each annulus the planet covers by `2 * arccos(clip(...))`, the sky-projected separation of a circular orbit from the phase and inclination (`math.radians`), a `chi2` fit to synthetic photometry with `np.random.default_rng`, and a `transit_depth` helper with an early return out of transit. Differentiated: the chi-square in (rp, a, b, u1, u2) (the impact parameter b, as fitters sample it), the light curve's Jacobian in rp and the limb darkening, and the depth at mid-transit.
import math

import numpy as np


class TransitParams:
    """An empty record filled attribute by attribute, as batman's users do."""
    pass


def separation(t, params):
    """Sky-projected centre distance in stellar radii (circular orbit)."""
    phase = 2 * np.pi * (t - params.t0) / params.per
    inc = np.radians(params.inc)
    return params.a * np.sqrt(np.sin(phase) ** 2 + (np.cos(inc) * np.cos(phase)) ** 2)


class TransitModel:
    def __init__(self, params, t, n_annuli=300):
        self.t = t
        edges = np.linspace(0.0, 1.0, n_annuli + 1)
        self.r = 0.5 * (edges[1:] + edges[:-1])
        self.dr = edges[1] - edges[0]

    def intensity(self, u):
        mu = np.sqrt(1.0 - self.r ** 2)
        u1, u2 = u
        return 1.0 - u1 * (1.0 - mu) - u2 * (1.0 - mu) ** 2

    def covered_angle(self, z, p):
        """Angle of the annulus at radius r inside the planet's disk (radius p, centre at z)."""
        r = self.r[None, :]
        z = z[:, None]
        cos_half = (r ** 2 + z ** 2 - p ** 2) / (2 * r * np.maximum(z, 1e-9))
        theta = 2 * np.arccos(np.clip(cos_half, -1.0, 1.0))
        inside = r <= p - z                 # annulus wholly behind the planet
        return np.where(inside, 2 * np.pi, theta)

    def light_curve(self, params):
        z = separation(self.t, params)
        I = self.intensity(params.u)
        total = np.sum(I * 2 * np.pi * self.r) * self.dr
        blocked = np.sum(self.covered_angle(z, params.rp) * I * self.r, axis=1) * self.dr
        return 1.0 - blocked / total


def make_params(rp=0.1, a=9.0, inc=88.5, u=(0.4, 0.25)):
    params = TransitParams()
    params.t0 = 0.0                 # time of inferior conjunction
    params.per = 3.5                # orbital period (days)
    params.rp = rp                  # planet radius (stellar radii)
    params.a = a                    # semi-major axis (stellar radii)
    params.inc = inc                # inclination (degrees)
    params.u = u                    # limb-darkening coefficients [u1, u2]
    return params


T_OBS = np.linspace(-0.12, 0.12, 41)
_rng = np.random.default_rng(42)
FLUX_OBS = TransitModel(make_params(), T_OBS).light_curve(make_params(0.105, 9.3, 88.9, (0.38, 0.22))) \
    + 2e-4 * _rng.standard_normal(len(T_OBS))


def chi2(theta, t=T_OBS, flux=FLUX_OBS, sigma=2e-4):
    """Sampled, as fitters do, in the impact parameter b = a cos(inc) rather than the inclination."""
    rp, a, b, u1, u2 = theta
    inc = np.degrees(np.arccos(b / a))
    params = make_params(rp, a, inc, (u1, u2))
    m = TransitModel(params, t)
    model = m.light_curve(params)
    return np.sum(((flux - model) / sigma) ** 2)


def light_curve_of(theta, t=T_OBS[::5]):
    rp, u1, u2 = theta
    params = make_params(rp=rp, u=[u1, u2])
    return TransitModel(params, t).light_curve(params)


def transit_depth(rp, inc=88.5):
    params = make_params(rp=rp, inc=inc)
    b = params.a * math.cos(math.radians(inc))
    if b > 1 + rp:
        return 0.0                  # grazing miss: no transit
    flux = TransitModel(params, np.array([0.0])).light_curve(params)
    return 1.0 - flux[0]


THETA0 = np.array([0.1, 9.0, 9.0 * np.cos(np.radians(88.5)), 0.4, 0.25])

CASES = [
    dict(name="chi2", function=chi2, args=lambda: (THETA0.copy(),)),
    dict(name="light_curve_of", function=light_curve_of, args=lambda: (np.array([0.1, 0.4, 0.25]),), kind="jacobian"),
    dict(name="transit_depth", function=transit_depth, args=lambda: (0.1,)),
]
