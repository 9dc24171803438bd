# Written for this corpus (p3) in the style of power-systems scripts (the bus admittance matrix and AC power injections as MATPOWER-in-Python and pandapower teaching notebooks write them): a branch list of (from, to, r, x, b) tuples, `Ybus` assembled with complex series admittances `1 / (r + 1j x)` and line charging `1j b / 2`, bus voltages from magnitudes and angles `V = Vm * np.exp(1j * Va)`, complex power `S = V * np.conj(Ybus @ V)`, losses as the real part of the total injection, and a few Newton-Raphson iterations of the polar power-flow equations with a finite-difference-free Jacobian built from `np.diag`. Differentiated in voltages, line parameters and loads.
import numpy as np

branches = [  # (from bus, to bus, r, x, b), per unit
    (0, 1, 0.01, 0.085, 0.176),
    (0, 2, 0.017, 0.092, 0.158),
    (1, 3, 0.039, 0.17, 0.358),
    (2, 3, 0.0119, 0.1008, 0.209),
]
n_bus = 4


def make_ybus(line_params):
    Y = np.zeros((n_bus, n_bus), dtype=complex)
    for k, (f, t, _, _, _) in enumerate(branches):
        r, x, b = line_params[k]
        y = 1.0 / (r + 1j * x)
        Y[f, f] += y + 1j * b / 2
        Y[t, t] += y + 1j * b / 2
        Y[f, t] -= y
        Y[t, f] -= y
    return Y


def power_injections(Vm, Va, Y):
    V = Vm * np.exp(1j * Va)
    return V * np.conj(Y @ V)


def total_losses(Vm, Va, line_params):
    S = power_injections(Vm, Va, make_ybus(line_params))
    return np.real(np.sum(S))


def newton_power_flow(P_load, Q_load, line_params, iterations=6):
    """Bus 0 is the slack (1.0 pu, 0 rad); buses 1-3 are PQ buses."""
    Y = make_ybus(line_params)
    Vm = np.ones(n_bus)
    Va = np.zeros(n_bus)
    P_spec = -P_load
    Q_spec = -Q_load
    for _ in range(iterations):
        V = Vm * np.exp(1j * Va)
        I = Y @ V
        S = V * np.conj(I)
        mismatch = np.concatenate([P_spec - S.real[1:], Q_spec - S.imag[1:]])
        dS_dVa = 1j * np.diag(V) @ np.conj(np.diag(I) - Y @ np.diag(V))
        dS_dVm = np.diag(V) @ np.conj(Y @ np.diag(V / Vm)) + np.diag(I.conj() * V / Vm)
        J = np.block([[dS_dVa[1:, 1:].real, dS_dVm[1:, 1:].real],
                      [dS_dVa[1:, 1:].imag, dS_dVm[1:, 1:].imag]])
        dx = np.linalg.solve(J, mismatch)
        Va[1:] += dx[:n_bus - 1]
        Vm[1:] += dx[n_bus - 1:]
    return Vm, Va


def slack_generation(P_load, Q_load, line_params):
    Vm, Va = newton_power_flow(P_load, Q_load, line_params)
    S = power_injections(Vm, Va, make_ybus(line_params))
    return S[0].real + 0.1 * np.sum((Vm - 1.0) ** 2)


LINES = np.array([[r, x, b] for _, _, r, x, b in branches])
VM = np.array([1.0, 0.98, 0.97, 0.99])
VA = np.array([0.0, -0.02, -0.035, -0.05])
P_LOAD = np.array([0.5, 0.6, 0.8])
Q_LOAD = np.array([0.2, 0.25, 0.3])

CASES = [
    dict(name="losses", function=total_losses, args=lambda: (VM.copy(), VA.copy(), LINES.copy()), wrt=(0, 1, 2)),
    dict(name="newton_slack", function=slack_generation, args=lambda: (P_LOAD.copy(), Q_LOAD.copy(), LINES.copy()),
         wrt=(0, 1, 2)),
]
