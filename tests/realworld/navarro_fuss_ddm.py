# Written for this corpus (p9) in the style of the drift-diffusion model code of cognitive-modelling tutorials (Navarro & Fuss 2009's first-passage-time density as HDDM's `wfpt` and the PyDDM/"DDM from scratch" blog posts write it in plain Python): `math` everywhere, the number of series terms chosen from the error bound with `math.ceil`, `max(...)` of two bounds, the small-time or large-time series picked by an `if ks < kl:`, a loop `for k in range(-((K - 1) // 2), (K - 1) // 2 + 1)`, an early `return 0.0` for response times below the non-decision time, responses as `(rt, choice)` tuples unpacked in `for rt, choice in trials`, the upper boundary by the reflection `wfpt(t, -v, a, 1 - w)`, a parameter dict built from an array with named keys, and a log-likelihood summed over trials. Differentiated: the log-likelihood in drift, boundary, bias and non-decision time, and the mean choice probability's dependence on the drift (the closed-form `P(upper)`).
import math

import numpy as np

TRIALS = [(0.512, 1), (0.634, 1), (0.455, 0), (0.811, 1), (0.702, 1), (0.399, 1), (0.958, 0),
          (0.577, 1), (1.204, 1), (0.489, 0), (0.663, 1), (0.741, 1), (0.530, 1), (0.868, 0)]


def wfpt(t, v, a, w, err=1e-10):
    """Density of hitting the lower boundary at time t (Navarro & Fuss 2009)."""
    tt = t / a ** 2                                 # normalised time
    # number of terms for the large-time series
    if math.pi * tt * err < 1:
        kl = math.sqrt(-2 * math.log(math.pi * tt * err) / (math.pi ** 2 * tt))
        kl = max(kl, 1 / (math.pi * math.sqrt(tt)))
    else:
        kl = 1 / (math.pi * math.sqrt(tt))
    # number of terms for the small-time series
    if 2 * math.sqrt(2 * math.pi * tt) * err < 1:
        ks = 2 + math.sqrt(-2 * tt * math.log(2 * math.sqrt(2 * math.pi * tt) * err))
        ks = max(ks, math.sqrt(tt) + 1)
    else:
        ks = 2
    p = 0.0
    if ks < kl:                                     # small t
        K = math.ceil(ks)
        for k in range(-((K - 1) // 2), (K - 1) // 2 + 1):
            p += (w + 2 * k) * math.exp(-((w + 2 * k) ** 2) / 2 / tt)
        p /= math.sqrt(2 * math.pi * tt ** 3)
    else:                                           # large t
        K = math.ceil(kl)
        for k in range(1, K + 1):
            p += k * math.exp(-(k ** 2) * (math.pi ** 2) * tt / 2) * math.sin(k * math.pi * w)
        p *= math.pi
    return p * math.exp(-v * a * w - (v ** 2) * t / 2) / a ** 2


def trial_density(rt, choice, v, a, w, t0):
    t = rt - t0
    if t <= 0:
        return 0.0
    if choice == 1:                                 # upper boundary: reflect the process
        return wfpt(t, -v, a, 1 - w)
    return wfpt(t, v, a, w)


def as_params(theta):
    names = ("v", "a", "w", "t0")
    return {name: float(value) for name, value in zip(names, theta)}


def log_likelihood(theta, trials=TRIALS):
    p = as_params(theta)
    ll = 0.0
    for rt, choice in trials:
        dens = trial_density(rt, choice, p["v"], p["a"], p["w"], p["t0"])
        if dens <= 0:
            return -np.inf
        ll += math.log(dens)
    return ll


def prob_upper(v, a=1.2, w=0.45):
    """Closed form P(hit upper) of a Wiener process started at w*a."""
    if abs(v) < 1e-8:
        return w
    return (1 - math.exp(-2 * v * a * w)) / (1 - math.exp(-2 * v * a))


def choice_log_likelihood(v, trials=TRIALS):
    pu = prob_upper(v)
    return sum(math.log(pu) if choice == 1 else math.log(1 - pu) for _, choice in trials)


THETA0 = np.array([0.8, 1.2, 0.45, 0.25])

CASES = [
    dict(name="log_likelihood", function=log_likelihood, args=lambda: (THETA0.copy(),)),
    dict(name="choice_log_likelihood", function=choice_log_likelihood, args=lambda: (0.8,)),
]
