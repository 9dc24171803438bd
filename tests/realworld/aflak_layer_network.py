# Written for this corpus (p6) in the style of Omar Aflak's "Neural Network from scratch in Python" (Towards Data Science, 2018, and its repository's layer.py, fc_layer.py, activation_layer.py, network.py, activations.py, losses.py): a `Layer` base class whose `forward_propagation`/`backward_propagation` raise `NotImplementedError`, `FCLayer` drawing `np.random.rand(input_size, output_size) - 0.5` in `__init__` and updating `self.weights -= learning_rate * weights_error` in its backward pass, `ActivationLayer` holding the functions `activation` and `activation_prime` as attributes, a `Network` with `add(layer)`, `use(loss, loss_prime)`, `predict` looping over samples and layers into a `result` list, and `fit` looping epochs, samples and `reversed(self.layers)` with a `print` of the epoch's error; the XOR data as `np.array([[[0,0]], [[0,1]], [[1,0]], [[1,1]]])`. Differentiated: the prediction error w.r.t. the inputs (the author's `backward_propagation` with a learning rate of 0 as the reference), and the error after training w.r.t. the learning rate and the data.
import numpy as np


# Base class
class Layer:
    def __init__(self):
        self.input = None
        self.output = None

    # computes the output Y of a layer for a given input X
    def forward_propagation(self, input):
        raise NotImplementedError

    # computes dE/dX for a given dE/dY (and update parameters if any)
    def backward_propagation(self, output_error, learning_rate):
        raise NotImplementedError


# inherit from base class Layer
class FCLayer(Layer):
    # input_size = number of input neurons
    # output_size = number of output neurons
    def __init__(self, input_size, output_size):
        self.weights = np.random.rand(input_size, output_size) - 0.5
        self.bias = np.random.rand(1, output_size) - 0.5

    # returns output for a given input
    def forward_propagation(self, input_data):
        self.input = input_data
        self.output = np.dot(self.input, self.weights) + self.bias
        return self.output

    # computes dE/dW, dE/dB for a given output_error=dE/dY. Returns input_error=dE/dX.
    def backward_propagation(self, output_error, learning_rate):
        input_error = np.dot(output_error, self.weights.T)
        weights_error = np.dot(self.input.T, output_error)
        # dBias = output_error

        # update parameters
        self.weights -= learning_rate * weights_error
        self.bias -= learning_rate * output_error
        return input_error


# inherit from base class Layer
class ActivationLayer(Layer):
    def __init__(self, activation, activation_prime):
        self.activation = activation
        self.activation_prime = activation_prime

    # returns the activated input
    def forward_propagation(self, input_data):
        self.input = input_data
        self.output = self.activation(self.input)
        return self.output

    # Returns input_error=dE/dX for a given output_error=dE/dY.
    # learning_rate is not used because there is no "learnable" parameters.
    def backward_propagation(self, output_error, learning_rate):
        return self.activation_prime(self.input) * output_error


# activation function and its derivative
def tanh(x):
    return np.tanh(x)


def tanh_prime(x):
    return 1 - np.tanh(x) ** 2


# loss function and its derivative
def mse(y_true, y_pred):
    return np.mean(np.power(y_true - y_pred, 2))


def mse_prime(y_true, y_pred):
    return 2 * (y_pred - y_true) / y_true.size


class Network:
    def __init__(self):
        self.layers = []
        self.loss = None
        self.loss_prime = None

    # add layer to network
    def add(self, layer):
        self.layers.append(layer)

    # set loss to use
    def use(self, loss, loss_prime):
        self.loss = loss
        self.loss_prime = loss_prime

    # predict output for given input
    def predict(self, input_data):
        # sample dimension first
        samples = len(input_data)
        result = []

        # run network over all samples
        for i in range(samples):
            # forward propagation
            output = input_data[i]
            for layer in self.layers:
                output = layer.forward_propagation(output)
            result.append(output)

        return result

    # train the network
    def fit(self, x_train, y_train, epochs, learning_rate):
        # sample dimension first
        samples = len(x_train)

        # training loop
        for i in range(epochs):
            err = 0
            for j in range(samples):
                # forward propagation
                output = x_train[j]
                for layer in self.layers:
                    output = layer.forward_propagation(output)

                # compute loss (for display purpose only)
                err += self.loss(y_train[j], output)

                # backward propagation
                error = self.loss_prime(y_train[j], output)
                for layer in reversed(self.layers):
                    error = layer.backward_propagation(error, learning_rate)

            # calculate average error on all samples
            err /= samples
            print('epoch %d/%d   error=%f' % (i + 1, epochs, err))


# training data
x_train = np.array([[[0, 0]], [[0, 1]], [[1, 0]], [[1, 1]]])
y_train = np.array([[[0]], [[1]], [[1]], [[0]]])


def xor_network():
    # network
    net = Network()
    net.add(FCLayer(2, 3))
    net.add(ActivationLayer(tanh, tanh_prime))
    net.add(FCLayer(3, 1))
    net.add(ActivationLayer(tanh, tanh_prime))
    return net


def prediction_error(x):
    """Test wrapper: the network's error on one input (the weights drawn as the author draws them)."""
    net = xor_network()
    net.use(mse, mse_prime)
    out = net.predict([x])
    return net.loss(y_train[1], out[0])


def backward_reference(x):
    """The author's backward pass with a learning rate of 0: dE/dX (the weights drawn from the
    case's seed, as the harness seeds the objective's evaluations)."""
    np.random.seed(0)
    net = xor_network()
    output = x
    for layer in net.layers:
        output = layer.forward_propagation(output)
    error = mse_prime(y_train[1], output)
    for layer in reversed(net.layers):
        error = layer.backward_propagation(error, 0.0)
    return error


def trained_error(learning_rate):
    """Test wrapper: the error on the XOR data after 5 epochs of the author's `fit`."""
    net = xor_network()
    net.use(mse, mse_prime)
    net.fit(x_train, y_train, epochs=5, learning_rate=learning_rate)
    out = net.predict(x_train)
    return sum(mse(y, o) for y, o in zip(y_train, out)) / len(out)


def trained_on_inputs(x):
    """Test wrapper: the same w.r.t. the training inputs (4 samples of shape (1, 2))."""
    net = xor_network()
    net.use(mse, mse_prime)
    net.fit(x, y_train, epochs=3, learning_rate=0.1)
    return sum(np.sum(o) for o in net.predict(x))


CASES = [
    dict(name="prediction_error", function=prediction_error, args=lambda: (np.array([[0.2, 0.9]]),), seed=0,
         reference=backward_reference),
    dict(name="trained_error", function=trained_error, args=lambda: (0.1,), seed=0),
    dict(name="trained_on_inputs", function=trained_on_inputs, args=lambda: (x_train.astype(float) + 0.1,), seed=0),
]
