# Written for this corpus (p1) in the style of the iLQR tutorials (Li & Todorov 2004; Tassa's "iLQR in 50 lines" and studywolf's `control/ilqr.py`): finite-horizon pendulum swing-up, a `@dataclass` of cost weights, dynamics linearised by hand, the backward pass over `reversed(range(T))` with `np.linalg.solve` of Quu, and the forward rollout with feedback gains and a line-search step `alpha`.
from dataclasses import dataclass

import numpy as np

DT = 0.05
G, L, M = 9.81, 1.0, 1.0


@dataclass
class Cost:
    q_angle: float = 1.0
    q_rate: float = 0.1
    r: float = 0.01
    q_final: float = 10.0


def f(x, u):
    """Pendulum dynamics, explicit Euler step."""
    theta, omega = x
    omega_dot = -G / L * np.sin(theta) + u / (M * L ** 2)
    return np.array([theta + DT * omega, omega + DT * omega_dot])


def f_jacobians(x, u):
    theta, omega = x
    fx = np.array([[1.0, DT], [-DT * G / L * np.cos(theta), 1.0]])
    fu = np.array([[0.0], [DT / (M * L ** 2)]])
    return fx, fu


def rollout(x0, U):
    X = [x0]
    for u in U:
        X.append(f(X[-1], u))
    return np.array(X)


def trajectory_cost(X, U, cost, target=np.array([np.pi, 0.0])):
    Q = np.diag([cost.q_angle, cost.q_rate])
    J = 0.0
    for t in range(len(U)):
        dx = X[t] - target
        J += dx @ Q @ dx + cost.r * U[t] ** 2
    dxN = X[-1] - target
    return J + cost.q_final * dxN @ dxN


def backward_pass(X, U, cost, target=np.array([np.pi, 0.0]), reg=1e-6):
    T = len(U)
    Q = np.diag([cost.q_angle, cost.q_rate])
    Vx = 2 * cost.q_final * (X[-1] - target)
    Vxx = 2 * cost.q_final * np.eye(2)
    ks, Ks = [None] * T, [None] * T
    for t in reversed(range(T)):
        fx, fu = f_jacobians(X[t], U[t])
        lx = 2 * Q @ (X[t] - target)
        lu = np.array([2 * cost.r * U[t]])
        Qx = lx + fx.T @ Vx
        Qu = lu + fu.T @ Vx
        Qxx = 2 * Q + fx.T @ Vxx @ fx
        Quu = 2 * cost.r * np.eye(1) + fu.T @ Vxx @ fu + reg * np.eye(1)
        Qux = fu.T @ Vxx @ fx
        k = -np.linalg.solve(Quu, Qu)
        K = -np.linalg.solve(Quu, Qux)
        ks[t], Ks[t] = k, K
        Vx = Qx + K.T @ Quu @ k + K.T @ Qu + Qux.T @ k
        Vxx = Qxx + K.T @ Quu @ K + K.T @ Qux + Qux.T @ K
        Vxx = 0.5 * (Vxx + Vxx.T)
    return ks, Ks


def forward_pass(x0, X, U, ks, Ks, alpha=0.5):
    x = x0
    U_new = np.zeros_like(U)
    for t in range(len(U)):
        du = alpha * ks[t] + Ks[t] @ (x - X[t])
        U_new[t] = U[t] + du[0]
        x = f(x, U_new[t])
    return U_new


def ilqr_step_cost(U, x0, cost=Cost()):
    # test wrapper: the cost after one iLQR iteration, as a function of the initial controls
    X = rollout(x0, U)
    ks, Ks = backward_pass(X, U, cost)
    U_new = forward_pass(x0, X, U, ks, Ks)
    return trajectory_cost(rollout(x0, U_new), U_new, cost)


def plain_cost(U, x0):
    return trajectory_cost(rollout(x0, U), U, Cost(r=0.05))


U0 = 0.3 * np.sin(np.linspace(0, 3, 12))
x_start = np.array([0.1, 0.0])

CASES = [
    dict(name="trajectory_cost", function=plain_cost, args=lambda: (U0.copy(), x_start.copy()), wrt=(0, 1)),
    dict(name="ilqr_step", function=ilqr_step_cost, args=lambda: (U0.copy(), x_start.copy())),
]
