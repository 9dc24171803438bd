# Written for this corpus (p3) in the style of traffic-flow simulation scripts (Treiber's Intelligent Driver Model as car-following tutorials code it): vehicles on a ring road as arrays of positions and speeds, the gap to the leader with `np.roll` and a modulo for the wrap-around, the desired gap `s0 + v T + v dv / (2 sqrt(a b))`, the IDM acceleration with `(v / v0) ** delta`, a ballistic update clipped at zero speed with `np.maximum`, a `for step in range(n_steps)` loop; the loss a calibration error against observed travel speeds. Differentiated in the IDM parameters (v0, T, a, b, s0) and the initial positions.
import numpy as np

ROAD_LENGTH = 230.0
VEHICLE_LENGTH = 5.0


def idm_acceleration(v, gap, dv, params, delta=4.0):
    v0, T, a, b, s0 = params
    s_star = s0 + np.maximum(0.0, v * T + v * dv / (2.0 * np.sqrt(a * b)))
    return a * (1.0 - (v / v0) ** delta - (s_star / gap) ** 2)


def simulate_ring(params, x0, v_init, dt=0.5, n_steps=60):
    x = x0.copy()
    v = v_init.copy()
    mean_speeds = []
    for step in range(n_steps):
        leader_x = np.roll(x, -1)
        leader_v = np.roll(v, -1)
        gap = (leader_x - x) % ROAD_LENGTH - VEHICLE_LENGTH
        acc = idm_acceleration(v, gap, v - leader_v, params)
        v_new = np.maximum(v + acc * dt, 0.0)
        x = (x + 0.5 * (v + v_new) * dt) % ROAD_LENGTH
        v = v_new
        mean_speeds.append(v.mean())
    return x, v, np.array(mean_speeds)


OBSERVED = np.full(60, 8.0)


def calibration_loss(params, x0):
    _, _, speeds = simulate_ring(params, x0, np.full(len(x0), 6.0))
    return np.mean((speeds - OBSERVED) ** 2)


def final_headway_spread(params):
    x0 = np.linspace(0.0, ROAD_LENGTH, 11)[:-1] + np.array([0, 1.5, 0, 0, -2.0, 0, 0, 1.0, 0, 0])
    x, v, _ = simulate_ring(params, x0, np.full(10, 7.0), n_steps=40)
    gaps = (np.roll(x, -1) - x) % ROAD_LENGTH
    return np.std(gaps) + 0.1 * np.std(v)


PARAMS = np.array([15.0, 1.5, 1.0, 1.5, 2.0])
X0 = np.linspace(0.0, ROAD_LENGTH, 11)[:-1] + np.array([0, 0.5, 0, -0.4, 0, 0.8, 0, 0, -0.6, 0])

CASES = [
    dict(name="calibration", function=calibration_loss, args=lambda: (PARAMS.copy(), X0.copy()), wrt=(0, 1)),
    dict(name="headway_spread", function=final_headway_spread, args=lambda: (PARAMS.copy(),)),
]
