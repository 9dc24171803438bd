"""Arrays filled item by item in a loop, the shapes opt/array_writes.py, opt/item_stores.py and
opt/tape_pairs.py work on (tests/benchmarks/item_writes.py times them): an array filled, a
running sum stored, a recurrence reading the item before, a kernel matrix by a double loop."""
import numpy as np


def filled(x):
    out = np.zeros(len(x))
    for i in range(len(x)):
        out[i] = np.sin(x[i]) * 2
    return np.sum(out ** 2)


def running_sum(x):
    out = np.zeros(len(x))
    s = 0.0
    for i in range(len(x)):
        s = s + x[i]
        out[i] = s
    return np.sum(out ** 2)


def recurrence(x):
    out = np.zeros(len(x))
    out[0] = x[0]
    for i in range(1, len(x)):
        out[i] = 0.9 * out[i - 1] + x[i]
    return np.sum(out ** 2)


def kernel(x):
    n = len(x)
    K = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            K[i, j] = np.exp(-(x[i] - x[j]) ** 2)
    return np.sum(K)


def weighted_kernel(x):
    """``kernel``'s matrix weighted by ``x xᵀ``."""
    n = len(x)
    K = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            K[i, j] = np.exp(-(x[i] - x[j]) ** 2)
    return np.sum(K * np.outer(x, x))


def added(x):
    out = np.ones(len(x))
    for i in range(len(x)):
        out[i] += np.cos(x[i])
    return np.sum(out ** 3)


def rows(x):
    out = np.zeros((3, len(x)))
    for i in range(3):
        out[i, :] = x * (i + 1)
    return np.sum(np.sin(out))


def while_loop(x):
    out = np.zeros(len(x))
    i = 0
    while i < len(x):
        out[i] = np.tanh(x[i])
        i += 1
    return np.sum(out * x)
