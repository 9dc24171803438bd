# Written for this corpus (p2) in the style of the 1-D shallow-water dam break as taught in numerical-methods courses (LeVeque's "Finite Volume Methods", a Lax-Friedrichs / Rusanov flux in NumPy): the conserved state `q` of shape (2, N) for h and hu, `flux(q)` returning `np.array([hu, hu**2/h + 0.5*g*h**2])`, a CFL time step from `np.max(np.abs(u) + np.sqrt(g*h))`, ghost cells by `np.concatenate`, and a `while t < t_end` loop.
import numpy as np

g = 9.81


def flux(q):
    h, hu = q
    u = hu / h
    return np.array([hu, hu * u + 0.5 * g * h ** 2])


def rusanov(qL, qR):
    hL, huL = qL
    hR, huR = qR
    smax = np.maximum(np.abs(huL / hL) + np.sqrt(g * hL), np.abs(huR / hR) + np.sqrt(g * hR))
    return 0.5 * (flux(qL) + flux(qR)) - 0.5 * smax * (qR - qL)


def simulate(h0, t_end=0.05, dx=0.1, cfl=0.45):
    q = np.array([h0, np.zeros_like(h0)])
    t = 0.0
    while t < t_end:
        h, hu = q
        dt = cfl * dx / np.max(np.abs(hu / h) + np.sqrt(g * h))
        dt = min(dt, t_end - t)
        # reflective ghost cells
        qg = np.concatenate([q[:, :1] * np.array([[1.0], [-1.0]]), q, q[:, -1:] * np.array([[1.0], [-1.0]])], axis=1)
        F = rusanov(qg[:, :-1], qg[:, 1:])
        q = q - dt / dx * (F[:, 1:] - F[:, :-1])
        t += dt
    return q


def dam_break_loss(h0):
    q = simulate(h0)
    target = np.linspace(1.6, 1.2, h0.size)
    return np.sum((q[0] - target) ** 2) + 0.1 * np.sum(q[1] ** 2)


H0 = np.where(np.arange(16) < 8, 2.0, 1.0) + 0.05 * np.sin(np.arange(16))

CASES = [
    dict(name="dam_break_loss", function=dam_break_loss, args=lambda: (H0.copy(),)),
]
