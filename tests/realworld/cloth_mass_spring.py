# Written for this corpus (p1) in the style of mass-spring cloth demos (the "Position Based Dynamics" / Baraff-Witkin course notes as students code them in NumPy): a grid of particles, structural springs from index pairs, forces accumulated with `np.add.at`, gravity and damping, semi-implicit Euler with pinned corners reset in place every step, and a loss on the final shape as a function of the rest lengths and stiffness.
import numpy as np

NX, NY = 3, 3


def grid_springs(nx, ny):
    idx = np.arange(nx * ny).reshape(ny, nx)
    horizontal = np.stack([idx[:, :-1].ravel(), idx[:, 1:].ravel()], axis=1)
    vertical = np.stack([idx[:-1, :].ravel(), idx[1:, :].ravel()], axis=1)
    diagonal = np.stack([idx[:-1, :-1].ravel(), idx[1:, 1:].ravel()], axis=1)
    return np.concatenate([horizontal, vertical, diagonal])


SPRINGS = grid_springs(NX, NY)
PINNED = [0, NX - 1]


def spring_forces(x, v, rest, k, damping=0.1):
    i, j = SPRINGS[:, 0], SPRINGS[:, 1]
    d = x[j] - x[i]
    length = np.linalg.norm(d, axis=1)
    direction = d / length[:, None]
    f_spring = (k * (length - rest))[:, None] * direction
    rel_v = np.sum((v[j] - v[i]) * direction, axis=1)
    f = f_spring + damping * rel_v[:, None] * direction
    forces = np.zeros_like(x)
    np.add.at(forces, i, f)
    np.add.at(forces, j, -f)
    return forces


def simulate(rest, k, x0, steps=25, dt=0.02, mass=0.1):
    x = x0.copy()
    v = np.zeros_like(x)
    gravity = np.array([0.0, -9.81 * mass])
    for _ in range(steps):
        f = spring_forces(x, v, rest, k) + gravity
        v += dt * f / mass
        v[PINNED] = 0.0
        x += dt * v
    return x


def sag_loss(rest, k, x0):
    x = simulate(rest, k, x0)
    return np.mean(x[:, 1]) ** 2 + 0.1 * np.sum((x[-1] - np.array([1.0, -1.0])) ** 2)


X0 = np.stack(np.meshgrid(np.linspace(0, 1, NX), np.linspace(0, -1, NY)), axis=-1).reshape(-1, 2)
REST0 = np.linalg.norm(X0[SPRINGS[:, 1]] - X0[SPRINGS[:, 0]], axis=1)

CASES = [
    dict(name="sag", function=sag_loss, args=lambda: (REST0.copy(), 20.0, X0.copy()), wrt=(0, 1)),
]
