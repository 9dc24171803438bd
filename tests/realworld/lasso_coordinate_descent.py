# Written for this corpus (p2) in the style of scikit-learn's `cd_fast.enet_coordinate_descent` written out in NumPy (as in Hastie, Tibshirani & Wainwright's "Statistical Learning with Sparsity" and Sebastian Raschka's notes): a residual `R` updated in place with `R += X[:, j] * w[j]`, `soft_threshold` with `np.sign(x) * max(abs(x) - t, 0)`, a fixed number of sweeps, and a validation loss of the fitted coefficients differentiated in the training targets and the penalty (hyper-gradient).
import numpy as np


def soft_threshold(x, t):
    return np.sign(x) * max(abs(x) - t, 0.0)


def enet_coordinate_descent(X, y, alpha, l1_ratio=0.7, n_sweeps=30):
    n_samples, n_features = X.shape
    w = np.zeros(n_features)
    l1_reg = alpha * l1_ratio * n_samples
    l2_reg = alpha * (1.0 - l1_ratio) * n_samples
    norm_cols_X = (X ** 2).sum(axis=0)
    R = y - X @ w
    for n_iter in range(n_sweeps):
        for ii in range(n_features):
            w_ii = w[ii]
            if w_ii != 0.0:
                R += X[:, ii] * w_ii
            tmp = np.dot(X[:, ii], R)
            w[ii] = soft_threshold(tmp, l1_reg) / (norm_cols_X[ii] + l2_reg)
            if w[ii] != 0.0:
                R -= X[:, ii] * w[ii]
    return w


rng = np.random.RandomState(0)
X_TRAIN = rng.randn(20, 5)
W_TRUE = np.array([1.5, 0.0, -2.0, 0.0, 0.5])
Y_TRAIN = X_TRAIN @ W_TRUE + 0.3 * rng.randn(20)
X_VAL = rng.randn(10, 5)
Y_VAL = X_VAL @ W_TRUE + 0.3 * rng.randn(10)


def validation_loss(y, alpha):
    w = enet_coordinate_descent(X_TRAIN, y, alpha)
    return np.mean((X_VAL @ w - Y_VAL) ** 2)


CASES = [
    dict(name="validation_loss", function=validation_loss, args=lambda: (Y_TRAIN.copy(), 0.05), wrt=(0, 1)),
]
