# Written for this corpus (p5) in the style of PythonRobotics' SLAM/GraphBasedSLAM/graph_based_slam.py (Atsushi Sakai): an `Edge` class whose attributes are set after construction, `calc_edge` of two poses that saw the same RFID landmark (range, bearing, and the landmark's absolute bearing), `pi_2_pi` by two `while` loops, the information matrix `inv(Rt1 @ sig1 @ Rt1.T + Rt2 @ sig2 @ Rt2.T)` of rotated observation covariances, `itertools.combinations` of the time steps, the cost `e.T @ omega @ e` summed with a `print`, `fill_H_and_b` adding 3x3 blocks into `H[id1:id1 + STATE_SIZE, ...]`, and Gauss-Newton steps `x_opt[0:3, i] += dx[...]` on a `copy.deepcopy` of the dead-reckoning trajectory. The 2018 version's `np.matrix` products are one case. Differentiated in the poses (the graph's cost) and in the measured ranges (the optimised trajectory).
import copy
import itertools
import math

import numpy as np

DT = 5.0  # time tick [s]
SIM_TIME = 20.0  # simulation time [s]
MAX_RANGE = 30.0  # maximum observation range
STATE_SIZE = 3  # State size [x,y,yaw]

# Covariance parameter of Graph Based SLAM
C_SIGMA1 = 1.0
C_SIGMA2 = 0.1
C_SIGMA3 = 0.1

MAX_ITR = 3  # Gauss-Newton iterations (the script's loop breaks once converged; three here)


class Edge():

    def __init__(self):
        self.e = np.zeros((3, 1))
        self.omega = np.zeros((3, 3))  # information matrix
        self.d1 = 0.0
        self.d2 = 0.0
        self.yaw1 = 0.0
        self.yaw2 = 0.0
        self.angle1 = 0.0
        self.angle2 = 0.0
        self.id1 = 0
        self.id2 = 0


def cal_observation_sigma(d):
    sigma = np.zeros((3, 3))
    sigma[0, 0] = (d * C_SIGMA1) ** 2
    sigma[1, 1] = (d * C_SIGMA2) ** 2
    sigma[2, 2] = C_SIGMA3 ** 2
    return sigma


def calc_rotational_matrix(angle):
    return np.array([[math.cos(angle), -math.sin(angle), 0],
                     [math.sin(angle), math.cos(angle), 0],
                     [0, 0, 1.0]])


def pi_2_pi(angle):
    while angle > math.pi:
        angle = angle - 2.0 * math.pi
    while angle < -math.pi:
        angle = angle + 2.0 * math.pi
    return angle


def calc_edge(x1, y1, yaw1, x2, y2, yaw2, d1, angle1, phi1, d2, angle2, phi2, t1, t2):
    edge = Edge()

    tangle1 = pi_2_pi(yaw1 + angle1)
    tangle2 = pi_2_pi(yaw2 + angle2)
    tmp1 = d1 * math.cos(tangle1)
    tmp2 = d2 * math.cos(tangle2)
    tmp3 = d1 * math.sin(tangle1)
    tmp4 = d2 * math.sin(tangle2)

    edge.e[0, 0] = x2 - x1 - tmp1 + tmp2
    edge.e[1, 0] = y2 - y1 - tmp3 + tmp4
    edge.e[2, 0] = pi_2_pi(yaw2 - yaw1 - phi1 + phi2)

    Rt1 = calc_rotational_matrix(tangle1)
    Rt2 = calc_rotational_matrix(tangle2)

    sig1 = cal_observation_sigma(d1)
    sig2 = cal_observation_sigma(d2)

    edge.omega = np.linalg.inv(Rt1 @ sig1 @ Rt1.T + Rt2 @ sig2 @ Rt2.T)
    edge.d1, edge.d2 = d1, d2
    edge.yaw1, edge.yaw2 = yaw1, yaw2
    edge.angle1, edge.angle2 = angle1, angle2
    edge.id1, edge.id2 = t1, t2
    return edge


