# Ported from CALFEM for Python (CALFEM/calfem-python), calfem/core.py (`bar2e`, `assem`, `solveq`) and its truss example exs_bar2; np.matrix replaced by arrays (the library moved off np.matrix).
import numpy as np


def bar2e(ex, ey, ep):
    """
    Compute the element stiffness matrix for two dimensional bar element.

    :param list ex: element x coordinates [x1, x2]
    :param list ey: element y coordinates [y1, y2]
    :param list ep: [E, A]: E - Young's modulus, A - Cross section area
    :return mat Ke: stiffness matrix, [4 x 4]
    """
    E = ep[0]
    A = ep[1]

    b = np.array([
        [ex[1]-ex[0]],
        [ey[1]-ey[0]]
    ])
    L = np.sqrt(b.T @ b).item()

    Kle = E*A/L*np.array([
        [1., -1.],
        [-1., 1.]
    ])

    n = np.asarray(b.T/L).reshape(2,)

    G = np.array([
        [n[0], n[1], 0., 0.],
        [0., 0., n[0], n[1]]
    ])

    return G.T @ Kle @ G


def assem(edof, K, Ke, f=None, fe=None):
    """
    Assemble element matrices Ke ( and fe ) into the global
    stiffness matrix K ( and the global force vector f )
    according to the topology matrix edof.
    """
    if edof.ndim == 1:
        idx = edof-1
        K[np.ix_(idx, idx)] = K[np.ix_(idx, idx)] + Ke
        if (not f is None) and (not fe is None):
            f[np.ix_(idx)] = f[np.ix_(idx)] + fe
    else:
        for row in edof:
            idx = row-1
            K[np.ix_(idx, idx)] = K[np.ix_(idx, idx)] + Ke
            if (not f is None) and (not fe is None):
                f[np.ix_(idx)] = f[np.ix_(idx)] + fe

    if f is None:
        return K
    else:
        return K, f


def solveq(K, f, bcPrescr, bcVal=None):
    """
    Solve static FE-equations considering boundary conditions.
    """
    nDofs = K.shape[0]
    nPdofs = bcPrescr.shape[0]

    if bcVal is None:
        bcVal = np.zeros([nPdofs], 'd')

    bc = np.ones(nDofs, 'bool')
    bcDofs = np.arange(nDofs)

    bc[np.ix_(bcPrescr-1)] = False
    bcDofs = bcDofs[bc]

    fsys = f[bcDofs]-K[np.ix_((bcDofs), (bcPrescr-1))] @ bcVal.reshape(nPdofs, 1)
    asys = np.linalg.solve(K[np.ix_((bcDofs), (bcDofs))], fsys)

    a = np.zeros([nDofs, 1])
    a[np.ix_(bcPrescr-1)] = bcVal.reshape(nPdofs, 1)
    a[np.ix_(bcDofs)] = asys

    Q = K @ a - f

    return (a, Q)


# exs_bar2: a plane truss of three bars
Edof = np.array([
    [1, 2, 5, 6],
    [5, 6, 7, 8],
    [3, 4, 5, 6]
])

Ex = np.array([
    [0., 1.6],
    [1.6, 1.6],
    [0., 1.6]
])

Ey = np.array([
    [0., 0.],
    [0., 1.2],
    [1.2, 0.]
])

bc = np.array([1, 2, 3, 4, 7, 8])


def compliance(areas, E=200.0e9, P=-150e3):
    # test wrapper: the example's K, f and solve as a function of the bars' areas; f^T a is the compliance
    K = np.zeros((8, 8))
    f = np.zeros((8, 1))
    f[5] = P

    for elx, ely, eltopo, A in zip(Ex, Ey, Edof, areas):
        Ke = bar2e(elx, ely, [E, A])
        assem(eltopo, K, Ke)

    a, r = solveq(K, f, bc)
    return (f.T @ a).item()


def support_reaction(Ey_top, areas, E=200.0e9, P=-150e3):
    # test wrapper: a reaction force as a function of the top node's height
    K = np.zeros((8, 8))
    f = np.zeros((8, 1))
    f[5] = P
    Ey_moved = np.array([[0., 0.], [0., Ey_top], [Ey_top, 0.]])
    for i in range(3):
        Ke = bar2e(Ex[i], Ey_moved[i], [E, areas[i]])
        K = assem(Edof[i], K, Ke)
    a, r = solveq(K, f, bc)
    return r[2, 0] / 1e3


CASES = [
    dict(name="compliance", function=compliance, args=lambda: (np.array([6.0e-4, 3.0e-4, 10.0e-4]),)),
    dict(name="support_reaction", function=support_reaction, args=lambda: (1.2, np.array([6.0e-4, 3.0e-4, 10.0e-4]))),
]
