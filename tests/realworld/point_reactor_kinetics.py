# Written for this corpus (p12) in the style of reactor-physics course scripts: six delayed-neutron groups (Keepin's U-235 data) as module arrays, the point kinetics equations as an `rhs(t, y, rho, Lambda)` for `scipy.integrate.solve_ivp` with `args=`, reactivity insertions written as `functools.partial(ramp, rate=..., t_end=...)`, the prompt-jump approximation, the inhour equation solved for the stable period by Newton in a `while abs(f) > tol` loop started from `rho / (beta - rho)`-style guesses, a `Reactor` class with a `__call__(rho)` returning the period, and a lumped fuel-temperature feedback integrated by implicit Euler steps with `np.linalg.solve`. Differentiated: the power after a step insertion in the reactivity (dollars) and the generation time (microseconds), the inhour period in the reactivity, and the feedback transient's peak power proxy in the temperature coefficient.
import functools
import math

import numpy as np
from scipy.integrate import solve_ivp

# Keepin, U-235 thermal fission
BETA_I = np.array([0.000215, 0.001424, 0.001274, 0.002568, 0.000748, 0.000273])
LAMBDA_I = np.array([0.0124, 0.0305, 0.111, 0.301, 1.14, 3.01])   # 1/s
BETA = BETA_I.sum()
GEN_TIME = 1e-4  # prompt neutron generation time, s


def ramp(t, rate=1e-4, t_end=5.0):
    return rate * min(t, t_end)


def rhs(t, y, rho, Lambda):
    n, C = y[0], y[1:]
    dn = (rho - BETA) / Lambda * n + np.dot(LAMBDA_I, C)
    dC = BETA_I / Lambda * n - LAMBDA_I * C
    return np.concatenate(([dn], dC))


def equilibrium(n0=1.0, Lambda=GEN_TIME):
    return np.concatenate(([n0], BETA_I / (LAMBDA_I * Lambda) * n0))


def power_after_step(params):
    dollars, Lambda_us = params
    rho, Lambda = dollars * BETA, Lambda_us * 1e-6
    y0 = equilibrium(Lambda=Lambda)
    sol = solve_ivp(rhs, (0.0, 2.0), y0, method="LSODA", args=(rho, Lambda),
                    t_eval=[0.5, 1.0, 2.0], rtol=1e-10, atol=1e-12)
    prompt_jump = BETA / (BETA - rho)
    return sol.y[0, -1] + 0.1 * sol.y[0, 0] - 0.01 * prompt_jump


def inhour(omega, Lambda=GEN_TIME):
    return omega * Lambda + np.sum(BETA_I * omega / (omega + LAMBDA_I))


def inhour_slope(omega, Lambda=GEN_TIME):
    return Lambda + np.sum(BETA_I * LAMBDA_I / (omega + LAMBDA_I) ** 2)


class Reactor:
    def __init__(self, Lambda=GEN_TIME, tol=1e-14, max_iter=100):
        self.Lambda = Lambda
        self.tol = tol
        self.max_iter = max_iter

    def stable_period(self, rho):
        """Largest root of the inhour equation, by Newton from a one-group guess."""
        lam_eff = 0.0767
        omega = lam_eff * rho / (BETA - rho)
        f = inhour(omega, self.Lambda) - rho
        it = 0
        while abs(f) > self.tol:
            omega = omega - f / inhour_slope(omega, self.Lambda)
            f = inhour(omega, self.Lambda) - rho
            it += 1
            if it > self.max_iter:
                raise RuntimeError(f"inhour Newton failed at rho={rho}")
        return 1.0 / omega

    def __call__(self, rho):
        return self.stable_period(rho)


def period_in_dollars(dollars):
    rho = dollars * BETA
    reactor = Reactor()
    periods = [reactor(r) for r in (rho, 0.5 * rho, 0.25 * rho)]
    return math.log(periods[0]) + math.log(periods[1]) + 0.1 * periods[2] / 100.0


def feedback_transient(alpha_T, dt=0.01, steps=300, heat_capacity=50.0, cooling=0.2):
    """Implicit Euler on (n, C_1..C_6, T) with a ramp insertion and Doppler feedback
    rho = rho_ext(t) + alpha_T * (T - T0); the linearised system is solved each step."""
    insertion = functools.partial(ramp, rate=2e-4, t_end=1.0)
    y = equilibrium()
    T0 = 0.0
    T = T0
    energy = 0.0
    for k in range(steps):
        t = (k + 1) * dt
        rho = insertion(t) + alpha_T * (T - T0)
        A = np.zeros((7, 7))
        A[0, 0] = (rho - BETA) / GEN_TIME
        A[0, 1:] = LAMBDA_I
        A[1:, 0] = BETA_I / GEN_TIME
        A[1:, 1:] = -np.diag(LAMBDA_I)
        y = np.linalg.solve(np.eye(7) - dt * A, y)
        T = (T + dt * (y[0] - 1.0) / heat_capacity) / (1.0 + dt * cooling)
        energy += dt * y[0]
    return energy + y[0]


CASES = [
    dict(name="power_after_step", function=power_after_step, args=lambda: (np.array([0.3, 100.0]),)),
    dict(name="period_in_dollars", function=period_in_dollars, args=lambda: (0.23,)),
    dict(name="feedback_transient", function=feedback_transient, args=lambda: (-2e-3,)),
]
