# Written for this corpus (i5) in the style of a control-theory script: a discretised linear system via scipy.linalg.expm, slogdet and eigh.
import numpy as np
from scipy.linalg import expm


def discretise(A, B, dt):
    n, m = B.shape
    M = np.zeros((n + m, n + m))
    M[:n, :n] = A * dt
    M[:n, n:] = B * dt
    E = expm(M)
    return E[:n, :n], E[:n, n:]


def rollout_cost(theta, x0, T=5):
    A = np.array([[0.0, 1.0], [-theta[0], -theta[1]]])
    B = np.array([[0.0], [1.0]])
    Ad, Bd = discretise(A, B, 0.1)
    x = x0
    cost = 0.0
    for k in range(T):
        u = np.array([np.sin(k)])
        x = Ad @ x + Bd @ u
        cost += x @ x
    return cost


def gaussian_entropy(L_flat):
    L = np.tril(L_flat.reshape(3, 3))
    S = L @ L.T + 0.1 * np.eye(3)
    sign, logdet = np.linalg.slogdet(S)
    w, V = np.linalg.eigh(S)
    return 0.5 * logdet + np.sum(np.log(w)) * 0.1 + V[0, 0] ** 2


CASES = [
    dict(name="rollout", function=rollout_cost, args=lambda: (np.array([2.0, 0.5]), np.array([1.0, 0.0])),
         wrt=(0, 1)),
    dict(name="entropy", function=gaussian_entropy,
         args=lambda: (np.array([1.0, 0.0, 0.0, 0.3, 1.2, 0.0, -0.2, 0.4, 0.9]),)),
]
