# Written for this corpus (p14) in the style of thermogravimetric-analysis kinetics scripts (biomass pyrolysis as three independent parallel reactions, as in TGA fitting notebooks): pseudo-components in a dict of dicts (`A` in 1/s, `E` in kJ/mol, order `n`, mass fraction), unpacked into arrays by comprehensions, the Arrhenius rate `A*exp(-E/(R*T))` with `R` a module constant, a linear heating ramp integrated by RK4 over temperature with all three conversions as one array, a `warnings.warn` with an f-string when a component is left mostly unconverted, the mass-loss curve, a fit of cellulose's E and log10 A to a noisy curve drawn with `np.random.default_rng(seed)`, and an isothermal lifetime that returns early for first-order reactions. Differentiated: the mass-loss misfit, the residual mass at five temperatures in the three activation energies (as a Jacobian), and the isothermal time to 5% conversion in (E, n).
import math
import warnings

import numpy as np

R = 8.314e-3                   # kJ/(mol K)

COMPONENTS = {
    "hemicellulose": {"A": 10 ** 9.2, "E": 120.0, "n": 1.5, "fraction": 0.30},
    "cellulose": {"A": 10 ** 15.5, "E": 200.0, "n": 1.0, "fraction": 0.45},
    "lignin": {"A": 10 ** 2.8, "E": 60.0, "n": 3.0, "fraction": 0.25},
}
CHAR_YIELD = 0.2


def arrhenius(A, E, T):
    return A * np.exp(-E / (R * T))


def conversion_rate(alpha, T, A, E, n, beta):
    """d(alpha)/dT on a ramp of `beta` K/min."""
    remaining = np.maximum(1.0 - alpha, 0.0)
    return arrhenius(A, E, T) * remaining ** n / (beta / 60.0)


def ramp(A, E, n, beta=10.0, T0=400.0, T1=900.0, dT=2.0):
    temperatures = np.arange(T0, T1 + dT / 2, dT)
    alpha = np.zeros_like(A)
    history = [alpha]
    for T in temperatures[:-1]:
        k1 = conversion_rate(alpha, T, A, E, n, beta)
        k2 = conversion_rate(alpha + 0.5 * dT * k1, T + 0.5 * dT, A, E, n, beta)
        k3 = conversion_rate(alpha + 0.5 * dT * k2, T + 0.5 * dT, A, E, n, beta)
        k4 = conversion_rate(alpha + dT * k3, T + dT, A, E, n, beta)
        alpha = alpha + dT / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        history.append(alpha)
    if np.min(alpha) < 0.5:
        warnings.warn(f"ramp ends at {T1:.0f} K with a component only {np.min(alpha):.0%} converted")
    return temperatures, np.array(history)


def mass_fraction(history, fractions):
    """Sample mass over initial mass: each component loses (1 - char) of its share as it converts."""
    return 1.0 - (1.0 - CHAR_YIELD) * history @ fractions


def arrays(components, names=None):
    names = list(components) if names is None else names
    A = np.array([components[c]["A"] for c in names])
    n = np.array([components[c]["n"] for c in names])
    w = np.array([components[c]["fraction"] for c in names])
    return A, n, w


def tga_misfit(theta, seed=5):
    E_cell, log10_A_cell = theta
    A, n, w = arrays(COMPONENTS)
    E_true = np.array([c["E"] for c in COMPONENTS.values()])
    T, history = ramp(A, E_true, n)
    rng = np.random.default_rng(seed)
    observed = mass_fraction(history, w) + rng.normal(0.0, 0.002, T.shape)
    A_fit = np.array([A[0], 10.0 ** log10_A_cell, A[2]])
    E_fit = np.array([E_true[0], E_cell, E_true[2]])
    _, fitted = ramp(A_fit, E_fit, n)
    return float(np.sum((mass_fraction(fitted, w) - observed) ** 2))


def residual_mass(E, at=(550.0, 600.0, 650.0, 700.0, 800.0)):
    A, n, w = arrays(COMPONENTS)
    T, history = ramp(A, E, n)
    curve = mass_fraction(history, w)
    return np.array([np.interp(t, T, curve) for t in at])


def isothermal_lifetime(En, T=520.0, target=0.05, component="cellulose"):
    """Minutes at constant T until `target` conversion."""
    E, n = En
    k = arrhenius(COMPONENTS[component]["A"], E, T)
    if n == 1.0:
        return -math.log(1.0 - target) / k / 60.0
    return ((1.0 - target) ** (1.0 - n) - 1.0) / ((n - 1.0) * k) / 60.0


CASES = [
    dict(name="tga_misfit", function=tga_misfit, args=lambda: (np.array([198.0, 15.3]),)),
    dict(name="residual_mass", function=residual_mass, kind="jacobian",
         args=lambda: (np.array([120.0, 200.0, 60.0]),)),
    dict(name="isothermal_lifetime", function=isothermal_lifetime, args=lambda: (np.array([190.0, 1.3]),)),
]
