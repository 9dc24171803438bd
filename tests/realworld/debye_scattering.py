# Written for this corpus (p3) in the style of nanoparticle X-ray scattering scripts (the Debye scattering equation as `debyer`-like Python notebooks and diffpy tutorials write it): atomic form factors from Cromer-Mann coefficients in a dict per element (`sum(a_i exp(-b_i (q / 4 pi)^2)) + c`), all pair distances with `np.triu_indices`, `I(q) = sum_i f_i^2 + 2 sum_{i<j} f_i f_j sinc(q r_ij / pi)` (`np.sinc` is normalised), a Debye-Waller factor, and a chi-square fit of a scale and the coordinates against a measured pattern. Differentiated in the atomic positions, the scale and the Debye-Waller B.
import numpy as np

CROMER_MANN = {  # a1..a4, b1..b4, c
    "Au": ([16.8819, 18.5913, 25.5582, 5.86], [0.4611, 8.6216, 1.4826, 36.3956], 12.0658),
    "S": ([6.9053, 5.2034, 1.4379, 1.5863], [1.4679, 22.2151, 0.2536, 56.172], 0.8669),
}


def form_factor(element, q):
    a, b, c = CROMER_MANN[element]
    s2 = (q / (4 * np.pi)) ** 2
    return sum(ai * np.exp(-bi * s2) for ai, bi in zip(a, b)) + c


def debye_intensity(positions, elements, q, B=0.0):
    f = np.array([form_factor(el, q) for el in elements])          # (n_atoms, n_q)
    i, j = np.triu_indices(len(elements), k=1)
    r = np.linalg.norm(positions[i] - positions[j], axis=1)        # (n_pairs,)
    pair = f[i] * f[j] * np.sinc(np.outer(r, q) / np.pi)
    intensity = np.sum(f ** 2, axis=0) + 2 * np.sum(pair, axis=0)
    return intensity * np.exp(-B * (q / (4 * np.pi)) ** 2)


ELEMENTS = ["Au", "Au", "Au", "Au", "S", "S"]
POSITIONS = np.array([[0.0, 0.0, 0.0], [2.88, 0.0, 0.0], [1.44, 2.49, 0.0], [1.44, 0.83, 2.35],
                      [-1.8, -1.2, 0.5], [4.5, 1.1, -0.7]])
Q = np.linspace(0.5, 8.0, 40)
rng = np.random.RandomState(3)
MEASURED = debye_intensity(POSITIONS + 0.05 * rng.randn(6, 3), ELEMENTS, Q, B=0.8) * 1.1


def chi_square(positions, scale, B):
    model = scale * debye_intensity(positions, ELEMENTS, Q, B)
    sigma = np.sqrt(MEASURED)
    return np.sum(((model - MEASURED) / sigma) ** 2) / len(Q)


CASES = [
    dict(name="fit", function=chi_square, args=lambda: (POSITIONS.copy(), 1.0, 0.5), wrt=(0, 1, 2)),
    dict(name="pattern", function=lambda positions: debye_intensity(positions, ELEMENTS, Q[::8]),
         args=lambda: (POSITIONS.copy(),), kind="jacobian"),
]
