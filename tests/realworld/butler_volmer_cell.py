# Written for this corpus (p8) in the style of electrochemistry teaching code and single-particle-style battery notebooks (Bard and Faulkner's current-overpotential equation as course scripts write it, and the equivalent-circuit-plus-kinetics cells of battery-modelling tutorials): module constants `F`, `R`, a `params` dict of the cell, `butler_volmer(eta, i0, alpha_a=0.5, alpha_c=0.5, T=298.15)`, `overpotential(...)` inverting it by Newton's method from the linearised guess with `eta -= step` and `if abs(step) < tol: break`, an open-circuit voltage from `np.polyval` of fitted coefficients, a constant-current discharge in a `for` loop appending voltages, an exchange current scaled by `sqrt(c (1 - c))`, and a Tafel fit by `np.polyfit` of the high-overpotential branch. Differentiated: the voltage-curve misfit w.r.t. the log exchange currents and ohmic resistance, the discharge curve, and the Tafel slope w.r.t. the transfer coefficient.
import numpy as np

F = 96485.33212     # C/mol
R = 8.314462618     # J/(mol K)

params = {
    "capacity": 2.5 * 3600,       # C
    "R_ohm": 0.03,                # Ohm
    "T": 298.15,                  # K
    "ocv_coeffs": [-1.2, 2.9, -2.1, 0.95, 3.35],   # V, highest power first, in state of charge
}


def butler_volmer(eta, i0, alpha_a=0.5, alpha_c=0.5, T=298.15):
    f = F / (R * T)
    return i0 * (np.exp(alpha_a * f * eta) - np.exp(-alpha_c * f * eta))


def overpotential(i_app, i0, alpha=0.5, T=298.15, tol=1e-12, max_iter=50):
    """Solve butler_volmer(eta) = i_app for eta by Newton's method."""
    f = F / (R * T)
    eta = i_app / (i0 * f)            # linearised: the charge-transfer resistance
    for _ in range(max_iter):
        residual = butler_volmer(eta, i0, alpha, 1 - alpha, T) - i_app
        slope = i0 * f * (alpha * np.exp(alpha * f * eta) + (1 - alpha) * np.exp(-(1 - alpha) * f * eta))
        step = residual / slope
        eta -= step
        if abs(step) < tol:
            break
    return eta


def ocv(soc, coeffs=params["ocv_coeffs"]):
    return np.polyval(coeffs, soc)


def discharge(theta, current=2.5, duration=1800.0, n_steps=12, soc0=0.95):
    """Terminal voltage during a constant-current discharge; theta = [log i0_pos, log i0_neg, R_ohm]."""
    i0_pos_ref, i0_neg_ref, R_ohm = np.exp(theta[0]), np.exp(theta[1]), theta[2]
    dt = duration / n_steps
    soc = soc0
    voltages = []
    for k in range(n_steps):
        scale = np.sqrt(soc * (1 - soc))            # exchange current ~ sqrt(c (1 - c))
        eta_pos = overpotential(current, i0_pos_ref * scale, T=params["T"])
        eta_neg = overpotential(current, i0_neg_ref * scale, alpha=0.45, T=params["T"])
        voltages.append(ocv(soc) - eta_pos - eta_neg - current * R_ohm)
        soc = soc - current * dt / params["capacity"]
    return np.array(voltages)


THETA_TRUE = np.array([np.log(1.8), np.log(3.0), 0.035])
MEASURED = discharge(THETA_TRUE)


def voltage_misfit(theta, measured=MEASURED):
    return 1e3 * np.mean((discharge(theta) - measured) ** 2)


def tafel_slope(alpha, i0=1e-3):
    """mV per decade from a straight-line fit of eta against log10(i) at high current."""
    currents = np.logspace(-1, 0.5, 8)
    etas = np.array([overpotential(i, i0, alpha=alpha) for i in currents])
    slope, intercept = np.polyfit(np.log10(currents), etas, 1)
    return 1e3 * slope


THETA0 = np.array([np.log(2.0), np.log(2.5), 0.03])

CASES = [
    dict(name="voltage_misfit", function=voltage_misfit, args=lambda: (THETA0.copy(),)),
    dict(name="discharge", function=lambda theta: discharge(theta)[::3], args=lambda: (THETA0.copy(),),   # test wrapper: every third voltage
         kind="jacobian"),
    dict(name="tafel_slope", function=tafel_slope, args=lambda: (0.42,)),
]
