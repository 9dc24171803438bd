# Ported from jax-ml/jax, docs/notebooks/autodiff_cookbook.ipynb ("The Autodiff Cookbook": logistic regression `predict`/`loss` over global inputs and targets, `grad(loss, (0, 1))`, and the Hessian example `f`).
import numpy as np


def sigmoid(x):
    return 0.5 * (np.tanh(x / 2) + 1)


# Outputs probability of a label being true.
def predict(W, b, inputs):
    return sigmoid(np.dot(inputs, W) + b)


# Build a toy dataset.
inputs = np.array([[0.52, 1.12,  0.77],
                   [0.88, -1.08, 0.15],
                   [0.52, 0.06, -1.30],
                   [0.74, -2.49, 1.39]])
targets = np.array([True, True, False, True])


# Training loss is the negative log-likelihood of the training examples.
def loss(W, b):
    preds = predict(W, b, inputs)
    label_probs = preds * targets + (1 - preds) * (1 - targets)
    return -np.sum(np.log(label_probs))


# Initialize random model coefficients
rs = np.random.RandomState(0)
W = rs.normal(size=(3,))
b = rs.normal(size=())


def f(x):
    return np.dot(x, np.sin(x))


def loss2(params_dict):
    preds = predict(params_dict['W'], params_dict['b'], inputs)
    label_probs = preds * targets + (1 - preds) * (1 - targets)
    return -np.sum(np.log(label_probs))


CASES = [
    dict(name="loss", function=loss, args=lambda: (W.copy(), float(b)), wrt=(0, 1)),
    dict(name="loss2_dict", function=loss2, args=lambda: ({'W': W.copy(), 'b': float(b)},)),
    dict(name="f", function=f, args=lambda: (np.array([0.3, -1.1, 2.0]),)),
]
