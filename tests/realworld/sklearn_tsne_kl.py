# Ported from scikit-learn/scikit-learn, sklearn/manifold/_t_sne.py: `_kl_divergence` (Student-t affinities from scipy's pdist, in-place `/=`, `+=`, `**=`, the hand-written gradient through squareform) and `_joint_probabilities`' symmetrisation.
import numpy as np
from scipy.spatial.distance import pdist, squareform

MACHINE_EPSILON = np.finfo(np.double).eps


def _kl_divergence(
    params,
    P,
    degrees_of_freedom,
    n_samples,
    n_components,
    skip_num_points=0,
    compute_error=True,
):
    """t-SNE objective function: gradient of the KL divergence
    of p_ijs and q_ijs and the absolute error."""
    X_embedded = params.reshape(n_samples, n_components)

    # Q is a heavy-tailed distribution: Student's t-distribution
    dist = pdist(X_embedded, "sqeuclidean")
    dist /= degrees_of_freedom
    dist += 1.0
    dist **= (degrees_of_freedom + 1.0) / -2.0
    Q = np.maximum(dist / (2.0 * np.sum(dist)), MACHINE_EPSILON)

    # Optimization trick below: np.dot(x, y) is faster than
    # np.sum(x * y) because it calls BLAS

    # Objective: C (Kullback-Leibler divergence of P from Q)
    if compute_error:
        kl_divergence = 2.0 * np.dot(P, np.log(np.maximum(P, MACHINE_EPSILON) / Q))
    else:
        kl_divergence = np.nan

    # Gradient: dC/dY
    # pdist always returns double precision distances. Thus we need to take
    grad = np.ndarray((n_samples, n_components), dtype=params.dtype)
    PQd = squareform((P - Q) * dist)
    for i in range(skip_num_points, n_samples):
        grad[i] = np.dot(np.ravel(PQd[i], order="K"), X_embedded[i] - X_embedded)
    grad = grad.ravel()
    c = 2.0 * (degrees_of_freedom + 1.0) / degrees_of_freedom
    grad *= c

    return kl_divergence, grad


n_samples, n_components = 6, 2
rs = np.random.RandomState(0)
conditional_P = rs.uniform(0.1, 1.0, size=(n_samples, n_samples))
np.fill_diagonal(conditional_P, 0.0)
conditional_P /= conditional_P.sum(axis=1, keepdims=True)
P = conditional_P + conditional_P.T
sum_P = np.maximum(np.sum(P), MACHINE_EPSILON)
P = np.maximum(squareform(P) / sum_P, MACHINE_EPSILON)


def kl(params):
    # test wrapper: the objective _kl_divergence returns (its own gradient is the second output)
    kl_divergence, grad = _kl_divergence(params, P, 1.0, n_samples, n_components)
    return kl_divergence


CASES = [
    dict(name="kl", function=kl, args=lambda: (np.random.RandomState(1).randn(n_samples * n_components),),
         reference=lambda params: _kl_divergence(params, P, 1.0, n_samples, n_components)[1]),
]
