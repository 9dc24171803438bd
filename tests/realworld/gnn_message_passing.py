# Written for this corpus (p1) in the style of graph-neural-network tutorials (Kipf & Welling's GCN propagation rule written in NumPy, and the message-passing layers of the PyG "Creating Message Passing Networks" tutorial done by hand): symmetric normalisation of A + I, edge lists scattered with `np.add.at`, a dict of parameters, ReLU and a mean-pool readout.
import numpy as np

EDGES = np.array([[0, 1], [1, 2], [2, 3], [3, 0], [1, 3], [3, 4], [4, 5]])
N = 6


def normalized_adjacency(edges, n):
    A = np.zeros((n, n))
    A[edges[:, 0], edges[:, 1]] = 1.0
    A[edges[:, 1], edges[:, 0]] = 1.0
    A_hat = A + np.eye(n)
    d = A_hat.sum(axis=1)
    D_inv_sqrt = np.diag(1.0 / np.sqrt(d))
    return D_inv_sqrt @ A_hat @ D_inv_sqrt


A_NORM = normalized_adjacency(EDGES, N)


def relu(x):
    return np.maximum(x, 0)


def gcn(params, X):
    H = relu(A_NORM @ X @ params["W1"])
    H = A_NORM @ H @ params["W2"]
    return H.mean(axis=0)


def message_passing(params, X, edges=EDGES):
    src = np.concatenate([edges[:, 0], edges[:, 1]])
    dst = np.concatenate([edges[:, 1], edges[:, 0]])
    h = X
    for layer in ("W1", "W2"):
        messages = np.tanh(h[src] @ params[layer])
        agg = np.zeros((h.shape[0], messages.shape[1]))
        np.add.at(agg, dst, messages)
        deg = np.bincount(dst, minlength=h.shape[0])[:, None]
        h = agg / np.maximum(deg, 1) + h @ params[layer]
    return h


def gcn_loss(params, X, y):
    logits = gcn(params, X)
    return -logits[y] + np.log(np.sum(np.exp(logits)))


def mpnn_loss(params, X, target):
    return np.sum((message_passing(params, X).sum(axis=0) - target) ** 2)


rs = np.random.RandomState(3)
PARAMS = {"W1": rs.randn(3, 3) * 0.5, "W2": rs.randn(3, 3) * 0.5}
X0 = rs.randn(N, 3)

CASES = [
    dict(name="gcn_loss", function=gcn_loss, args=lambda: ({k: v.copy() for k, v in PARAMS.items()}, X0.copy(), 1), wrt=(0, 1)),
    dict(name="mpnn_loss", function=mpnn_loss, args=lambda: ({k: v.copy() for k, v in PARAMS.items()}, X0.copy(), np.array([0.5, -0.2, 0.1])), wrt=(0, 1)),
]
