# Written for this corpus (p9) in the style of the Bergman minimal-model notebooks of physiological modelling courses (and the pharmacokinetics tutorials that integrate by hand): parameters in a dict `{"p1": ..., "p2": ..., "p3": ..., "Gb": ..., "Ib": ...}`, a meal/insulin schedule as a list of `(time, dose)` tuples consumed with `for i, (t_dose, amount) in enumerate(...)`, a right-hand side `bergman_rhs(t, y, p, meal=0.0)` with an inner `def plasma_insulin_decay(I)` helper reading `p`, a fixed-step `rk4_step` helper and an `integrate` loop that appends to a list, `y[2] += amount` in place when an insulin bolus falls in a step, `math.exp` in a glucose appearance function, an early return when glucose would go negative, and an FSIGT-style least-squares fit with sampled times. Differentiated: the fit's sum of squares in log-parameters, the glucose area under the curve above baseline, and the glucose trajectory at sample times.
import math

import numpy as np

PARAMS = {"p1": 0.03, "p2": 0.02, "p3": 1.3e-5, "Gb": 90.0, "Ib": 8.0, "n": 0.14, "Vg": 1.7}
BOLUSES = [(0.0, 300.0), (20.0, 30.0)]          # glucose bolus (mg/dl) at t=0, insulin at t=20 (uU/ml)
SAMPLE_TIMES = [2, 4, 8, 12, 19, 22, 30, 40, 60, 90]
OBSERVED = np.array([360.0, 330.0, 292.0, 262.0, 228.0, 214.0, 190.0, 165.0, 128.0, 101.0])


def meal_appearance(t, amount=0.0, tau=15.0):
    """Glucose appearance rate of a mixed meal (gamma-shaped), mg/dl/min."""
    return amount * t / tau ** 2 * math.exp(-t / tau) if t > 0 else 0.0


def bergman_rhs(t, y, p, meal=0.0):
    G, X, I = y

    def plasma_insulin_decay(I):
        return -p["n"] * (I - p["Ib"])

    dG = -(p["p1"] + X) * G + p["p1"] * p["Gb"] + meal_appearance(t, meal) / p["Vg"]
    dX = -p["p2"] * X + p["p3"] * (I - p["Ib"])
    dI = plasma_insulin_decay(I)
    return np.array([dG, dX, dI])


def rk4_step(f, t, y, h, *args):
    k1 = f(t, y, *args)
    k2 = f(t + h / 2, y + h / 2 * k1, *args)
    k3 = f(t + h / 2, y + h / 2 * k2, *args)
    k4 = f(t + h, y + h * k3, *args)
    return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def integrate(p, t_end=90.0, h=1.0, meal=0.0, boluses=BOLUSES):
    y = np.array([p["Gb"], 0.0, p["Ib"]])
    ts, traj = [0.0], []
    # doses at time zero are in the initial state
    for i, (t_dose, amount) in enumerate(boluses):
        if t_dose == 0.0:
            y[0] += amount
    traj.append(y.copy())
    n_steps = int(round(t_end / h))
    for k in range(n_steps):
        t = k * h
        y = rk4_step(bergman_rhs, t, y, h, p, meal)
        for t_dose, amount in boluses[1:]:
            if t < t_dose <= t + h:
                y[2] += amount          # an insulin bolus raises plasma insulin at once
        if y[0] <= 0:
            return np.array(traj)       # a nonsense parameter set: stop early
        ts.append(t + h)
        traj.append(y)
    return np.array(traj)


def unpack(log_params, base=PARAMS):
    p = dict(base)
    for name, value in zip(("p1", "p2", "p3"), np.exp(log_params)):
        p[name] = value
    return p


def fsigt_sum_of_squares(log_params):
    traj = integrate(unpack(log_params))
    predicted = np.array([traj[t, 0] for t in SAMPLE_TIMES])
    return np.sum((predicted - OBSERVED) ** 2) / len(OBSERVED)


def glucose_auc(log_params, meal=60.0):
    p = unpack(log_params)
    traj = integrate(p, t_end=120.0, h=2.0, meal=meal, boluses=[(0.0, 0.0), (30.0, 20.0)])
    above = traj[:, 0] - p["Gb"]
    return np.trapezoid(above, dx=2.0)


def glucose_at_samples(log_params):
    traj = integrate(unpack(log_params), t_end=40.0, h=0.5)
    return traj[[2 * t for t in SAMPLE_TIMES[:7]], 0]


LOG_P0 = np.log([0.03, 0.02, 1.3e-5])

CASES = [
    dict(name="fsigt_sum_of_squares", function=fsigt_sum_of_squares, args=lambda: (LOG_P0.copy(),)),
    dict(name="glucose_auc", function=glucose_auc, args=lambda: (LOG_P0.copy(),)),
    dict(name="glucose_at_samples", function=glucose_at_samples, args=lambda: (LOG_P0.copy(),), kind="jacobian"),
]
