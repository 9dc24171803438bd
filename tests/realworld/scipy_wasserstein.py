# Ported from scipy/scipy, scipy/stats/_stats_py.py (`wasserstein_distance`, `energy_distance`, `_cdf_distance`, `_validate_distribution`; BSD-3-Clause; https://github.com/scipy/scipy/blob/v1.11.4/scipy/stats/_stats_py.py), verbatim without the docstrings: the distance between two empirical distributions by sorting (`np.argsort`, in-place `all_values.sort(kind='mergesort')`), `np.diff`, the method `searchsorted(..., 'right')`, and `np.cumsum` of sorted weights.
import numpy as np


def wasserstein_distance(u_values, v_values, u_weights=None, v_weights=None):
    return _cdf_distance(1, u_values, v_values, u_weights, v_weights)


def energy_distance(u_values, v_values, u_weights=None, v_weights=None):
    return np.sqrt(2) * _cdf_distance(2, u_values, v_values,
                                      u_weights, v_weights)


def _cdf_distance(p, u_values, v_values, u_weights=None, v_weights=None):
    u_values, u_weights = _validate_distribution(u_values, u_weights)
    v_values, v_weights = _validate_distribution(v_values, v_weights)

    u_sorter = np.argsort(u_values)
    v_sorter = np.argsort(v_values)

    all_values = np.concatenate((u_values, v_values))
    all_values.sort(kind='mergesort')

    # Compute the differences between pairs of successive values of u and v.
    deltas = np.diff(all_values)

    # Get the respective positions of the values of u and v among the values of
    # both distributions.
    u_cdf_indices = u_values[u_sorter].searchsorted(all_values[:-1], 'right')
    v_cdf_indices = v_values[v_sorter].searchsorted(all_values[:-1], 'right')

    # Calculate the CDFs of u and v using their weights, if specified.
    if u_weights is None:
        u_cdf = u_cdf_indices / u_values.size
    else:
        u_sorted_cumweights = np.concatenate(([0],
                                              np.cumsum(u_weights[u_sorter])))
        u_cdf = u_sorted_cumweights[u_cdf_indices] / u_sorted_cumweights[-1]

    if v_weights is None:
        v_cdf = v_cdf_indices / v_values.size
    else:
        v_sorted_cumweights = np.concatenate(([0],
                                              np.cumsum(v_weights[v_sorter])))
        v_cdf = v_sorted_cumweights[v_cdf_indices] / v_sorted_cumweights[-1]

    # Compute the value of the integral based on the CDFs.
    # If p = 1 or p = 2, we avoid using np.power, which introduces an overhead
    # of about 15%.
    if p == 1:
        return np.sum(np.multiply(np.abs(u_cdf - v_cdf), deltas))
    if p == 2:
        return np.sqrt(np.sum(np.multiply(np.square(u_cdf - v_cdf), deltas)))
    return np.power(np.sum(np.multiply(np.power(np.abs(u_cdf - v_cdf), p),
                                       deltas)), 1/p)


def _validate_distribution(values, weights):
    # Validate the value array.
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        raise ValueError("Distribution can't be empty.")

    # Validate the weight array, if specified.
    if weights is not None:
        weights = np.asarray(weights, dtype=float)
        if len(weights) != len(values):
            raise ValueError('Value and weight array-likes for the same '
                             'empirical distribution must be of the same size.')
        if np.any(weights < 0):
            raise ValueError('All weights must be non-negative.')
        if not 0 < np.sum(weights) < np.inf:
            raise ValueError('Weight array-like sum must be positive and '
                             'finite. Set as None for an equal distribution of '
                             'weight.')

        return values, weights

    return values, None


# ---- test data: the docstring's examples, values moved apart so no two samples tie
u = np.array([3.4, 3.9, 7.5, 7.8])
v = np.array([4.5, 1.4])
u_w = np.array([1.4, 0.9, 3.1, 7.2])
v_w = np.array([3.2, 3.5])
samples = np.random.RandomState(4).randn(2, 9) + np.array([[0.0], [0.7]])

CASES = [
    dict(name="wasserstein_values", function=wasserstein_distance, args=lambda: (u.copy(), v.copy()), wrt=(0, 1)),
    dict(name="wasserstein_weighted", function=wasserstein_distance,
         args=lambda: (u.copy(), v.copy(), u_w.copy(), v_w.copy()), wrt=(0, 1, 2, 3)),
    dict(name="energy_samples", function=energy_distance, args=lambda: (samples[0].copy(), samples[1].copy()), wrt=(0, 1)),
    dict(name="cdf_distance_p3_weighted", function=_cdf_distance,
         args=lambda: (3, samples[0].copy(), samples[1].copy(), np.linspace(1, 2, 9), None), wrt=(1, 2, 3)),
]
