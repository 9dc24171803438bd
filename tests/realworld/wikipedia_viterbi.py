# Ported from Wikipedia, "Viterbi algorithm", section "Implementation" (the NumPy version of the 2019-2022 revisions; https://en.wikipedia.org/wiki/Viterbi_algorithm): `viterbi(y, A, B, Pi=None)` with the conditional default `Pi = Pi if Pi is not None else np.full(K, 1 / K)`, tracking tables made by `np.empty((K, T), 'd')` and `np.empty((K, T), 'B')` (a dtype by its character code), the vectorised recursion `T1[:, i] = np.max(T1[:, i - 1] * A.T * B[np.newaxis, :, y[i]].T, 1)`, `np.argmax(..., 1)`, and the backtracking `for i in reversed(range(1, T)): x[i - 1] = T2[x[i], i]` indexing with a `uint8` array's items, verbatim. The example model is the article's "healthy/fever" one (two states, three observations). The derivatives are those of the most likely path's probability w.r.t. the model.
import numpy as np


def viterbi(y, A, B, Pi=None):
    """
    Return the MAP estimate of state trajectory of Hidden Markov Model.

    Parameters
    ----------
    y : array (T,)
        Observation state sequence. int dtype.
    A : array (K, K)
        State transition matrix. See HiddenMarkovModel.state_transition  for
        details.
    B : array (K, M)
        Emission matrix. See HiddenMarkovModel.emission for details.
    Pi: optional, (K,)
        Initial state probabilities: Pi[i] is the probability x[0] == i. If
        None, uniform initial distribution is assumed (Pi[:] == 1/K).

    Returns
    -------
    x : array (T,)
        Maximum a posteriori probability estimate of hidden state trajectory,
        conditioned on observation sequence y under the model parameters A, B,
        Pi.
    T1: array (K, T)
        the probability of the most likely path so far
    T2: array (K, T)
        the x_j-1 of the most likely path so far
    """
    # Cardinality of the state space
    K = A.shape[0]
    # Initialize the priors with default (uniform dist) if not given by caller
    Pi = Pi if Pi is not None else np.full(K, 1 / K)
    T = len(y)
    T1 = np.empty((K, T), 'd')
    T2 = np.empty((K, T), 'B')

    # Initilaize the tracking tables from first observation
    T1[:, 0] = Pi * B[:, y[0]]
    T2[:, 0] = 0

    # Iterate throught the observations updating the tracking tables
    for i in range(1, T):
        T1[:, i] = np.max(T1[:, i - 1] * A.T * B[np.newaxis, :, y[i]].T, 1)
        T2[:, i] = np.argmax(T1[:, i - 1] * A.T, 1)

    # Build the output, optimal model trajectory
    x = np.empty(T, 'B')
    x[-1] = np.argmax(T1[:, T - 1])
    for i in reversed(range(1, T)):
        x[i - 1] = T2[x[i], i]

    return x, T1, T2


# The article's example: states ("Healthy", "Fever"), observations ("normal", "cold", "dizzy").
obs = np.array([0, 1, 2, 1, 0])
start_p = np.array([0.6, 0.4])
trans_p = np.array([[0.7, 0.3],
                    [0.4, 0.6]])
emit_p = np.array([[0.5, 0.4, 0.1],
                   [0.1, 0.3, 0.6]])


def map_path_probability(A, B, Pi):
    # test wrapper: the probability of the most likely path, the last column's entry at x[-1]
    x, T1, T2 = viterbi(obs, A, B, Pi)
    return T1[x[-1], -1]


def uniform_prior_probability(A, B):
    # test wrapper: the same with the default (uniform) initial distribution
    x, T1, T2 = viterbi(obs, A, B)
    return np.log(T1[:, -1].max())


def path_table_sum(A, B, Pi):
    # test wrapper: the probabilities along the decoded path, one per time step
    x, T1, T2 = viterbi(obs, A, B, Pi)
    return np.sum(T1[x, np.arange(len(obs))])


CASES = [
    dict(name="map_path_probability", function=map_path_probability, wrt=(0, 1, 2),
         args=lambda: (trans_p.copy(), emit_p.copy(), start_p.copy())),
    dict(name="uniform_prior", function=uniform_prior_probability, wrt=(0, 1),
         args=lambda: (trans_p.copy(), emit_p.copy())),
    dict(name="path_table_sum", function=path_table_sum, wrt=(0, 1, 2),
         args=lambda: (trans_p.copy(), emit_p.copy(), start_p.copy())),
]