def calc_edges(xlist, zlist):
    edges = []
    cost = 0.0
    zids = list(itertools.combinations(range(len(zlist)), 2))

    for (t1, t2) in zids:
        x1, y1, yaw1 = xlist[0, t1], xlist[1, t1], xlist[2, t1]
        x2, y2, yaw2 = xlist[0, t2], xlist[1, t2], xlist[2, t2]

        for iz1 in range(len(zlist[t1][:, 0])):
            for iz2 in range(len(zlist[t2][:, 0])):
                if zlist[t1][iz1, 3] == zlist[t2][iz2, 3]:
                    d1 = zlist[t1][iz1, 0]
                    angle1, phi1 = zlist[t1][iz1, 1], zlist[t1][iz1, 2]
                    d2 = zlist[t2][iz2, 0]
                    angle2, phi2 = zlist[t2][iz2, 1], zlist[t2][iz2, 2]

                    edge = calc_edge(x1, y1, yaw1, x2, y2, yaw2, d1,
                                     angle1, phi1, d2, angle2, phi2, t1, t2)
                    edges.append(edge)
                    cost += (edge.e.T @ edge.omega @ edge.e)[0, 0]

    print("cost:", cost)
    return edges, cost


def calc_jacobian(edge):
    t1 = edge.yaw1 + edge.angle1
    A = np.array([[-1.0, 0, edge.d1 * math.sin(t1)],
                  [0, -1.0, -edge.d1 * math.cos(t1)],
                  [0, 0, -1.0]])
    t2 = edge.yaw2 + edge.angle2
    B = np.array([[1.0, 0, -edge.d2 * math.sin(t2)],
                  [0, 1.0, edge.d2 * math.cos(t2)],
                  [0, 0, 1.0]])
    return A, B


def fill_H_and_b(H, b, edge):
    A, B = calc_jacobian(edge)

    id1 = edge.id1 * STATE_SIZE
    id2 = edge.id2 * STATE_SIZE

    H[id1:id1 + STATE_SIZE, id1:id1 + STATE_SIZE] += A.T @ edge.omega @ A
    H[id1:id1 + STATE_SIZE, id2:id2 + STATE_SIZE] += A.T @ edge.omega @ B
    H[id2:id2 + STATE_SIZE, id1:id1 + STATE_SIZE] += B.T @ edge.omega @ A
    H[id2:id2 + STATE_SIZE, id2:id2 + STATE_SIZE] += B.T @ edge.omega @ B

    b[id1:id1 + STATE_SIZE] += A.T @ edge.omega @ edge.e
    b[id2:id2 + STATE_SIZE] += B.T @ edge.omega @ edge.e
    return H, b


def graph_based_slam(x_init, hz):
    print("start graph based slam")
    x_opt = copy.deepcopy(x_init)
    n = len(hz) * STATE_SIZE

    for itr in range(MAX_ITR):
        edges, _ = calc_edges(x_opt, hz)

        H = np.zeros((n, n))
        b = np.zeros((n, 1))
        for edge in edges:
            H, b = fill_H_and_b(H, b, edge)

        # to fix origin
        H[0:STATE_SIZE, 0:STATE_SIZE] += np.identity(STATE_SIZE) * 1000.0

        dx = -np.linalg.inv(H) @ b

        for i in range(len(hz)):
            x_opt[0:3, i] += dx[i * 3:i * 3 + 3, 0]

        diff = (dx.T @ dx)[0, 0]
        print("iteration: %d, diff: %f" % (itr + 1, diff))
    return x_opt


def motion_model(x, u):
    B = np.array([[DT * math.cos(x[2, 0]), 0],
                  [DT * math.sin(x[2, 0]), 0],
                  [0.0, DT]])
    return x + B @ u


def observe(xTrue, RFID, rng):
    z = np.zeros((0, 4))
    for i in range(len(RFID[:, 0])):
        dx = RFID[i, 0] - xTrue[0, 0]
        dy = RFID[i, 1] - xTrue[1, 0]
        d = math.hypot(dx, dy)
        angle = pi_2_pi(math.atan2(dy, dx) - xTrue[2, 0])
        phi = pi_2_pi(RFID[i, 2] - xTrue[2, 0])  # the landmark's own yaw, seen from the robot
        if d <= MAX_RANGE:
            dn = d + rng.randn() * 0.05  # add noise
            anglen = angle + rng.randn() * math.radians(0.5)  # add noise
            z = np.vstack((z, np.array([[dn, anglen, phi, i]])))
    return z


def observation(xTrue, xd, u, RFID, rng):
    xTrue = motion_model(xTrue, u)
    z = observe(xTrue, RFID, rng)
    ud = u + rng.randn(2, 1) * np.array([[0.05], [math.radians(0.5)]])
    xd = motion_model(xd, ud)
    return xTrue, z, xd


