# Ported from Meinard Müller's "Fundamentals of Music Processing" notebooks (FMP, audiolabs-erlangen.de; MIT licence; https://www.audiolabs-erlangen.de/resources/MIR/FMP/C5/C5S3_Viterbi.html), C5/C5S3_Viterbi.ipynb: `viterbi(A, C, B, O)` (the accumulated probability matrix `D`, backtracking matrix `E`, nested loops over frames and states, `np.max(temp_product)`, `np.argmax`, the path by backtracking `S_opt[n] = E[int(S_opt[n+1]), n]`) and its log-domain variant `viterbi_log(A, C, B, O)` (`tiny = np.finfo(0.).tiny`, `np.log(A + tiny)`, `astype(np.int32)`), verbatim; the notebook's example HMM (two states, three observation symbols) is the data. The derivatives are those of the best path's (log-)probability w.r.t. the model's probabilities.
import numpy as np


def viterbi(A, C, B, O):
    """Viterbi algorithm for solving the uncovering problem

    Notebook: C5/C5S3_Viterbi.ipynb

    Args:
        A (np.ndarray): State transition probability matrix of dimension I x I
        C (np.ndarray): Initial state distribution  of dimension I
        B (np.ndarray): Output probability matrix of dimension I x K
        O (np.ndarray): Observation sequence of length N

    Returns:
        S_opt (np.ndarray): Optimal state sequence of length N
        D (np.ndarray): Accumulated probability matrix
        E (np.ndarray): Backtracking matrix
    """
    I = A.shape[0]    # Number of states
    N = len(O)  # Length of observation sequence

    # Initialize D and E matrices
    D = np.zeros((I, N))
    E = np.zeros((I, N-1)).astype(np.int32)
    D[:, 0] = np.multiply(C, B[:, O[0]])

    # Compute D and E in a nested loop
    for n in range(1, N):
        for i in range(I):
            temp_product = np.multiply(A[:, i], D[:, n-1])
            D[i, n] = np.max(temp_product) * B[i, O[n]]
            E[i, n-1] = np.argmax(temp_product)

    # Backtracking
    S_opt = np.zeros(N).astype(np.int32)
    S_opt[-1] = np.argmax(D[:, -1])
    for n in range(N-2, -1, -1):
        S_opt[n] = E[int(S_opt[n+1]), n]

    return S_opt, D, E


def viterbi_log(A, C, B, O):
    """Viterbi algorithm (log variant) for solving the uncovering problem

    Notebook: C5/C5S3_Viterbi.ipynb

    Args:
        A (np.ndarray): State transition probability matrix of dimension I x I
        C (np.ndarray): Initial state distribution  of dimension I
        B (np.ndarray): Output probability matrix of dimension I x K
        O (np.ndarray): Observation sequence of length N

    Returns:
        S_opt (np.ndarray): Optimal state sequence of length N
        D_log (np.ndarray): Accumulated log probability matrix
        E (np.ndarray): Backtracking matrix
    """
    I = A.shape[0]    # Number of states
    N = len(O)  # Length of observation sequence
    tiny = np.finfo(0.).tiny
    A_log = np.log(A + tiny)
    C_log = np.log(C + tiny)
    B_log = np.log(B + tiny)

    # Initialize D and E matrices
    D_log = np.zeros((I, N))
    E = np.zeros((I, N-1)).astype(np.int32)
    D_log[:, 0] = C_log + B_log[:, O[0]]

    # Compute D and E in a nested loop
    for n in range(1, N):
        for i in range(I):
            temp_sum = A_log[:, i] + D_log[:, n-1]
            D_log[i, n] = np.max(temp_sum) + B_log[i, O[n]]
            E[i, n-1] = np.argmax(temp_sum)

    # Backtracking
    S_opt = np.zeros(N).astype(np.int32)
    S_opt[-1] = np.argmax(D_log[:, -1])
    for n in range(N-2, -1, -1):
        S_opt[n] = E[int(S_opt[n+1]), n]

    return S_opt, D_log, E


# Define model parameters
A = np.array([[0.8, 0.1, 0.1],
              [0.2, 0.7, 0.1],
              [0.1, 0.3, 0.6]])

C = np.array([0.6, 0.2, 0.2])

B = np.array([[0.7, 0.0, 0.3],
              [0.1, 0.9, 0.0],
              [0.0, 0.2, 0.8]])


O = np.array([0, 2, 0, 2, 2, 1]).astype(np.int32)


def best_path_probability(A, C, B):
    # test wrapper: the probability of the optimal state sequence, the last column's maximum
    S_opt, D, E = viterbi(A, C, B, O)
    return np.max(D[:, -1])


def best_path_log_probability(A, C, B):
    # test wrapper: the same in the log domain
    S_opt, D_log, E = viterbi_log(A, C, B, O)
    return D_log[S_opt[-1], -1]


def path_log_probability_along_s_opt(A, C, B):
    # test wrapper: the log-probabilities of the states the backtracking chose, summed
    S_opt, D_log, E = viterbi_log(A, C, B, O)
    return np.sum(D_log[S_opt, np.arange(len(O))])


def model():
    # the notebook's model, its zero output probabilities raised to 0.05 (rows renormalised): at a
    # zero, a finite difference steps out of the domain of the log (the derivative there is right)
    B_pos = (B + 0.05) / (B + 0.05).sum(axis=1, keepdims=True)
    return A.copy(), C.copy(), B_pos


CASES = [
    dict(name="viterbi", function=best_path_probability, args=model, wrt=(0, 1, 2)),
    dict(name="viterbi_log", function=best_path_log_probability, args=model, wrt=(0, 1, 2)),
    dict(name="viterbi_log_along_path", function=path_log_probability_along_s_opt, args=model, wrt=(0, 1, 2)),
]
