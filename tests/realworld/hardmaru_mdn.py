# Ported from hardmaru/pytorch_notebooks, mixture_density_networks.ipynb: the MDN class (tanh hidden layer, softmax/exp/linear heads), `gaussian_distribution` with its module constant and `mdn_loss_fn`; torch as numpy, nn.Linear as weight-holding objects.
import math

import numpy as np

oneDivSqrtTwoPI = 1.0 / math.sqrt(2.0*math.pi) # normalisation factor for gaussian.


class Linear:
    def __init__(self, in_features, out_features, rs):
        bound = 1.0 / math.sqrt(in_features)
        self.weight = rs.uniform(-bound, bound, size=(out_features, in_features))
        self.bias = rs.uniform(-bound, bound, size=out_features)

    def __call__(self, x):
        return x @ self.weight.T + self.bias


def softmax(x, dim):
    e = np.exp(x - np.max(x, axis=dim, keepdims=True))
    return e / np.sum(e, axis=dim, keepdims=True)


class MDN:
    def __init__(self, n_hidden, n_gaussians, rs):
        self.z_h = Linear(1, n_hidden, rs)
        self.z_pi = Linear(n_hidden, n_gaussians, rs)
        self.z_sigma = Linear(n_hidden, n_gaussians, rs)
        self.z_mu = Linear(n_hidden, n_gaussians, rs)

    def forward(self, x):
        z_h = np.tanh(self.z_h(x))
        pi = softmax(self.z_pi(z_h), -1)
        sigma = np.exp(self.z_sigma(z_h))
        mu = self.z_mu(z_h)
        return pi, sigma, mu


def gaussian_distribution(y, mu, sigma):
    # make |mu|=K copies of y, subtract mu, divide by sigma
    result = (y - mu) * np.reciprocal(sigma)
    result = -0.5 * (result * result)
    return (np.exp(result) * np.reciprocal(sigma)) * oneDivSqrtTwoPI


def mdn_loss_fn(pi, sigma, mu, y):
    result = gaussian_distribution(y, mu, sigma) * pi
    result = np.sum(result, axis=1)
    result = -np.log(result)
    return np.mean(result)


n_samples = 20
rs = np.random.RandomState(0)
y_data = np.float64(rs.uniform(-10.5, 10.5, n_samples))
r_data = rs.normal(size=n_samples)
x_data = np.sin(0.75 * y_data) * 7.0 + y_data * 0.5 + r_data * 1.0
x_variable = x_data.reshape(n_samples, 1) / 10.0
y_variable = y_data.reshape(n_samples, 1) / 10.0

network = MDN(n_hidden=5, n_gaussians=3, rs=np.random.RandomState(1))


def loss_of_heads(pi_logits, log_sigma, mu):
    # test wrapper: the loss as a function of the heads' outputs
    return mdn_loss_fn(softmax(pi_logits, -1), np.exp(log_sigma), mu, y_variable)


def loss_of_inputs(x):
    # the training step's forward: network.forward on the inputs, then the loss
    pi_variable, sigma_variable, mu_variable = network.forward(x)
    return mdn_loss_fn(pi_variable, sigma_variable, mu_variable, y_variable)


def heads():
    rs = np.random.RandomState(2)
    return rs.randn(n_samples, 3), 0.3 * rs.randn(n_samples, 3), rs.randn(n_samples, 3)


CASES = [
    dict(name="loss_of_heads", function=loss_of_heads, args=heads, wrt=(0, 1, 2)),
    dict(name="loss_of_inputs", function=loss_of_inputs, args=lambda: (x_variable.copy(),)),
]
