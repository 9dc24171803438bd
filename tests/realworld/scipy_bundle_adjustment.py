# Ported from the SciPy Cookbook's "Large-scale bundle adjustment in scipy" (Nikolay Mayorov): `rotate` by Rodrigues' formula vectorised with `np.newaxis` and `np.errstate(invalid='ignore')`, `project` with the radial distortion `k1`, `k2`, and `fun(params, n_cameras, n_points, camera_indices, point_indices, points_2d)` returning the residuals `least_squares` minimises; a tiny synthetic problem instead of the BAL data set.
import numpy as np


def rotate(points, rot_vecs):
    """Rotate points by given rotation vectors.

    Rodrigues' rotation formula is used.
    """
    theta = np.linalg.norm(rot_vecs, axis=1)[:, np.newaxis]
    with np.errstate(invalid='ignore'):
        v = rot_vecs / theta
        v = np.nan_to_num(v)
    dot = np.sum(points * v, axis=1)[:, np.newaxis]
    cos_theta = np.cos(theta)
    sin_theta = np.sin(theta)

    return cos_theta * points + sin_theta * np.cross(v, points) + dot * (1 - cos_theta) * v


def project(points, camera_params):
    """Convert 3-D points to 2-D by projecting onto images."""
    points_proj = rotate(points, camera_params[:, :3])
    points_proj += camera_params[:, 3:6]
    points_proj = -points_proj[:, :2] / points_proj[:, 2, np.newaxis]
    f = camera_params[:, 6]
    k1 = camera_params[:, 7]
    k2 = camera_params[:, 8]
    n = np.sum(points_proj**2, axis=1)
    r = 1 + k1 * n + k2 * n**2
    points_proj *= (r * f)[:, np.newaxis]
    return points_proj


def fun(params, n_cameras, n_points, camera_indices, point_indices, points_2d):
    """Compute residuals.

    `params` contains camera parameters and 3-D coordinates.
    """
    camera_params = params[:n_cameras * 9].reshape((n_cameras, 9))
    points_3d = params[n_cameras * 9:].reshape((n_points, 3))
    points_proj = project(points_3d[point_indices], camera_params[camera_indices])
    return (points_proj - points_2d).ravel()


rng = np.random.RandomState(0)
N_CAMERAS, N_POINTS = 2, 4
CAMERAS = np.array([[0.01, -0.02, 0.015, 0.1, -0.2, -5.0, 800.0, -1e-2, 1e-3],
                    [-0.03, 0.01, 0.02, -0.3, 0.1, -6.0, 750.0, 2e-2, -1e-3]])
POINTS = rng.randn(N_POINTS, 3) * 0.5
CAMERA_INDICES = np.array([0, 0, 0, 0, 1, 1, 1])
POINT_INDICES = np.array([0, 1, 2, 3, 0, 2, 3])
X0 = np.hstack((CAMERAS.ravel(), POINTS.ravel()))
POINTS_2D = project(POINTS[POINT_INDICES], CAMERAS[CAMERA_INDICES]) + rng.randn(7, 2)


def residuals(x0):
    return fun(x0, N_CAMERAS, N_POINTS, CAMERA_INDICES, POINT_INDICES, POINTS_2D)


def cost(x0):
    """Test wrapper: least_squares' cost, 0.5 * sum(residuals ** 2)."""
    return 0.5 * np.sum(residuals(x0) ** 2)


CASES = [
    dict(name="residuals", function=residuals, args=lambda: (X0.copy(),), kind="jacobian"),
    dict(name="cost", function=cost, args=lambda: (X0.copy(),)),
]