def simulate():
    """The script's main() without the plots: a dead-reckoning trajectory and what it saw."""
    rng = np.random.RandomState(5)
    # RFID positions [x, y, yaw]
    RFID = np.array([[10.0, -2.0, 0.0], [15.0, 10.0, 0.0], [3.0, 15.0, 0.0], [-5.0, 20.0, 0.0]])
    xTrue = np.zeros((STATE_SIZE, 1))
    xDR = np.zeros((STATE_SIZE, 1))
    hxDR = xTrue
    hz = [observe(xTrue, RFID, rng)]  # (the script's first entry is a dummy row, id -1, which leaves
    #                                    the first pose, the one fixed to the origin, out of every edge)
    time = 0.0
    u = np.array([[1.0], [0.1]])  # [m/s], [rad/s]
    while SIM_TIME >= time:
        time += DT
        xTrue, z, xDR = observation(xTrue, xDR, u, RFID, rng)
        hxDR = np.hstack((hxDR, xDR))
        hz.append(z)
    return hxDR, hz


HX_DR, HZ = simulate()


def graph_cost(xlist):
    """Test wrapper: the cost `calc_edges` prints, as a function of the poses."""
    _, cost = calc_edges(xlist, HZ)
    return cost


def with_ranges(ranges):
    """The observations with their measured ranges (column 0) replaced, time step by time step."""
    hz = []
    k = 0
    for z in HZ:
        n = z.shape[0]
        hz.append(np.hstack((ranges[k:k + n, None], z[:, 1:])))
        k += n
    return hz


def optimised_last_pose(ranges):
    """Test wrapper: the optimised trajectory's last pose, as a function of the measured ranges."""
    x_opt = graph_based_slam(HX_DR, with_ranges(ranges))
    return x_opt[:, -1]


def measured_ranges():
    return np.concatenate([z[:, 0] for z in HZ])


def edge_cost_matrix_style(pose):
    """The 2018 script's `calc_edge` with `np.matrix` products (`Rt1 * sig1 * Rt1.T`), one edge."""
    x1, y1, yaw1 = pose[0], pose[1], pose[2]
    z1, z2 = HZ[1][0], HZ[2][0]
    tangle1 = pi_2_pi(yaw1 + z1[1])
    tangle2 = pi_2_pi(HX_DR[2, 2] + z2[1])
    e = np.matrix([[HX_DR[0, 2] - x1 - z1[0] * math.cos(tangle1) + z2[0] * math.cos(tangle2)],
                   [HX_DR[1, 2] - y1 - z1[0] * math.sin(tangle1) + z2[0] * math.sin(tangle2)],
                   [pi_2_pi(HX_DR[2, 2] - yaw1 - z1[2] + z2[2])]])
    Rt1 = np.matrix(calc_rotational_matrix(tangle1))
    Rt2 = np.matrix(calc_rotational_matrix(tangle2))
    omega = np.linalg.inv(Rt1 * np.matrix(cal_observation_sigma(z1[0])) * Rt1.T
                          + Rt2 * np.matrix(cal_observation_sigma(z2[0])) * Rt2.T)
    return (e.T * omega * e)[0, 0]


def one_edge_step(poses):
    """Test wrapper: the Gauss-Newton step of one edge (the first landmark seen from the first two
    poses) with the first pose anchored, as a function of the two poses (x1, y1, yaw1, x2, ...)."""
    z1, z2 = HZ[0][0], HZ[1][0]
    edge = calc_edge(poses[0], poses[1], poses[2], poses[3], poses[4], poses[5],
                     z1[0], z1[1], z1[2], z2[0], z2[1], z2[2], 0, 1)
    H = np.zeros((6, 6))
    b = np.zeros((6, 1))
    H, b = fill_H_and_b(H, b, edge)
    H[0:STATE_SIZE, 0:STATE_SIZE] += np.identity(STATE_SIZE) * 1000.0
    dx = -np.linalg.inv(H) @ b
    return dx[:, 0]


CASES = [
    dict(name="graph_cost", function=graph_cost, args=lambda: (HX_DR.copy(),)),
    dict(name="optimised_last_pose", function=optimised_last_pose, args=lambda: (measured_ranges(),),
         kind="jacobian"),
    dict(name="one_edge_step", function=one_edge_step, args=lambda: (HX_DR[:, :2].T.ravel().copy(),),
         kind="jacobian"),
    dict(name="matrix_style_edge", function=edge_cost_matrix_style, args=lambda: (HX_DR[:, 1].copy(),)),
]
