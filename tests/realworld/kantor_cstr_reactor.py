# Written for this corpus (p6) in the style of Jeffrey Kantor's Chemical Process Control notebooks (CBE 30338, "Exothermic Continuous Stirred Tank Reactor": `Ea`, `R`, `k0`, `dHr`, `rho`, `Cp`, `UA` module constants, `k = lambda T: k0*np.exp(-Ea/R/T)`, a `deriv(X, t)` returning `[dCA, dT]`) recast as a simulation object: a `CSTR` class whose `__init__` takes `**kwargs` into a dict of defaults (`self.p = dict(DEFAULTS); self.p.update(kwargs)`), a `@classmethod` `from_steady_state(cls, Tc)` starting at the cold steady state found by `scipy.optimize.fsolve`, `rate(self, CA, T)` by the Arrhenius law, `deriv(self, X)` as a NumPy array, `step(self, dt)` a classical Runge-Kutta step updating `self.X` and `self.t` in place, `run(self, t_final, dt)` in a `while self.t < t_final - 1e-12:` loop appending to `self.history`, and a proportional controller object on the coolant temperature whose `__call__` reads the measured temperature. Differentiated: the conversion and the temperature peak after a coolant step, w.r.t. the coolant temperature, the activation energy and the controller's gain.
import numpy as np
from scipy.optimize import fsolve

DEFAULTS = dict(
    Ea=72750.0,     # activation energy J/gmol
    R=8.314,        # gas constant J/gmol/K
    k0=7.2e10,      # Arrhenius rate constant 1/min
    V=100.0,        # Volume [L]
    rho=1000.0,     # Density [g/L]
    Cp=0.239,       # Heat capacity [J/g/K]
    dHr=-5.0e4,     # Enthalpy of reaction [J/mol]
    UA=5.0e4,       # Heat transfer [J/min/K]
    q=100.0,        # Flowrate [L/min]
    Cf=1.0,         # Inlet feed concentration [mol/L]
    Tf=300.0,       # Inlet feed temperature [K]
    Tc=300.0,       # Coolant temperature [K]
)


class CSTR:
    def __init__(self, CA0=0.5, T0=350.0, **kwargs):
        self.p = dict(DEFAULTS)
        self.p.update(kwargs)
        self.X = np.array([CA0, T0])
        self.t = 0.0
        self.history = [self.X.copy()]

    @classmethod
    def from_steady_state(cls, Tc, **kwargs):
        reactor = cls(Tc=Tc, **kwargs)
        X0 = fsolve(lambda X: reactor.deriv(X), np.array([0.9, 310.0]))
        reactor.X = X0
        reactor.history = [X0.copy()]
        return reactor

    def rate(self, CA, T):
        p = self.p
        return p["k0"] * np.exp(-p["Ea"] / p["R"] / T) * CA

    def deriv(self, X):
        CA, T = X[0], X[1]
        p = self.p
        r = self.rate(CA, T)
        dCA = p["q"] / p["V"] * (p["Cf"] - CA) - r
        dT = p["q"] / p["V"] * (p["Tf"] - T) + (-p["dHr"]) * r / (p["rho"] * p["Cp"]) \
            + p["UA"] * (p["Tc"] - T) / (p["V"] * p["rho"] * p["Cp"])
        return np.array([dCA, dT])

    def step(self, dt):
        k1 = self.deriv(self.X)
        k2 = self.deriv(self.X + dt / 2 * k1)
        k3 = self.deriv(self.X + dt / 2 * k2)
        k4 = self.deriv(self.X + dt * k3)
        self.X = self.X + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        self.t += dt

    def run(self, t_final, dt=0.02, controller=None):
        while self.t < t_final - 1e-12:
            if controller is not None:
                self.p["Tc"] = controller(self.X[1])
            self.step(dt)
            self.history.append(self.X.copy())
        return np.array(self.history)


class PController:
    def __init__(self, setpoint, Kp, Tc_bias):
        self.setpoint = setpoint
        self.Kp = Kp
        self.Tc_bias = Tc_bias

    def __call__(self, T):
        return self.Tc_bias - self.Kp * (T - self.setpoint)


def conversion_after_step(params):
    """Test wrapper: conversion 1 - CA/Cf after 2 minutes at a new coolant temperature, from the
    steady state at 300 K, as a function of (Tc, Ea)."""
    reactor = CSTR.from_steady_state(300.0, Ea=params[1])
    reactor.p["Tc"] = params[0]
    reactor.run(2.0, dt=0.05)
    return 1 - reactor.X[0] / reactor.p["Cf"]


def temperature_peak(params):
    """Test wrapper: a smooth peak (log-sum-exp) of the temperature over the run."""
    reactor = CSTR(CA0=0.9, T0=305.0, Tc=params[0], UA=params[1])
    history = reactor.run(3.0, dt=0.05)
    T = history[:, 1]
    return np.log(np.sum(np.exp((T - 300.0) / 5.0))) * 5.0


def controlled_error(gain):
    """Test wrapper: the squared tracking error under proportional coolant control."""
    reactor = CSTR(CA0=0.8, T0=310.0)
    controller = PController(setpoint=320.0, Kp=gain[0], Tc_bias=gain[1])
    history = reactor.run(2.0, dt=0.05, controller=controller)
    return np.mean((history[:, 1] - 320.0) ** 2)


CASES = [
    dict(name="conversion_after_step", function=conversion_after_step, args=lambda: (np.array([303.0, 72750.0]),)),
    dict(name="temperature_peak", function=temperature_peak, args=lambda: (np.array([302.0, 5.0e4]),)),
    dict(name="controlled_error", function=controlled_error, args=lambda: (np.array([2.0, 300.0]),)),
]
