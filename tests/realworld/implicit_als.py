# Written for this corpus (p1) in the style of Hu, Koren & Volinsky's implicit-feedback ALS as tutorials write it (Ben Frederickson's `implicit` explained, Jesse Steinweg-Woods' "ALS Implicit Collaborative Filtering"): confidence `C = 1 + alpha * R`, preference `P = R > 0`, each user's factor a `np.linalg.solve` of `YtY + Yt (Cu - I) Y + lambda I`, one sweep of users then items.
import numpy as np


def least_squares_cg_free(Cui, X, Y, regularization):
    """Solve for X with Y fixed (the explicit, readable version from the tutorials)."""
    users, factors = X.shape
    YtY = Y.T @ Y
    new_X = np.zeros_like(X)
    for u in range(users):
        Cu = Cui[u]
        Pu = (Cu > 0).astype(float)
        Cu_diag = np.diag(1.0 + Cu)
        A = YtY + Y.T @ (Cu_diag - np.eye(len(Cu))) @ Y + regularization * np.eye(factors)
        b = Y.T @ Cu_diag @ Pu
        new_X[u] = np.linalg.solve(A, b)
    return new_X


def implicit_loss(Cui, X, Y, regularization):
    P = (Cui > 0).astype(float)
    C = 1.0 + Cui
    err = P - X @ Y.T
    return np.sum(C * err ** 2) + regularization * (np.sum(X ** 2) + np.sum(Y ** 2))


def als_sweep_loss(Y, Cui, alpha=4.0, regularization=0.1):
    # test wrapper: one alternating sweep starting from the item factors, then the objective
    C = alpha * Cui
    X = least_squares_cg_free(C, np.zeros((Cui.shape[0], Y.shape[1])), Y, regularization)
    Y_new = least_squares_cg_free(C.T, Y, X, regularization)
    return implicit_loss(C, X, Y_new, regularization)


R = np.array([[1, 0, 0, 3, 0],
              [0, 2, 0, 0, 1],
              [4, 0, 1, 0, 0],
              [0, 0, 0, 2, 5]], dtype=float)
Y0 = np.random.RandomState(2).rand(5, 2)

CASES = [
    dict(name="als_sweep", function=als_sweep_loss, args=lambda: (Y0.copy(), R.copy())),
    dict(name="implicit_loss", function=lambda X, Y: implicit_loss(4.0 * R, X, Y, 0.1),
         args=lambda: (np.random.RandomState(5).rand(4, 2), Y0.copy()), wrt=(0, 1)),
]
