# Ported from d2l-ai/d2l-en, chapter_linear-regression/linear-regression-scratch.md (https://d2l.ai/chapter_linear-regression/linear-regression-scratch.html, the MXNet `np` version, with NumPy's `np`): `synthetic_data`, the `data_iter` generator, `linreg`, `squared_loss`.
import random

import numpy as np


def synthetic_data(w, b, num_examples):  #@save
    """Generate y = Xw + b + noise."""
    X = np.random.normal(0, 1, (num_examples, len(w)))
    y = np.dot(X, w) + b
    y += np.random.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


np.random.seed(0)
true_w = np.array([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 100)


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    # The examples are read at random, in no particular order
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = np.array(
            indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


batch_size = 10


def linreg(X, w, b):  #@save
    """The linear regression model."""
    return np.dot(X, w) + b


def squared_loss(y_hat, y):  #@save
    """Squared loss."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def epoch_loss(w, b):
    # test wrapper: the training loop's loss, summed over one epoch's minibatches (the shuffle
    # seeded, so every evaluation sees the same batches)
    random.seed(0)
    total = 0.0
    for X, y in data_iter(batch_size, features, labels):
        l = squared_loss(linreg(X, w, b), y)
        total = total + l.sum()
    return total


def synthetic_loss(w):
    # test wrapper: the loss of the true parameters on data drawn from `w` (np.random inside)
    X, y = synthetic_data(w, true_b, 20)
    return squared_loss(linreg(X, true_w, true_b), y).mean()


CASES = [
    dict(name="epoch_loss", function=epoch_loss, args=lambda: (np.array([[0.5], [-1.0]]), np.zeros(1)), wrt=(0, 1)),
    dict(name="synthetic_loss", function=synthetic_loss, seed=3, args=lambda: (np.array([1.5, -2.0]),)),
]
