# Ported from Abhisek Jana, "Derivation and implementation of Baum Welch Algorithm for Hidden Markov Model" (A Developer Diary, 2019; the code as in timkrebs9/VoiceDetection utils/hmm/forward.py, backward.py, baum_welch.py): unscaled `forward` and `backward` filling `alpha[t, j]`, `beta[t, j]` element by element, `baum_welch`'s E-step with `xi[i, :, t] = numerator / denominator`, the M-step `a = np.sum(xi, 2) / np.sum(gamma, axis=1).reshape((-1, 1))`, `np.hstack` of the last gamma, and `b[:, l] = np.sum(gamma[:, V == l], axis=1)` with a boolean column mask, writing into the emission matrix it was given.
import numpy as np


def forward(V, a, b, initial_distribution):
    alpha = np.zeros((V.shape[0], a.shape[0]))
    alpha[0, :] = initial_distribution * b[:, V[0]]

    for t in range(1, V.shape[0]):
        for j in range(a.shape[0]):
            # Matrix Computation Steps
            #                  ((1x2) . (1x2))      *     (1)
            #                        (1)            *     (1)
            alpha[t, j] = alpha[t - 1].dot(a[:, j]) * b[j, V[t]]

    return alpha


def backward(V, a, b):
    beta = np.zeros((V.shape[0], a.shape[0]))

    # setting beta(T) = 1
    beta[V.shape[0] - 1] = np.ones((a.shape[0]))

    # Loop in backward way from T-1 to
    # Due to python indexing the actual loop will be T-2 to 0
    for t in range(V.shape[0] - 2, -1, -1):
        for j in range(a.shape[0]):
            beta[t, j] = (beta[t + 1] * b[:, V[t + 1]]).dot(a[j, :])

    return beta


def baum_welch(V, a, b, initial_distribution, n_iter=100):
    M = a.shape[0]
    T = len(V)

    for n in range(n_iter):
        alpha = forward(V, a, b, initial_distribution)
        beta = backward(V, a, b)

        xi = np.zeros((M, M, T - 1))
        for t in range(T - 1):
            denominator = np.dot(np.dot(alpha[t, :].T, a) * b[:, V[t + 1]].T, beta[t + 1, :])
            for i in range(M):
                numerator = alpha[t, i] * a[i, :] * b[:, V[t + 1]].T * beta[t + 1, :].T
                xi[i, :, t] = numerator / denominator

        gamma = np.sum(xi, axis=1)
        a = np.sum(xi, 2) / np.sum(gamma, axis=1).reshape((-1, 1))

        # Add additional T'th element in gamma
        gamma = np.hstack((gamma, np.sum(xi[:, :, T - 2], axis=0).reshape((-1, 1))))

        K = b.shape[1]
        denominator = np.sum(gamma, axis=1)
        for l in range(K):
            b[:, l] = np.sum(gamma[:, V == l], axis=1)

        b = np.divide(b, denominator.reshape((-1, 1)))

    return (a, b)


# test wrappers: the likelihood of the data under the re-estimated model, and the re-estimated
# emission matrix itself

def likelihood_after_em(a, b, initial_distribution):
    a, b = baum_welch(V, a, b, initial_distribution, n_iter=2)
    return np.log(forward(V, a, b, initial_distribution)[-1].sum())


def reestimated_emissions(b, a):
    a_new, b_new = baum_welch(V, a, b, np.array((0.5, 0.5)), n_iter=1)
    return b_new


V = np.array([0, 2, 1, 1, 2, 0, 2, 2, 1, 0, 1, 2])


def model():
    # Transition Probabilities and Emission Probabilities as the post initialises them
    a = np.ones((2, 2))
    a = a / np.sum(a, axis=1)
    a = a + np.array([[0.1, -0.1], [-0.2, 0.2]])
    b = np.array(((1, 3, 5), (2, 4, 6)))
    b = b / np.sum(b, axis=1).reshape((-1, 1))
    return a, b


CASES = [
    dict(name="likelihood_after_two_steps", function=likelihood_after_em, wrt=(0, 1, 2),
         args=lambda: (*model(), np.array((0.5, 0.5)))),
    dict(name="reestimated_emissions", function=reestimated_emissions, kind="jacobian", wrt=(0,),
         args=lambda: (model()[1], model()[0])),
]
