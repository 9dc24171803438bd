# Written for this corpus (i5) in the style of a hydrology class exercise: a linear-reservoir bucket model stepping through daily rain with max() and min().
import math

rain = [0.0, 12.0, 3.0, 0.0, 0.0, 25.0, 8.0, 0.0, 1.0, 0.0]
observed_flow = [0.5, 2.0, 3.5, 2.9, 2.2, 5.5, 6.0, 4.6, 3.6, 2.8]


def run_bucket(k, capacity, evap=1.5, storage=10.0):
    flows = []
    for day, p in enumerate(rain):
        storage = storage + p - min(evap, storage)
        overflow = max(0.0, storage - capacity)
        storage = storage - overflow
        q = k * storage + overflow
        storage -= k * storage
        flows.append(q)
    return flows


def nse(params):
    k, capacity = params
    sim = run_bucket(k, capacity)
    mean_obs = sum(observed_flow) / len(observed_flow)
    num = sum((s - o) ** 2 for s, o in zip(sim, observed_flow))
    den = sum((o - mean_obs) ** 2 for o in observed_flow)
    return 1 - num / den + 0.01 * math.log(capacity)


CASES = [
    dict(name="nse", function=nse, args=lambda: ([0.2, 30.0],)),
]
