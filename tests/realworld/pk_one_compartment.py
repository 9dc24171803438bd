# Written for this corpus (p2) in the style of pharmacokinetics notebooks (the one-compartment model with first-order absorption, the Bateman function, superposed over a dosing schedule as in Gabrielsson & Weiner and PKPD tutorials in Python): parameters as a dict with log-transformed values, `np.where(t >= t_dose, ..., 0.0)` for each dose, a proportional-error log-likelihood with `scipy.stats.norm.logpdf`, and a lognormal prior.
import numpy as np
from scipy import stats

DOSES = [(0.0, 100.0), (12.0, 100.0), (24.0, 150.0)]   # (time h, amount mg)
T_OBS = np.array([1.0, 2.0, 4.0, 8.0, 11.5, 13.0, 16.0, 23.0, 25.0, 30.0, 36.0])
C_OBS = np.array([1.9, 2.8, 3.1, 2.2, 1.5, 3.2, 3.6, 2.1, 4.4, 4.2, 2.9])


def concentration(t, ka, ke, V, F=1.0):
    c = np.zeros_like(t)
    for t_dose, dose in DOSES:
        dt = t - t_dose
        contrib = F * dose * ka / (V * (ka - ke)) * (np.exp(-ke * dt) - np.exp(-ka * dt))
        c += np.where(dt >= 0, contrib, 0.0)
    return c


def log_posterior(log_params, sigma_prop=0.15):
    params = dict(zip(["ka", "ke", "V"], np.exp(log_params)))
    pred = concentration(T_OBS, **params)
    loglik = stats.norm.logpdf(C_OBS, loc=pred, scale=sigma_prop * pred).sum()
    prior = stats.norm.logpdf(log_params, loc=np.log([1.0, 0.1, 30.0]), scale=1.0).sum()
    return loglik + prior


def auc_trapezoid(log_params):
    ka, ke, V = np.exp(log_params)
    t = np.linspace(0.0, 36.0, 73)
    return np.trapezoid(concentration(t, ka, ke, V), t)


P0 = np.log(np.array([1.2, 0.09, 28.0]))

CASES = [
    dict(name="log_posterior", function=log_posterior, args=lambda: (P0.copy(), 0.15), wrt=(0, 1)),
    dict(name="auc", function=auc_trapezoid, args=lambda: (P0.copy(),)),
]
