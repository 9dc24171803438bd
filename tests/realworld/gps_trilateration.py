# Written for this corpus (p2) in the style of GNSS positioning notes (the pseudorange equations with a receiver clock bias, solved by Gauss-Newton, as in Borre's "A Software-Defined GPS Receiver" and many course notebooks): satellites as a list of dicts, `np.linalg.norm(sat - pos)`, residuals built with `list.append` then `np.array`, a haversine distance between fixes with `math.radians`.
import math

import numpy as np

C = 299792.458  # km/s
SATELLITES = [
    {"pos": np.array([15600.0, 7540.0, 20140.0]), "rho": 0.0},
    {"pos": np.array([18760.0, 2750.0, 18610.0]), "rho": 0.0},
    {"pos": np.array([17610.0, 14630.0, 13480.0]), "rho": 0.0},
    {"pos": np.array([19170.0, 610.0, 18390.0]), "rho": 0.0},
    {"pos": np.array([-1200.0, 21100.0, 15600.0]), "rho": 0.0},
]
TRUTH = np.array([-41.77, -16.79, 6370.06, 0.0032])
for k, sat in enumerate(SATELLITES):   # pseudoranges of a receiver at TRUTH, with metre-level noise
    sat["rho"] = np.linalg.norm(sat["pos"] - TRUTH[:3]) + C * TRUTH[3] * 1e-3 + 0.003 * (-1) ** k


def residuals(state, satellites=SATELLITES):
    """Pseudorange residuals; state = (x, y, z, clock bias in ms)."""
    pos, bias_ms = state[:3], state[3]
    res = []
    for sat in satellites:
        geometric = np.linalg.norm(sat["pos"] - pos)
        res.append(geometric + C * bias_ms * 1e-3 - sat["rho"])
    return np.array(res)


def gauss_newton_fix(guess, rho, iterations=3):
    """Gauss-Newton steps with the geometry matrix written by hand, then the cost (differentiated
    in the pseudoranges: how the fit's misfit moves with each measurement)."""
    satellites = [dict(sat, rho=r) for sat, r in zip(SATELLITES, rho)]
    x = guess.copy()
    for _ in range(iterations):
        r = residuals(x, satellites)
        H = np.zeros((len(SATELLITES), 4))
        for i, sat in enumerate(SATELLITES):
            los = x[:3] - sat["pos"]
            H[i, :3] = los / np.linalg.norm(los)
            H[i, 3] = C * 1e-3
        dx = np.linalg.solve(H.T @ H, -H.T @ r)
        x = x + dx
    return 0.5 * np.sum(residuals(x, satellites) ** 2)


def haversine(lat1, lon1, lat2, lon2, R=6371.0):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * R * math.atan2(math.sqrt(a), math.sqrt(1 - a))


X0 = np.array([-40.0, -10.0, 6370.0, 0.0])
RHO = np.array([sat["rho"] for sat in SATELLITES])

CASES = [
    dict(name="residuals", function=residuals, args=lambda: (X0.copy(),), kind="jacobian"),
    dict(name="gauss_newton_cost", function=gauss_newton_fix, args=lambda: (X0.copy(), RHO.copy()), wrt=(1,)),
    dict(name="haversine", function=haversine, args=lambda: (48.85, 2.35, 51.5, -0.12), wrt=(0, 1, 2, 3)),
]
