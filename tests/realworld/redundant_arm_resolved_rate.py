# Written for this corpus (p10) in the style of resolved-rate motion control in robotics course code (Peter Corke's RTB examples and Modern Robotics-style NumPy scripts for a planar redundant arm): `fkine(q, lengths)` from `np.cumsum(q)`, `jacob0` built column by column in a `for i in range(n)` loop, joint velocities `qd = np.linalg.pinv(J) @ v` with a null-space term `(np.eye(n) - J_pinv @ J) @ qd0` pushing toward mid-range joints, a damped variant `J.T @ scipy.linalg.inv(J @ J.T + lam**2 * np.eye(2))`, the Yoshikawa manipulability `np.sqrt(np.prod(scipy.linalg.eigvalsh(J @ J.T)))`, a control loop integrating `q = q + dt * qd` over a list of waypoints, and the task-space basis `scipy.linalg.orth(J.T)` for a projection check. Differentiated: the tracking error after the loop with respect to the link lengths and the initial configuration, the manipulability with respect to q, the null-space joint-limit cost with respect to the gain, and the pseudo-inverse controller's joint velocity with respect to q (Jacobian).
import numpy as np
import scipy.linalg

LINKS = np.array([1.0, 0.8, 0.6, 0.4])
Q0 = np.array([0.3, 0.5, -0.4, 0.6])
Q_MID = np.zeros(4)
WAYPOINTS = [np.array([1.6, 1.2]), np.array([1.4, 1.5]), np.array([1.1, 1.7])]


def fkine(q, lengths=LINKS):
    angles = np.cumsum(q)
    return np.array([np.sum(lengths * np.cos(angles)), np.sum(lengths * np.sin(angles))])


def jacob0(q, lengths=LINKS):
    n = len(q)
    angles = np.cumsum(q)
    J = np.zeros((2, n))
    for i in range(n):
        J[0, i] = -np.sum(lengths[i:] * np.sin(angles[i:]))
        J[1, i] = np.sum(lengths[i:] * np.cos(angles[i:]))
    return J


def resolved_rate(q, v, lengths=LINKS, k_null=0.5, damping=None):
    J = jacob0(q, lengths)
    if damping is None:
        J_pinv = np.linalg.pinv(J)
    else:
        J_pinv = J.T @ scipy.linalg.inv(J @ J.T + damping ** 2 * np.eye(2))
    qd0 = -k_null * (q - Q_MID)
    return J_pinv @ v + (np.eye(len(q)) - J_pinv @ J) @ qd0


def track(q, lengths=LINKS, gain=2.0, dt=0.05, steps=8, **controller):
    errors = []
    for target in WAYPOINTS:
        for _ in range(steps):
            v = gain * (target - fkine(q, lengths))
            q = q + dt * resolved_rate(q, v, lengths, **controller)
        errors.append(np.sum((fkine(q, lengths) - target) ** 2))
    return q, errors


def tracking_error(lengths):
    _, errors = track(Q0, lengths)
    return sum(errors)


def tracking_error_from(q0):
    _, errors = track(q0, damping=0.05)
    return sum(errors)


def manipulability(q):
    J = jacob0(q)
    return np.sqrt(np.prod(scipy.linalg.eigvalsh(J @ J.T)))


def joint_limit_cost(k_null):
    q, _ = track(Q0, k_null=k_null)
    return np.sum((q - Q_MID) ** 2)


def projected_velocity(q):
    J = jacob0(q)
    basis = scipy.linalg.orth(J.T)
    qd = resolved_rate(q, np.array([0.2, -0.1]))
    return np.concatenate([qd, [np.sum((basis @ basis.T @ qd) ** 2)]])


CASES = [
    dict(name="tracking_error", function=tracking_error, args=lambda: (LINKS.copy(),)),
    dict(name="tracking_error_from", function=tracking_error_from, args=lambda: (Q0.copy(),)),
    dict(name="manipulability", function=manipulability, args=lambda: (Q0.copy(),)),
    dict(name="joint_limit_cost", function=joint_limit_cost, args=lambda: (0.5,)),
    dict(name="projected_velocity", function=projected_velocity, args=lambda: (Q0.copy(),), kind="jacobian"),
]
