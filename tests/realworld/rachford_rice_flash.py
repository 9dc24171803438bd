# Written for this corpus (p11) in the style of chemical-engineering teaching code for an isothermal flash (thermo / "Introduction to Chemical Engineering Computing" notebooks): a `@dataclass Component` (name, Tc, Pc, omega) in a list, Wilson K-values by `math.exp`, the Rachford-Rice equation solved by Newton in a `for` loop with an early `return` on a step tolerance and a `raise RuntimeError(f"...")` after it, phase compositions `x = z / (1 + beta * (K - 1))`, a bubble-point temperature by a `while abs(residual) > tol` Newton loop with a numerical derivative, and a flash drum's results in a dict. Differentiated: the vapour fraction in the feed composition, the vapour's light-key mole fraction in temperature and pressure, and the bubble point in pressure.
import math
from dataclasses import dataclass

import numpy as np


@dataclass
class Component:
    name: str
    Tc: float      # K
    Pc: float      # bar
    omega: float


COMPONENTS = [
    Component("methane", 190.6, 46.0, 0.011),
    Component("propane", 369.8, 42.5, 0.152),
    Component("n-pentane", 469.7, 33.7, 0.251),
    Component("n-octane", 568.7, 24.9, 0.398),
]
FEED = np.array([0.3, 0.25, 0.25, 0.2])


def wilson_k(comp, T, P):
    return comp.Pc / P * math.exp(5.373 * (1 + comp.omega) * (1 - comp.Tc / T))


def k_values(T, P, components=COMPONENTS):
    return np.array([wilson_k(c, T, P) for c in components])


def rachford_rice(z, K, beta=0.5, tol=1e-12, max_iter=50):
    for it in range(max_iter):
        g = np.sum(z * (K - 1) / (1 + beta * (K - 1)))
        dg = -np.sum(z * (K - 1) ** 2 / (1 + beta * (K - 1)) ** 2)
        step = g / dg
        beta = beta - step
        if abs(step) < tol:
            return beta
    raise RuntimeError(f"Rachford-Rice did not converge after {max_iter} iterations (beta={beta:.4f})")


def flash(z, T, P, components=COMPONENTS):
    K = k_values(T, P, components)
    beta = rachford_rice(z, K)
    assert 0.0 < beta < 1.0, f"not two-phase at T={T} K, P={P} bar: beta={beta:.3f}"
    x = z / (1 + beta * (K - 1))
    y = K * x
    return {"V/F": beta, "x": x, "y": y, "K": K}


def bubble_point(P, z=FEED, T=300.0, tol=1e-10):
    """The temperature where sum(z K) = 1: Newton on log(sum z K) with a central-difference slope."""
    residual = math.log(np.sum(z * k_values(T, P)))
    while abs(residual) > tol:
        h = 1e-3
        slope = (math.log(np.sum(z * k_values(T + h, P))) - math.log(np.sum(z * k_values(T - h, P)))) / (2 * h)
        T = T - residual / slope
        residual = math.log(np.sum(z * k_values(T, P)))
    return T


def vapour_fraction(z):
    return flash(z / z.sum(), 320.0, 20.0)["V/F"]


def light_key_in_vapour(T, P):
    result = flash(FEED, T, P)
    return result["y"][0] + 0.5 * result["y"][1]


CASES = [
    dict(name="vapour_fraction", function=vapour_fraction, args=lambda: (FEED.copy(),)),
    dict(name="light_key_in_vapour", function=light_key_in_vapour, args=lambda: (320.0, 20.0), wrt=(0, 1)),
    dict(name="bubble_point", function=bubble_point, args=lambda: (20.0,)),
]
