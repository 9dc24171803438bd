# Written for this corpus (p8) in the style of the small-strain J2-plasticity codes of computational-mechanics courses (Simo and Hughes' radial-return algorithm, box 3.1, as course notebooks and FEniCS/`fenics-solid-mechanics`-style material point drivers write it): `dev(A)` and `norm(A)` helpers over 3x3 tensors with `np.tensordot`, a `J2Material` class with keyword defaults computing `mu` and `K` in `__init__`, `return_mapping(eps, state)` with a trial stress, `if f_trial <= 0:` elastic return, the plastic multiplier and flow direction, the history in a `state` dict replaced each step, a strain-controlled loading/unloading path from `np.linspace`, and a least-squares calibration against a "measured" curve. Differentiated: the calibration misfit and the simulated stress path w.r.t. the material parameters (E, nu, sigma_y, H in GPa), and the final stress w.r.t. the applied strain.
import numpy as np

I = np.eye(3)


def dev(A):
    """Deviatoric part of a second-order tensor."""
    return A - np.trace(A) / 3.0 * I


def norm(A):
    return np.sqrt(np.tensordot(A, A))


class J2Material:
    """Isotropic linear elasticity with von Mises yield and linear isotropic hardening."""

    def __init__(self, E=200.0, nu=0.3, sigma_y=0.25, H=1.0):
        self.E, self.nu, self.sigma_y, self.H = E, nu, sigma_y, H
        self.mu = E / (2 * (1 + nu))
        self.K = E / (3 * (1 - 2 * nu))

    def elastic_stress(self, eps):
        return self.K * np.trace(eps) * I + 2 * self.mu * dev(eps)

    def yield_stress(self, alpha):
        return np.sqrt(2.0 / 3.0) * (self.sigma_y + self.H * alpha)

    def return_mapping(self, eps, state):
        eps_p, alpha = state["eps_p"], state["alpha"]
        s_trial = 2 * self.mu * dev(eps - eps_p)
        f_trial = norm(s_trial) - self.yield_stress(alpha)
        if f_trial <= 0:
            return self.elastic_stress(eps - eps_p), state
        dgamma = f_trial / (2 * self.mu + 2.0 / 3.0 * self.H)
        n = s_trial / norm(s_trial)
        new_state = {"eps_p": eps_p + dgamma * n, "alpha": alpha + np.sqrt(2.0 / 3.0) * dgamma}
        sigma = self.K * np.trace(eps) * I + s_trial - 2 * self.mu * dgamma * n
        return sigma, new_state


def strain_tensor(e, shear_ratio=0.6):
    """Tension along x with some shear in the x-y plane."""
    eps = np.diag([e, -0.2 * e, -0.2 * e])
    eps[0, 1] = eps[1, 0] = shear_ratio * e
    return eps


def strain_path(eps_max, n_load=12, n_unload=6):
    loading = np.linspace(0.0, eps_max, n_load)
    unloading = np.linspace(eps_max, 0.4 * eps_max, n_unload)[1:]
    return np.concatenate([loading, unloading])


def simulate(material, path):
    state = {"eps_p": np.zeros((3, 3)), "alpha": 0.0}
    stresses = []
    for e in path:
        sigma, state = material.return_mapping(strain_tensor(e), state)
        stresses.append(sigma[0, 0])
    return np.array(stresses), state


PATH = strain_path(0.0047)
MEASURED, _ = simulate(J2Material(E=190.0, nu=0.28, sigma_y=0.3, H=2.0), PATH)


def calibration_misfit(params, path=PATH, measured=MEASURED):
    E, nu, sigma_y, H = params
    predicted, _ = simulate(J2Material(E, nu, sigma_y=sigma_y, H=H), path)
    return 0.5 * np.sum((predicted - measured) ** 2) * 1e2


def stress_path(params):
    material = J2Material(*params)
    stresses, state = simulate(material, PATH)
    return np.append(stresses[::3], state["alpha"])


def final_stress(eps_max):
    """Test wrapper: the axial stress left after loading to `eps_max` and unloading part-way."""
    stresses, _ = simulate(J2Material(), strain_path(eps_max))
    return stresses[-1]


PARAMS0 = np.array([205.0, 0.31, 0.27, 1.5])

CASES = [
    dict(name="calibration_misfit", function=calibration_misfit, args=lambda: (PARAMS0.copy(),)),
    dict(name="stress_path", function=stress_path, args=lambda: (PARAMS0.copy(),), kind="jacobian"),
    dict(name="final_stress", function=final_stress, args=lambda: (0.0053,)),
]
