# Ported from scipy/scipy, scipy/stats/_entropy.py (`entropy` as of SciPy 1.9, before the array-API rewrite): `pk = np.asarray(pk)`, `1.0*pk / np.sum(pk, axis=axis, keepdims=True)`, `special.entr` or, given `qk`, `np.broadcast_arrays(pk, qk)` and `special.rel_entr`, `S /= np.log(base)`; and `differential_entropy`'s Vasicek estimator (`_pad_along_last_axis`, `np.sort`, `np.moveaxis`) on samples.
import numpy as np
from scipy import special


def entropy(pk, qk=None, base=None, axis=0):
    """Calculate the entropy of a distribution for given probability values.

    If only probabilities `pk` are given, the entropy is calculated as
    ``S = -sum(pk * log(pk), axis=axis)``.

    If `qk` is not None, then compute the Kullback-Leibler divergence
    ``S = sum(pk * log(pk / qk), axis=axis)``.
    """
    if base is not None and base <= 0:
        raise ValueError("`base` must be a positive number or `None`.")

    pk = np.asarray(pk)
    pk = 1.0*pk / np.sum(pk, axis=axis, keepdims=True)
    if qk is None:
        vec = special.entr(pk)
    else:
        qk = np.asarray(qk)
        pk, qk = np.broadcast_arrays(pk, qk)
        qk = 1.0*qk / np.sum(qk, axis=axis, keepdims=True)
        vec = special.rel_entr(pk, qk)
    S = np.sum(vec, axis=axis)
    if base is not None:
        S /= np.log(base)
    return S


def _pad_along_last_axis(X, m):
    """Pad the data for computing the rolling window difference."""
    # scales a  bit better than method in _vasicek_like_entropy
    shape = np.array(X.shape)
    shape[-1] = m
    Xl = np.broadcast_to(X[..., [0]], shape)  # [0] vs 0 to maintain shape
    Xr = np.broadcast_to(X[..., [-1]], shape)
    return np.concatenate((Xl, X, Xr), axis=-1)


def _vasicek_entropy(X, m):
    """Compute the Vasicek estimator as described in [6] Eq. 1.3."""
    n = X.shape[-1]
    X = _pad_along_last_axis(X, m)
    differences = X[..., 2 * m:] - X[..., : -2 * m:]
    logs = np.log(n/(2*m) * differences)
    return np.mean(logs, axis=-1)


def differential_entropy(values, window_length=None, base=None, axis=0):
    """Given a sample of a distribution, estimate the differential entropy
    (the Vasicek method only)."""
    values = np.asarray(values)
    values = np.moveaxis(values, axis, -1)
    n = values.shape[-1]  # number of observations

    if window_length is None:
        window_length = np.floor(np.sqrt(n) + 0.5)

    if not 2 <= 2 * window_length < n:
        raise ValueError(
            f"Window length ({window_length}) must be positive and less "
            f"than half the sample size ({n}).",
        )

    if base is not None and base <= 0:
        raise ValueError("`base` must be a positive number or `None`.")

    sorted_data = np.sort(values, axis=-1)

    res = _vasicek_entropy(sorted_data, int(window_length))

    if base is not None:
        res /= np.log(base)

    return res


# test wrappers: a scalar from each spelling

def kl_divergence_bits(pk, qk):
    return entropy(pk, qk, base=2)


def column_entropies(pk):
    return np.sum(entropy(pk, axis=0) * np.array([1.0, 2.0, 3.0]))


def broadcast_kl(pk, qk):
    return np.sum(entropy(pk, qk, axis=1))


def vasicek(values):
    return differential_entropy(values)


_samples = np.random.RandomState(7).randn(16)

CASES = [
    dict(name="entropy_natural", function=entropy, args=lambda: (np.array([0.2, 0.3, 0.5, 1.0]),)),
    dict(name="kl_base_2", function=kl_divergence_bits, wrt=(0, 1),
         args=lambda: (np.array([0.1, 0.4, 0.5]), np.array([0.3, 0.3, 0.4]))),
    dict(name="columns", function=column_entropies, args=lambda: (np.array([[1.0, 2.0, 0.5], [3.0, 1.0, 0.5]]),)),
    dict(name="kl_broadcast_rows", function=broadcast_kl, wrt=(0, 1),
         args=lambda: (np.array([[0.1, 0.4, 0.5], [0.6, 0.2, 0.2]]), np.array([0.3, 0.3, 0.4]))),
    dict(name="differential_vasicek", function=vasicek, args=lambda: (_samples.copy(),)),
]
