# Ported from scikit-learn 1.3, sklearn/linear_model/_ridge.py (`_solve_cholesky`), with the ridge objective it minimises.
import numpy as np
from scipy import linalg


def safe_sparse_dot(a, b, *, dense_output=False):
    # (the dense branch of sklearn.utils.extmath.safe_sparse_dot)
    return a @ b


def _solve_cholesky(X, y, alpha):
    # w = inv(X^t X + alpha*Id) * X.T y
    n_features = X.shape[1]
    n_targets = y.shape[1]

    A = safe_sparse_dot(X.T, X, dense_output=True)
    Xy = safe_sparse_dot(X.T, y, dense_output=True)

    one_alpha = np.array_equal(alpha, len(alpha) * [alpha[0]])

    if one_alpha:
        A.flat[:: n_features + 1] += alpha[0]
        return linalg.solve(A, Xy, assume_a="pos", overwrite_a=True).T
    else:
        coefs = np.empty([n_targets, n_features], dtype=X.dtype)
        for coef, target, current_alpha in zip(coefs, Xy.T, alpha):
            A.flat[:: n_features + 1] += current_alpha
            coef[:] = linalg.solve(A, target, assume_a="pos", overwrite_a=False).ravel()
            A.flat[:: n_features + 1] -= current_alpha
        return coefs


def validation_error(alpha, X, y, X_val, y_val):
    # test wrapper: held-out squared error of the ridge solution, as a function of the penalties
    # (the objective of a hyper-parameter search); `alpha` has one entry per target
    coef = _solve_cholesky(X, y, alpha)
    return np.sum((X_val @ coef.T - y_val) ** 2)


def coef_sum(X, y, alpha):
    # test wrapper: the solution as a function of the data
    return np.sum(_solve_cholesky(X, y, alpha) ** 2)


rs = np.random.RandomState(0)
X_train, X_held = rs.randn(12, 4), rs.randn(5, 4)
true = rs.randn(4, 2)
y_train = X_train @ true + 0.1 * rs.randn(12, 2)
y_held = X_held @ true + 0.1 * rs.randn(5, 2)

CASES = [
    # (one penalty for every target takes the `one_alpha` branch, where only alpha[0] is read:
    # differentiated w.r.t. the training data, not the penalties)
    dict(name="one_alpha", function=validation_error,
         args=lambda: (np.array([0.5, 0.5]), X_train.copy(), y_train, X_held, y_held), wrt=(1,)),
    dict(name="alpha_per_target", function=validation_error,
         args=lambda: (np.array([0.5, 2.0]), X_train, y_train, X_held, y_held)),
    dict(name="coef_of_data", function=coef_sum, args=lambda: (X_train.copy(), y_train, np.array([1.0, 1.0]))),
]
