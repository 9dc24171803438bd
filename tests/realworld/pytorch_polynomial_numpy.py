# Ported from pytorch/tutorials, beginner_source/examples_tensor/polynomial_numpy.py ("Learning PyTorch with Examples": warm-up with numpy); one step of the training loop as a function of the coefficients.
import numpy as np
import math

# Create random input and output data
x = np.linspace(-math.pi, math.pi, 200)
y = np.sin(x)


def loss_fn(a, b, c, d):
    # Forward pass: compute predicted y
    # y = a + b x + c x^2 + d x^3
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    # Compute and print loss
    loss = np.square(y_pred - y).sum()
    return loss


def train(a, b, c, d, learning_rate=1e-6):
    # the tutorial's loop, a few steps, with its hand-written backward pass
    for t in range(5):
        y_pred = a + b * x + c * x ** 2 + d * x ** 3
        loss = np.square(y_pred - y).sum()
        if t % 100 == 99:
            print(t, loss)

        # Backprop to compute gradients of a, b, c, d with respect to loss
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x ** 2).sum()
        grad_d = (grad_y_pred * x ** 3).sum()

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    return np.square(a + b * x + c * x ** 2 + d * x ** 3 - y).sum()


def start():
    # Randomly initialize weights
    rs = np.random.RandomState(0)
    return rs.randn(), rs.randn(), rs.randn(), rs.randn()


CASES = [
    dict(name="loss_fn", function=loss_fn, args=start, wrt=(0, 1, 2, 3)),
    dict(name="train", function=train, args=start, wrt=(0, 1, 2, 3)),
]
