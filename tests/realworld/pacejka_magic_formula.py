# Written for this corpus (p13) in the style of vehicle-dynamics course code built on Pacejka's Magic Formula: a `MagicFormula` class holding B, C, D, E with a `from_dict` classmethod, a `peak_slip` property and `__call__(slip)` dispatching on `isinstance(slip, np.ndarray)`, load-dependent peak friction through `**kwargs` (`lateral_tire(alpha, Fz, **coeffs)`), `functools.partial` fixing a tyre's coefficients, a friction-ellipse combined-slip helper, and a single-track (bicycle) model stepped with explicit Euler in a `while t < t_end` loop that returns early when the car spins out, plus a least-squares fit of the curve to test-rig data drawn by `np.random.default_rng(seed)`. Differentiated: the fit's error in (B, C, D, E), the yaw rate at the end of a step steer in the cornering stiffness shape and the steering angle, and the combined-slip force map as a Jacobian.
import functools
import math

import numpy as np


class MagicFormula:
    def __init__(self, B=10.0, C=1.9, D=1.0, E=0.97):
        self.B, self.C, self.D, self.E = B, C, D, E

    @classmethod
    def from_dict(cls, coeffs):
        return cls(**coeffs)

    @property
    def peak_slip(self):
        return math.tan(math.pi / (2 * self.C)) / self.B

    def __call__(self, slip):
        Bx = self.B * slip
        if isinstance(slip, np.ndarray):
            return self.D * np.sin(self.C * np.arctan(Bx - self.E * (Bx - np.arctan(Bx))))
        return self.D * math.sin(self.C * math.atan(Bx - self.E * (Bx - math.atan(Bx))))


SLIPS = np.linspace(-0.25, 0.25, 41)


def rig_fit_error(coeffs, seed=3):
    B, C, D, E = coeffs
    rng = np.random.default_rng(seed)
    truth = MagicFormula(11.0, 1.7, 1.05, 0.6)
    measured = truth(SLIPS) + rng.normal(0.0, 0.01, size=SLIPS.shape)
    model = MagicFormula.from_dict({"B": B, "C": C, "D": D, "E": E})
    residual = model(SLIPS) - measured
    return 0.5 * np.dot(residual, residual) + 1e-3 * model.peak_slip


def lateral_tire(alpha, Fz, mu0=1.0, load_sensitivity=-0.08, Fz0=4000.0, **coeffs):
    mu = mu0 + load_sensitivity * (Fz - Fz0) / Fz0
    curve = MagicFormula(D=mu * Fz, **coeffs)
    return curve(alpha)


FRONT = functools.partial(lateral_tire, B=9.0, C=1.45, E=0.2)
REAR = functools.partial(lateral_tire, B=11.0, C=1.4, E=0.1)

CAR = dict(m=1450.0, Iz=2400.0, a=1.1, b=1.6, vx=22.0)


def step_steer_yaw_rate(params, dt=0.005, t_end=1.2):
    shape, delta = params
    m, Iz, a, b, vx = CAR["m"], CAR["Iz"], CAR["a"], CAR["b"], CAR["vx"]
    g = 9.81
    Fzf, Fzr = m * g * b / (a + b) / 2, m * g * a / (a + b) / 2
    vy, r, t = 0.0, 0.0, 0.0
    while t < t_end:
        alpha_f = delta - math.atan2(vy + a * r, vx)
        alpha_r = -math.atan2(vy - b * r, vx)
        Fyf = 2 * FRONT(alpha_f, Fzf, C=shape)
        Fyr = 2 * REAR(alpha_r, Fzr)
        vy += dt * ((Fyf * math.cos(delta) + Fyr) / m - vx * r)
        r += dt * (a * Fyf * math.cos(delta) - b * Fyr) / Iz
        if abs(r) > 2.0:
            return r                      # spun out: the course code stops the run here
        t += dt
    return r + 0.01 * vy


def combined_slip(kappa, alpha, tire_x, tire_y):
    """Longitudinal and lateral force scaled back onto the friction ellipse."""
    Fx0, Fy0 = tire_x(kappa), tire_y(alpha)
    sigma = np.sqrt(kappa ** 2 + np.tan(alpha) ** 2) + 1e-9
    return np.stack([Fx0 * np.abs(kappa) / sigma, Fy0 * np.abs(np.tan(alpha)) / sigma])


def force_map(slips):
    kappa, alpha = slips[:4], slips[4:]
    forces = combined_slip(kappa, alpha, MagicFormula(12.0, 1.65, 4800.0, 0.3),
                           MagicFormula(9.0, 1.4, 4500.0, -0.5))
    return forces.ravel()


CASES = [
    dict(name="rig_fit_error", function=rig_fit_error, args=lambda: (np.array([10.0, 1.6, 1.0, 0.5]),)),
    dict(name="step_steer_yaw_rate", function=step_steer_yaw_rate,
         args=lambda: (np.array([1.45, 0.04]),)),
    dict(name="force_map", function=force_map, kind="jacobian",
         args=lambda: (np.array([0.02, 0.05, -0.03, 0.08, 0.03, -0.04, 0.06, 0.01]),)),
]
