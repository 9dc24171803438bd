# Ported from Michael Nielsen, "Neural Networks and Deep Learning", mnielsen/neural-networks-and-deep-learning src/network.py (https://github.com/mnielsen/neural-networks-and-deep-learning/blob/master/src/network.py): the `Network` class (`__init__`, `feedforward`, `backprop`, `cost_derivative`), `sigmoid`, `sigmoid_prime`; Python 3's `range` for `xrange`.
import numpy as np


class Network(object):

    def __init__(self, sizes):
        """The list ``sizes`` contains the number of neurons in the
        respective layers of the network."""
        self.num_layers = len(sizes)
        self.sizes = sizes
        self.biases = [np.random.randn(y, 1) for y in sizes[1:]]
        self.weights = [np.random.randn(y, x)
                        for x, y in zip(sizes[:-1], sizes[1:])]

    def feedforward(self, a):
        """Return the output of the network if ``a`` is input."""
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a)+b)
        return a

    def backprop(self, x, y):
        """Return a tuple ``(nabla_b, nabla_w)`` representing the
        gradient for the cost function C_x.  ``nabla_b`` and
        ``nabla_w`` are layer-by-layer lists of numpy arrays, similar
        to ``self.biases`` and ``self.weights``."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        # feedforward
        activation = x
        activations = [x] # list to store all the activations, layer by layer
        zs = [] # list to store all the z vectors, layer by layer
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation)+b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        # backward pass
        delta = self.cost_derivative(activations[-1], y) * \
            sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        # Note that the variable l in the loop below is used a little
        # differently to the notation in Chapter 2 of the book.
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-l+1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l-1].transpose())
        return (nabla_b, nabla_w)

    def cost_derivative(self, output_activations, y):
        """Return the vector of partial derivatives \\partial C_x /
        \\partial a for the output activations."""
        return (output_activations-y)

#### Miscellaneous functions
def sigmoid(z):
    """The sigmoid function."""
    return 1.0/(1.0+np.exp(-z))

def sigmoid_prime(z):
    """Derivative of the sigmoid function."""
    return sigmoid(z)*(1-sigmoid(z))


np.random.seed(1)
net = Network([3, 4, 2])
x = np.array([[0.5], [-1.2], [0.3]])
y = np.array([[1.0], [0.0]])


def quadratic_cost(weights, biases, x, y):
    # test wrapper: the quadratic cost C_x whose gradient `backprop` computes, at given parameters
    net = Network([3, 4, 2])
    net.weights = weights
    net.biases = biases
    return 0.5 * np.sum((net.feedforward(x) - y) ** 2)


def authors_nabla_w(weights, biases, x, y):
    net = Network([3, 4, 2])
    net.weights, net.biases = weights, biases
    return np.concatenate([g.ravel() for g in net.backprop(x, y)[1]])


def cost_of_input(x):
    # test wrapper: the global network's cost as a function of its input
    return 0.5 * np.sum((net.feedforward(x) - y) ** 2)


CASES = [
    dict(name="quadratic_cost", function=quadratic_cost, seed=2,
         args=lambda: ([w.copy() for w in net.weights], [b.copy() for b in net.biases], x, y),
         reference=authors_nabla_w),
    dict(name="cost_of_input", function=cost_of_input, args=lambda: (x.copy(),)),
]
