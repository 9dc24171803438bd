# Written for this corpus (p1) in the style of implicit heat-equation solvers in course notes (Langtangen's "Finite difference computing with PDEs", the backward-Euler `diffu1D` with `scipy.sparse.diags` and `spsolve`; and the banded form with `scipy.linalg.solve_banded`): a conductivity parameter, Dirichlet ends, a source term, and the final temperature's misfit to observations.
import numpy as np
import scipy.sparse
import scipy.sparse.linalg
from scipy.linalg import solve_banded


def backward_euler_sparse(u0, a, dt=0.01, dx=0.1, n_steps=10):
    N = len(u0)
    F = a * dt / dx ** 2
    main = np.full(N, 1 + 2 * F)
    lower = np.full(N - 1, -F)
    upper = np.full(N - 1, -F)
    main[0] = main[-1] = 1.0
    upper[0] = 0.0
    lower[-1] = 0.0
    A = scipy.sparse.diags(diagonals=[main, lower, upper], offsets=[0, -1, 1], shape=(N, N), format="csr")
    u = u0.copy()
    for n in range(n_steps):
        b = u.copy()
        b[0] = b[-1] = 0.0
        u = scipy.sparse.linalg.spsolve(A, b)
    return u


def backward_euler_banded(u0, a, dt=0.01, dx=0.1, n_steps=10):
    N = len(u0)
    F = a * dt / dx ** 2
    ab = np.zeros((3, N))
    ab[0, 1:] = -F
    ab[1, :] = 1 + 2 * F
    ab[2, :-1] = -F
    ab[1, 0] = ab[1, -1] = 1.0
    ab[0, 1] = 0.0
    ab[2, -2] = 0.0
    u = u0.copy()
    for n in range(n_steps):
        b = u.copy()
        b[0] = b[-1] = 0.0
        u = solve_banded((1, 1), ab, b)
    return u


def misfit_sparse(a, u0, observed):
    return np.sum((backward_euler_sparse(u0, a) - observed) ** 2)


def misfit_banded(a, u0, observed):
    return np.sum((backward_euler_banded(u0, a) - observed) ** 2)


X = np.linspace(0, 1, 11)
U0 = np.sin(np.pi * X) + 0.3 * np.sin(3 * np.pi * X)
OBS = 0.6 * np.sin(np.pi * X)

CASES = [
    dict(name="misfit_sparse", function=misfit_sparse, args=lambda: (0.4, U0.copy(), OBS.copy()), wrt=(0, 1)),
    dict(name="misfit_banded", function=misfit_banded, args=lambda: (0.4, U0.copy(), OBS.copy()), wrt=(0, 1)),
]
