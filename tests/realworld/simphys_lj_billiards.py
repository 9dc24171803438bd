# Ported from Sekuraz/SimPhys, 2/solutions/ex_3_2.py and ex_3_3.py (solutions to the University of Stuttgart "Simulation Methods in Physics" worksheet 2, Lennard-Jones billiards; no licence stated; https://github.com/Sekuraz/SimPhys/blob/master/2/solutions/ex_3_3.py): `lj_potential(r_ij)` and `lj_force(r_ij)` with `np.linalg.norm` and a backslash continuation, `total_energy(x, v)` summing pair potentials over `for i in range(1, N): for j in range(i):` and kinetic energies into floats `E_pot += ...`, `forces(x)` (the author's hand-written force, `f[:, i] -= f_ij`), and the velocity-Verlet `step_vv(x, v, f, dt)` updating `x += ...`, `v += ...` in place; type annotations kept. The `__main__` block's five particles are the data; the `.vtf` file and the plots left out.
import numpy as np


def lj_potential(r_ij):
    ret = 4 * (1/np.linalg.norm(r_ij)**12 \
        - 1/np.linalg.norm(r_ij)**6)
    return ret

def lj_force(r_ij):
    ret = 24.0 * (2.0/np.linalg.norm(r_ij)**14 \
        - 1/np.linalg.norm(r_ij)**8) * r_ij
    return ret


def forces(x: np.ndarray) -> np.ndarray:
    """Compute and return the forces acting onto the particles,
    depending on the positions x."""
    N = x.shape[1]
    f = np.zeros_like(x)
    for i in range(1, N):
        for j in range(i):
            # distance vector
            r_ij = x[:, j] - x[:, i]
            f_ij = lj_force(r_ij)
            f[:, i] -= f_ij
            f[:, j] += f_ij
    return f


def total_energy(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Compute and return the total energy of the system with the
    particles at positions x and velocities v."""
    N = x.shape[1]
    E_pot = 0.0
    E_kin = 0.0
    # sum up potential energies
    for i in range(1, N):
        for j in range(i):
            # distance vector
            r_ij = x[:, j] - x[:, i]
            E_pot += lj_potential(r_ij)
    # sum up kinetic energy
    for i in range(N):
        E_kin += 0.5 * np.dot(v[:, i], v[:, i])
    return E_pot + E_kin


def step_vv(x: np.ndarray, v: np.ndarray, f: np.ndarray, dt: float):
    # update positions
    x += v * dt + 0.5 * f * dt * dt
    # half update of the velocity
    v += 0.5 * f * dt

    # compute new forces
    f = forces(x)
    # we assume that all particles have a mass of unity

    # second half update of the velocity
    v += 0.5 * f * dt

    return x, v, f


# ---- test wrappers: the energy at the start, and after a few steps of the main loop

def billiards(x, v, n_steps=5, DT=0.01):
    f = forces(x)
    for i in range(n_steps):
        x, v, f = step_vv(x, v, f, DT)
    return total_energy(x, v) + np.sum(x[0])


def particles():
    # particle positions (the author's five, the last two moved closer so that they interact)
    x = np.zeros((2, 5))
    x[:, 0] = [0.0, 0.0]
    x[:, 1] = [1.2, 0.3]
    x[:, 2] = [2.3, 0.8]
    x[:, 3] = [1.4, 1.5]
    x[:, 4] = [0.2, 1.3]
    # particle velocities
    v = np.zeros((2, 5))
    v[:, 0] = [2.0, 0.0]
    return x, v


CASES = [
    dict(name="total_energy", function=total_energy, args=particles, wrt=(0, 1),
         reference=lambda x, v: np.concatenate([-forces(x).ravel(), v.ravel()])),
    dict(name="billiards", function=billiards, args=particles, wrt=(0, 1)),
]
