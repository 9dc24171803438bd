# Written for this corpus (p6) in the style of PythonRobotics' Localization/extended_kalman_filter/extended_kalman_filter.py (Atsushi Sakai): module constants `Q = np.diag([...]) ** 2` and `R = np.diag([...]) ** 2`, `INPUT_NOISE`/`GPS_NOISE` drawn by `np.random.randn` in `observation`, `motion_model` as `F @ x + B @ u` with `B` built from `math.cos(x[2, 0])`, `jacob_f` and `jacob_h` as `np.array` of lists, `ekf_estimation(xEst, PEst, z, u)` with its `# Predict` and `# Update` blocks (`K = PPred @ jH.T @ np.linalg.inv(S)`, `PEst = (np.eye(len(xEst)) - K @ jH) @ PPred`), `np.hstack` histories, and a `while SIM_TIME >= time:` loop. Differentiated: the filter's final estimate and its innovation log-likelihood in the noise scales and the control input (the simulation's draws re-seeded before every evaluation).
import math

import numpy as np

# Covariance for EKF simulation
Q = np.diag([
    0.1,  # variance of location on x-axis
    0.1,  # variance of location on y-axis
    np.deg2rad(1.0),  # variance of yaw angle
    1.0  # variance of velocity
]) ** 2  # predict state covariance
R = np.diag([1.0, 1.0]) ** 2  # Observation x,y position covariance

#  Simulation parameter
INPUT_NOISE = np.diag([1.0, np.deg2rad(30.0)]) ** 2
GPS_NOISE = np.diag([0.5, 0.5]) ** 2

DT = 0.1  # time tick [s]
SIM_TIME = 5.0  # simulation time [s]


def calc_input():
    v = 1.0  # [m/s]
    yawrate = 0.1  # [rad/s]
    u = np.array([[v], [yawrate]])
    return u


def observation(xTrue, xd, u):
    xTrue = motion_model(xTrue, u)

    # add noise to gps x-y
    z = observation_model(xTrue) + GPS_NOISE @ np.random.randn(2, 1)

    # add noise to input
    ud = u + INPUT_NOISE @ np.random.randn(2, 1)

    xd = motion_model(xd, ud)

    return xTrue, z, xd, ud


def motion_model(x, u):
    F = np.array([[1.0, 0, 0, 0],
                  [0, 1.0, 0, 0],
                  [0, 0, 1.0, 0],
                  [0, 0, 0, 0]])

    B = np.array([[DT * math.cos(x[2, 0]), 0],
                  [DT * math.sin(x[2, 0]), 0],
                  [0.0, DT],
                  [1.0, 0.0]])

    x = F @ x + B @ u

    return x


def observation_model(x):
    H = np.array([
        [1, 0, 0, 0],
        [0, 1, 0, 0]
    ])

    z = H @ x

    return z


def jacob_f(x, u):
    """
    Jacobian of Motion Model

    motion model
    x_{t+1} = x_t+v*dt*cos(yaw)
    y_{t+1} = y_t+v*dt*sin(yaw)
    yaw_{t+1} = yaw_t+omega*dt
    v_{t+1} = v{t}
    so
    dx/dyaw = -v*dt*sin(yaw)
    dx/dv = dt*cos(yaw)
    dy/dyaw = v*dt*cos(yaw)
    dy/dv = dt*sin(yaw)
    """
    yaw = x[2, 0]
    v = u[0, 0]
    jF = np.array([
        [1.0, 0.0, -DT * v * math.sin(yaw), DT * math.cos(yaw)],
        [0.0, 1.0, DT * v * math.cos(yaw), DT * math.sin(yaw)],
        [0.0, 0.0, 1.0, 0.0],
        [0.0, 0.0, 0.0, 1.0]])

    return jF


def jacob_h():
    # Jacobian of Observation Model
    jH = np.array([
        [1, 0, 0, 0],
        [0, 1, 0, 0]
    ])

    return jH


