# Written for this corpus (p4) in the style of mechanical-vibration course scripts (a spring-mass-damper with a `@dataclass` configuration): a frozen `SystemConfig` with derived `@property`s (natural frequency, damping ratio), `dataclasses.replace(cfg, **changes)` for a parameter sweep, a harmonic forcing closure `make_forcing(F0, omega)`, semi-implicit Euler over `np.arange(0, t_end, dt)` appending to lists, the steady-state amplitude by `np.max(np.abs(...))` of the last periods, and a least-squares fit to a "measured" free decay. Differentiated in the dataclass itself (its float fields) and in an array of physical parameters.
from dataclasses import dataclass, replace
import math

import numpy as np


@dataclass(frozen=True)
class SystemConfig:
    mass: float = 1.0          # kg
    stiffness: float = 40.0    # N/m
    damping: float = 0.8       # N s/m
    x0: float = 0.05           # m
    v0: float = 0.0            # m/s

    @property
    def natural_frequency(self):
        return math.sqrt(self.stiffness / self.mass)

    @property
    def damping_ratio(self):
        return self.damping / (2.0 * math.sqrt(self.stiffness * self.mass))


def make_forcing(F0, omega):
    def forcing(t):
        return F0 * math.sin(omega * t)
    return forcing


def simulate(cfg: SystemConfig, t_end=6.0, dt=1e-3, forcing=None):
    x, v = cfg.x0, cfg.v0
    xs, vs = [], []
    for t in np.arange(0.0, t_end, dt):
        f = forcing(t) if forcing is not None else 0.0
        a = (f - cfg.damping * v - cfg.stiffness * x) / cfg.mass
        v = v + a * dt          # semi-implicit (symplectic) Euler: the new velocity moves x
        x = x + v * dt
        xs.append(x)
        vs.append(v)
    return np.array(xs), np.array(vs)


def total_energy(cfg: SystemConfig, x, v):
    return 0.5 * cfg.mass * v ** 2 + 0.5 * cfg.stiffness * x ** 2


def dissipated_fraction(cfg: SystemConfig):
    """Test wrapper: the fraction of the initial energy lost in the first 2 s of free decay."""
    xs, vs = simulate(cfg, t_end=2.0)
    e0 = total_energy(cfg, cfg.x0, cfg.v0)
    return 1.0 - total_energy(cfg, xs[-1], vs[-1]) / e0


def steady_state_amplitude(cfg: SystemConfig, F0=1.0, ratio=0.9):
    omega = ratio * cfg.natural_frequency
    xs, _ = simulate(cfg, t_end=8.0, dt=2e-3, forcing=make_forcing(F0, omega))
    return np.max(np.abs(xs[-1000:]))


def amplitude_sweep(params):
    """Test wrapper: the mean steady-state amplitude over stiffnesses (`replace(cfg, **changes)`)."""
    mass, damping = params
    base = SystemConfig(mass=mass, damping=damping)
    amplitudes = []
    for k in (30.0, 45.0):
        changes = {"stiffness": k, "x0": 0.0}
        amplitudes.append(steady_state_amplitude(replace(base, **changes), F0=2.0))
    return sum(amplitudes) / len(amplitudes)


T_MEASURED = np.arange(0.0, 3.0, 1e-3)
X_MEASURED = 0.05 * np.exp(-0.5 * T_MEASURED) * np.cos(6.3 * T_MEASURED)


def decay_fit(log_params):
    mass, stiffness, damping = np.exp(log_params)
    cfg = SystemConfig(mass=mass, stiffness=stiffness, damping=damping)
    xs, _ = simulate(cfg, t_end=3.0)
    n = min(len(xs), len(X_MEASURED))
    residual = xs[:n] - X_MEASURED[:n]
    print(f"zeta = {cfg.damping_ratio:.3f}, wn = {cfg.natural_frequency:.2f} rad/s")
    return float(residual @ residual) / n


CASES = [
    dict(name="dissipated", function=dissipated_fraction, args=lambda: (SystemConfig(),)),
    dict(name="amplitude_sweep", function=amplitude_sweep, args=lambda: (np.array([1.2, 0.9]),)),
    dict(name="decay_fit", function=decay_fit, args=lambda: (np.log(np.array([1.1, 42.0, 1.0])),)),
]
