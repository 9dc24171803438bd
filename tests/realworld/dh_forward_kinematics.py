# Written for this corpus (p4) in the style of robotics course code (Denavit-Hartenberg forward kinematics of a UR5-like six-joint arm): the DH table as a list of dicts, `dh_transform(a, alpha, d, theta)` building a 4x4 homogeneous matrix per joint with `np.cos`/`np.sin`, the chain by `functools.reduce(np.matmul, ...)` and by an explicit `for joint, q in zip(DH_TABLE, qs)` loop, `T[:3, 3]` and `T[:3, :3]`, an orientation error from the rotation's trace with `np.clip` before `np.arccos`, and the position Jacobian. Differentiated in the joint angles and the link lengths.
from functools import reduce

import numpy as np

# UR5 (Universal Robots' published DH parameters, metres and radians)
DH_TABLE = [
    {"a": 0.0, "alpha": np.pi / 2, "d": 0.089159},
    {"a": -0.425, "alpha": 0.0, "d": 0.0},
    {"a": -0.39225, "alpha": 0.0, "d": 0.0},
    {"a": 0.0, "alpha": np.pi / 2, "d": 0.10915},
    {"a": 0.0, "alpha": -np.pi / 2, "d": 0.09465},
    {"a": 0.0, "alpha": 0.0, "d": 0.0823},
]


def dh_transform(a, alpha, d, theta):
    ct, st = np.cos(theta), np.sin(theta)
    ca, sa = np.cos(alpha), np.sin(alpha)
    return np.array([
        [ct, -st * ca, st * sa, a * ct],
        [st, ct * ca, -ct * sa, a * st],
        [0.0, sa, ca, d],
        [0.0, 0.0, 0.0, 1.0],
    ])


def forward_kinematics(qs, table=DH_TABLE):
    T = np.eye(4)
    for joint, q in zip(table, qs):
        T = T @ dh_transform(joint["a"], joint["alpha"], joint["d"], q)
    return T


def forward_kinematics_reduce(qs, table=DH_TABLE):
    return reduce(np.matmul, [dh_transform(theta=q, **joint) for joint, q in zip(table, qs)])


def rotation_error(R, R_target):
    cos_angle = (np.trace(R_target.T @ R) - 1.0) / 2.0
    return np.arccos(np.clip(cos_angle, -1.0, 1.0))


TARGET_POSITION = np.array([0.35, 0.20, 0.40])
TARGET_ROTATION = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])


def pose_error(qs, w_rot=0.3):
    T = forward_kinematics(qs)
    p, R = T[:3, 3], T[:3, :3]
    return np.sum((p - TARGET_POSITION) ** 2) + w_rot * rotation_error(R, TARGET_ROTATION) ** 2


def pose_error_reduce(qs):
    T = forward_kinematics_reduce(qs)
    return np.linalg.norm(T[:3, 3] - TARGET_POSITION)


def end_effector_position(qs):
    return forward_kinematics(qs)[:3, 3]


def link_length_sensitivity(link_lengths, qs=np.array([0.3, -1.1, 1.4, -0.6, 1.2, 0.4])):
    """Test wrapper: the tool position's distance to the target as a function of the two long links."""
    table = [dict(row) for row in DH_TABLE]
    table[1]["a"], table[2]["a"] = link_lengths
    T = forward_kinematics(qs, table)
    return np.sum((T[:3, 3] - TARGET_POSITION) ** 2)


Q0 = np.array([0.3, -1.1, 1.4, -0.6, 1.2, 0.4])

CASES = [
    dict(name="pose_error", function=pose_error, args=lambda: (Q0.copy(),)),
    dict(name="pose_error_reduce", function=pose_error_reduce, args=lambda: (Q0.copy(),)),
    dict(name="position_jacobian", function=end_effector_position, args=lambda: (Q0.copy(),), kind="jacobian"),
    dict(name="link_lengths", function=link_length_sensitivity, args=lambda: (np.array([-0.425, -0.39225]),)),
]
