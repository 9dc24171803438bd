# Written for this corpus (p6) in the style of from-scratch state-vector simulators in variational-quantum-eigensolver tutorials (a `QuantumCircuit` class over a complex `self.state` of size `2 ** n_qubits` with `self.state[0] = 1.0`, gate methods `rx`, `ry`, `rz`, `cnot` that return `self` so calls chain, one-qubit operators lifted by `functools.reduce(np.kron, ops)` over a list of identities, a CNOT built from projectors `P0`, `P1`; a Hamiltonian as a dict of Pauli strings (the two-qubit H2 Hamiltonian's coefficients at 0.735 angstrom) with `pauli_matrix("ZI")` by a reduce over a dict of Pauli matrices; the energy `np.real(np.vdot(psi, H @ psi))`; a hardware-efficient ansatz; and the parameter-shift rule (`(E(theta + pi/2) - E(theta - pi/2)) / 2`) as the tutorials' gradient). Differentiated: the energy w.r.t. the angles (the parameter-shift gradient as the reference), a two-qubit fidelity, and the state's probabilities (a Jacobian).
import functools

import numpy as np

I2 = np.eye(2, dtype=complex)
X = np.array([[0, 1], [1, 0]], dtype=complex)
Y = np.array([[0, -1j], [1j, 0]], dtype=complex)
Z = np.array([[1, 0], [0, -1]], dtype=complex)
PAULIS = {"I": I2, "X": X, "Y": Y, "Z": Z}
P0 = np.array([[1, 0], [0, 0]], dtype=complex)
P1 = np.array([[0, 0], [0, 1]], dtype=complex)

# H2 in the STO-3G basis after parity mapping and two-qubit reduction (R = 0.735 A)
H2_TERMS = {
    "II": -1.052373245772859,
    "IZ": 0.39793742484318045,
    "ZI": -0.39793742484318045,
    "ZZ": -0.01128010425623538,
    "XX": 0.18093119978423156,
}


def pauli_matrix(label):
    return functools.reduce(np.kron, [PAULIS[p] for p in label])


def hamiltonian(terms):
    return sum(coeff * pauli_matrix(label) for label, coeff in terms.items())


class QuantumCircuit:
    def __init__(self, n_qubits):
        self.n = n_qubits
        self.state = np.zeros(2 ** n_qubits, dtype=complex)
        self.state[0] = 1.0

    def _lift(self, gate, target):
        ops = [I2] * self.n
        ops[target] = gate
        return functools.reduce(np.kron, ops)

    def apply(self, gate, target):
        self.state = self._lift(gate, target) @ self.state
        return self

    def rx(self, theta, target):
        gate = np.array([[np.cos(theta / 2), -1j * np.sin(theta / 2)],
                         [-1j * np.sin(theta / 2), np.cos(theta / 2)]])
        return self.apply(gate, target)

    def ry(self, theta, target):
        gate = np.array([[np.cos(theta / 2), -np.sin(theta / 2)],
                         [np.sin(theta / 2), np.cos(theta / 2)]], dtype=complex)
        return self.apply(gate, target)

    def rz(self, theta, target):
        gate = np.array([[np.exp(-1j * theta / 2), 0], [0, np.exp(1j * theta / 2)]])
        return self.apply(gate, target)

    def cnot(self, control, target):
        ops0 = [I2] * self.n
        ops1 = [I2] * self.n
        ops0[control] = P0
        ops1[control] = P1
        ops1[target] = X
        U = functools.reduce(np.kron, ops0) + functools.reduce(np.kron, ops1)
        self.state = U @ self.state
        return self

    def probabilities(self):
        return np.abs(self.state) ** 2

    def expectation(self, H):
        psi = self.state
        return np.real(np.vdot(psi, H @ psi))


H = hamiltonian(H2_TERMS)


def ansatz(params):
    qc = QuantumCircuit(2)
    qc.ry(params[0], 0).ry(params[1], 1)
    qc.cnot(0, 1)
    qc.ry(params[2], 0).ry(params[3], 1)
    qc.rz(params[4], 0)
    return qc


def energy(params):
    return ansatz(params).expectation(H)


def parameter_shift_gradient(params):
    """The tutorials' gradient: two shifted energies per angle."""
    grad = np.zeros(len(params))
    for i in range(len(params)):
        shift = np.zeros(len(params))
        shift[i] = np.pi / 2
        grad[i] = (energy(params + shift) - energy(params - shift)) / 2
    return grad


def bell_fidelity(theta):
    """Test wrapper: the fidelity of rx(theta[0]) rz(theta[1]) then CNOT with the Bell state."""
    qc = QuantumCircuit(2).rx(theta[0], 0).rz(theta[1], 0).cnot(0, 1)
    bell = np.array([1, 0, 0, 1], dtype=complex) / np.sqrt(2)
    return np.abs(np.vdot(bell, qc.state)) ** 2


def probabilities(params):
    """Test wrapper: the measurement probabilities (a Jacobian)."""
    return ansatz(params).probabilities()


THETA = np.array([0.3, -1.2, 0.7, 0.4, 0.9])

CASES = [
    dict(name="energy", function=energy, args=lambda: (THETA.copy(),), reference=parameter_shift_gradient),
    dict(name="bell_fidelity", function=bell_fidelity, args=lambda: (np.array([1.3, 0.4]),)),
    dict(name="probabilities", function=probabilities, args=lambda: (THETA.copy(),), kind="jacobian"),
]
