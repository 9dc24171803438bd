# Ported from pytorch/examples, vae/main.py: class VAE (encode, reparameterize with a fresh standard-normal draw, decode, forward) and `loss_function` (BCE + KLD); torch as numpy, nn.Linear as weight-holding objects, small layer sizes.
import math

import numpy as np


class Linear:
    def __init__(self, in_features, out_features, rs):
        bound = 1.0 / math.sqrt(in_features)
        self.weight = rs.uniform(-bound, bound, size=(out_features, in_features))
        self.bias = rs.uniform(-bound, bound, size=out_features)

    def __call__(self, x):
        return x @ self.weight.T + self.bias


def relu(x):
    return np.maximum(x, 0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class VAE:
    def __init__(self, rs):
        self.fc1 = Linear(16, 8, rs)
        self.fc21 = Linear(8, 2, rs)
        self.fc22 = Linear(8, 2, rs)
        self.fc3 = Linear(2, 8, rs)
        self.fc4 = Linear(8, 16, rs)

    def encode(self, x):
        h1 = relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = np.exp(0.5*logvar)
        eps = np.random.randn(*std.shape)
        return mu + eps*std

    def decode(self, z):
        h3 = relu(self.fc3(z))
        return sigmoid(self.fc4(h3))

    def forward(self, x):
        mu, logvar = self.encode(x.reshape(-1, 16))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


model = VAE(np.random.RandomState(0))


# Reconstruction + KL divergence losses summed over all elements and batch
def loss_function(recon_x, x, mu, logvar):
    x = x.reshape(-1, 16)
    BCE = -np.sum(x * np.log(recon_x) + (1 - x) * np.log(1 - recon_x))

    # see Appendix B from VAE paper:
    # Kingma and Welling. Auto-Encoding Variational Bayes. ICLR, 2014
    # https://arxiv.org/abs/1312.6114
    # 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
    KLD = -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar))

    return BCE + KLD


def train_step_loss(data):
    # train()'s body for one batch: forward, then the loss
    recon_batch, mu, logvar = model.forward(data)
    loss = loss_function(recon_batch, data, mu, logvar)
    return loss


def kld_and_bce(recon_x, mu, logvar):
    # test wrapper: the loss alone, no draw
    return loss_function(recon_x, batch, mu, logvar)


batch = np.random.RandomState(1).uniform(0.05, 0.95, size=(3, 16))


def loss_inputs():
    rs = np.random.RandomState(2)
    return rs.uniform(0.1, 0.9, size=(3, 16)), rs.randn(3, 2), 0.3 * rs.randn(3, 2)


CASES = [
    dict(name="train_step_loss", function=train_step_loss, args=lambda: (batch.copy(),), seed=4),
    dict(name="loss_function", function=kld_and_bce, args=loss_inputs, wrt=(0, 1, 2)),
]
