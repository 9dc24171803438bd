# Written for this corpus (p7) in the style of rotation utility modules such as NASA GIANT's `rotations` (`rot_x`, `rot_y`, `rot_z`, `skew`, `euler_to_rotmat(angles, order='xyz')` composing elementary rotations from an order string, `rotvec_to_quaternion`, `quaternion_to_rotmat`, `quaternion_multiplication`, `quaternion_inverse`, `nlerp` and `slerp` with the short-way flip and the near-parallel fallback) and the `Rotation` class wrapping a quaternion (`from_rotvec`, `@` composition by `__matmul__`, `.matrix` property, `.inv()`). Differentiated: an attitude-alignment cost over slerp'd keyframes, a camera pointing error w.r.t. Euler angles, and a composed rotation's matrix.
import math

import numpy as np


def rot_x(theta):
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def rot_y(theta):
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def rot_z(theta):
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


ELEMENTALS = {"x": rot_x, "y": rot_y, "z": rot_z}


def skew(vector):
    return np.array([[0, -vector[2], vector[1]],
                     [vector[2], 0, -vector[0]],
                     [-vector[1], vector[0], 0]])


def euler_to_rotmat(angles, order="xyz"):
    rotmat = np.eye(3)
    for angle, axis in zip(angles, order):
        rotmat = ELEMENTALS[axis](angle) @ rotmat
    return rotmat


def rotvec_to_quaternion(rotvec):
    theta = np.linalg.norm(rotvec)
    if theta < 1e-12:
        return np.array([0.0, 0.0, 0.0, 1.0])
    axis = rotvec / theta
    return np.concatenate([axis * np.sin(theta / 2), [np.cos(theta / 2)]])


def quaternion_to_rotmat(quaternion):
    q = quaternion / np.linalg.norm(quaternion)
    qv, q4 = q[:3], q[3]
    return (q4 ** 2 - qv @ qv) * np.eye(3) + 2 * np.outer(qv, qv) + 2 * q4 * skew(qv)


def quaternion_multiplication(q1, q2):
    qv1, qs1 = q1[:3], q1[3]
    qv2, qs2 = q2[:3], q2[3]
    vector = qs1 * qv2 + qs2 * qv1 - np.cross(qv1, qv2)
    return np.concatenate([vector, [qs1 * qs2 - qv1 @ qv2]])


def quaternion_inverse(quaternion):
    q = np.array(quaternion, dtype=float)
    q[:3] *= -1
    return q


def nlerp(q0, q1, t):
    q = (1 - t) * q0 + t * q1
    return q / np.linalg.norm(q)


def slerp(q0, q1, t, dot_threshold=0.9995):
    dot = q0 @ q1
    if dot < 0.0:
        q1 = -q1
        dot = -dot
    if dot > dot_threshold:
        return nlerp(q0, q1, t)
    theta_0 = math.acos(dot)
    theta = theta_0 * t
    s0 = math.cos(theta) - dot * math.sin(theta) / math.sin(theta_0)
    s1 = math.sin(theta) / math.sin(theta_0)
    return s0 * q0 + s1 * q1


class Rotation:
    def __init__(self, quaternion):
        self.quaternion = np.asarray(quaternion, dtype=float) / np.linalg.norm(quaternion)

    @classmethod
    def from_rotvec(cls, rotvec):
        return cls(rotvec_to_quaternion(rotvec))

    @property
    def matrix(self):
        return quaternion_to_rotmat(self.quaternion)

    def inv(self):
        return Rotation(quaternion_inverse(self.quaternion))

    def __matmul__(self, other):
        return Rotation(quaternion_multiplication(self.quaternion, other.quaternion))


BORESIGHT = np.array([0.0, 0.0, 1.0])
KEYFRAME_TIMES = [0.0, 0.25, 0.5, 0.75, 1.0]
TARGETS = [np.array([0.1, 0.0, 1.0]), np.array([0.3, 0.1, 0.95]), np.array([0.5, 0.3, 0.8]),
           np.array([0.6, 0.5, 0.6]), np.array([0.55, 0.7, 0.45])]


def alignment_cost(rotvecs):
    """Test wrapper: pointing error of a boresight along slerp between two attitudes."""
    q_start = rotvec_to_quaternion(rotvecs[:3])
    q_end = rotvec_to_quaternion(rotvecs[3:])
    cost = 0.0
    for t, target in zip(KEYFRAME_TIMES, TARGETS):
        q = slerp(q_start, q_end, t)
        pointing = quaternion_to_rotmat(q) @ BORESIGHT
        cost += np.sum((pointing - target / np.linalg.norm(target)) ** 2)
    return cost


def camera_error(angles):
    R = euler_to_rotmat(angles, order="zyx")
    points = np.array([[1.0, 0.2, 3.0], [-0.5, 0.4, 2.5], [0.3, -0.8, 4.0]])
    projected = (R @ points.T).T
    uv = projected[:, :2] / projected[:, 2:3]
    return np.sum((uv - np.array([[0.3, 0.1], [-0.2, 0.2], [0.1, -0.2]])) ** 2)


def composed_matrix(rotvecs):
    a = Rotation.from_rotvec(rotvecs[:3])
    b = Rotation.from_rotvec(rotvecs[3:])
    return ((a @ b.inv()).matrix @ np.array([1.0, 2.0, 3.0]))


R0 = np.array([0.05, 0.1, -0.02, 0.6, -0.4, 0.3])

CASES = [
    dict(name="alignment_cost", function=alignment_cost, args=lambda: (R0.copy(),)),
    dict(name="camera_error", function=camera_error, args=lambda: (np.array([0.2, -0.1, 0.05]),)),
    dict(name="composed_matrix", function=composed_matrix, args=lambda: (R0.copy(),), kind="jacobian"),
]
