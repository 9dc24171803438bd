# Written for this corpus (p13) in the style of radiotherapy-physics scripts (linear-quadratic radiobiology): the LQ survival `exp(-n(alpha d + beta d^2))` with an overall-time repopulation term `max(0, T - Tk)`, BED and EQD2 helpers with an `alpha_beta=10.0` keyword default, a Poisson tumour-control probability averaged over a patient population whose radiosensitivity is normal (Gauss-Hermite nodes from `np.polynomial.hermite.hermgauss`), the Lyman-Kutcher-Burman NTCP from a differential dose-volume histogram through the generalized EUD and `scipy.stats.norm.cdf`, organs as a dict of dicts of LKB parameters looped over with `.items()`, a `Schedule` namedtuple, and the probability of uncomplicated control `P+ = TCP * prod(1 - NTCP)`. Differentiated: P+ in the dose per fraction and the number of fractions (continuous), TCP in (alpha, sigma_alpha, clonogen density), and the gEUDs of the DVHs in the dose bins as a Jacobian.
import math
from collections import namedtuple

import numpy as np
from scipy.stats import norm

Schedule = namedtuple("Schedule", ["dose_per_fraction", "fractions", "days"])


def bed(d, n, alpha_beta=10.0):
    return n * d * (1.0 + d / alpha_beta)


def eqd2(d, n, alpha_beta=10.0):
    return bed(d, n, alpha_beta) / (1.0 + 2.0 / alpha_beta)


def surviving_fraction(schedule, alpha, alpha_beta=10.0, Tk=21.0, Tpot=3.0):
    d, n, T = schedule
    beta = alpha / alpha_beta
    repopulation = math.log(2.0) * max(0.0, T - Tk) / Tpot
    return np.exp(-n * (alpha * d + beta * d ** 2) + repopulation)


def population_tcp(schedule, alpha_mean=0.3, alpha_sd=0.07, clonogens=1e7, nodes=24):
    x, w = np.polynomial.hermite.hermgauss(nodes)
    alphas = alpha_mean + math.sqrt(2.0) * alpha_sd * x
    tcp = np.exp(-clonogens * surviving_fraction(schedule, alphas))
    return np.sum(w * tcp) / math.sqrt(math.pi)


def geud(doses, volumes, a):
    v = volumes / np.sum(volumes)
    return np.sum(v * doses ** a) ** (1.0 / a)


def lkb_ntcp(doses, volumes, TD50, m, n):
    eud = geud(doses, volumes, 1.0 / n)
    return norm.cdf((eud - TD50) / (m * TD50))


BINS = np.linspace(2.0, 70.0, 18)
ORGANS = {
    "rectum": {"TD50": 76.9, "m": 0.13, "n": 0.09, "volumes": np.exp(-((BINS - 40.0) / 18.0) ** 2)},
    "bladder": {"TD50": 80.0, "m": 0.11, "n": 0.5, "volumes": np.exp(-((BINS - 30.0) / 22.0) ** 2)},
}


def uncomplicated_control(plan, prescription=2.0):
    d, n = plan
    schedule = Schedule(d, n, days=n * 7.0 / 5.0)
    tcp = population_tcp(schedule)
    p_plus = tcp
    for name, organ in ORGANS.items():
        # the organ receives the prescription's shape scaled by the fraction size, in EQD2 (a/b = 3)
        physical = BINS * (d / prescription) * (n / 39.0)
        organ_eqd2 = physical * (1.0 + physical / n / 3.0) / (1.0 + prescription / 3.0)
        p_plus = p_plus * (1.0 - lkb_ntcp(organ_eqd2, organ["volumes"], organ["TD50"],
                                          organ["m"], organ["n"]))
    return p_plus


def tcp_in_biology(bio):
    alpha_mean, alpha_sd, log_density = bio
    schedule = Schedule(2.0, 35, days=47)
    return population_tcp(schedule, alpha_mean=alpha_mean, alpha_sd=alpha_sd,
                          clonogens=10 ** log_density)


def dvh_geuds(dose_bins):
    return np.array([geud(dose_bins, organ["volumes"], 1.0 / organ["n"]) for organ in ORGANS.values()])


CASES = [
    dict(name="uncomplicated_control", function=uncomplicated_control, args=lambda: (np.array([2.0, 38.0]),)),
    dict(name="tcp_in_biology", function=tcp_in_biology, args=lambda: (np.array([0.28, 0.06, 7.0]),)),
    dict(name="dvh_geuds", function=dvh_geuds, kind="jacobian", args=lambda: (BINS.copy(),)),
]
