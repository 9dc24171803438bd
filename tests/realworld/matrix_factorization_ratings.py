# Written for this corpus (i5) in the style of a recommender-systems course: matrix factorisation on (user, item, rating) triples with index arrays and biases.
import numpy as np

ratings = [(0, 1, 4.0), (0, 3, 2.0), (1, 0, 5.0), (1, 1, 3.5), (2, 2, 1.0), (2, 3, 4.5), (3, 0, 3.0), (3, 2, 2.5)]
users = np.array([u for u, _, _ in ratings])
items = np.array([i for _, i, _ in ratings])
r = np.array([s for _, _, s in ratings])


def loss(P, Q, bu, bi, mu=3.0, lam=0.05):
    pred = mu + bu[users] + bi[items] + np.sum(P[users] * Q[items], axis=1)
    err = r - pred
    reg = lam * (np.sum(P ** 2) + np.sum(Q ** 2) + bu @ bu + bi @ bi)
    return 0.5 * np.sum(err ** 2) + reg


def sgd_epoch_then_loss(P, Q, lr=0.05):
    P, Q = P.copy(), Q.copy()
    bu, bi = np.zeros(4), np.zeros(4)
    for u, i, rating in ratings:
        e = rating - (3.0 + bu[u] + bi[i] + P[u] @ Q[i])
        bu[u] += lr * e
        bi[i] += lr * e
        P[u], Q[i] = P[u] + lr * e * Q[i], Q[i] + lr * e * P[u]
    return loss(P, Q, bu, bi)


rng = np.random.RandomState(13)
P0, Q0 = rng.randn(4, 2) * 0.3, rng.randn(4, 2) * 0.3

CASES = [
    dict(name="loss", function=loss, args=lambda: (P0.copy(), Q0.copy(), np.zeros(4), np.zeros(4)), wrt=(0, 1, 2, 3)),
    dict(name="sgd_epoch", function=sgd_epoch_then_loss, args=lambda: (P0.copy(), Q0.copy()), wrt=(0, 1)),
]
