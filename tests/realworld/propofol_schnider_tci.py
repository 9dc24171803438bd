# Written for this corpus (p14) in the style of anaesthesia-pharmacology scripts (the Schnider 1998 propofol model as open TCI simulators code it): a `Patient` dataclass with a `lean_body_mass` property that branches on sex (James's formula), covariate equations returning a dict of volumes and rate constants, a three-compartment mammillary model plus an effect site stepped by Euler in 10-second steps, an infusion schedule of `(start, stop, rate)` tuples searched by a helper with an early `return` inside its loop and a chained comparison, a target-controlled-infusion controller made by a closure that clips its rate with `max(0.0, ...)`, and a sigmoid-Emax BIS response fitted to noisy data drawn with `np.random.default_rng(seed)`. Differentiated: the BIS misfit in (log Ce50, log gamma, E0), the effect-site concentration three minutes after induction in the patient's age, weight and height, and the propofol a TCI pump gives in ten minutes in the target concentration.
import math
from dataclasses import dataclass

import numpy as np

DT = 10.0 / 60.0          # minutes (the pump's 10-second cycle)


@dataclass
class Patient:
    age: float            # years
    weight: float         # kg
    height: float         # cm
    male: bool = True

    @property
    def lean_body_mass(self):
        if self.male:
            return 1.1 * self.weight - 128.0 * (self.weight / self.height) ** 2
        return 1.07 * self.weight - 148.0 * (self.weight / self.height) ** 2


def schnider(patient):
    """Volumes in L, rate constants in 1/min (Schnider et al. 1998)."""
    lbm = patient.lean_body_mass
    v1, v2, v3 = 4.27, 18.9 - 0.391 * (patient.age - 53.0), 238.0
    cl1 = 1.89 + 0.0456 * (patient.weight - 77.0) - 0.0681 * (lbm - 59.0) + 0.0264 * (patient.height - 177.0)
    cl2 = 1.29 - 0.024 * (patient.age - 53.0)
    cl3 = 0.836
    return {"V1": v1, "k10": cl1 / v1, "k12": cl2 / v1, "k13": cl3 / v1,
            "k21": cl2 / v2, "k31": cl3 / v3, "ke0": 0.456}


def infusion_rate(t, schedule):
    for start, stop, rate in schedule:
        if start <= t < stop:
            return rate
    return 0.0


def step(state, rate, k):
    """One Euler step of the amounts (mg) in the three compartments and the effect-site concentration."""
    a1, a2, a3, ce = state
    c1 = a1 / k["V1"]
    da1 = rate - (k["k10"] + k["k12"] + k["k13"]) * a1 + k["k21"] * a2 + k["k31"] * a3
    da2 = k["k12"] * a1 - k["k21"] * a2
    da3 = k["k13"] * a1 - k["k31"] * a3
    dce = k["ke0"] * (c1 - ce)
    return (a1 + DT * da1, a2 + DT * da2, a3 + DT * da3, ce + DT * dce)


def simulate(k, schedule, bolus_mg=0.0, minutes=20.0):
    state = (bolus_mg, 0.0, 0.0, 0.0)
    cp, ce = [], []
    t = 0.0
    for _ in range(int(round(minutes / DT))):
        state = step(state, infusion_rate(t, schedule), k)
        t += DT
        cp.append(state[0] / k["V1"])
        ce.append(state[3])
    return np.array(cp), np.array(ce)


def bis(ce, ce50, gamma, e0=93.0, emax=None):
    emax = e0 if emax is None else emax
    return e0 - emax * ce ** gamma / (ce50 ** gamma + ce ** gamma)


REFERENCE = Patient(age=45.0, weight=70.0, height=172.0)
SCHEDULE = [(0.0, 5.0, 10.0), (5.0, 15.0, 6.0)]        # mg/min after a 2 mg/kg bolus


def bis_misfit(pd, seed=14):
    ce50, gamma, e0 = math.exp(pd[0]), math.exp(pd[1]), pd[2]
    _, ce = simulate(schnider(REFERENCE), SCHEDULE, bolus_mg=2.0 * REFERENCE.weight)
    rng = np.random.default_rng(seed)
    observed = bis(ce, 3.4, 2.1) + rng.normal(0.0, 3.0, ce.shape)
    return float(np.mean((bis(ce, ce50, gamma, e0) - observed) ** 2))


def effect_site_at(covariates, minute=3.0):
    patient = Patient(age=covariates[0], weight=covariates[1], height=covariates[2])
    _, ce = simulate(schnider(patient), [], bolus_mg=2.0 * patient.weight, minutes=minute)
    return ce[-1]


def make_tci(k, target):
    """A plasma-targeting controller: the rate that brings Cp to `target` at the end of the next cycle."""
    def rate(state):
        cp_without = step(state, 0.0, k)[0] / k["V1"]
        return max(0.0, (target - cp_without) * k["V1"] / DT)
    return rate


def tci_total_dose(target, minutes=10.0):
    k = schnider(REFERENCE)
    controller = make_tci(k, target)
    state = (0.0, 0.0, 0.0, 0.0)
    total = 0.0
    for _ in range(int(round(minutes / DT))):
        r = controller(state)
        state = step(state, r, k)
        total += r * DT
    if total <= 0.0:
        raise ValueError(f"target {target} ug/mL gave no infusion")
    return total


CASES = [
    dict(name="bis_misfit", function=bis_misfit, args=lambda: (np.array([math.log(3.0), math.log(1.8), 95.0]),)),
    dict(name="effect_site_at", function=effect_site_at, args=lambda: (np.array([45.0, 70.0, 172.0]),)),
    dict(name="tci_total_dose", function=tci_total_dose, args=lambda: (3.5,)),
]
