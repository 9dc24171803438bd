# Ported from jax-ml/jax, examples/mnist_classifier_fromscratch.py: `init_random_params` (a comprehension of (w, b) tuples), `predict` with tanh layers and logsumexp, `loss(params, batch)` unpacking a batch tuple, `accuracy`, and `update`'s comprehension over zip(params, grads).
import numpy as np
import numpy.random as npr
from scipy.special import logsumexp


def init_random_params(scale, layer_sizes, rng=npr.RandomState(0)):
  return [(scale * rng.randn(m, n), scale * rng.randn(n))
          for m, n, in zip(layer_sizes[:-1], layer_sizes[1:])]

def predict(params, inputs):
  activations = inputs
  for w, b in params[:-1]:
    outputs = np.dot(activations, w) + b
    activations = np.tanh(outputs)

  final_w, final_b = params[-1]
  logits = np.dot(activations, final_w) + final_b
  return logits - logsumexp(logits, axis=1, keepdims=True)

def loss(params, batch):
  inputs, targets = batch
  preds = predict(params, inputs)
  return -np.mean(np.sum(preds * targets, axis=1))

def accuracy(params, batch):
  inputs, targets = batch
  target_class = np.argmax(targets, axis=1)
  predicted_class = np.argmax(predict(params, inputs), axis=1)
  return np.mean(predicted_class == target_class)


layer_sizes = [8, 6, 4]
param_scale = 0.5
step_size = 0.1


def update(params, batch, grads):
  return [(w - step_size * dw, b - step_size * db)
          for (w, b), (dw, db) in zip(params, grads)]


def loss_after_update(params, batch, grads):
  # test wrapper: the loss after one `update` with a given direction
  return loss(update(params, batch, grads), batch)


rs = npr.RandomState(3)
batch = (rs.randn(5, 8), np.eye(4)[[0, 3, 1, 2, 3]])


def fresh_params():
  return init_random_params(param_scale, layer_sizes, rng=npr.RandomState(0))


CASES = [
    dict(name="loss", function=loss, args=lambda: (fresh_params(), batch)),
    dict(name="loss_after_update", function=loss_after_update,
         args=lambda: (fresh_params(), batch, init_random_params(0.1, layer_sizes, rng=npr.RandomState(9)))),
]
