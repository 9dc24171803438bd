# Written for this corpus (p7) in the style of small circuit simulators written for courses (modified nodal analysis as in "SPICE from scratch" tutorials: `Resistor`, `Capacitor`, `Inductor` and `VoltageSource` classes each with a `stamp(G, b, omega, index)` method adding admittances `1/R`, `1j*omega*C`, `1/(1j*omega*L)` into a complex matrix, a `Circuit` with `add(component)`, `n_nodes`, ground as node 0 skipped in the stamps, `solve(omega)` by `np.linalg.solve`, and a frequency sweep `for f in freqs`). Differentiated: a band-pass filter's gain in dB at a few frequencies and the sweep's mean squared deviation from a target response, w.r.t. R, L (in mH) and C (in µF).
import numpy as np


class Component:
    def __init__(self, name, n1, n2, value):
        self.name = name
        self.n1, self.n2 = n1, n2
        self.value = value

    def admittance(self, omega):
        raise NotImplementedError

    def stamp(self, G, b, omega, index):
        y = self.admittance(omega)
        for a, c, sign in ((self.n1, self.n1, 1), (self.n2, self.n2, 1), (self.n1, self.n2, -1), (self.n2, self.n1, -1)):
            if a > 0 and c > 0:
                G[a - 1, c - 1] += sign * y


class Resistor(Component):
    def admittance(self, omega):
        return 1.0 / self.value


class Capacitor(Component):
    def admittance(self, omega):
        return 1j * omega * self.value


class Inductor(Component):
    def admittance(self, omega):
        return 1.0 / (1j * omega * self.value)


class VoltageSource(Component):
    def stamp(self, G, b, omega, index):
        k = index
        if self.n1 > 0:
            G[self.n1 - 1, k] += 1
            G[k, self.n1 - 1] += 1
        if self.n2 > 0:
            G[self.n2 - 1, k] -= 1
            G[k, self.n2 - 1] -= 1
        b[k] += self.value


class Circuit:
    def __init__(self, n_nodes):
        self.n_nodes = n_nodes
        self.components = []
        self.sources = []

    def add(self, component):
        if isinstance(component, VoltageSource):
            self.sources.append(component)
        else:
            self.components.append(component)

    def solve(self, omega):
        size = self.n_nodes + len(self.sources)
        G = np.zeros((size, size), dtype=complex)
        b = np.zeros(size, dtype=complex)
        for component in self.components:
            component.stamp(G, b, omega, None)
        for k, source in enumerate(self.sources):
            source.stamp(G, b, omega, self.n_nodes + k)
        return np.linalg.solve(G, b)


def band_pass(params):
    R, L_mH, C_uF = params
    L, C = L_mH * 1e-3, C_uF * 1e-6
    circuit = Circuit(3)
    circuit.add(VoltageSource("V1", 1, 0, 1.0))
    circuit.add(Resistor("R1", 1, 2, R))
    circuit.add(Inductor("L1", 2, 3, L))
    circuit.add(Capacitor("C1", 3, 0, C))
    circuit.add(Resistor("Rload", 3, 0, 1000.0))
    return circuit


def gain_db(params, freqs=(800.0, 1000.0, 1300.0)):
    circuit = band_pass(params)
    gains = []
    for f in freqs:
        v = circuit.solve(2 * np.pi * f)
        gains.append(20 * np.log10(np.abs(v[2])))
    return np.array(gains)


def response_error(params):
    circuit = band_pass(params)
    freqs = np.geomspace(300.0, 3000.0, 12)
    target = 1.0 / np.sqrt(1.0 + (np.log(freqs / 1000.0) / 0.4) ** 2)
    err = 0.0
    for f, t in zip(freqs, target):
        v = circuit.solve(2 * np.pi * f)
        err += (np.abs(v[2]) - t) ** 2
    return err / len(freqs)


P0 = np.array([50.0, 25.0, 1.0])

CASES = [
    dict(name="gain_db", function=gain_db, args=lambda: (P0.copy(),), kind="jacobian"),
    dict(name="response_error", function=response_error, args=lambda: (P0.copy(),)),
]
