# Written for this corpus (i5) in the style of a molecular-dynamics teaching code: velocity Verlet in a while loop over a Morse chain.
import numpy as np

D, alpha, r0 = 1.0, 1.5, 1.0


def forces(x):
    dr = np.diff(x)
    e = np.exp(-alpha * (dr - r0))
    f_bond = 2 * D * alpha * (1 - e) * e      # -dV/d(dr)... sign below
    f = np.zeros_like(x)
    f[:-1] += f_bond
    f[1:] -= f_bond
    return f


def energy(x, v, m):
    dr = np.diff(x)
    pot = np.sum(D * (1 - np.exp(-alpha * (dr - r0))) ** 2)
    return 0.5 * np.sum(m * v ** 2) + pot


def run(x0, v0, m, dt=0.01, t_end=0.5):
    x, v = x0.copy(), v0.copy()
    a = forces(x) / m
    t = 0.0
    while t < t_end:
        x = x + v * dt + 0.5 * a * dt ** 2
        a_new = forces(x) / m
        v = v + 0.5 * (a + a_new) * dt
        a = a_new
        t += dt
    return x, v


def final_spread(x0, v0):
    # test wrapper: a scalar of the final state
    m = np.array([1.0, 2.0, 1.0, 3.0])
    x, v = run(x0, v0, m)
    return np.sum((x - x.mean()) ** 2) + energy(x, v, m)


CASES = [
    dict(name="final_spread", function=final_spread,
         args=lambda: (np.array([0.0, 1.1, 2.05, 3.2]), np.array([0.1, -0.2, 0.0, 0.05])), wrt=(0, 1)),
]
