# Written for this corpus (p11) in the style of blade-element-momentum codes for wind turbines as course projects write them (Hansen's "Aerodynamics of Wind Turbines" algorithm; the NREL/DTU teaching scripts): a `Rotor` class holding the blade's stations (radius, chord, twist in degrees) with keyword defaults (`B=3, rho=1.225`), a per-station `solve_station` method iterating the axial and tangential induction factors in a `while` loop with a tolerance and relaxation, Prandtl's tip loss `2 / np.pi * np.arccos(np.exp(-f))`, Glauert's correction for heavily loaded stations behind an `if a > a_c`, a thin-aerofoil polar with a drag bucket in a helper, the stations' loads from a list comprehension into arrays, thrust and torque by `np.trapezoid`, `math.radians` mixed with `np`, and a power coefficient with an f-string assert. Differentiated: the power coefficient in the blade's twist distribution, in the tip-speed ratio, and the thrust coefficient in the chord.
import math

import numpy as np


def polar(alpha, cl_alpha=2 * np.pi, alpha0=math.radians(-2.0), cd0=0.008, k=0.6):
    """Lift and drag of a thin aerofoil (per radian), with a parabolic drag bucket."""
    cl = cl_alpha * (alpha - alpha0)
    cd = cd0 + k * (alpha - math.radians(3.0)) ** 2
    return cl, cd


class Rotor:
    def __init__(self, radius, chord, twist_deg, R=40.0, B=3, rho=1.225, pitch_deg=0.0, hub=4.0):
        self.radius = radius
        self.chord = chord
        self.twist = np.radians(twist_deg)
        self.R = R
        self.B = B
        self.rho = rho
        self.pitch = math.radians(pitch_deg)
        self.hub = hub

    def solve_station(self, i, V0, omega, tol=1e-10, relax=0.5, a_c=0.2, max_iter=500):
        r, c = self.radius[i], self.chord[i]
        sigma = self.B * c / (2 * np.pi * r)
        a, a_prime = 0.0, 0.0
        it = 0
        while True:
            phi = np.arctan((1 - a) * V0 / ((1 + a_prime) * omega * r))
            alpha = phi - (self.twist[i] + self.pitch)
            cl, cd = polar(alpha)
            cn = cl * np.cos(phi) + cd * np.sin(phi)
            ct = cl * np.sin(phi) - cd * np.cos(phi)
            f = self.B / 2 * (self.R - r) / (r * np.sin(phi))
            F = 2 / np.pi * np.arccos(np.exp(-f))
            if a > a_c:
                K = 4 * F * np.sin(phi) ** 2 / (sigma * cn)
                a_star = 0.5 * (2 + K * (1 - 2 * a_c) - np.sqrt((K * (1 - 2 * a_c) + 2) ** 2 + 4 * (K * a_c ** 2 - 1)))
            else:
                a_star = 1 / (4 * F * np.sin(phi) ** 2 / (sigma * cn) + 1)
            a_prime_star = 1 / (4 * F * np.sin(phi) * np.cos(phi) / (sigma * ct) - 1)
            change = abs(a_star - a) + abs(a_prime_star - a_prime)
            a = relax * a_star + (1 - relax) * a
            a_prime = relax * a_prime_star + (1 - relax) * a_prime
            it += 1
            if change < tol or it >= max_iter:
                break
        W2 = ((1 - a) * V0) ** 2 + ((1 + a_prime) * omega * r) ** 2
        pn = 0.5 * self.rho * W2 * c * cn
        pt = 0.5 * self.rho * W2 * c * ct
        return pn, pt

    def loads(self, V0, tsr):
        omega = tsr * V0 / self.R
        stations = [self.solve_station(i, V0, omega) for i in range(len(self.radius))]
        pn = np.array([s[0] for s in stations])
        pt = np.array([s[1] for s in stations])
        # loads vanish at the hub and the tip
        r = np.concatenate([[self.hub], self.radius, [self.R]])
        pn = np.concatenate([[0.0], pn, [0.0]])
        pt = np.concatenate([[0.0], pt, [0.0]])
        thrust = self.B * np.trapezoid(pn, r)
        torque = self.B * np.trapezoid(pt * r, r)
        return thrust, torque * omega

    def coefficients(self, V0=8.0, tsr=7.0):
        thrust, power = self.loads(V0, tsr)
        area = np.pi * self.R ** 2
        cp = power / (0.5 * self.rho * area * V0 ** 3)
        ct = thrust / (0.5 * self.rho * area * V0 ** 2)
        assert cp < 16 / 27, f"power coefficient {cp:.3f} above the Betz limit"
        return cp, ct


RADIUS = np.linspace(6.0, 38.0, 9)
CHORD = np.array([3.2, 3.0, 2.7, 2.4, 2.1, 1.8, 1.5, 1.2, 0.9])
TWIST = np.array([13.0, 10.0, 7.5, 5.5, 4.0, 2.8, 1.8, 1.0, 0.3])


def cp_in_twist(twist_deg):
    return Rotor(RADIUS, CHORD, twist_deg).coefficients()[0]


def cp_in_tsr(tsr):
    return Rotor(RADIUS, CHORD, TWIST, pitch_deg=1.0).coefficients(V0=9.0, tsr=tsr)[0]


def ct_in_chord(chord):
    return Rotor(RADIUS, chord, TWIST).coefficients(tsr=6.5)[1]


CASES = [
    dict(name="cp_in_twist", function=cp_in_twist, args=lambda: (TWIST.copy(),)),
    dict(name="cp_in_tsr", function=cp_in_tsr, args=lambda: (7.5,)),
    dict(name="ct_in_chord", function=ct_in_chord, args=lambda: (CHORD.copy(),)),
]
