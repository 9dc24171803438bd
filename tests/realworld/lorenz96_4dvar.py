# Written for this corpus (p9) in the style of the data-assimilation teaching codes (DAPPER-style and the ECMWF/Reading 4D-Var training notebooks): the Lorenz-96 tendency `(np.roll(x, -1) - np.roll(x, 2)) * np.roll(x, 1) - x + F`, a `make_model(F, dt)` factory returning an RK4 `step` closure, observation operators as index lists (every other variable), a background term with a diagonal `B` given by a length-scale, and the strong-constraint cost `J(x0) = 0.5 (x0 - xb)' B^-1 (x0 - xb) + 0.5 sum_k (H x_k - y_k)' R^-1 (H x_k - y_k)` accumulated over an assimilation window, with synthetic observations drawn once by `np.random.default_rng`. Differentiated: the 4D-Var cost with respect to the initial state and to the forcing, and the window's final state (the tangent-linear model's Jacobian).
import numpy as np

N_VARS = 12
OBS_INDEX = list(range(0, N_VARS, 2))


def lorenz96(x, F=8.0):
    return (np.roll(x, -1) - np.roll(x, 2)) * np.roll(x, 1) - x + F


def make_model(F=8.0, dt=0.02):
    def step(x):
        k1 = lorenz96(x, F)
        k2 = lorenz96(x + 0.5 * dt * k1, F)
        k3 = lorenz96(x + 0.5 * dt * k2, F)
        k4 = lorenz96(x + dt * k3, F)
        return x + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
    return step


def background_covariance(n=N_VARS, sigma_b=0.8, length=1.5):
    idx = np.arange(n)
    dist = np.abs(idx[:, None] - idx[None, :])
    dist = np.minimum(dist, n - dist)                    # periodic domain
    return sigma_b ** 2 * np.exp(-0.5 * (dist / length) ** 2) + 1e-6 * np.eye(n)


def observe(x):
    return x[OBS_INDEX]


rng = np.random.default_rng(96)
X_TRUE0 = 8.0 + rng.standard_normal(N_VARS)
_truth = make_model()
_x = X_TRUE0.copy()
OBS = []
for k in range(10):
    _x = _truth(_x)
    if k % 2 == 1:
        OBS.append((k, observe(_x) + 0.3 * rng.standard_normal(len(OBS_INDEX))))
XB = X_TRUE0 + 0.5 * rng.standard_normal(N_VARS)
B_INV = np.linalg.inv(background_covariance())
R_INV = np.eye(len(OBS_INDEX)) / 0.3 ** 2


def cost_4dvar(x0, xb=XB, obs=OBS, F=8.0, n_steps=10):
    step = make_model(F)
    dxb = x0 - xb
    Jb = 0.5 * dxb @ B_INV @ dxb
    Jo = 0.0
    obs_at = dict(obs)
    x = x0
    for k in range(n_steps):
        x = step(x)
        if k in obs_at:
            d = observe(x) - obs_at[k]
            Jo += 0.5 * d @ R_INV @ d
    return Jb + Jo


def cost_of_forcing(F):
    return cost_4dvar(XB.copy(), F=F)


def forecast(x0, n_steps=10):
    step = make_model()
    x = x0.copy()
    for _ in range(n_steps):
        x = step(x)
    return x


CASES = [
    dict(name="cost_4dvar", function=cost_4dvar, args=lambda: (XB.copy(),)),
    dict(name="cost_of_forcing", function=cost_of_forcing, args=lambda: (8.0,)),
    dict(name="forecast", function=forecast, args=lambda: (XB.copy(),), kind="jacobian"),
]
