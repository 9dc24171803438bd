# Written for this corpus (i5) in the style of a 1-D tracking Kalman filter with a @dataclass state, as in filterpy-style tutorials.
from dataclasses import dataclass, field
import numpy as np


@dataclass
class KFState:
    x: np.ndarray
    P: np.ndarray
    loglik: float = 0.0


F = np.array([[1.0, 1.0], [0.0, 1.0]])
H = np.array([[1.0, 0.0]])


def predict(state, Q):
    x = F @ state.x
    P = F @ state.P @ F.T + Q
    return KFState(x, P, state.loglik)


def update(state, z, R):
    y = z - H @ state.x
    S = H @ state.P @ H.T + R
    K = state.P @ H.T @ np.linalg.inv(S)
    x = state.x + K @ y
    P = (np.eye(2) - K @ H) @ state.P
    ll = state.loglik - 0.5 * (np.log(2 * np.pi * S[0, 0]) + y[0] ** 2 / S[0, 0])
    return KFState(x, P, ll)


def filter_loglik(params, zs):
    q, r = np.exp(params[0]), np.exp(params[1])
    Q = q * np.array([[1 / 3, 1 / 2], [1 / 2, 1.0]])
    R = np.array([[r]])
    state = KFState(np.zeros(2), 10.0 * np.eye(2))
    for z in zs:
        state = predict(state, Q)
        state = update(state, np.array([z]), R)
    return state.loglik


zs = np.array([0.1, 1.2, 1.9, 3.2, 4.1, 4.8, 6.3, 7.0])

CASES = [
    dict(name="loglik", function=filter_loglik, args=lambda: (np.array([-1.0, -0.5]), zs.copy())),
    dict(name="loglik_wrt_data", function=filter_loglik, args=lambda: (np.array([-1.0, -0.5]), zs.copy()), wrt=(1,)),
]
