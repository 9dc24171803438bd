# Written for this corpus (p3) in the style of computational solid mechanics codes (the compressible neo-Hookean model as FEniCS's hyperelasticity demo and textbook constitutive drivers write it): Lamé parameters from Young's modulus and Poisson's ratio, the deformation gradient `F = I + grad u` of a linear triangle, `C = F.T @ F`, invariants with `np.trace` and `np.linalg.det`, the strain energy `psi = mu/2 (I1 - 3) - mu ln J + lmbda/2 (ln J)^2`; the hand-written first Piola-Kirchhoff stress `P = mu (F - F^-T) + lmbda ln(J) F^-T` is the reference for the derivative in F.
import numpy as np


def lame_parameters(E, nu):
    mu = E / (2.0 * (1.0 + nu))
    lmbda = E * nu / ((1.0 + nu) * (1.0 - 2.0 * nu))
    return mu, lmbda


def strain_energy_density(F, E=10.0, nu=0.3):
    mu, lmbda = lame_parameters(E, nu)
    d = F.shape[0]
    C = F.T @ F
    Ic = np.trace(C)
    J = np.linalg.det(F)
    return (mu / 2) * (Ic - d) - mu * np.log(J) + (lmbda / 2) * np.log(J) ** 2


def first_piola_kirchhoff(F, E=10.0, nu=0.3):
    mu, lmbda = lame_parameters(E, nu)
    F_inv_T = np.linalg.inv(F).T
    J = np.linalg.det(F)
    return mu * (F - F_inv_T) + lmbda * np.log(J) * F_inv_T


# one linear triangle: reference coordinates and the nodal displacements
X_nodes = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])


def shape_function_gradients(X):
    # dN/dX for a P1 triangle: constant over the element
    dN_dxi = np.array([[-1.0, -1.0], [1.0, 0.0], [0.0, 1.0]])
    J0 = X.T @ dN_dxi
    return dN_dxi @ np.linalg.inv(J0), 0.5 * abs(np.linalg.det(J0))


def element_energy(u, E=10.0, nu=0.3):
    dN_dX, area = shape_function_gradients(X_nodes)
    F = np.eye(2) + u.T @ dN_dX
    return area * strain_energy_density(F, E, nu)


def total_energy(u_flat, E, nu, f_ext):
    u = u_flat.reshape(3, 2)
    return element_energy(u, E, nu) - np.dot(f_ext, u_flat)


F0 = np.array([[1.1, 0.2], [-0.05, 0.95]])
F3 = np.array([[1.05, 0.1, 0.0], [0.02, 0.97, -0.1], [0.0, 0.05, 1.2]])
U0 = np.array([[0.0, 0.0], [0.1, -0.02], [0.03, 0.08]])
FEXT = np.array([0.0, 0.0, 0.5, 0.0, 0.0, -0.2])

CASES = [
    dict(name="energy_2d", function=strain_energy_density, args=lambda: (F0.copy(),),
         reference=first_piola_kirchhoff),
    dict(name="energy_3d", function=strain_energy_density, args=lambda: (F3.copy(), 200.0, 0.45),
         wrt=(0, 1, 2)),
    dict(name="element", function=element_energy, args=lambda: (U0.copy(),)),
    dict(name="potential", function=total_energy, args=lambda: (U0.ravel().copy(), 10.0, 0.3, FEXT.copy()),
         wrt=(0, 1, 2)),
]
