# Written for this corpus (p8) in the style of the Hückel molecular-orbital scripts of computational-chemistry courses and blog posts (a molecule as an atom list and a bond list of index pairs, `build_huckel_matrix(atoms, bonds, alpha=-11.0, beta=-2.7)` filling `H[i, j] = H[j, i] = beta` in a loop and heteroatoms by Streitwieser's `h`/`k` parameters from a dict, `np.linalg.eigh` with electrons filled two per orbital from the bottom, `pi_energy`, the HOMO-LUMO gap, Coulson bond orders from the occupied eigenvectors by a comprehension, and the delocalisation energy against ethylene's). Differentiated: the pi energy w.r.t. (alpha, beta), the bond orders and gap of pyridine w.r.t. the nitrogen's h and k, and an excitation-energy fit.
import numpy as np

HETEROATOMS = {          # Streitwieser: alpha_X = alpha + h beta, beta_CX = k beta
    "C": (0.0, 1.0),
    "N": (0.5, 1.0),     # pyridine-type nitrogen
    "O": (1.0, 0.8),     # carbonyl oxygen
}

MOLECULES = {
    "butadiene": (["C", "C", "C", "C"], [(0, 1), (1, 2), (2, 3)]),
    "hexatriene": (["C"] * 6, [(i, i + 1) for i in range(5)]),
    "pyridine": (["N", "C", "C", "C", "C", "C"], [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 0)]),
    "acrolein": (["C", "C", "C", "O"], [(0, 1), (1, 2), (2, 3)]),
}


def build_huckel_matrix(atoms, bonds, alpha=-11.0, beta=-2.7, params=None):
    params = HETEROATOMS if params is None else params
    n = len(atoms)
    H = np.zeros((n, n))
    for i, atom in enumerate(atoms):
        h, _ = params[atom]
        H[i, i] = alpha + h * beta
    for i, j in bonds:
        k = params[atoms[i]][1] * params[atoms[j]][1]
        H[i, j] = H[j, i] = k * beta
    return H


def solve(atoms, bonds, **kwargs):
    H = build_huckel_matrix(atoms, bonds, **kwargs)
    energies, coefficients = np.linalg.eigh(H)
    return energies, coefficients


def pi_energy(energies, n_electrons):
    n_occupied = n_electrons // 2
    return 2 * np.sum(energies[:n_occupied])


def bond_orders(coefficients, bonds, n_electrons):
    occupied = coefficients[:, : n_electrons // 2]
    return np.array([2 * np.sum(occupied[i] * occupied[j]) for i, j in bonds])


def delocalisation_energy(ab, name="hexatriene"):
    alpha, beta = ab
    atoms, bonds = MOLECULES[name]
    energies, _ = solve(atoms, bonds, alpha=alpha, beta=beta)
    n_double_bonds = len(atoms) // 2
    ethylene = 2 * (alpha + beta)
    return pi_energy(energies, len(atoms)) - n_double_bonds * ethylene


def pyridine_properties(hk):
    """Bond orders and the HOMO-LUMO gap (in units of |beta|) as the nitrogen's h and k change."""
    params = dict(HETEROATOMS)
    params["N"] = (hk[0], hk[1])
    atoms, bonds = MOLECULES["pyridine"]
    beta = -2.7
    energies, coefficients = solve(atoms, bonds, beta=beta, params=params)
    gap = (energies[3] - energies[2]) / abs(beta)
    return np.append(bond_orders(coefficients, bonds, 6), gap)


OBSERVED_EXCITATIONS = {"butadiene": 5.71, "hexatriene": 4.93}   # eV, the first pi -> pi* band


def excitation_misfit(ab):
    """Fit beta to UV excitation energies as textbooks do: HOMO-LUMO gap against the observed band."""
    total = 0.0
    for name, observed in OBSERVED_EXCITATIONS.items():
        atoms, bonds = MOLECULES[name]
        energies, _ = solve(atoms, bonds, alpha=ab[0], beta=ab[1])
        homo = len(atoms) // 2 - 1
        predicted = energies[homo + 1] - energies[homo]
        total += (predicted - observed) ** 2
    return total


CASES = [
    dict(name="delocalisation_energy", function=delocalisation_energy, args=lambda: (np.array([-11.0, -2.7]),)),
    dict(name="pyridine_properties", function=pyridine_properties, args=lambda: (np.array([0.5, 1.0]),),
         kind="jacobian"),
    dict(name="excitation_misfit", function=excitation_misfit, args=lambda: (np.array([-11.0, -2.4]),)),
]
