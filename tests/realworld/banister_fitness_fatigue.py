# Written for this corpus (p13) in the style of sports-science scripts (GoldenCheetah-style performance management and Banister's impulse-response model): training stress from a power file (a 30-second rolling mean by `np.convolve`, normalized power as the fourth-power mean, intensity factor and TSS against FTP), chronic and acute training load as exponentially weighted loads (`ctl += (tss - ctl) / 42`), a `Banister` class with `__call__(loads)` running fitness and fatigue recursions with `math.exp(-1 / tau)`, a fit of (p0, k1, k2, tau1, tau2) to sparse performance tests listed as `(day, score)` tuples, and a taper planner whose last two weeks are scaled by a factor with a `while` search on the race-day form. Differentiated: the fit's squared error in the five parameters, TSS in FTP and a ride's power profile, and race-day performance in the taper's daily loads.
import math

import numpy as np

rng = np.random.default_rng(11)
RIDE = np.clip(200 + 60 * np.sin(np.arange(600) / 40.0) + rng.normal(0, 25, 600), 0.0, None)


def normalized_power(watts, window=30):
    rolling = np.convolve(watts, np.ones(window) / window, mode="valid")
    return np.mean(rolling ** 4) ** 0.25


def training_stress(watts, ftp):
    np_ = normalized_power(watts)
    intensity = np_ / ftp
    seconds = len(watts)
    return seconds * np_ * intensity / (ftp * 3600) * 100, intensity


def ride_tss(params):
    ftp, scale = params[0], params[1]
    tss, intensity = training_stress(RIDE * scale, ftp)
    return tss + 10 * intensity


def performance_management(tss_series, ctl_days=42, atl_days=7):
    ctl = atl = 0.0
    form = []
    for tss in tss_series:
        ctl += (tss - ctl) / ctl_days
        atl += (tss - atl) / atl_days
        form.append(ctl - atl)
    return ctl, atl, form


class Banister:
    def __init__(self, p0, k1, k2, tau1, tau2):
        self.p0, self.k1, self.k2 = p0, k1, k2
        self.tau1, self.tau2 = tau1, tau2

    def __call__(self, loads):
        decay1, decay2 = math.exp(-1.0 / self.tau1), math.exp(-1.0 / self.tau2)
        fitness = fatigue = 0.0
        performance = []
        for w in loads:
            performance.append(self.p0 + self.k1 * fitness - self.k2 * fatigue)
            fitness = fitness * decay1 + w
            fatigue = fatigue * decay2 + w
        return np.array(performance)


DAYS = 84
LOADS = np.array([0.0 if d % 7 == 6 else 60.0 + 30.0 * ((d // 7) % 3) + 5.0 * (d % 3)
                  for d in range(DAYS)])
TESTS = [(6, 262.0), (20, 258.0), (34, 270.0), (48, 266.0), (62, 281.0), (76, 285.0), (83, 292.0)]


def fit_error(theta):
    model = Banister(*theta)
    predicted = model(LOADS)
    return sum((predicted[day] - score) ** 2 for day, score in TESTS) / len(TESTS)


def race_day(taper, theta=(250.0, 0.12, 0.25, 42.0, 7.0)):
    model = Banister(*theta)
    loads = np.concatenate([LOADS[:70], taper, [0.0]])
    ctl, atl, form = performance_management(loads)
    scale = 1.0
    # the planner shrinks the taper until form is positive on race day (never more than 6 times)
    tries = 0
    while form[-1] < 0.0 and tries < 6:
        scale *= 0.8
        ctl, atl, form = performance_management(np.concatenate([LOADS[:70], taper * scale, [0.0]]))
        tries += 1
    return model(np.concatenate([LOADS[:70], taper * scale, [0.0]]))[-1] + 0.1 * form[-1]


CASES = [
    dict(name="fit_error", function=fit_error, args=lambda: (np.array([255.0, 0.1, 0.2, 40.0, 8.0]),)),
    dict(name="ride_tss", function=ride_tss, args=lambda: (np.array([250.0, 1.05]),)),
    dict(name="race_day", function=race_day,
         args=lambda: (np.linspace(70.0, 20.0, 14),)),
]
