# Written for this corpus (p4) in the style of battery-modelling scripts (a first-order Thevenin equivalent-circuit model as in battery state-estimation tutorials): a `TheveninCell` class holding a parameter dict and its state (`self.soc`, `self.v_rc`), the open-circuit voltage by `np.interp` over a measured SOC table, an exact zero-order-hold RC update `exp(-dt / (R1 C1))`, coulomb counting with `capacity_ah * 3600`, `step(current, dt)` returning the terminal voltage, a pulse-discharge current profile built with `np.where`, and an RMSE fit to a "measured" voltage trace. Differentiated in the log circuit parameters and the initial state of charge.
import numpy as np

SOC_TABLE = np.array([0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0])
OCV_TABLE = np.array([3.00, 3.30, 3.42, 3.52, 3.58, 3.62, 3.66, 3.72, 3.80, 3.90, 4.02, 4.10, 4.20])


class TheveninCell:
    def __init__(self, params, soc0=1.0):
        self.params = dict(params)
        self.soc = soc0
        self.v_rc = 0.0

    def ocv(self, soc=None):
        if soc is None:
            soc = self.soc
        return np.interp(soc, SOC_TABLE, OCV_TABLE)

    def step(self, current, dt):
        """Discharge current positive; returns the terminal voltage after the step."""
        p = self.params
        tau = p["R1"] * p["C1"]
        alpha = np.exp(-dt / tau)
        self.v_rc = alpha * self.v_rc + p["R1"] * (1.0 - alpha) * current
        self.soc -= current * dt / (p["capacity_ah"] * 3600.0)
        return self.ocv() - current * p["R0"] - self.v_rc


def pulse_profile(n_pulses=4, on=60, rest=120, amps=5.0):
    t = np.arange(n_pulses * (on + rest))
    return np.where((t % (on + rest)) < on, amps, 0.0)


def simulate(cell, currents, dt=1.0):
    return np.array([cell.step(i, dt) for i in currents])


CURRENTS = pulse_profile()
# (the starting SOCs differentiated below are chosen so that no step lands on a breakpoint of the
# OCV table, where np.interp has a kink: 5 A for 1 s moves the SOC by 1/1800 of 2.5 Ah, and from
# 0.78 the 144th step lands on 0.7 exactly, where central differences straddle the kink)
TRUE = {"R0": 0.012, "R1": 0.018, "C1": 2500.0, "capacity_ah": 2.5}
MEASURED = simulate(TheveninCell(TRUE, soc0=0.8), CURRENTS) + 0.002 * np.sin(0.37 * np.arange(len(CURRENTS)))


def rmse_fit(log_params, soc0=0.8):
    names = ["R0", "R1", "C1"]
    params = {**dict(zip(names, np.exp(log_params))), "capacity_ah": 2.5}
    cell = TheveninCell(params, soc0=soc0)
    predicted = simulate(cell, CURRENTS)
    return np.sqrt(np.mean((predicted - MEASURED) ** 2))


def final_voltage_sag(soc0):
    """Test wrapper: the voltage drop over the pulse train, as a function of the starting SOC."""
    cell = TheveninCell(TRUE, soc0=soc0)
    v_start = cell.ocv()
    voltages = simulate(cell, CURRENTS)
    return v_start - voltages.min()


CASES = [
    dict(name="rmse_fit", function=rmse_fit, args=lambda: (np.log(np.array([0.015, 0.02, 2000.0])),)),
    dict(name="soc0_and_params", function=rmse_fit, args=lambda: (np.log(np.array([0.011, 0.017, 2600.0])), 0.783), wrt=(0, 1)),
    dict(name="voltage_sag", function=final_voltage_sag, args=lambda: (0.633,)),
]
