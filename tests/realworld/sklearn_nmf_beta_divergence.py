# Ported from scikit-learn/scikit-learn, sklearn/decomposition/_nmf.py (BSD 3-clause licence; https://github.com/scikit-learn/scikit-learn/blob/main/sklearn/decomposition/_nmf.py): `_beta_divergence(X, W, H, beta, square_root=False)` (the Frobenius, generalised Kullback-Leibler, Itakura-Saito and general beta losses of non-negative matrix factorisation: `np.atleast_2d`, `WH.ravel()`, masks `indices = X_data > EPSILON`, the masked write `WH_data[WH_data < EPSILON] = EPSILON`, `res += ...`, `res /= ...`, builtin `max(res, 0)`), `_beta_loss_to_float` (a dict from strings, `isinstance`), `trace_dot`, `norm` and `squared_norm` from sklearn/utils/extmath.py; the sparse branches' `sp.issparse(X)` kept (dense data here).
from math import sqrt

import numpy as np
import scipy.sparse as sp

EPSILON = np.finfo(np.float32).eps


def squared_norm(x):
    """Squared Euclidean or Frobenius norm of x.

    Faster than norm(x) ** 2.
    """
    x = np.ravel(x, order="K")
    if np.issubdtype(x.dtype, np.integer):
        raise ValueError(
            "Array must be of floating dtype"
        )
    return np.dot(x, x)


def norm(x):
    """Dot product-based Euclidean norm implementation.

    See: http://fa.bianp.net/blog/2011/computing-the-vector-norm/
    """
    return sqrt(squared_norm(x))


def trace_dot(X, Y):
    """Trace of np.dot(X, Y.T)."""
    return np.dot(X.ravel(), Y.ravel())


def _beta_divergence(X, W, H, beta, square_root=False):
    """Compute the beta-divergence of X and dot(W, H).
    """
    beta = _beta_loss_to_float(beta)

    # The method can be called with scalars
    if not sp.issparse(X):
        X = np.atleast_2d(X)
    W = np.atleast_2d(W)
    H = np.atleast_2d(H)

    # Frobenius norm
    if beta == 2:
        # Avoid the creation of the dense np.dot(W, H) if X is sparse.
        if sp.issparse(X):
            norm_X = np.dot(X.data, X.data)
            norm_WH = trace_dot(np.linalg.multi_dot([W.T, W, H]), H)
            cross_prod = trace_dot((X @ H.T), W)
            res = (norm_X + norm_WH - 2.0 * cross_prod) / 2.0
        else:
            res = squared_norm(X - np.dot(W, H)) / 2.0

        if square_root:
            return np.sqrt(res * 2)
        else:
            return res

    if sp.issparse(X):
        # compute np.dot(W, H) only where X is nonzero
        WH_data = _special_sparse_dot(W, H, X).data
        X_data = X.data
    else:
        WH = np.dot(W, H)
        WH_data = WH.ravel()
        X_data = X.ravel()

    # do not affect the zeros: here 0 ** (-1) = 0 and not infinity
    indices = X_data > EPSILON
    WH_data = WH_data[indices]
    X_data = X_data[indices]

    # used to avoid division by zero
    WH_data[WH_data < EPSILON] = EPSILON

    # generalized Kullback-Leibler divergence
    if beta == 1:
        # fast and memory efficient computation of np.sum(np.dot(W, H))
        sum_WH = np.dot(np.sum(W, axis=0), np.sum(H, axis=1))
        # computes np.sum(X * log(X / WH)) only where X is nonzero
        div = X_data / WH_data
        res = np.dot(X_data, np.log(div))
        # add full np.sum(np.dot(W, H)) - np.sum(X)
        res += sum_WH - X_data.sum()

    # Itakura-Saito divergence
    elif beta == 0:
        div = X_data / WH_data
        res = np.sum(div) - np.prod(X.shape) - np.sum(np.log(div))

    # beta-divergence, beta not in (0, 1, 2)
    else:
        if sp.issparse(X):
            # slow loop, but memory efficient computation of :
            # np.sum(np.dot(W, H) ** beta)
            sum_WH_beta = 0
            for i in range(X.shape[1]):
                sum_WH_beta += np.sum(np.dot(W, H[:, i]) ** beta)

        else:
            sum_WH_beta = np.sum(WH**beta)

        sum_X_WH = np.dot(X_data, WH_data ** (beta - 1))
        res = (X_data**beta).sum() - beta * sum_X_WH
        res += sum_WH_beta * (beta - 1)
        res /= beta * (beta - 1)

    if square_root:
        res = max(res, 0)  # avoid negative number due to rounding errors
        return np.sqrt(2 * res)
    else:
        return res


def _special_sparse_dot(W, H, X):
    """Computes np.dot(W, H), only where X is non zero."""
    if sp.issparse(X):
        ii, jj = X.nonzero()
        n_vals = ii.shape[0]
        dot_vals = np.empty(n_vals)
        n_components = W.shape[1]

        batch_size = max(n_components, n_vals // n_components)
        for start in range(0, n_vals, batch_size):
            batch = slice(start, start + batch_size)
            dot_vals[batch] = np.multiply(W[ii[batch], :], H.T[jj[batch], :]).sum(
                axis=1
            )

        WH = sp.coo_matrix((dot_vals, (ii, jj)), shape=X.shape)
        return WH.tocsr()
    else:
        return np.dot(W, H)


def _beta_loss_to_float(beta_loss):
    """Convert string beta_loss to float."""
    beta_loss_map = {"frobenius": 2, "kullback-leibler": 1, "itakura-saito": 0}
    if isinstance(beta_loss, str):
        beta_loss = beta_loss_map[beta_loss]
    return beta_loss


# ---- test wrappers: the loss NMF's solvers minimise, as a function of the factors

def frobenius(W, H, X):
    return _beta_divergence(X, W, H, "frobenius", square_root=True)


def kullback_leibler(W, H, X):
    return _beta_divergence(X, W, H, "kullback-leibler")


def itakura_saito(W, H, X):
    return _beta_divergence(X, W, H, 0)


def beta_half(W, H, X):
    return _beta_divergence(X, W, H, 0.5, square_root=True)


def factors():
    rng = np.random.RandomState(42)
    X = np.abs(rng.randn(6, 5))
    X[X < 0.3] = 0.0                       # zeros the losses skip
    W = np.abs(rng.randn(6, 2)) + 0.1
    H = np.abs(rng.randn(2, 5)) + 0.1
    return W, H, X


CASES = [
    dict(name="frobenius", function=frobenius, args=factors, wrt=(0, 1)),
    dict(name="kullback_leibler", function=kullback_leibler, args=factors, wrt=(0, 1)),
    dict(name="itakura_saito", function=itakura_saito, args=factors, wrt=(0, 1)),
    dict(name="beta_half", function=beta_half, args=factors, wrt=(0, 1)),
]
