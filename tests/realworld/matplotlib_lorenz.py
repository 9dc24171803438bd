# Ported from matplotlib/matplotlib, galleries/examples/mplot3d/lorenz_attractor.py: `lorenz` with keyword-only parameters, and the example's explicit Euler loop filling `xyzs` (plotting left out).
import numpy as np


def lorenz(xyz, *, s=10, r=28, b=2.667):
    """
    Parameters
    ----------
    xyz : array-like, shape (3,)
       Point of interest in three-dimensional space.
    s, r, b : float
       Parameters defining the Lorenz attractor.

    Returns
    -------
    xyz_dot : array, shape (3,)
       Values of the Lorenz attractor's partial derivatives at *xyz*.
    """
    x, y, z = xyz
    x_dot = s*(y - x)
    y_dot = r*x - y - x*z
    z_dot = x*y - b*z
    return np.array([x_dot, y_dot, z_dot])


dt = 0.01
num_steps = 30


def trajectory(start):
    xyzs = np.empty((num_steps + 1, 3))  # Need one more for the initial values
    xyzs[0] = start  # Set initial values
    # Step through "time", calculating the partial derivatives at the current point
    # and using them to estimate the next point
    for i in range(num_steps):
        xyzs[i + 1] = xyzs[i] + lorenz(xyzs[i]) * dt
    return xyzs


def final_z(start):
    # test wrapper
    return trajectory(start)[-1, 2]


CASES = [
    dict(name="final_z", function=final_z, args=lambda: (np.array([0., 1., 1.05]),)),
    dict(name="lorenz_jacobian", function=lorenz, args=lambda: (np.array([0.5, 1., 1.05]),), kind="jacobian"),
]
