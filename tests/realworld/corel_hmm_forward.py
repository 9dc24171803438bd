# Ported from MachineLearningLifeScience/corel, src/corel/weightings/hmm/hmm_forward.py (Simon Bartels; MIT licence; https://github.com/MachineLearningLifeScience/corel/blob/main/src/corel/weightings/hmm/hmm_forward.py): the scaled HMM forward recursion `forward(s0, T, em, y)` (row writes `Alpha[t, :] = (Alpha[t-1, :] @ T) * em[:, y[t]].T`, normalisers `c[t]`, in-place `Alpha[t, :] /= c[t]`) and the unscaled `_forward_instable` (`c[1:] /= c[:-1]`), verbatim; the observation log-likelihood `sum(log c)` is the test wrapper's.
import numpy as np


def forward(s0, T, em, y):
    # TODO: this implementation could maybe be numerically more stable by switching to log-values?
    L = y.shape[0]
    N = em.shape[0]
    # TODO: in this implementation we could save (quite a bit) of memory here!
    Alpha = np.zeros((L, N))
    c = np.zeros(L)
    Alpha[0, :] = s0.reshape((N, )) * em[:, y[0]].T
    c[0] = np.sum(Alpha[0, :])
    Alpha[0, :] /= c[0]
    for t in range(1, L):
        Alpha[t, :] = (Alpha[t-1, :] @ T) * em[:, y[t]].T
        c[t] = np.sum(Alpha[t, :])
        Alpha[t, :] /= c[t]
    return Alpha, c.reshape(-1, 1)


def _forward_instable(s0, T, em, y):
    L = y.shape[0]
    N = em.shape[0]
    Alpha = np.zeros((L, N))
    Alpha[0, :] = s0.reshape((N, )) * em[:, y[0]].T
    for t in range(1, L):
        Alpha[t, :] = (Alpha[t-1, :] @ T) * em[:, y[t]].T

    # At this point Alpha contains p(x[t]=i,y[:t])
    c = np.sum(Alpha, axis=1)
    # Alpha = np.diag(1. / c) @ Alpha
    # We are supposed to return p(y[t]|y[:t])
    c[1:] /= c[:-1]
    return Alpha, c.reshape(-1, 1)


# ---- test wrappers: log p(y) = sum_t log p(y[t] | y[:t]), and one filtered state probability

def log_likelihood(s0, T, em, y):
    _, c = forward(s0, T, em, y)
    return np.sum(np.log(c))


def log_likelihood_instable(s0, T, em, y):
    _, c = _forward_instable(s0, T, em, y)
    return np.sum(np.log(c))


def last_filtered_state(s0, T, em, y):
    Alpha, _ = forward(s0, T, em, y)
    return Alpha[-1, 0]


def model():
    rng = np.random.RandomState(11)
    N, K = 3, 4
    s0 = rng.dirichlet(np.ones(N))
    T = rng.dirichlet(np.ones(N), size=N)          # rows: p(x[t+1] | x[t])
    em = rng.dirichlet(np.ones(K), size=N)         # rows: p(y | x)
    y = rng.randint(0, K, size=9)
    return s0, T, em, y


CASES = [
    dict(name="log_likelihood", function=log_likelihood, args=model, wrt=(0, 1, 2)),
    dict(name="log_likelihood_instable", function=log_likelihood_instable, args=model, wrt=(1, 2)),
    dict(name="last_filtered_state", function=last_filtered_state, args=model, wrt=(1,)),
]
