# Written for this corpus (p1) in the style of robotics course code (Lynch & Park's Modern Robotics exercises, and the `quaternion` helpers everyone writes): a `NamedTuple` per joint, Rodrigues' formula with `math` and `np` mixed, Hamilton products, quaternion-to-matrix, and an inverse-kinematics loss with an orientation term.
import math
from typing import NamedTuple

import numpy as np


class Joint(NamedTuple):
    axis: np.ndarray
    offset: np.ndarray


def skew(w):
    return np.array([[0.0, -w[2], w[1]],
                     [w[2], 0.0, -w[0]],
                     [-w[1], w[0], 0.0]])


def rodrigues(axis, angle):
    k = axis / np.linalg.norm(axis)
    K = skew(k)
    return np.eye(3) + math.sin(angle) * K + (1 - math.cos(angle)) * K @ K


def quat_mul(q, r):
    w0, x0, y0, z0 = q
    w1, x1, y1, z1 = r
    return np.array([w0 * w1 - x0 * x1 - y0 * y1 - z0 * z1,
                     w0 * x1 + x0 * w1 + y0 * z1 - z0 * y1,
                     w0 * y1 - x0 * z1 + y0 * w1 + z0 * x1,
                     w0 * z1 + x0 * y1 - y0 * x1 + z0 * w1])


def axis_angle_to_quat(axis, angle):
    axis = axis / np.linalg.norm(axis)
    return np.concatenate([[np.cos(angle / 2)], np.sin(angle / 2) * axis])


def quat_to_matrix(q):
    q = q / np.linalg.norm(q)
    w, x, y, z = q
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


JOINTS = [
    Joint(np.array([0.0, 0.0, 1.0]), np.array([0.0, 0.0, 0.3])),
    Joint(np.array([0.0, 1.0, 0.0]), np.array([0.5, 0.0, 0.0])),
    Joint(np.array([0.0, 1.0, 0.0]), np.array([0.4, 0.0, 0.0])),
    Joint(np.array([1.0, 0.0, 0.0]), np.array([0.1, 0.0, 0.0])),
]


def forward_kinematics(thetas, joints=JOINTS):
    R = np.eye(3)
    p = np.zeros(3)
    for joint, theta in zip(joints, thetas):
        R = R @ rodrigues(joint.axis, theta)
        p = p + R @ joint.offset
    return p, R


def forward_kinematics_quat(thetas, joints=JOINTS):
    q = np.array([1.0, 0.0, 0.0, 0.0])
    p = np.zeros(3)
    for joint, theta in zip(joints, thetas):
        q = quat_mul(q, axis_angle_to_quat(joint.axis, theta))
        p = p + quat_to_matrix(q) @ joint.offset
    return p, q


def ik_loss(thetas, target_p, target_R, w_rot=0.5):
    p, R = forward_kinematics(thetas)
    pos_err = np.sum((p - target_p) ** 2)
    rot_err = 3.0 - np.trace(target_R.T @ R)       # 2(1 - cos angle) summed
    return pos_err + w_rot * rot_err


def ik_loss_quat(thetas, target_p, target_q):
    p, q = forward_kinematics_quat(thetas)
    # the double cover: q and -q are the same rotation
    return np.sum((p - target_p) ** 2) + (1.0 - np.dot(q, target_q) ** 2)


def end_effector(thetas):
    return forward_kinematics_quat(thetas)[0]


theta0 = np.array([0.3, -0.4, 0.8, 0.2])
target_p = np.array([0.5, 0.3, 0.4])
target_R = rodrigues(np.array([1.0, 1.0, 0.0]), 0.7)
target_q = axis_angle_to_quat(np.array([1.0, 1.0, 0.0]), 0.7)

CASES = [
    dict(name="ik_loss", function=ik_loss, args=lambda: (theta0.copy(), target_p.copy(), target_R.copy()), wrt=(0, 1)),
    dict(name="ik_loss_quat", function=ik_loss_quat, args=lambda: (theta0.copy(), target_p.copy(), target_q.copy()), wrt=(0, 2)),
    dict(name="end_effector_jacobian", function=end_effector, args=lambda: (theta0.copy(),), kind="jacobian"),
]
