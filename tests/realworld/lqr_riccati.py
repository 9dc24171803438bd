# Written for this corpus (p1) in the style of python-control / "LQR in Python" posts (Mark Wilfried Mueller's `lqr`, the `dlqr` recipe): the discrete algebraic Riccati equation by `scipy.linalg.solve_discrete_are`, and by the textbook backward Riccati recursion in a `for` loop; the gain `K = (R + B'PB)^-1 B'PA`, and the closed-loop cost of an initial state.
import numpy as np
import scipy.linalg


def dlqr(A, B, Q, R):
    P = scipy.linalg.solve_discrete_are(A, B, Q, R)
    K = np.linalg.inv(R + B.T @ P @ B) @ (B.T @ P @ A)
    return K, P


def riccati_recursion(A, B, Q, R, N=40):
    P = Q
    for _ in range(N):
        P = Q + A.T @ P @ A - A.T @ P @ B @ np.linalg.inv(R + B.T @ P @ B) @ B.T @ P @ A
    K = np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)
    return K, P


def plant(dt):
    A = np.array([[1.0, dt], [0.0, 1.0]])
    B = np.array([[0.5 * dt ** 2], [dt]])
    return A, B


def cost_to_go_are(q_diag, x0, r=0.1):
    A, B = plant(0.1)
    _, P = dlqr(A, B, np.diag(q_diag), np.array([[r]]))
    return x0 @ P @ x0


def cost_to_go_recursion(q_diag, x0, r=0.1):
    A, B = plant(0.1)
    _, P = riccati_recursion(A, B, np.diag(q_diag), np.array([[r]]))
    return x0 @ P @ x0


def closed_loop_rollout(q_diag, x0, steps=30):
    A, B = plant(0.1)
    K, _ = riccati_recursion(A, B, np.diag(q_diag), np.array([[0.1]]))
    x = x0
    J = 0.0
    for _ in range(steps):
        u = -K @ x
        J += x @ x + 0.1 * u @ u
        x = A @ x + B @ u
    return J


CASES = [
    dict(name="are_cost", function=cost_to_go_are, args=lambda: (np.array([1.0, 0.5]), np.array([1.0, -0.5])), wrt=(0, 1)),
    dict(name="recursion_cost", function=cost_to_go_recursion, args=lambda: (np.array([1.0, 0.5]), np.array([1.0, -0.5])), wrt=(0, 1)),
    dict(name="closed_loop", function=closed_loop_rollout, args=lambda: (np.array([1.0, 0.5]), np.array([1.0, -0.5])), wrt=(0, 1)),
]
