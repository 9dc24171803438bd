# Written for this corpus (i5) in the style of a 1-D finite-element bar code: element stiffness assembled with index arrays and np.add.at.
import numpy as np

n_el = 6
nodes = np.linspace(0.0, 1.0, n_el + 1)
conn = np.column_stack([np.arange(n_el), np.arange(1, n_el + 1)])


def assemble(EA):
    K = np.zeros((n_el + 1, n_el + 1))
    for e, (i, j) in enumerate(conn):
        L = nodes[j] - nodes[i]
        k = EA[e] / L * np.array([[1.0, -1.0], [-1.0, 1.0]])
        idx = np.array([i, j])
        np.add.at(K, (idx[:, None], idx[None, :]), k)
    return K


def compliance(EA, load=1.0):
    K = assemble(EA)
    f = np.zeros(n_el + 1)
    f[-1] = load
    f[1:-1] += 0.1
    free = np.arange(1, n_el + 1)               # node 0 clamped
    u = np.zeros(n_el + 1)
    u[free] = np.linalg.solve(K[np.ix_(free, free)], f[free])
    return f @ u


def assemble_vectorised(EA):
    L = np.diff(nodes)
    ke = (EA / L)[:, None, None] * np.array([[1.0, -1.0], [-1.0, 1.0]])
    K = np.zeros((n_el + 1, n_el + 1))
    rows = np.repeat(conn, 2, axis=1)
    cols = np.tile(conn, (1, 2))
    np.add.at(K, (rows.ravel(), cols.ravel()), ke.ravel())
    return np.trace(K) + K[0, 1] * 3.0 + np.sum(K ** 2)


EA0 = np.array([1.0, 1.2, 0.8, 1.5, 0.9, 1.1])

CASES = [
    dict(name="compliance", function=compliance, args=lambda: (EA0.copy(),)),
    dict(name="assemble_vectorised", function=assemble_vectorised, args=lambda: (EA0.copy(),)),
]
