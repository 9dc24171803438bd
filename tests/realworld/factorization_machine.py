# Written for this corpus (p2) in the style of Rendle's factorization machine (ICDM 2010, Lemma 3.1's O(kn) pairwise term) as implemented in the NumPy tutorials that accompany fastFM/pyFM: `w0`, `w`, `V` in a dict, the pairwise term `0.5 * sum((xV)^2 - (x^2)(V^2))`, logistic loss over a design matrix with one-hot blocks, L2 by a generator over the dict's values.
import numpy as np

rng = np.random.RandomState(3)
N_USERS, N_ITEMS = 4, 5
ROWS = [(0, 1, 1), (0, 3, 0), (1, 1, 1), (1, 4, 0), (2, 0, 1), (2, 2, 1), (3, 3, 0), (3, 4, 1)]


def one_hot_design(rows):
    X = np.zeros((len(rows), N_USERS + N_ITEMS))
    y = np.zeros(len(rows))
    for n, (u, i, r) in enumerate(rows):
        X[n, u] = 1.0
        X[n, N_USERS + i] = 1.0
        y[n] = 1.0 if r else -1.0
    return X, y


X, Y = one_hot_design(ROWS)


def fm_predict(params, X):
    linear = params["w0"] + X @ params["w"]
    XV = X @ params["V"]
    pairwise = 0.5 * np.sum(XV ** 2 - (X ** 2) @ (params["V"] ** 2), axis=1)
    return linear + pairwise


def fm_predict_naive(params, x):
    n = len(x)
    y = params["w0"] + np.dot(params["w"], x)
    for i in range(n):
        for j in range(i + 1, n):
            y += np.dot(params["V"][i], params["V"][j]) * x[i] * x[j]
    return y


def fm_loss(params, X=X, y=Y, reg=0.01):
    margins = y * fm_predict(params, X)
    loss = np.mean(np.log1p(np.exp(-margins)))
    return loss + reg * sum(np.sum(p ** 2) for p in params.values())


def naive_sum(params, x):
    return fm_predict_naive(params, x)


def init():
    return {"w0": 0.1, "w": rng.normal(0, 0.1, N_USERS + N_ITEMS), "V": np.random.RandomState(5).normal(0, 0.3, (N_USERS + N_ITEMS, 3))}


P0 = init()

CASES = [
    dict(name="fm_loss", function=fm_loss, args=lambda: ({k: np.copy(v) if k != "w0" else v for k, v in P0.items()},)),
    dict(name="naive_pairwise", function=naive_sum, args=lambda: ({k: np.copy(v) if k != "w0" else v for k, v in P0.items()}, X[2].copy() + 0.3), wrt=(0, 1)),
]
