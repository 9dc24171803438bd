# Written for this corpus (p12) in the style of astronomers' rotation-curve decomposition scripts (SPARC-style mass models): component classes `ExponentialDisk`, `NFWHalo`, `HernquistBulge`, each with a `vcirc(r)` method and a `__call__`, Freeman's disk through `scipy.special.i0, i1, k0, k1`, the NFW halo's enclosed mass with `np.log1p`, `G` in kpc (km/s)^2 / Msun as a module constant, a `RotationModel` holding a list of components and summing `v**2` in quadrature, parameters in a `dict` updated from a vector by `dict(zip(names, theta))`, an `isinstance(component, NFWHalo)` test for the halo's concentration prior, `**kwargs` passed to the components, a chi-square with a Gaussian prior on `log10(c)` from `scipy.stats.norm.logpdf`, data with scatter from `np.random.default_rng(seed)`, and a float32 copy of the observed curve. Differentiated: the log-posterior in the mass-model parameters, and the dark-matter fraction at 2.2 disk scale lengths.
import math

import numpy as np
from scipy import special
from scipy.stats import norm

G = 4.30091e-6  # kpc (km/s)^2 / Msun


class ExponentialDisk:
    def __init__(self, log_mass, r_d, **kwargs):
        self.mass = 10.0 ** log_mass
        self.r_d = r_d

    def vcirc(self, r):
        y = r / (2.0 * self.r_d)
        sigma0 = self.mass / (2.0 * np.pi * self.r_d ** 2)
        v2 = 4.0 * np.pi * G * sigma0 * self.r_d * y ** 2 * (
            special.i0(y) * special.k0(y) - special.i1(y) * special.k1(y))
        return np.sqrt(v2)

    def __call__(self, r):
        return self.vcirc(r)


class NFWHalo:
    def __init__(self, log_m200, c, h=0.7, **kwargs):
        self.m200 = 10.0 ** log_m200
        self.c = c
        rho_crit = 277.5 * h ** 2          # Msun / kpc^3
        self.r200 = (3.0 * self.m200 / (4.0 * math.pi * 200.0 * rho_crit)) ** (1.0 / 3.0)
        self.r_s = self.r200 / c

    def enclosed_mass(self, r):
        x = r / self.r_s
        norm_c = np.log1p(self.c) - self.c / (1.0 + self.c)
        return self.m200 * (np.log1p(x) - x / (1.0 + x)) / norm_c

    def vcirc(self, r):
        return np.sqrt(G * self.enclosed_mass(r) / r)

    def __call__(self, r):
        return self.vcirc(r)


class HernquistBulge:
    def __init__(self, log_mass, a=0.5, **kwargs):
        self.mass = 10.0 ** log_mass
        self.a = a

    def __call__(self, r):
        return np.sqrt(G * self.mass * r) / (r + self.a)


class RotationModel:
    names = ("log_Md", "r_d", "log_Mb", "log_m200", "c")

    def __init__(self, theta, **kwargs):
        self.params = {"log_Md": 10.5, "r_d": 3.0, "log_Mb": 9.5, "log_m200": 12.0, "c": 10.0}
        self.params.update(dict(zip(self.names, theta)))
        p = self.params
        self.components = [ExponentialDisk(p["log_Md"], p["r_d"], **kwargs),
                           HernquistBulge(p["log_Mb"], **kwargs),
                           NFWHalo(p["log_m200"], p["c"], **kwargs)]

    def __call__(self, r):
        v2 = np.zeros_like(r)
        for component in self.components:
            v2 = v2 + component(r) ** 2
        return np.sqrt(v2)

    def log_prior(self):
        lp = 0.0
        for component in self.components:
            if isinstance(component, NFWHalo):
                # Dutton & Maccio concentration-mass relation, 0.11 dex scatter
                log_c_mean = 0.905 - 0.101 * (math.log10(component.m200) - 12.0 + math.log10(0.7))
                lp += norm.logpdf(np.log10(component.c), loc=log_c_mean, scale=0.11)
        return lp


R_OBS = np.linspace(0.5, 25.0, 30)


def observed_curve(seed=42):
    rng = np.random.default_rng(seed)
    truth = RotationModel(np.array([10.7, 2.8, 9.8, 12.1, 9.0]))(R_OBS)
    err = 3.0 + 0.03 * truth
    v_obs = truth + err * rng.standard_normal(R_OBS.size)
    return v_obs.astype(np.float32), err.astype(np.float32)


V_OBS, V_ERR = observed_curve()


def log_posterior(theta):
    model = RotationModel(theta, h=0.7)
    v_model = model(R_OBS)
    chi2 = np.sum(((V_OBS - v_model) / V_ERR) ** 2)
    return -0.5 * chi2 + model.log_prior()


def dark_matter_fraction(theta):
    model = RotationModel(theta)
    r = np.array([2.2 * model.params["r_d"]])
    halo = [c for c in model.components if isinstance(c, NFWHalo)][0]
    return (halo(r) ** 2 / model(r) ** 2)[0]


CASES = [
    dict(name="log_posterior", function=log_posterior,
         args=lambda: (np.array([10.6, 3.1, 9.6, 12.0, 11.0]),)),
    dict(name="dark_matter_fraction", function=dark_matter_fraction,
         args=lambda: (np.array([10.6, 3.1, 9.6, 12.0, 11.0]),)),
]
