# Ported from eriklindernoren/ML-From-Scratch, mlfromscratch/deep_learning/activation_functions.py and loss_functions.py (https://github.com/eriklindernoren/ML-From-Scratch): activation classes with `__call__` and a hand-written `gradient`, `SquareLoss` and `CrossEntropy`.
import numpy as np

# Collection of activation functions
# Reference: https://en.wikipedia.org/wiki/Activation_function

class Sigmoid():
    def __call__(self, x):
        return 1 / (1 + np.exp(-x))

    def gradient(self, x):
        return self.__call__(x) * (1 - self.__call__(x))

class Softmax():
    def __call__(self, x):
        e_x = np.exp(x - np.max(x, axis=-1, keepdims=True))
        return e_x / np.sum(e_x, axis=-1, keepdims=True)

    def gradient(self, x):
        p = self.__call__(x)
        return p * (1 - p)

class TanH():
    def __call__(self, x):
        return 2 / (1 + np.exp(-2*x)) - 1

    def gradient(self, x):
        return 1 - np.power(self.__call__(x), 2)

class ReLU():
    def __call__(self, x):
        return np.where(x >= 0, x, 0)

    def gradient(self, x):
        return np.where(x >= 0, 1, 0)

class LeakyReLU():
    def __init__(self, alpha=0.2):
        self.alpha = alpha

    def __call__(self, x):
        return np.where(x >= 0, x, self.alpha * x)

    def gradient(self, x):
        return np.where(x >= 0, 1, self.alpha)

class ELU():
    def __init__(self, alpha=0.1):
        self.alpha = alpha 

    def __call__(self, x):
        return np.where(x >= 0.0, x, self.alpha * (np.exp(x) - 1))

    def gradient(self, x):
        return np.where(x >= 0.0, 1, self.__call__(x) + self.alpha)

class SELU():
    # Reference : https://arxiv.org/abs/1706.02515,
    # https://github.com/bioinf-jku/SNNs/blob/master/SelfNormalizingNetworks_MLP_MNIST.ipynb
    def __init__(self):
        self.alpha = 1.6732632423543772848170429916717
        self.scale = 1.0507009873554804934193349852946 

    def __call__(self, x):
        return self.scale * np.where(x >= 0.0, x, self.alpha*(np.exp(x)-1))

    def gradient(self, x):
        return self.scale * np.where(x >= 0.0, 1, self.alpha * np.exp(x))

class SoftPlus():
    def __call__(self, x):
        return np.log(1 + np.exp(x))

    def gradient(self, x):
        return 1 / (1 + np.exp(-x))


class Loss(object):
    def loss(self, y_true, y_pred):
        return NotImplementedError()

    def gradient(self, y, y_pred):
        raise NotImplementedError()

    def acc(self, y, y_pred):
        return 0

class SquareLoss(Loss):
    def __init__(self): pass

    def loss(self, y, y_pred):
        return 0.5 * np.power((y - y_pred), 2)

    def gradient(self, y, y_pred):
        return -(y - y_pred)

class CrossEntropy(Loss):
    def __init__(self): pass

    def loss(self, y, p):
        # Avoid division by zero
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return - y * np.log(p) - (1 - y) * np.log(1 - p)

    def gradient(self, y, p):
        # Avoid division by zero
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return - (y / p) + (1 - y) / (1 - p)


x = np.array([[-1.3, 0.4, 2.1], [0.7, -0.2, -2.5]])
y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
ACTIVATIONS = {"sigmoid": Sigmoid(), "tanh": TanH(), "relu": ReLU(), "leaky_relu": LeakyReLU(), "elu": ELU(),
               "selu": SELU(), "softplus": SoftPlus()}


def summed(activation):
    # test wrapper: an activation's outputs added up (its `gradient` is then that sum's gradient)
    def total(x):
        return np.sum(activation(x))
    return total


def all_activations(x):
    # test wrapper: several activations made in the function, each applied in turn
    sigmoid, tanh, elu, selu, softplus = Sigmoid(), TanH(), ELU(alpha=0.3), SELU(), SoftPlus()
    return np.sum(softplus(selu(elu(tanh(sigmoid(x))))) ** 2)


def softmax_cross_entropy(x):
    # test wrapper: the classifier's loss as the library's `NeuralNetwork` computes it
    return np.mean(CrossEntropy().loss(y, Softmax()(x)))


def square_loss(y_pred):
    # test wrapper: the summed squared error
    return np.sum(SquareLoss().loss(y, y_pred))


CASES = [
    *(dict(name=f"{name}", function=summed(activation), args=lambda: (x.copy(),), reference=activation.gradient)
      for name, activation in ACTIVATIONS.items()),
    dict(name="all_activations", function=all_activations, args=lambda: (x.copy(),)),
    dict(name="softmax_cross_entropy", function=softmax_cross_entropy, args=lambda: (x.copy(),)),
    dict(name="square_loss", function=square_loss, args=lambda: (x.copy(),),
         reference=lambda y_pred: SquareLoss().gradient(y, y_pred)),
    dict(name="cross_entropy", function=lambda p: np.sum(CrossEntropy().loss(y, p)),
         args=lambda: (np.array([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]]),),
         reference=lambda p: CrossEntropy().gradient(y, p)),
]
