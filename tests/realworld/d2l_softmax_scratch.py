# Ported from d2l-ai/d2l-en, chapter_linear-networks/softmax-regression-scratch.md (the `mxnet.np` version written with NumPy: `softmax`, `net`, `cross_entropy`, `accuracy`, and the parameters `W`, `b` as globals).
import numpy as np

num_inputs = 784
num_outputs = 10

num_inputs, num_outputs = 6, 3          # (the port's small sizes)
W = np.random.RandomState(0).normal(0, 0.01, (num_inputs, num_outputs))
b = np.zeros(num_outputs)


def softmax(X):
    X_exp = np.exp(X)
    partition = X_exp.sum(1, keepdims=True)
    return X_exp / partition  # The broadcasting mechanism is applied here


def net(X):
    return softmax(np.dot(X.reshape((-1, W.shape[0])), W) + b)


def cross_entropy(y_hat, y):
    return - np.log(y_hat[range(len(y_hat)), y])


def accuracy(y_hat, y):  #@save
    """Compute the number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.astype(y.dtype) == y
    return float(cmp.astype(y.dtype).sum())


rs = np.random.RandomState(1)
X_batch = rs.randn(5, 2, 3)                 # images, flattened by `net`
y_batch = np.array([0, 2, 1, 1, 0])


def loss_of_batch(X, y):
    # test wrapper: the training loop's `l = loss(net(X), y)`, summed, as a function of the inputs
    # (d2l differentiates w.r.t. the globals W and b through `attach_grad`)
    l = cross_entropy(net(X), y)
    print(f'train acc {accuracy(net(X), y) / len(y):.3f}')
    return l.sum()


def loss_one_hot(X, y):
    # test wrapper: the same loss written with a one-hot matrix `np.eye(k)[y]`, as the exercises suggest
    y_one_hot = np.eye(num_outputs)[y]
    return -(y_one_hot * np.log(net(X))).sum()


CASES = [
    dict(name="loss_of_batch", function=loss_of_batch, args=lambda: (X_batch.copy(), y_batch)),
    dict(name="loss_one_hot", function=loss_one_hot, args=lambda: (X_batch.copy(), y_batch)),
]
