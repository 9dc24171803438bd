# Ported from Real Python, "Python AI: How to Build a Neural Network & Make Predictions" (https://realpython.com/python-ai-neural-network/): the `NeuralNetwork` class (`_sigmoid`, `_sigmoid_deriv`, `predict`, `_compute_gradients`, `_update_parameters`, `train`) and its training data.
import numpy as np


class NeuralNetwork:
    def __init__(self, learning_rate):
        self.weights = np.array([np.random.randn(), np.random.randn()])
        self.bias = np.random.randn()
        self.learning_rate = learning_rate

    def _sigmoid(self, x):
        return 1 / (1 + np.exp(-x))

    def _sigmoid_deriv(self, x):
        return self._sigmoid(x) * (1 - self._sigmoid(x))

    def predict(self, input_vector):
        layer_1 = np.dot(input_vector, self.weights) + self.bias
        layer_2 = self._sigmoid(layer_1)
        prediction = layer_2
        return prediction

    def _compute_gradients(self, input_vector, target):
        layer_1 = np.dot(input_vector, self.weights) + self.bias
        layer_2 = self._sigmoid(layer_1)
        prediction = layer_2

        derror_dprediction = 2 * (prediction - target)
        dprediction_dlayer1 = self._sigmoid_deriv(layer_1)
        dlayer1_dbias = 1
        dlayer1_dweights = (0 * self.weights) + (1 * input_vector)

        derror_dbias = (
            derror_dprediction * dprediction_dlayer1 * dlayer1_dbias
        )
        derror_dweights = (
            derror_dprediction * dprediction_dlayer1 * dlayer1_dweights
        )

        return derror_dbias, derror_dweights

    def _update_parameters(self, derror_dbias, derror_dweights):
        self.bias = self.bias - (derror_dbias * self.learning_rate)
        self.weights = self.weights - (
            derror_dweights * self.learning_rate
        )

    def train(self, input_vectors, targets, iterations):
        cumulative_errors = []
        for current_iteration in range(iterations):
            # Pick a data instance at random
            random_data_index = np.random.randint(len(input_vectors))

            input_vector = input_vectors[random_data_index]
            target = targets[random_data_index]

            # Compute the gradients and update the weights
            derror_dbias, derror_dweights = self._compute_gradients(
                input_vector, target
            )

            self._update_parameters(derror_dbias, derror_dweights)

            # Measure the cumulative error for all the instances
            if current_iteration % 100 == 0:
                cumulative_error = 0
                # Loop through all the instances to measure the error
                for data_instance_index in range(len(input_vectors)):
                    data_point = input_vectors[data_instance_index]
                    target = targets[data_instance_index]

                    prediction = self.predict(data_point)
                    error = np.square(prediction - target)

                    cumulative_error = cumulative_error + error
                cumulative_errors.append(cumulative_error)

        return cumulative_errors


input_vectors = np.array(
    [
        [3, 1.5],
        [2, 1],
        [4, 1.5],
        [3, 4],
        [3.5, 0.5],
        [2, 0.5],
        [5.5, 1],
        [1, 1],
    ]
)

targets = np.array([0, 1, 0, 1, 0, 1, 1, 0])

learning_rate = 0.1

np.random.seed(0)
neural_network = NeuralNetwork(learning_rate)


def error_of_weights(weights, bias, input_vector, target):
    # test wrapper: the squared error `_compute_gradients` differentiates by hand, at given parameters
    neural_network = NeuralNetwork(learning_rate)
    neural_network.weights = weights
    neural_network.bias = bias
    return np.square(neural_network.predict(input_vector) - target)


def author_gradient(weights, bias, input_vector, target):
    network = NeuralNetwork.__new__(NeuralNetwork)
    network.weights, network.bias = weights, bias
    return network._compute_gradients(input_vector, target)[1]


def trained_error(learning_rate):
    # test wrapper: the tutorial's training loop (fewer iterations), the last cumulative error it
    # recorded, as a function of the learning rate
    neural_network = NeuralNetwork(learning_rate)
    training_error = neural_network.train(input_vectors, targets, 201)
    return training_error[-1]


CASES = [
    dict(name="predict", function=neural_network.predict, args=lambda: (np.array([2.0, 1.5]),)),
    dict(name="error_of_weights", function=error_of_weights, seed=0,
         args=lambda: (np.array([1.45, -0.66]), 0.0, np.array([1.66, 1.56]), 0),
         reference=lambda w, b, x, t: author_gradient(w, b, x, t)),
    dict(name="trained_error", function=trained_error, seed=0, args=lambda: (0.1,)),
]
