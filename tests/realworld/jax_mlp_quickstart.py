# Ported from jax-ml/jax, docs/notebooks/neural_network_with_tfds_data.ipynb ("Training a simple neural network"): list-of-tuples parameters, `predict` over `params[:-1]`; jax.numpy as numpy, jax.random as a RandomState, vmap as a list comprehension.
import numpy as np
from scipy.special import logsumexp


# A helper function to randomly initialize weights and biases
# for a dense neural network layer
def random_layer_params(m, n, key, scale=1e-1):
    return scale * key.normal(size=(n, m)), scale * key.normal(size=(n,))


# Initialize all layers for a fully-connected neural network with sizes "sizes"
def init_network_params(sizes, key):
    return [random_layer_params(m, n, key) for m, n in zip(sizes[:-1], sizes[1:])]


def relu(x):
    return np.maximum(0, x)


def predict(params, image):
    # per-example predictions
    activations = image
    for w, b in params[:-1]:
        outputs = np.dot(w, activations) + b
        activations = relu(outputs)

    final_w, final_b = params[-1]
    logits = np.dot(final_w, activations) + final_b
    return logits - logsumexp(logits)


def batched_predict(params, images):
    return np.array([predict(params, image) for image in images])


def one_hot(x, k, dtype=np.float32):
    """Create a one-hot encoding of x of size k."""
    return np.array(x[:, None] == np.arange(k), dtype)


def accuracy(params, images, targets):
    target_class = np.argmax(targets, axis=1)
    predicted_class = np.argmax(batched_predict(params, images), axis=1)
    return np.mean(predicted_class == target_class)


def loss(params, images, targets):
    preds = batched_predict(params, images)
    return -np.mean(preds * targets)


def single_loss(params, image, target):
    # test wrapper: one example, no batching
    return -np.sum(predict(params, image) * target)


layer_sizes = [6, 5, 4, 3]
rs = np.random.RandomState(0)
images = rs.randn(4, 6)
labels = np.array([0, 2, 1, 2])
targets = one_hot(labels, 3, dtype=np.float64)


def params():
    return init_network_params(layer_sizes, np.random.RandomState(1))


CASES = [
    dict(name="loss", function=loss, args=lambda: (params(), images, targets)),
    dict(name="single_loss", function=single_loss, args=lambda: (params(), images[0], targets[0])),
]
