# Written for this corpus (p1) in the style of ISTA / LISTA code (Beck & Teboulle's ISTA; Gregor & LeCun's learned ISTA unrolled as a network): the soft-threshold `np.sign(x) * np.maximum(np.abs(x) - t, 0)`, the step from the Lipschitz constant `np.linalg.norm(D, 2) ** 2`, a fixed number of unrolled iterations in a `while` loop with a counter, and the reconstruction loss of the unrolled codes as a function of the dictionary.
import numpy as np


def soft_threshold(x, t):
    return np.sign(x) * np.maximum(np.abs(x) - t, 0.0)


def ista(D, y, lam=0.1, n_iter=30):
    L = np.linalg.norm(D, 2) ** 2
    x = np.zeros(D.shape[1])
    k = 0
    while k < n_iter:
        x = soft_threshold(x + D.T @ (y - D @ x) / L, lam / L)
        k += 1
    return x


def lista(W_e, S, theta, y, n_layers=4):
    b = W_e @ y
    z = soft_threshold(b, theta)
    for _ in range(n_layers):
        z = soft_threshold(b + S @ z, theta)
    return z


def dictionary_loss(D, Y, lam=0.1):
    total = 0.0
    for y in Y:
        x = ista(D, y, lam)
        total += 0.5 * np.sum((y - D @ x) ** 2) + lam * np.sum(np.abs(x))
    return total / len(Y)


def lista_loss(W_e, S, theta, Y, X_target):
    return sum(np.sum((lista(W_e, S, theta, y) - x) ** 2) for y, x in zip(Y, X_target))


rs = np.random.RandomState(14)
D0 = rs.randn(5, 8)
D0 /= np.linalg.norm(D0, axis=0)
Y0 = rs.randn(3, 5)
X_T = rs.randn(3, 8) * (rs.rand(3, 8) > 0.6)

CASES = [
    dict(name="dictionary", function=dictionary_loss, args=lambda: (D0.copy(), Y0.copy())),
    dict(name="lista", function=lista_loss,
         args=lambda: (0.3 * D0.T.copy(), np.eye(8) - 0.3 * D0.T @ D0, 0.05, Y0.copy(), X_T.copy()), wrt=(0, 1, 2)),
]
