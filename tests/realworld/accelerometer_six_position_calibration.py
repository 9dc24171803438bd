# Written for this corpus (p10) in the style of IMU calibration scripts (the six-position / multi-position accelerometer calibration of application notes and hobbyist repos): orientations as a list of `(name, gravity_vector)` tuples, `build_design_matrix(readings)` stacking `np.hstack([raw, 1.0])`-style rows per axis in a loop, `params, residues, rank, sv = scipy.linalg.lstsq(A, b, lapack_driver="gelsd")`, a `params.reshape(3, 4)` split into the gain/misalignment matrix and bias, calibration applied as `(M @ raw.T).T + bias`, a parameter covariance `sigma2 * pinvh(A.T @ A)`, and the residual norm by `scipy.linalg.norm`. Differentiated: the calibrated-gravity error with respect to the raw readings, the fitted bias and gain with respect to the local gravity magnitude (Jacobian), the parameter-uncertainty trace with respect to the readings, and the least-squares solution reused on a tumble test.
import numpy as np
import scipy.linalg
from scipy.linalg import lstsq, pinvh

G = 9.80665
ORIENTATIONS = [("z_up", (0, 0, 1)), ("z_down", (0, 0, -1)), ("y_up", (0, 1, 0)),
                ("y_down", (0, -1, 0)), ("x_up", (1, 0, 0)), ("x_down", (-1, 0, 0)),
                ("tilt_xy", (0.7071, 0.7071, 0)), ("tilt_yz", (0, 0.7071, 0.7071))]
TRUE_M = np.array([[1.02, 0.01, -0.02], [0.005, 0.98, 0.01], [-0.01, 0.02, 1.01]])
TRUE_BIAS = np.array([0.12, -0.08, 0.2])
RNG = np.random.default_rng(31)


def simulate_readings(g=G, noise=0.02):
    truth = np.array([vec for _, vec in ORIENTATIONS], dtype=float) * g
    raw = np.linalg.solve(TRUE_M, (truth - TRUE_BIAS).T).T
    return raw + noise * RNG.standard_normal(raw.shape)


RAW = simulate_readings()


def build_design_matrix(raw):
    rows = []
    for r in raw:
        rows.append(np.hstack([r, 1.0]))
    return np.array(rows)


def calibrate(raw, g=G):
    A = build_design_matrix(raw)
    truth = np.array([vec for _, vec in ORIENTATIONS], dtype=float) * g
    params, residues, rank, sv = lstsq(A, truth, lapack_driver="gelsd")
    M, bias = params[:3].T, params[3]
    return M, bias, A, truth - A @ params


def apply_calibration(raw, M, bias):
    return (M @ raw.T).T + bias


def gravity_error(raw):
    M, bias, _, _ = calibrate(raw)
    calibrated = apply_calibration(raw, M, bias)
    return np.mean((np.linalg.norm(calibrated, axis=1) - G) ** 2) + scipy.linalg.norm(M - np.eye(3)) ** 2


def fitted_bias_and_gain(g):
    M, bias, _, _ = calibrate(RAW, g=g)
    return np.concatenate([bias, np.diag(M)])


def uncertainty_trace(raw):
    M, bias, A, resid = calibrate(raw)
    dof = A.shape[0] - A.shape[1]
    sigma2 = scipy.linalg.norm(resid) ** 2 / (dof * 3)
    cov = sigma2 * pinvh(A.T @ A)
    return np.trace(cov)


TUMBLE = RNG.standard_normal((6, 3))
TUMBLE = G * TUMBLE / np.linalg.norm(TUMBLE, axis=1, keepdims=True)


def tumble_check(raw):
    M, bias, _, _ = calibrate(raw)
    measured = np.linalg.solve(TRUE_M, (TUMBLE - TRUE_BIAS).T).T
    return np.sum((apply_calibration(measured, M, bias) - TUMBLE) ** 2)


CASES = [
    dict(name="gravity_error", function=gravity_error, args=lambda: (RAW.copy(),)),
    dict(name="fitted_bias_and_gain", function=fitted_bias_and_gain, args=lambda: (G,), kind="jacobian"),
    dict(name="uncertainty_trace", function=uncertainty_trace, args=lambda: (RAW.copy(),)),
    dict(name="tumble_check", function=tumble_check, args=lambda: (RAW.copy(),)),
]
