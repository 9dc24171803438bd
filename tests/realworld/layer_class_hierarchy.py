# Written for this corpus (i5) in the style of a small object-oriented NN library: a Module base class, super().__init__, properties and __call__.
import numpy as np


class Module:
    def __init__(self, name):
        self.name = name
        self.training = True

    def __call__(self, x):
        return self.forward(x)

    def parameters(self):
        return []


class Linear(Module):
    def __init__(self, W, b, name="linear"):
        super().__init__(name)
        self.W = W
        self.b = b

    @property
    def out_features(self):
        return self.W.shape[0]

    def forward(self, x):
        return x @ self.W.T + self.b


class Tanh(Module):
    def __init__(self):
        super().__init__("tanh")

    def forward(self, x):
        return np.tanh(x)


class ScaledResidual(Linear):
    def __init__(self, W, b, scale=0.5):
        super().__init__(W, b, name="residual")
        self.scale = scale

    def forward(self, x):
        return x + self.scale * super().forward(x)


class Sequential(Module):
    def __init__(self, *layers):
        super().__init__("seq")
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def loss(W1, b1, W2, x):
    net = Sequential(Linear(W1, b1), Tanh(), ScaledResidual(W2, np.zeros(W2.shape[0])), Tanh())
    out = net(x)
    return np.mean(out ** 2) + 0.01 * net.layers[0].out_features


rng = np.random.RandomState(5)
W1, b1, W2 = rng.randn(4, 3), rng.randn(4), rng.randn(4, 4) * 0.3
x = rng.randn(5, 3)

CASES = [
    dict(name="loss", function=loss, args=lambda: (W1.copy(), b1.copy(), W2.copy(), x.copy()), wrt=(0, 1, 2, 3)),
]
