# Written for this corpus (i5) in the style of a statistical-physics homework: a continuous-spin Ising/Potts energy on a periodic lattice with np.roll.
import numpy as np

J = 1.0


def lattice_energy(theta, h=0.3):
    s = np.tanh(theta)
    e = -J * np.sum(s * np.roll(s, 1, axis=0)) - J * np.sum(s * np.roll(s, -1, axis=1))
    return e - h * s.sum()


def potts_energy(logits, beta=0.7):
    # soft Potts: q states per site, probabilities from a softmax over the last axis
    p = np.exp(logits - logits.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    agree = (p * np.roll(p, shift=1, axis=0)).sum(-1) + (p * np.roll(p, shift=1, axis=1)).sum(-1)
    entropy = -(p * np.log(p)).sum()
    return -beta * agree.sum() - entropy


def free_energy_sweep(theta):
    # a few damped mean-field sweeps, written with an in-place update of the field
    m = np.tanh(theta).copy()
    for sweep in range(3):
        field = np.roll(m, 1, 0) + np.roll(m, -1, 0) + np.roll(m, 1, 1) + np.roll(m, -1, 1)
        m += 0.5 * (np.tanh(J * field + theta) - m)
    return lattice_energy(np.arctanh(np.clip(m, -0.999, 0.999)))


rng = np.random.RandomState(1)
theta0 = rng.randn(4, 5) * 0.5
logits0 = rng.randn(4, 4, 3)

CASES = [
    dict(name="ising", function=lattice_energy, args=lambda: (theta0.copy(),)),
    dict(name="potts", function=potts_energy, args=lambda: (logits0.copy(),)),
    dict(name="mean_field", function=free_energy_sweep, args=lambda: (theta0.copy(),)),
]
