# Written for this corpus (p12) in the style of capacity-planning scripts after Lazowska et al.'s "Quantitative System Performance": a `Station` dataclass with `kind="queue"` or `"delay"` and a `visits` default, exact Mean Value Analysis as a `for n in range(1, N + 1)` loop over the population with per-station lists rebuilt by comprehensions, Schweitzer's approximate MVA as a `while` loop with a tolerance and an iteration cap, an open Jackson network's traffic equations by `np.linalg.solve`, a saturation check that raises inside `try`/`except ValueError` and returns a penalty, asymptotic bounds by `max`/`min` over generator expressions, and a `functools.partial` think-time sweep. Differentiated: the response time in the service demands, Schweitzer's throughput in demands and think time, and an open network's mean sojourn time in the routing probabilities and service rates.
import functools
from dataclasses import dataclass

import numpy as np


@dataclass
class Station:
    name: str
    demand: float            # seconds of service per job (visits x service time)
    kind: str = "queue"      # "queue" (FCFS / PS) or "delay" (infinite server)
    visits: float = 1.0


def exact_mva(stations, N, Z=0.0):
    """Reiser and Lavenberg's recursion; returns throughput, response time and queue lengths."""
    Q = [0.0 for _ in stations]
    X = 0.0
    R = [s.demand for s in stations]
    for n in range(1, N + 1):
        R = [s.demand * (1.0 + q) if s.kind == "queue" else s.demand
             for s, q in zip(stations, Q)]
        X = n / (Z + sum(R))
        Q = [X * r for r in R]
    return X, sum(R), Q


def schweitzer_mva(stations, N, Z=0.0, tol=1e-10, max_iter=10_000):
    """Bard-Schweitzer approximation: Q_k(N-1) ~ (N-1)/N Q_k(N), iterated to a fixed point."""
    Q = np.full(len(stations), N / len(stations))
    D = np.array([s.demand for s in stations])
    is_queue = np.array([s.kind == "queue" for s in stations])
    it = 0
    while True:
        R = np.where(is_queue, D * (1.0 + (N - 1) / N * Q), D)
        X = N / (Z + R.sum())
        Q_new = X * R
        it += 1
        if np.max(np.abs(Q_new - Q)) < tol:
            return X, R.sum()
        if it >= max_iter:
            raise RuntimeError("Schweitzer MVA did not converge")
        Q = Q_new


def asymptotic_bounds(stations, N, Z=0.0):
    D = sum(s.demand for s in stations if s.kind == "queue")
    D_max = max(s.demand for s in stations if s.kind == "queue")
    return min(N / (D + Z), 1.0 / D_max)


def web_tier(demands):
    stations = [Station("cpu", demands[0]), Station("disk1", demands[1]),
                Station("disk2", demands[2]), Station("lan", demands[3], kind="delay")]
    X, R, Q = exact_mva(stations, N=20, Z=5.0)
    return R + 0.1 * Q[1]


def think_time_sweep(params):
    """Throughput at several populations with an approximate solver bound by functools.partial."""
    cpu, disk, Z = params
    stations = [Station("cpu", cpu), Station("disk", disk), Station("terminal-net", 0.05, "delay")]
    solve = functools.partial(schweitzer_mva, stations, Z=Z, tol=1e-12)
    throughputs = [solve(N)[0] for N in (5, 15, 40)]
    bound = asymptotic_bounds(stations, 40, Z=Z)
    return sum(throughputs) + 0.01 * bound


def jackson_sojourn(P_flat, mu, lam0=np.array([2.0, 1.0, 0.0])):
    """An open network of M/M/1 nodes: traffic equations lam = lam0 + P^T lam, then Little's law.
    A saturated node gives a penalty rather than an error, as a sweep script does."""
    P = P_flat.reshape(3, 3)
    lam = np.linalg.solve(np.eye(3) - P.T, lam0)
    try:
        rho = lam / mu
        if np.any(rho >= 1.0):
            raise ValueError("unstable node")
        L = rho / (1.0 - rho)
    except ValueError:
        return 1e6
    return np.sum(L) / np.sum(lam0)


CASES = [
    dict(name="web_tier", function=web_tier, args=lambda: (np.array([0.05, 0.08, 0.06, 0.2]),)),
    dict(name="think_time_sweep", function=think_time_sweep, args=lambda: (np.array([0.04, 0.07, 3.0]),)),
    dict(name="jackson_sojourn", function=jackson_sojourn,
         args=lambda: (np.array([0.0, 0.5, 0.3, 0.1, 0.0, 0.4, 0.2, 0.2, 0.0]), np.array([6.0, 5.0, 4.5])),
         wrt=(0, 1)),
]
