# Written for this corpus (p3) in the style of chemical-engineering thermodynamics scripts (the Peng-Robinson equation of state as course notebooks and `thermo`-like helpers write it): critical constants in a dict per component, `a(T)` with the alpha function of the acentric factor, van der Waals mixing rules with a binary interaction matrix, the cubic in Z solved by Newton's method from the vapour-like guess in a `while abs(step) > tol` loop, the fugacity coefficients of a mixture; differentiated in temperature, pressure and composition.
import math

import numpy as np

R_GAS = 8.314462618  # J/(mol K)

components = {
    "methane": {"Tc": 190.56, "Pc": 45.99e5, "omega": 0.011},
    "ethane": {"Tc": 305.32, "Pc": 48.72e5, "omega": 0.099},
    "propane": {"Tc": 369.83, "Pc": 42.48e5, "omega": 0.152},
}
kij = np.array([[0.0, 0.003, 0.012], [0.003, 0.0, 0.001], [0.012, 0.001, 0.0]])


def pure_parameters(T, comp):
    Tc, Pc, omega = comp["Tc"], comp["Pc"], comp["omega"]
    kappa = 0.37464 + 1.54226 * omega - 0.26992 * omega ** 2
    alpha = (1 + kappa * (1 - math.sqrt(T / Tc))) ** 2
    a = 0.45724 * R_GAS ** 2 * Tc ** 2 / Pc * alpha
    b = 0.07780 * R_GAS * Tc / Pc
    return a, b


def solve_cubic_newton(A, B, Z=1.0, tol=1e-12):
    step = 1.0
    while abs(step) > tol:
        f = Z ** 3 - (1 - B) * Z ** 2 + (A - 3 * B ** 2 - 2 * B) * Z - (A * B - B ** 2 - B ** 3)
        df = 3 * Z ** 2 - 2 * (1 - B) * Z + (A - 3 * B ** 2 - 2 * B)
        step = f / df
        Z = Z - step
    return Z


def fugacity_coefficients(T, P, x):
    names = list(components)
    ab = [pure_parameters(T, components[n]) for n in names]
    a = np.array([p[0] for p in ab])
    b = np.array([p[1] for p in ab])
    a_ij = np.sqrt(np.outer(a, a)) * (1 - kij)
    a_mix = x @ a_ij @ x
    b_mix = np.dot(x, b)
    A = a_mix * P / (R_GAS * T) ** 2
    B = b_mix * P / (R_GAS * T)
    Z = solve_cubic_newton(A, B)
    sqrt2 = math.sqrt(2.0)
    ln_phi = (b / b_mix * (Z - 1) - np.log(Z - B)
              - A / (2 * sqrt2 * B) * (2 * (a_ij @ x) / a_mix - b / b_mix)
              * np.log((Z + (1 + sqrt2) * B) / (Z + (1 - sqrt2) * B)))
    return np.exp(ln_phi), Z


def compressibility(T, P, x):
    return fugacity_coefficients(T, P, x)[1]


def log_fugacity_sum(T, P, x):
    phi, _ = fugacity_coefficients(T, P, x)
    return np.sum(x * np.log(phi * x * P))


X0 = np.array([0.7, 0.2, 0.1])

CASES = [
    dict(name="compressibility", function=compressibility, args=lambda: (300.0, 30e5, X0.copy()), wrt=(0, 1, 2)),
    dict(name="gibbs_like", function=log_fugacity_sum, args=lambda: (280.0, 20e5, X0.copy()), wrt=(0, 2)),
]
