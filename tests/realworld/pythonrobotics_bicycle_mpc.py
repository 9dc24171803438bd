# Written for this corpus (p8) in the style of PythonRobotics' model predictive speed-and-steer control (`PathTracking/model_predictive_speed_and_steer_control`): module constants (`DT`, `WB`, `MAX_STEER`, `MAX_SPEED`, `T`, the weight matrices `Q`, `R`, `Rd`), a `State` class with keyword defaults, `update_state(state, a, delta)` clipping the steering and speed by `if`/`elif` and writing the state's attributes with `math.cos`/`math.tan`, `predict_motion(x0, oa, od, xref)` filling `xbar = xref * 0.0` column by column in `for (ai, di, i) in zip(oa, od, range(1, T + 1))`, `get_linear_model_matrix(v, phi, delta)` building A, B, C, and a cost written as the author's cvxpy objective is (`quad_form` as `u @ R @ u`, the input-rate term over `np.diff`). Differentiated: the tracking cost w.r.t. the acceleration and steering sequences, the predicted trajectory, and the linearised model w.r.t. the operating point.
import math

import numpy as np

NX = 4          # x = x, y, v, yaw
NU = 2          # a = [accel, steer]
T = 5           # horizon length

R = np.diag([0.01, 0.01])          # input cost matrix
Rd = np.diag([0.01, 1.0])          # input difference cost matrix
Q = np.diag([1.0, 1.0, 0.5, 0.5])  # state cost matrix
Qf = Q                             # state final matrix

DT = 0.2        # [s] time tick
WB = 2.5        # [m] wheel base
MAX_STEER = np.deg2rad(45.0)
MAX_SPEED = 55.0 / 3.6
MIN_SPEED = -20.0 / 3.6


class State:
    """vehicle state class"""

    def __init__(self, x=0.0, y=0.0, yaw=0.0, v=0.0):
        self.x = x
        self.y = y
        self.yaw = yaw
        self.v = v
        self.predelta = None


def pi_2_pi(angle):
    while angle > math.pi:
        angle = angle - 2.0 * math.pi
    while angle < -math.pi:
        angle = angle + 2.0 * math.pi
    return angle


def get_linear_model_matrix(v, phi, delta):
    A = np.zeros((NX, NX))
    A[0, 0] = 1.0
    A[1, 1] = 1.0
    A[2, 2] = 1.0
    A[3, 3] = 1.0
    A[0, 2] = DT * math.cos(phi)
    A[0, 3] = - DT * v * math.sin(phi)
    A[1, 2] = DT * math.sin(phi)
    A[1, 3] = DT * v * math.cos(phi)
    A[3, 2] = DT * math.tan(delta) / WB

    B = np.zeros((NX, NU))
    B[2, 0] = DT
    B[3, 1] = DT * v / (WB * math.cos(delta) ** 2)

    C = np.zeros(NX)
    C[0] = DT * v * math.sin(phi) * phi
    C[1] = - DT * v * math.cos(phi) * phi
    C[3] = - DT * v * delta / (WB * math.cos(delta) ** 2)
    return A, B, C


def update_state(state, a, delta):
    # input check
    if delta >= MAX_STEER:
        delta = MAX_STEER
    elif delta <= -MAX_STEER:
        delta = -MAX_STEER

    state.x = state.x + state.v * math.cos(state.yaw) * DT
    state.y = state.y + state.v * math.sin(state.yaw) * DT
    state.yaw = state.yaw + state.v / WB * math.tan(delta) * DT
    state.v = state.v + a * DT

    if state.v > MAX_SPEED:
        state.v = MAX_SPEED
    elif state.v < MIN_SPEED:
        state.v = MIN_SPEED

    return state


def predict_motion(x0, oa, od, xref):
    xbar = xref * 0.0
    for i, _ in enumerate(x0):
        xbar[i, 0] = x0[i]

    state = State(x=x0[0], y=x0[1], yaw=x0[3], v=x0[2])
    for (ai, di, i) in zip(oa, od, range(1, T + 1)):
        state = update_state(state, ai, di)
        xbar[0, i] = state.x
        xbar[1, i] = state.y
        xbar[2, i] = state.v
        xbar[3, i] = state.yaw

    return xbar


def tracking_cost(oa, od, x0=(0.0, 0.5, 4.0, 0.1), xref=None):
    if xref is None:
        xref = reference_course(T)
    xbar = predict_motion(list(x0), oa, od, xref)
    u = np.vstack([oa, od])
    cost = 0.0
    for t in range(T):
        cost += u[:, t] @ R @ u[:, t]
        if t != 0:
            err = xref[:, t] - xbar[:, t]
            err[3] = pi_2_pi(err[3])
            cost += err @ Q @ err
        if t < (T - 1):
            du = u[:, t + 1] - u[:, t]
            cost += du @ Rd @ du
    err = xref[:, T] - xbar[:, T]
    cost += err @ Qf @ err
    return cost


def reference_course(n, speed=5.0):
    """A gentle left curve sampled every DT at the target speed."""
    s = speed * DT * np.arange(n + 1)
    yaw = 0.05 * s
    return np.array([s, 0.4 + 0.025 * s ** 2, np.full(n + 1, speed), yaw])


def predicted_path(controls):
    """Test wrapper: the predicted (x, y, yaw) after the horizon for stacked controls."""
    xbar = predict_motion([0.0, 0.5, 4.0, 0.1], controls[:T], controls[T:], reference_course(T))
    return xbar[[0, 1, 3], -1]


def linearised_step(op):
    """One step of the linear model x' = A x + B u + C around the operating point (v, phi, delta)."""
    v, phi, delta = op
    A, B, C = get_linear_model_matrix(v, phi, delta)
    x = np.array([1.0, 0.5, v, phi])
    return A @ x + B @ np.array([0.3, delta]) + C


OA0 = np.array([0.5, 0.3, 0.0, -0.2, -0.1])
OD0 = np.array([0.05, 0.08, 0.1, 0.06, 0.02])

CASES = [
    dict(name="tracking_cost", function=tracking_cost, args=lambda: (OA0.copy(), OD0.copy()), wrt=(0, 1)),
    dict(name="predicted_path", function=predicted_path, args=lambda: (np.concatenate([OA0, OD0]),), kind="jacobian"),
    dict(name="linearised_step", function=linearised_step, args=lambda: (np.array([4.0, 0.2, 0.1]),), kind="jacobian"),
]
