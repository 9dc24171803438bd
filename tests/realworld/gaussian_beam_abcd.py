# Written for this corpus (p3) in the style of laser-optics scripts (Gaussian beam propagation with ray-transfer matrices as optics course notebooks and `rayoptics`-like helpers write it): ABCD matrices for free space and thin lenses as small functions, a system matrix multiplied right to left with `functools.reduce`, the complex beam parameter `q = z + 1j z_R` transformed by `(A q + B) / (C q + D)`, the spot size from `Im(1/q)`, the waist position and radius of curvature from `1/q`; a two-lens beam expander whose focal lengths and spacing are tuned for a target spot and collimation. Differentiated in the focal lengths, distances and the input waist.
import functools

import numpy as np

WAVELENGTH = 1.064e-3  # mm


def free_space(d):
    return np.array([[1.0, d], [0.0, 1.0]])


def thin_lens(f):
    return np.array([[1.0, 0.0], [-1.0 / f, 1.0]])


def system_matrix(elements):
    # the first element the beam meets is the right-most factor
    return functools.reduce(lambda acc, m: m @ acc, elements, np.eye(2))


def propagate_q(q, M):
    (A, B), (C, D) = M
    return (A * q + B) / (C * q + D)


def beam_radius(q):
    inv_q = 1.0 / q
    return np.sqrt(-WAVELENGTH / (np.pi * inv_q.imag))


def radius_of_curvature(q):
    inv_q = 1.0 / q
    return 1.0 / inv_q.real


def expander_merit(f1, f2, spacing, w0, target_w=3.0):
    z_r = np.pi * w0 ** 2 / WAVELENGTH
    q_in = complex(0.0, 1.0) * z_r
    elements = [free_space(100.0), thin_lens(f1), free_space(spacing), thin_lens(f2), free_space(500.0)]
    q_out = propagate_q(q_in, system_matrix(elements))
    w = beam_radius(q_out)
    collimation = 1.0 / radius_of_curvature(q_out)
    return (w - target_w) ** 2 + 1e6 * collimation ** 2


def waist_after_lens(f, d_in, w0):
    q = 1j * np.pi * w0 ** 2 / WAVELENGTH + d_in
    q = propagate_q(q, thin_lens(f))
    z_waist = -q.real                     # distance behind the lens to the new waist
    w_waist = beam_radius(q + z_waist)
    return z_waist + 100.0 * w_waist


CASES = [
    dict(name="expander", function=expander_merit, args=lambda: (-25.0, 100.0, 72.0, 0.5), wrt=(0, 1, 2, 3)),
    dict(name="waist", function=waist_after_lens, args=lambda: (50.0, 200.0, 0.4), wrt=(0, 1, 2)),
]
