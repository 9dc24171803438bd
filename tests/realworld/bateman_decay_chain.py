# Written for this corpus (p14) in the style of radiochemistry and nuclear-medicine scripts (the Bateman equations and a Mo-99/Tc-99m generator as radiopharmacy exercises compute them): a chain as a dict of nuclides with half-lives in hours and their daughters, decay constants by a dict comprehension with `math.log(2)`, the walk down the chain by a `while` loop on the daughter's name, the general Bateman solution as a sum of products over distinct constants, the same chain as a matrix exponential by `scipy.linalg.expm` of the decay matrix built by index assignment, the cumulated activity by the trapezoid rule over a list of times, and a generator eluted at a fixed interval, each elution emptying a fraction of the Tc-99m. Differentiated: the three members' activities after 30 h in their decay constants (as a Jacobian), the cumulated activity over two days in the three half-lives, and the Tc-99m eluted in a week in (elution efficiency, interval in hours).
import math

import numpy as np
from scipy.linalg import expm

CHAIN = {
    "Mo-99": {"half_life": 65.94, "daughter": "Tc-99m", "branching": 0.876},
    "Tc-99m": {"half_life": 6.0067, "daughter": None, "branching": 1.0},
}


def members(chain, parent):
    names = [parent]
    while chain[names[-1]]["daughter"] is not None:
        names.append(chain[names[-1]]["daughter"])
    return names


def bateman(lams, t, n0=1.0):
    """Atoms of each member of a linear chain started from n0 atoms of the first, at time t."""
    out = []
    for n in range(len(lams)):
        coefficient = n0 * math.prod(lams[:n])
        total = 0.0
        for i in range(n + 1):
            denominator = 1.0
            for j in range(n + 1):
                if j != i:
                    denominator *= lams[j] - lams[i]
            total += math.exp(-lams[i] * t) / denominator
        out.append(coefficient * total)
    return out


def activities_after(lams, t=30.0):
    atoms = bateman(list(lams), t)
    return np.array([lam * n for lam, n in zip(lams, atoms)])


def decay_matrix(lams):
    k = len(lams)
    A = np.zeros((k, k))
    for i in range(k):
        A[i, i] = -lams[i]
        if i > 0:
            A[i, i - 1] = lams[i - 1]
    return A


def cumulated_activity(half_lives, hours=48.0, steps=24):
    lams = np.log(2.0) / half_lives
    A = decay_matrix(lams)
    n0 = np.zeros(len(lams))
    n0[0] = 1.0
    times = [hours * i / steps for i in range(steps + 1)]
    activity = [float(np.sum(lams * (expm(A * t) @ n0))) for t in times]
    return sum(0.5 * (a + b) * (t1 - t0) for a, b, t0, t1 in zip(activity[:-1], activity[1:], times[:-1], times[1:]))


def generator_week(x, mo_activity=10.0, elutions=7):
    """Tc-99m activity eluted over a week of elutions, in the units of the Mo-99 activity at calibration."""
    efficiency, interval = x
    lam = {name: math.log(2.0) / CHAIN[name]["half_life"] for name in members(CHAIN, "Mo-99")}
    l1, l2 = lam["Mo-99"], lam["Tc-99m"]
    branching = CHAIN["Mo-99"]["branching"]
    mo, tc = mo_activity / l1, 0.0                  # atoms (scaled)
    eluted = 0.0
    for _ in range(elutions):                   # each `interval` hours after the previous one
        tc = tc * math.exp(-l2 * interval) + branching * l1 * mo / (l2 - l1) * (
            math.exp(-l1 * interval) - math.exp(-l2 * interval))
        mo *= math.exp(-l1 * interval)
        eluted += efficiency * tc * l2
        tc *= 1.0 - efficiency
    return eluted


CASES = [
    dict(name="activities_after", function=activities_after, kind="jacobian",
         args=lambda: (np.array([math.log(2) / 65.94, math.log(2) / 6.0067, math.log(2) / 40.0]),)),
    dict(name="cumulated_activity", function=cumulated_activity, args=lambda: (np.array([65.94, 6.0067, 40.0]),)),
    dict(name="generator_week", function=generator_week, args=lambda: (np.array([0.85, 24.0]),)),
]
