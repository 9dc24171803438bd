# Ported from pytorch/tutorials, beginner_source/examples_tensor/two_layer_net_numpy.py (older "Learning PyTorch with Examples": a fully-connected ReLU network in numpy), the forward pass and loss.
import numpy as np

# N is batch size; D_in is input dimension;
# H is hidden dimension; D_out is output dimension.
N, D_in, H, D_out = 8, 10, 6, 3

# Create random input and output data
rs = np.random.RandomState(1)
x = rs.randn(N, D_in)
y = rs.randn(N, D_out)


def loss_of(w1, w2):
    # Forward pass: compute predicted y
    h = x.dot(w1)
    h_relu = np.maximum(h, 0)
    y_pred = h_relu.dot(w2)

    # Compute and print loss
    loss = np.square(y_pred - y).sum()
    return loss


def weights():
    # Randomly initialize weights
    rs = np.random.RandomState(2)
    w1 = rs.randn(D_in, H)
    w2 = rs.randn(H, D_out)
    return w1, w2


CASES = [
    dict(name="loss", function=loss_of, args=weights, wrt=(0, 1)),
]