def ekf_estimation(xEst, PEst, z, u):
    #  Predict
    xPred = motion_model(xEst, u)
    jF = jacob_f(xEst, u)
    PPred = jF @ PEst @ jF.T + Q

    #  Update
    jH = jacob_h()
    zPred = observation_model(xPred)
    y = z - zPred
    S = jH @ PPred @ jH.T + R
    K = PPred @ jH.T @ np.linalg.inv(S)
    xEst = xPred + K @ y
    PEst = (np.eye(len(xEst)) - K @ jH) @ PPred
    return xEst, PEst


def main(u):
    """The script's main() without the animation: the estimate and its history."""
    time = 0.0

    # State Vector [x y yaw v]'
    xEst = np.zeros((4, 1))
    xTrue = np.zeros((4, 1))
    PEst = np.eye(4)

    xDR = np.zeros((4, 1))  # Dead reckoning

    # history
    hxEst = xEst
    hxTrue = xTrue
    hxDR = xTrue
    hz = np.zeros((2, 1))

    while SIM_TIME >= time:
        time += DT

        xTrue, z, xDR, ud = observation(xTrue, xDR, u)

        xEst, PEst = ekf_estimation(xEst, PEst, z, ud)

        # store data history
        hxEst = np.hstack((hxEst, xEst))
        hxDR = np.hstack((hxDR, xDR))
        hxTrue = np.hstack((hxTrue, xTrue))
        hz = np.hstack((hz, z))

    return hxEst, hxTrue, PEst


def final_estimate(u_flat):
    """Test wrapper: the filter's last estimate (x, y, yaw, v) as a function of the control input."""
    hxEst, hxTrue, PEst = main(u_flat.reshape(2, 1))
    return hxEst[:, -1]


def tracking_error(u_flat):
    """Test wrapper: the squared error of the estimate against the true path, summed."""
    hxEst, hxTrue, PEst = main(u_flat.reshape(2, 1))
    return np.sum((hxEst[:2] - hxTrue[:2]) ** 2) + np.trace(PEst)


def innovation_loglik(scales, zs, us):
    """Test wrapper: the innovation log-likelihood of recorded GPS fixes, as a function of the
    process and observation noise scales (what tuning Q and R maximises)."""
    global Q, R
    Q_saved, R_saved = Q, R
    Q = np.diag([scales[0], scales[0], np.deg2rad(1.0), scales[1]]) ** 2
    R = np.diag([scales[2], scales[2]]) ** 2
    xEst = np.zeros((4, 1))
    PEst = np.eye(4)
    ll = 0.0
    for z, u in zip(zs, us):
        xPred = motion_model(xEst, u)
        jF = jacob_f(xEst, u)
        PPred = jF @ PEst @ jF.T + Q
        y = z - observation_model(xPred)
        S = jacob_h() @ PPred @ jacob_h().T + R
        ll += -0.5 * (y.T @ np.linalg.inv(S) @ y)[0, 0] - 0.5 * np.log(np.linalg.det(S))
        xEst, PEst = ekf_estimation(xEst, PEst, z, u)
    Q, R = Q_saved, R_saved
    return ll


def recorded():
    """GPS fixes and noisy inputs from one run of the script's simulation."""
    rs = np.random.RandomState(3)
    xTrue, xd = np.zeros((4, 1)), np.zeros((4, 1))
    zs, us = [], []
    for _ in range(30):
        xTrue = motion_model(xTrue, calc_input())
        zs.append(observation_model(xTrue) + GPS_NOISE @ rs.randn(2, 1))
        us.append(calc_input() + INPUT_NOISE @ rs.randn(2, 1))
    return zs, us


ZS, US = recorded()

CASES = [
    dict(name="final_estimate", function=final_estimate, args=lambda: (calc_input().ravel(),), seed=7,
         kind="jacobian"),
    dict(name="tracking_error", function=tracking_error, args=lambda: (calc_input().ravel(),), seed=7),
    dict(name="innovation_loglik", function=innovation_loglik, args=lambda: (np.array([0.1, 1.0, 1.0]), ZS, US)),
]
