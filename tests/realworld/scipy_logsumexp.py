# Ported from scipy/scipy 1.10, scipy/special/_logsumexp.py (`logsumexp`, `softmax`, `log_softmax`).
import numpy as np


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """Compute the log of the sum of exponentials of input elements."""
    a = np.asarray(a)
    if b is not None:
        a, b = np.broadcast_arrays(a, b)
        if np.any(b == 0):
            a = a + 0.  # promote to at least float
            a[b == 0] = -np.inf

    a_max = np.amax(a, axis=axis, keepdims=True)

    if a_max.ndim > 0:
        a_max[~np.isfinite(a_max)] = 0
    elif not np.isfinite(a_max):
        a_max = 0

    if b is not None:
        b = np.asarray(b)
        tmp = b * np.exp(a - a_max)
    else:
        tmp = np.exp(a - a_max)

    # suppress warnings about log of zero
    with np.errstate(divide='ignore'):
        s = np.sum(tmp, axis=axis, keepdims=keepdims)
        if return_sign:
            sgn = np.sign(s)
            s *= sgn  # /= makes more sense but we need zero -> zero
        out = np.log(s)

    if not keepdims:
        a_max = np.squeeze(a_max, axis=axis)
    out += a_max

    if return_sign:
        return out, sgn
    else:
        return out


def softmax(x, axis=None):
    """Compute the softmax function."""
    x_max = np.amax(x, axis=axis, keepdims=True)
    exp_x_shifted = np.exp(x - x_max)
    return exp_x_shifted / np.sum(exp_x_shifted, axis=axis, keepdims=True)


def log_softmax(x, axis=None):
    """Compute the logarithm of the softmax function."""
    x = np.asarray(x)

    x_max = np.amax(x, axis=axis, keepdims=True)

    if x_max.ndim > 0:
        x_max[~np.isfinite(x_max)] = 0
    elif not np.isfinite(x_max):
        x_max = 0

    tmp = x - x_max
    exp_tmp = np.exp(tmp)

    # suppress warnings about log of zero
    with np.errstate(divide='ignore'):
        s = np.sum(exp_tmp, axis=axis, keepdims=True)
        out = np.log(s)

    out = tmp - out
    return out


def lse_rows(a):
    # test wrapper: row-wise log-sum-exp, summed
    return np.sum(logsumexp(a, axis=1))


def lse_weighted(a, b):
    # test wrapper: the `b=` scaling with a zero weight and the sign returned
    out, sgn = logsumexp(a, b=b, return_sign=True)
    return out * sgn


def nll(logits, labels):
    # test wrapper: a classifier's negative log-likelihood from log_softmax, and softmax's entropy
    logp = log_softmax(logits, axis=-1)
    p = softmax(logits, axis=-1)
    return -np.sum(logp[np.arange(len(labels)), labels]) - np.sum(p * logp)


rs = np.random.RandomState(1)
A = rs.randn(4, 5)

CASES = [
    dict(name="lse_all", function=logsumexp, args=lambda: (A.copy(),)),
    dict(name="lse_rows", function=lse_rows, args=lambda: (A.copy(),)),
    dict(name="lse_weighted", function=lse_weighted, args=lambda: (A[0].copy(), np.array([1., 0., 2., -0.5, 1.]))),
    dict(name="nll", function=nll, args=lambda: (A.copy(), np.array([0, 4, 2, 1]))),
]
